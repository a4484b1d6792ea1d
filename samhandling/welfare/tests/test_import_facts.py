"""Fact files (CSV, Excel, JSON, FollowTheMoney): checked row by row in Swedish, all or nothing, idempotent."""

import json
from decimal import Decimal

import pytest

from samhandling.welfare import services
from samhandling.welfare.importing.reading import FileProblem
from samhandling.welfare.models import Fact, FactChange, ImportBatch, Person, PersonMatch, Supplier
from samhandling.welfare.tests.conftest import FACT_HEADER, ORG_A, ORG_B, csv_bytes, ftm_bytes, xlsx_bytes


def run(controller, content, kind="facts", name="fakta.csv"):
    batch = services.import_batch_create(actor=controller, kind=kind, file_name=name, content=content, enqueue=False)
    return services.import_batch_run(batch=batch)


GOOD = csv_bytes(
    FACT_HEADER,
    f"{ORG_A[:6]}-{ORG_A[6:]};Omsorgen Exempel AB;status;Registrerad;;;;2024-01-10;;Bolagsverket",
    f"{ORG_A};Omsorgen Exempel AB;bankkonto;123-4567;;;;20250101;;Bolagsverket",
    f"{ORG_A};Omsorgen Exempel AB;bankkonto;765-4321;;;;01/06/2025;;Bolagsverket",
    f"{ORG_A};Omsorgen Exempel AB;skatteskuld;;1 234 567,50;;;2025-03-01;;Skatteverket",
    f"{ORG_A};Omsorgen Exempel AB;verklig huvudman;;;Testa Testsson;1970-05-05;2024-01-10;;Bolagsverket",
    f"{ORG_A};Omsorgen Exempel AB;styrelseledamot;;;Prova Provsson;1980-02-02;2024-01-10;2025-04-30;Bolagsverket",
)


@pytest.mark.django_db
def test_a_good_file_saves_facts_changes_and_a_second_import_changes_nothing(controller):
    batch = run(controller, GOOD)
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    supplier = Supplier.objects.get(org_number=ORG_A)
    assert Fact.objects.filter(supplier=supplier).count() == 6
    debt = Fact.objects.get(kind="tax_debt")
    assert debt.amount == Decimal("1234567.50")
    old, new = Fact.objects.filter(kind="bank_account").order_by("valid_from")
    assert old.valid_to == new.valid_from
    change = FactChange.objects.get(kind="bank_account", change="new_value")
    assert (change.old_value, change.new_value, str(change.changed_on)) == ("123-4567", "765-4321", "2025-06-01")
    assert FactChange.objects.filter(kind="board_member", change="ended").exists()

    again = run(controller, GOOD)
    assert again.status == ImportBatch.Status.DONE
    assert (again.created_count, again.unchanged_count) == (0, 6)
    assert Fact.objects.count() == 6 and FactChange.objects.count() == change.__class__.objects.count()


@pytest.mark.django_db
def test_bad_rows_are_named_in_swedish_and_nothing_is_saved(controller):
    content = csv_bytes(
        FACT_HEADER,
        f"{ORG_A};Omsorgen Exempel AB;status;Registrerad;;;;2024-01-10;;Bolagsverket",
        "5592000012;Fel AB;status;Registrerad;;;;2024-01-10;;Bolagsverket",
        f"{ORG_B};Assistans Påhitt AB;skatteskuld;;mycket;;;2024-13-45;;Skatteverket",
        f"{ORG_B};Assistans Påhitt AB;hemlighet;x;;;;2024-01-01;;Skatteverket",
    )
    batch = run(controller, content)
    assert batch.status == ImportBatch.Status.REJECTED
    messages = [e["message"] for e in batch.errors]
    assert "Rad 3: organisationsnumret 5592000012 har fel kontrollsiffra." in messages
    assert any(m.startswith("Rad 4: mycket är inte ett belopp") for m in messages)
    assert any("2024-13-45 är inte ett datum" in m for m in messages)
    assert any(m.startswith("Rad 5: hemlighet är inte en känd uppgift") for m in messages)
    assert not Supplier.objects.exists() and not Fact.objects.exists()


@pytest.mark.django_db
def test_excel_and_json_files_are_read_with_the_same_columns(controller):
    header = FACT_HEADER.split(";")
    xlsx = xlsx_bytes(
        [header, [ORG_A, "Omsorgen Exempel AB", "f-skatt", "ja", None, None, None, "2024-01-01", None, "Skatteverket"]]
    )
    assert run(controller, xlsx, name="fakta.xlsx").status == ImportBatch.Status.DONE
    json_file = json.dumps(
        [
            {
                "organisationsnummer": ORG_B,
                "namn": "Assistans Påhitt AB",
                "uppgift": "moms",
                "värde": "ja",
                "från": "20240101",
                "källa": "Skatteverket",
            }
        ]
    ).encode()
    assert run(controller, json_file, name="fakta.json").status == ImportBatch.Status.DONE
    assert set(Fact.objects.values_list("kind", flat=True)) == {"f_tax", "vat"}


@pytest.mark.django_db
def test_a_new_supplier_needs_its_name(controller):
    batch = run(controller, csv_bytes(FACT_HEADER, f"{ORG_A};;status;Registrerad;;;;2024-01-10;;Bolagsverket"))
    assert batch.status == ImportBatch.Status.REJECTED
    assert "namn" in batch.errors[0]["message"]


@pytest.mark.django_db
def test_files_that_are_not_tables_are_refused_before_they_are_stored(controller):
    with pytest.raises(FileProblem, match="varken CSV"):
        services.import_batch_create(actor=controller, kind="facts", file_name="x.csv", content=b"\x1f\x8b\x08\x00gzip")
    with pytest.raises(FileProblem, match="JSON"):
        services.import_batch_create(actor=controller, kind="ftm", file_name="x.csv", content=GOOD)
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_an_xlsx_that_unpacks_too_large_is_refused(controller, monkeypatch):
    from samhandling.welfare.importing import reading

    monkeypatch.setattr(reading, "MAX_UNCOMPRESSED_BYTES", 1000)
    content = xlsx_bytes([["a"] * 50 for _ in range(50)])
    with pytest.raises(FileProblem, match="packad"):
        reading.check_size(content)


@pytest.mark.django_db
def test_people_are_matched_by_normalised_name_and_similar_names_are_only_suggested(controller):
    content = csv_bytes(
        FACT_HEADER,
        f"{ORG_A};Omsorgen Exempel AB;verklig huvudman;;;Testa Testsson;1970-05-05;2024-01-10;;Bolagsverket",
        f"{ORG_B};Assistans Påhitt AB;styrelseledamot;;;TESTSSON,  Testa;1970-05-05;2024-02-01;;Bolagsverket",
        f"{ORG_B};Assistans Påhitt AB;firmatecknare;;;Testa Testson;1970-05-05;2024-02-01;;Bolagsverket",
    )
    assert run(controller, content).status == ImportBatch.Status.DONE
    # Case, word order and punctuation do not make a new person; a spelling difference is a suggestion.
    assert Person.objects.count() == 2
    match = PersonMatch.objects.get()
    assert match.status == PersonMatch.Status.SUGGESTED
    services.person_match_decide(actor=controller, match=match, same=True)
    assert Person.objects.filter(same_as__isnull=False).count() == 1


@pytest.mark.django_db
def test_followthemoney_entities_become_facts(controller):
    entities = [
        {
            "id": "c1",
            "schema": "Company",
            "properties": {
                "name": ["Omsorgen Exempel AB"],
                "registrationNumber": [ORG_A],
                "address": ["Exempelgatan 1, Stockholm"],
                "modifiedAt": ["2025-01-02"],
            },
        },
        {"id": "p1", "schema": "Person", "properties": {"name": ["Testa Testsson"], "birthDate": ["1970-05-05"]}},
        {
            "id": "d1",
            "schema": "Directorship",
            "properties": {
                "director": ["p1"],
                "organization": ["c1"],
                "role": ["Styrelseledamot"],
                "startDate": ["2024-01-10"],
            },
        },
        {
            "id": "o1",
            "schema": "Ownership",
            "properties": {"owner": ["p1"], "asset": ["c1"], "startDate": ["2024-01-10"]},
        },
    ]
    batch = run(controller, ftm_bytes(entities), kind="ftm", name="ftm.json")
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    supplier = Supplier.objects.get(org_number=ORG_A)
    assert supplier.address == "Exempelgatan 1, Stockholm"
    assert set(supplier.facts.values_list("kind", flat=True)) == {"address", "board_member", "beneficial_owner"}
    assert run(controller, ftm_bytes(entities), kind="ftm", name="ftm.json").created_count == 0


@pytest.mark.django_db
def test_followthemoney_entities_with_bad_links_are_refused(controller):
    entities = [
        {"id": "c1", "schema": "Company", "properties": {"name": ["X AB"], "registrationNumber": ["5592000012"]}},
        {
            "id": "d1",
            "schema": "Directorship",
            "properties": {"director": ["nobody"], "organization": ["c1"], "startDate": ["2024-01-10"]},
        },
    ]
    batch = run(controller, ftm_bytes(entities), kind="ftm", name="ftm.json")
    assert batch.status == ImportBatch.Status.REJECTED
    assert any("fel kontrollsiffra" in e["message"] for e in batch.errors)
    assert not Fact.objects.exists()
