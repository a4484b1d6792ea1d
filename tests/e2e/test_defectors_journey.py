"""Leaving crime: a field worker registers an interest at 22:10, the duty queue shows it with the hours left,
the 12-hour reminder reaches a local SMTP server, the team records the first contact and the police's
threat assessment, and the investigation of needs is decided (axe-checked)."""

import datetime
import re

import pytest
from django.utils import timezone

from samhandling.core.worker import Worker
from samhandling.defectors import tasks
from samhandling.defectors.models import DefectorCase
from samhandling.defectors.tests import helpers as h
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_interest_queue_reminder_first_contact(page, live_server, browser_login, assert_accessible, smtp_server):
    h.central_team()
    member = h.team_member()
    field = f.field_worker()
    now = timezone.localtime()
    arrived = (now - datetime.timedelta(days=1)).replace(hour=22, minute=10, second=0, microsecond=0)
    if now - arrived < datetime.timedelta(hours=12):
        arrived -= datetime.timedelta(days=1)  # run early in the morning: the evening before yesterday

    # The field worker meets someone who wants out, at 22:10, and registers it.
    browser_login(page, field.username)
    page.goto(f"{live_server.url}/avhoppare/ny/")
    assert_accessible(page)
    page.get_by_label("När intresseanmälan kom in").fill(arrived.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Kom in via").select_option("field_workers")
    page.get_by_label("Berörd stadsdel").select_option(label="Hägersten-Älvsjö")
    page.get_by_label("Förnamn (om det är känt)").fill("Testavhoppare")
    page.get_by_label("Vad som sades").fill("Bor på Storgatan 12 just nu")
    page.get_by_role("button", name="Registrera", exact=True).click()
    page.get_by_text("ser ut som en gatuadress").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Vad som sades").fill("Vill prata med någon snart.")
    page.get_by_role("button", name="Registrera", exact=True).click()
    page.get_by_role("heading", name="Intresseanmälan är registrerad").wait_for()
    assert_accessible(page)
    case = DefectorCase.objects.get()
    assert "Testavhoppare" not in page.content()

    # The worker reminds the team's shared address once 12 hours have passed.
    tasks.send_first_contact_reminders.enqueue()
    Worker(worker_id="test").run_until_idle()
    assert [m["To"] for m in smtp_server.messages] == ["avhopparjouren@test.samhandling.invalid"]

    # The on-call team sees it in the duty queue with the time left.
    page.context.clear_cookies()
    # The defector team signs in with a one-time code (a two-factor role).
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=member, name="test", confirmed=True)
    browser_login(page, member.username, totp_key_hex=device.key)
    page.goto(f"{live_server.url}/avhoppare/")
    row = page.get_by_role("row", name=re.compile(case.reference))
    row.wait_for()
    assert re.search(r"\d+ tim \d+ min|Försenad", row.inner_text())
    assert "Skyddad identitet" in row.inner_text() and "Testavhoppare" not in page.content()
    assert_accessible(page)

    # First contact, the next morning at 09:00 (or just now if that is still ahead).
    row.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name="Registrera första kontakten").click()
    contacted = min(arrived.replace(hour=9, minute=0) + datetime.timedelta(days=1), now - datetime.timedelta(minutes=1))
    page.get_by_label("När kontakten togs").fill(contacted.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Hur").select_option("meeting")
    page.get_by_label("Motivation med personens egna ord").fill("Jag vill inte vara rädd längre.")
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Den första kontakten är registrerad.").wait_for()

    # The police's threat assessment: BOPS takes part, so the central unit keeps the case.
    page.get_by_role("link", name="Registrera en hotbedömning").click()
    page.get_by_label("Mottagen").fill(timezone.localdate().isoformat())
    page.get_by_label("Polisens enhet").fill("Polisregion Stockholm, BOPS")
    page.get_by_label("Hotnivå enligt polisen").fill("Förhöjd")
    page.locator("label", has_text="Ja: den centrala avhopparverksamheten ansvarar").click()
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Hotbedömningen är registrerad.").wait_for()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.status == "open" and case.responsibility == "central"

    # The investigation of needs: opened, the person's own views in their words, the decision.
    page.get_by_role("link", name="Inled behovsutredningen").click()
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Behovsutredningen är inledd.").wait_for()
    page.get_by_role("link", name="Uppdatera behovsutredningen").click()
    page.get_by_label("Personens egna synpunkter, med egna ord").fill("Jag vill bo långt härifrån och få ett jobb.")
    page.get_by_label("Behov som framkommit").fill("Boende i annan kommun, skuldrådgivning.")
    page.get_by_label("Beslut", exact=True).select_option("support")
    page.get_by_label("Beslutsdatum").fill(timezone.localdate().isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Behovsutredningen är sparad.").wait_for()
    assert "Stöd beviljat" in page.content()
    assert_accessible(page)
    # The form for a move to another municipality (consent or a legal basis) is accessible too.
    page.get_by_role("link", name="Flytt till en annan kommun").click()
    page.get_by_role("heading", name="Flytt till en annan kommun").wait_for()
    assert_accessible(page)
