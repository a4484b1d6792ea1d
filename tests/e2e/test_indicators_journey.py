"""An analyst imports figures and reads them by district and on the map; the public sees the open figures."""

import io
import re

import pytest
from django.core.management import call_command

from samhandling.indicators import demo
from samhandling.indicators.models import ImportBatch, Value
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_analyst_imports_values_and_reads_them(page, live_server, browser_login, assert_accessible, tmp_path):
    demo.load(io.StringIO())
    analyst = f.city_analyst()
    browser_login(page, analyst.username)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Indikatorer").click()
    page.get_by_role("heading", name="Indikatorer", exact=True).wait_for()
    assert_accessible(page)

    # A file with an error saves nothing and names the row.
    bad = tmp_path / "fel.csv"
    bad.write_text("indikator;geografi;period;kön;värde\nanmalda-brott;Atlantis;2025;totalt;12,5\n", encoding="utf-8")
    page.get_by_role("link", name="Importera värden").click()
    assert_accessible(page)
    page.get_by_label("Fil med värden").set_input_files(str(bad))
    page.get_by_role("button", name="Importera filen").click()
    page.get_by_text("I kö").wait_for()
    assert_accessible(page)
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page.get_by_text("Rad 2: okänd stadsdel eller okänt stadsdelsområde ”Atlantis”.").wait_for()
    assert_accessible(page)

    good = tmp_path / "varden.csv"
    good.write_text(
        "indikator;geografi;period;kön;värde;status\n"
        "anmalda-brott;Bromma;2026;totalt;1 234,5;slutlig\n"
        "anmalda-brott;Husby;2026;totalt;77,25;slutlig\n",
        encoding="utf-8",
    )
    page.get_by_role("link", name="Importera värden").click()
    page.get_by_label("Fil med värden").set_input_files(str(good))
    page.get_by_role("button", name="Importera filen").click()
    page.get_by_text("I kö").wait_for()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    # The page polls its status fragment until the import is done.
    page.get_by_text("0 nya värden, 2 rättade värden, 0 oförändrade.").wait_for()
    assert ImportBatch.objects.filter(status="done").count() == 1
    assert (
        Value.objects.get(
            indicator__code="anmalda-brott", district__name="Bromma", period="2026", level="district"
        ).revisions.count()
        == 1
    )

    # The indicator page: chart and table; highlight a district.
    page.goto(f"{live_server.url}/indikatorer/anmalda-brott/")
    page.get_by_label("Framhäv stadsdelsområde").select_option(label="Bromma")
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("img", name="Anmälda brott per 1 000 invånare (totalt)").wait_for()
    table_text = page.locator("table").first.inner_text()
    assert "1\u00a0234,5" in table_text  # Swedish grouping with a no-break space
    assert_accessible(page)

    # The district profile, and the map of districts and of neighbourhoods.
    page.get_by_role("link", name="Bromma").first.click()
    page.get_by_role("heading", name="Stadsdelsprofil: Bromma").wait_for()
    assert_accessible(page)
    page.goto(f"{live_server.url}/indikatorer/karta/?indikator=anmalda-brott")
    assert page.locator("svg[role=img] path[data-code]").count() == 13
    assert_accessible(page)
    page.get_by_label("Områden", exact=True).select_option(label="Stadsdelar (117)")
    page.get_by_role("button", name="Visa").click()
    page.get_by_role("rowheader", name="Husby", exact=True).wait_for()
    assert page.locator("svg[role=img] path[data-code]").count() == 117
    assert_accessible(page)


def test_the_public_dashboard_needs_no_login_and_hides_small_numbers(page, live_server, assert_accessible):
    demo.load(io.StringIO())
    page.goto(f"{live_server.url}/indikatorer/oppna-data/?indikator=unga-misstankta&niva=neighbourhood&kon=female")
    page.get_by_role("heading", name="Offentliga siffror: barn och unga i Stockholms stadsdelsområden").wait_for()
    assert page.get_by_role("cell", name="för få för att visas").count() > 0
    assert "Orosanmälningar" not in page.content()  # not public
    assert_accessible(page)
    # A count is a whole number: "184", never "184,0".
    page.goto(f"{live_server.url}/indikatorer/oppna-data/?indikator=unga-misstankta")
    figures = page.locator("table tbody td").all_inner_texts()
    assert any(re.match(r"^\d[\d\u00a0]*(?![\d,])", text.strip()) for text in figures)
    assert not any(re.search(r"\d,0\b", text) for text in figures)
