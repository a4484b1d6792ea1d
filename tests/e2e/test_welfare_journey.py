"""A controller imports supplier facts, refuses a supplier with tax debts, imports a year of payments,
finds a flag for an account change followed by a volume jump, follows the network to a second supplier
with the same beneficial owner, and records a police report. Every page axe-checked."""

import pytest
from django.core.management import call_command

from samhandling.organisations.tests import factories as f
from samhandling.welfare.models import Flag, IntegrityCheck

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

A, B, C = "559200-0011", "559200-0029", "559200-0037"

FACTS = "\n".join(
    [
        "organisationsnummer;namn;uppgift;värde;belopp;person;födelsedatum;från;till;källa",
        f"{A};Omsorg Testbolag AB;status;Registrerad;;;;2023-01-10;;Bolagsverket",
        f"{A};Omsorg Testbolag AB;verklig huvudman;;;Bo Bosson;1970-01-01;2023-01-10;;Bolagsverket",
        f"{B};Assistans Testbolag AB;verklig huvudman;;;BOSSON, Bo;19700101;2024-03-01;;Bolagsverket",
        f"{C};Skuldsatt Omsorg AB;status;Registrerad;;;;2023-01-10;;Bolagsverket",
        f"{C};Skuldsatt Omsorg AB;f-skatt;ja;;;;2023-01-10;;Skatteverket",
        f"{C};Skuldsatt Omsorg AB;skatteskuld;;250 000,00;;;01/09/2026;;Skatteverket",
    ]
)


def payments() -> str:
    rows = ["verifikation;organisationsnummer;avtal;belopp;datum;konto;kostnadsställe;tjänst;volym;förvaltning"]
    for month in range(1, 13):
        hours = 100 + month % 3 if month < 7 else 400
        account = "111-1111" if month < 6 else "222-2222"
        rows.append(
            f"A-{month};{A};AVT-A;{hours * 450:,}.00;2026-{month:02d}-25;{account};K1;hemtjänst;{hours};".replace(
                ",", " "
            ).replace(".00", ",00")
        )
        rows.append(
            f"B-{month};{B};AVT-B;45 000,00;{month:02d}/25/2026;333-3333;K1;hemtjänst;100;".replace(
                f"{month:02d}/25/2026", f"25/{month:02d}/2026"
            )
        )
    return "\n".join(rows) + "\n"


def import_file(page, url, path, kind_label):
    page.goto(f"{url}/valfard/import/")
    page.get_by_label("Vad filen innehåller").select_option(label=kind_label)
    page.get_by_label("Fil (CSV, Excel .xlsx eller JSON, högst 100 MB)").set_input_files(str(path))
    page.get_by_role("button", name="Importera filen").click()
    page.get_by_text("I kö").wait_for()
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)


def test_a_controller_follows_a_supplier_from_facts_to_a_police_report(
    page, live_server, browser_login, assert_accessible, tmp_path
):
    controller = f.welfare_controller()
    browser_login(page, controller.username)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Välfärdsbrott").click()
    page.get_by_role("heading", name="Välfärdsbrottslighet: leverantörer, kontroller och uppföljning").wait_for()
    assert_accessible(page)

    facts = tmp_path / "fakta.csv"
    facts.write_text(FACTS + "\n", encoding="utf-8")
    import_file(page, live_server.url, facts, "Leverantörsuppgifter (CSV, Excel eller JSON)")
    page.get_by_text("6 nya, 0 redan kända (oförändrade).").wait_for()
    assert_accessible(page)

    # The integrity check answers the tax-debt item from the facts; the controller refuses.
    page.goto(f"{live_server.url}/valfard/leverantorer/")
    assert_accessible(page)
    page.get_by_role("link", name="Skuldsatt Omsorg AB").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ny seriositetskontroll").click()
    page.get_by_label("Upphandling, avtal eller avstämningspunkt").fill("Hemtjänst 2027")
    assert_accessible(page)
    page.get_by_role("button", name="Starta kontrollen").click()
    page.get_by_role("row", name="Inga skatteskulder över tröskeln").get_by_text("Inte uppfyllt").wait_for()
    assert_accessible(page)
    page.get_by_label("Resultat").select_option(label="Underkänd")
    page.get_by_label("Skäl", exact=True).fill("Skatteskuld på 250 000 kr, över stadens tröskel.")
    page.get_by_role("button", name="Spara resultatet").click()
    page.get_by_text("Kontrollens resultat är sparat.").wait_for()
    assert IntegrityCheck.objects.get().result == "refused"

    # A year of payments, then the rules.
    pay = tmp_path / "betalningar-2026.csv"
    pay.write_text(payments(), encoding="utf-8")
    import_file(page, live_server.url, pay, "Utbetalningar från ekonomisystemet (CSV eller Excel)")
    page.get_by_text("24 nya, 0 redan kända (oförändrade).").wait_for()
    page.goto(f"{live_server.url}/valfard/regler/")
    assert_accessible(page)
    page.get_by_label("År").fill("2026")
    page.get_by_role("button", name="Kör reglerna över året").click()
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)

    page.get_by_role("link", name="Flaggkö").first.click()
    queue = page.get_by_role("table")
    queue.get_by_text("Kontot som staden betalar till har bytts").wait_for()
    assert queue.get_by_text("Fakturerad volym avviker från leverantörens egen historik").count() >= 1
    assert_accessible(page)
    page.get_by_role("row", name="Kontot som staden betalar till har bytts").get_by_role(
        "link", name="Omsorg Testbolag AB"
    ).click()
    page.get_by_text("Utbetalningar gick till konto 222-2222 från 2026-06-25; dessförinnan till 111-1111.").wait_for()
    assert_accessible(page)

    # The network: the same beneficial owner behind a second supplier.
    page.get_by_role("link", name="Nätverksvy").click()
    page.get_by_role("link", name="Assistans Testbolag AB").click()
    page.get_by_role("heading", name="Nätverksvy: Assistans Testbolag AB").wait_for()
    assert_accessible(page)
    page.go_back()
    page.go_back()

    page.get_by_label("Beslut", exact=True).select_option(label="Polisanmäla")
    page.get_by_label("Skäl", exact=True).fill("Kontobyte följt av tredubblade timmar; misstänkt bedrägeri.")
    page.get_by_role("button", name="Spara beslutet").click()
    page.get_by_text("Ange polisanmälans datum.").wait_for()
    assert_accessible(page)
    page.get_by_label("Datum för polisanmälan").fill("2026-11-20")
    page.get_by_label("Polisens diarienummer").fill("5000-K98765-26")
    page.get_by_role("button", name="Spara beslutet").click()
    page.get_by_text("Beslutet är sparat.").wait_for()
    flag = Flag.objects.get(rule__code="account-changed")
    assert (flag.decision, flag.police_reference) == ("police", "5000-K98765-26")

    page.goto(f"{live_server.url}/valfard/uppfoljning/")
    page.get_by_text("5000-K98765-26").wait_for()
    assert_accessible(page)
