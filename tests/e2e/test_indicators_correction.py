"""An analyst corrects one figure by hand; a planner fetches a large district profile PDF made by the worker."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from samhandling.indicators import demo, exports
from samhandling.indicators.models import Indicator, ProfileExport, Value
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_analyst_corrects_a_value_and_sees_the_old_one_in_its_history(
    page, live_server, browser_login, assert_accessible
):
    demo.load(io.StringIO())
    analyst = f.city_analyst()
    browser_login(page, analyst.username)
    page.goto(f"{live_server.url}/indikatorer/otrygghet-unga/")
    page.get_by_role("link", name="Rätta ett värde").click()
    page.get_by_role("heading", name="Rätta ett värde: Andel elever i åk 9 som känner sig otrygga").wait_for()
    assert_accessible(page)

    value = Value.objects.filter(indicator__code="otrygghet-unga", district__code="bromma", level="district",
                                 gender="total").order_by("-period").first()  # fmt: skip
    page.get_by_label("Område").select_option(label="Bromma")
    page.get_by_label("Period").select_option(value.period)
    page.get_by_role("button", name="Visa värdet").click()
    page.get_by_role("heading", name=f"Bromma, {value.period} (totalt)").wait_for()
    assert_accessible(page)

    # Bad input: the error next to the field, in Swedish, nothing typed lost.
    page.get_by_label("Nytt värde").fill("tolv")
    page.get_by_label("Skäl till rättelsen").fill("Rättad leverans")
    page.get_by_role("button", name="Spara rättelsen").click()
    page.get_by_text("Skriv ett tal, t.ex. 12,5 eller 1 234.").wait_for()
    assert page.get_by_label("Skäl till rättelsen").input_value() == "Rättad leverans"
    assert_accessible(page)

    page.get_by_label("Nytt värde").fill("12,5")
    page.get_by_label("Täljare", exact=True).fill("")
    page.get_by_label("Nämnare", exact=True).fill("")
    page.get_by_role("button", name="Spara rättelsen").click()
    page.get_by_text("Värdet rättades.").wait_for()
    page.get_by_role("cell", name="rättad för hand").wait_for()
    assert_accessible(page)
    value.refresh_from_db()
    assert str(value.value.normalize()) == "12.5" and value.source_note == "Rättad leverans"
    assert value.revisions.count() == 1


def test_a_large_district_profile_pdf_is_offered_when_the_worker_has_made_it(
    page, live_server, browser_login, assert_accessible
):
    demo.load(io.StringIO())
    extra = exports.PDF_IN_BACKGROUND_OVER + 1 - Indicator.objects.filter(on_district=True).count()
    Indicator.objects.bulk_create(
        [
            Indicator(code=f"extra-{n:02d}", name=f"Extra indikator {n:02d}", unit="%", source="Test",
                      direction=Indicator.Direction.LOWER)
            for n in range(max(extra, 0))
        ]
    )  # fmt: skip
    planner = f.district_planner("Bromma", username="planner.bromma")
    browser_login(page, planner.username)
    page.goto(f"{live_server.url}/indikatorer/stadsdel/bromma/")
    page.get_by_role("link", name="Ladda ner som PDF").click()
    page.get_by_role("heading", name="Stadsdelsprofil som PDF: Bromma").wait_for()
    page.get_by_text("I kö").wait_for()
    assert_accessible(page)

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    # The page polls its status fragment until the PDF is ready.
    link = page.get_by_role("link", name="Ladda ner PDF:en")
    link.wait_for()
    assert_accessible(page)
    with page.expect_download() as download_info:
        link.click()
    path = download_info.value.path()
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Stadsdelsprofil: Bromma" in text and "Extra indikator 00" in text
    assert ProfileExport.objects.get().status == ProfileExport.Status.DONE
