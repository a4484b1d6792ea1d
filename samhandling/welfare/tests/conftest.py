"""Fixtures for the welfare tests: the three roles and files made by the tests themselves."""

import io
import json

import pytest

from samhandling.organisations.tests import factories as f

# Fictitious but valid organisation numbers (the check digit is right).
ORG_A = "5592000011"  # Omsorgen Exempel AB
ORG_B = "5592000029"  # Assistans Påhitt AB
ORG_C = "5592000037"  # Hemtjänst Fantasi AB


@pytest.fixture
def controller(db):
    return f.welfare_controller()


@pytest.fixture
def procurement_officer(db):
    return f.procurement_officer()


@pytest.fixture
def follow_up_hagersten(db):
    return f.contract_follow_up("Hägersten-Älvsjö")


def csv_bytes(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


FACT_HEADER = "organisationsnummer;namn;uppgift;värde;belopp;person;födelsedatum;från;till;källa"
PAYMENT_HEADER = "verifikation;organisationsnummer;avtal;belopp;datum;konto;kostnadsställe;tjänst;volym;förvaltning"


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ftm_bytes(entities: list[dict]) -> bytes:
    return "\n".join(json.dumps(e, ensure_ascii=False) for e in entities).encode("utf-8")
