"""A teacher reports a concern; the social worker of the district takes it from receipt to intervention."""

import datetime
from email.header import decode_header, make_header

import pytest
from django.core.management import call_command
from django.utils import timezone

from samhandling.cases import deadlines
from samhandling.cases.models import ConcernReport, ReporterFeedback
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _choose(page, label):
    """Pick a radio option by clicking its visible label, as a person would."""
    page.locator("label.radio-button__label").filter(has_text=label).get_by_text(label, exact=True).click()


def _valid_child_number():
    from samhandling.cases.tests.helpers import CHILD_NUMBER

    return f"{CHILD_NUMBER[:8]}-{CHILD_NUMBER[8:]}"


def test_a_concern_report_from_school_to_intervention(page, live_server, browser_login, assert_accessible, smtp_server):
    teacher = f.school_reporter()
    worker = f.social_worker("Hägersten-Älvsjö")
    f.social_worker("Rinkeby-Kista")

    # The teacher reports through the e-service.
    browser_login(page, teacher.username)
    page.get_by_role("link", name="Gör en orosanmälan").first.click()
    page.get_by_role("heading", name="Vad händer nu").wait_for()
    assert_accessible(page)
    page.get_by_label("Du anmäler som").select_option("school")
    page.get_by_label("Ditt namn").fill("Lärare Testsson")
    page.get_by_label("Din arbetsplats").fill("Testskolan")
    page.get_by_label("Din e-postadress").fill("larare@testskolan.invalid")
    page.get_by_label("Barnets personnummer").fill("20120314-0000")
    page.get_by_label("Barnets förnamn").fill("Testbarn")
    page.get_by_label("Barnets efternamn").fill("Exempelsson")
    page.get_by_label("Stadsdelsområde där barnet bor").select_option(label="Hägersten-Älvsjö")
    page.get_by_label("Vad är du orolig för?").fill("Eleven har varit borta tre veckor och verkar rädd.")
    page.get_by_role("button", name="Skicka anmälan").click()
    # A wrong number: a Swedish error next to the field, nothing typed is lost.
    page.get_by_text("inte ett giltigt personnummer").wait_for()
    assert page.get_by_label("Vad är du orolig för?").input_value().startswith("Eleven har varit borta")
    assert_accessible(page)
    page.get_by_label("Barnets personnummer").fill(_valid_child_number())
    page.get_by_role("button", name="Skicka anmälan").click()
    page.get_by_role("heading", name="Anmälan är skickad").wait_for()
    assert_accessible(page)
    assert ConcernReport.objects.count() == 1

    # The receipt is mailed by the background worker to a real SMTP server.
    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0)
    assert len(smtp_server.messages) == 1
    assert "har kommit fram" in str(make_header(decode_header(smtp_server.messages[0]["Subject"])))
    assert smtp_server.messages[0]["To"] == "larare@testskolan.invalid"

    # The social worker of the district finds it and records the protection assessment.
    page.context.clear_cookies()
    browser_login(page, worker.username)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Ärenden", exact=True).click()
    page.get_by_role("heading", name="Mina ärenden").wait_for()
    assert_accessible(page)
    report = ConcernReport.objects.get()
    page.get_by_role("link", name=str(report.case_id), exact=True).click()
    page.get_by_text("Eleven har varit borta tre veckor").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Registrera skyddsbedömning").click()
    _choose(page, "Nej")
    page.get_by_label("Skäl").fill("Barnet är i skolan och har en trygg förälder; ingen akut fara.")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Inget behov av omedelbart skydd").wait_for()

    # Ten days later: the initial assessment opens an investigation.
    received = timezone.now() - datetime.timedelta(days=10)
    due, rule = deadlines.due_date("initial", timezone.localtime(received).date())
    ConcernReport.objects.update(received_at=received, initial_assessment_due=due, initial_rule=rule)
    page.reload()
    page.get_by_role("link", name="Besluta förhandsbedömning").click()
    _choose(page, "Inleda utredning")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("heading", name="Utredning inledd", exact=False).wait_for()

    # The child's views and a factor.
    page.get_by_role("link", name="Registrera synpunkter").click()
    page.get_by_label("Vems synpunkter").select_option("child")
    page.get_by_label("Hur synpunkterna inhämtades").fill("Samtal med barnet i skolan")
    page.get_by_label("Synpunkter", exact=True).fill("Vill gå till skolan men är rädd för äldre killar på vägen.")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Vill gå till skolan").wait_for()
    page.get_by_text("Bedöm en faktor").click()
    page.get_by_role("link", name="Skolmisslyckande", exact=False).first.click()
    _choose(page, "Föreligger")
    page.get_by_label("Källa", exact=True).fill("Skolans frånvarorapport")
    page.get_by_label("Kommentar", exact=True).fill("Tre veckors frånvaro")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Skolans frånvarorapport").wait_for()

    # An intervention from the catalogue.
    page.get_by_role("link", name="Besluta om insats").click()
    method_select = page.get_by_label("Metod", exact=True)
    komet_value = method_select.locator("option", has_text="KOMET").first.get_attribute("value")
    method_select.select_option(komet_value)
    page.get_by_label("Utförare").fill("Stadsdelens öppenvård")
    page.get_by_label("Rättslig grund").select_option("consent")
    today = timezone.localdate()
    page.get_by_label("Start", exact=True).fill(today.isoformat())
    page.get_by_label("Uppföljning", exact=True).fill((today + datetime.timedelta(days=90)).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Stadsdelens öppenvård").wait_for()

    # The reporter is told that an investigation was opened; the system records when.
    page.get_by_role("link", name="Registrera återkoppling till anmälaren").click()
    _choose(page, "En utredning inleddes")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("En utredning inleddes").wait_for()
    feedback = ReporterFeedback.objects.get()
    assert feedback.told_by == worker and feedback.outcome == "opened"
    assert_accessible(page)
