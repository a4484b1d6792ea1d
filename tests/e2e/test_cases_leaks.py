"""Break the glass with its brakes, the log reviewer's review, and setting protected identity (axe-checked)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from samhandling.cases.models import EmergencyAccess, EmergencyReason, Person
from samhandling.cases.tests import helpers
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _choose(page, label):
    """Pick a radio option by clicking its visible label, as a person would."""
    page.locator("label.radio-button__label").filter(has_text=label).get_by_text(label, exact=True).click()


def test_break_the_glass_review_and_protection(page, live_server, browser_login, assert_accessible):
    worker = f.social_worker("Rinkeby-Kista")
    manager = f.unit_manager("Hägersten-Älvsjö")
    reviewer = f.log_reviewer()
    device = TOTPDevice.objects.create(user=reviewer, name="e2e", confirmed=True)
    case = helpers.report().case

    # A Rinkeby social worker: "kollar" is not a reason; a listed one and a described need are.
    browser_login(page, worker.username)
    page.goto(f"{live_server.url}/arenden/nodatkomst/")
    page.get_by_label("Ärendenummer").fill(str(case.id))
    page.get_by_label("Beskriv behovet").fill("kollar")
    page.get_by_role("button", name="Öppna ärendet").click()
    page.get_by_text("Beskriv behovet med minst 40 tecken.").wait_for()
    assert_accessible(page)
    reason = EmergencyReason.objects.get(code="akut-skyddsbehov")
    page.locator("#id_reason_code").select_option(str(reason.id))
    page.get_by_label("Beskriv behovet").fill(helpers.EMERGENCY_REASON)
    page.get_by_role("button", name="Öppna ärendet").click()
    page.get_by_role("heading", level=1, name=f"Ärende {case.id}").wait_for()
    page.get_by_role("link", name="Barnet och vårdnadshavarna").click()
    page.get_by_role("heading", name="Vårdnadshavare", exact=True).wait_for()
    page.context.clear_cookies()

    # The log reviewer sees both sides, what was read, and records the outcome.
    browser_login(page, reviewer.username, totp_key_hex=device.key)
    page.goto(f"{live_server.url}/arenden/nodatkomst/granskning/")
    page.get_by_role("cell", name="Barn och ungdom, Rinkeby-Kista").wait_for()
    assert_accessible(page)
    access = EmergencyAccess.objects.get()
    page.get_by_role("link", name=f"Granska åtkomst {access.id}").click()
    page.get_by_role("cell", name="barnet och vårdnadshavarna").wait_for()
    _choose(page, "Inte befogad")
    page.get_by_role("button", name="Spara granskningen").click()
    page.get_by_text("Förklara utfallet i en kommentar.").wait_for()
    assert_accessible(page)
    page.get_by_label("Kommentar").fill("Inget akut behov framgår.")
    page.get_by_role("button", name="Spara granskningen").click()
    page.get_by_text("Granskningen är sparad.").wait_for()
    assert EmergencyAccess.objects.get().review_outcome == "not_justified"
    page.context.clear_cookies()

    # The unit manager marks the child as protected, with a reason.
    browser_login(page, manager.username)
    page.goto(f"{live_server.url}/arenden/{case.id}/person/")
    page.get_by_role("link", name="Markera eller ta bort barnets skyddade identitet").click()
    assert_accessible(page)
    _choose(page, "Personen har skyddad identitet")
    page.get_by_label("Skäl och källa (till exempel Skatteverkets beslut)").fill("Skatteverkets beslut 2026-03-01")
    page.get_by_role("button", name="Spara markeringen").click()
    page.get_by_text("Markeringen är sparad.").wait_for()
    assert Person.objects.get(id=case.person_id).protected_identity
    assert "Testbarn" not in page.content()
    assert_accessible(page)
