"""A school's request becomes an SSPF: consent, a meeting, a shared plan, withdrawal, the register (axe-checked)."""

import datetime
import re

import pytest
from django.utils import timezone

from samhandling.collaboration.models import Consent, Disclosure, Forum, LegalBasis
from samhandling.collaboration.tests import helpers as h
from samhandling.organisations.models import Agency, PoliceArea, Unit
from samhandling.organisations.roles import Role
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _tick(page, label):
    """Tick a checkbox as a person does: by clicking its label (FKUI draws the box on the label)."""
    page.locator("label.checkbox__label").filter(has_text=re.compile(f"^{re.escape(label)}$")).click()


def _save(page):
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()


def test_sspf_from_request_to_register(page, live_server, browser_login, assert_accessible):
    worker = f.social_worker("Hägersten-Älvsjö")
    police_user = f.police_liaison("globen")
    dpo = f.make_member(
        "dataskydd",
        Role.DATA_PROTECTION,
        f.city_unit("Socialförvaltningen", "Dataskydd och informationssäkerhet"),
    )
    case = h.case_for(worker, age=15)
    school = h.school_unit()
    leisure = f.district_unit("Hägersten-Älvsjö", "Fritid och kultur", Unit.Kind.LEISURE)
    today = timezone.localdate()

    # The school asked; the social worker starts an SSPF for the child's case.
    browser_login(page, worker.username)
    page.goto(f"{live_server.url}/samverkan/")
    page.get_by_role("link", name="Starta ett samverkansärende").click()
    assert_accessible(page)
    page.get_by_label("Typ av samverkan").select_option("sspf")
    page.get_by_label("Barnets ärende").select_option(str(case.id))
    page.get_by_label("Vem som tog initiativet (t.ex. skolan)").fill("Skolan")
    _save(page)
    forum = Forum.objects.get()
    page.get_by_text("Samtycke behövs från:").wait_for()
    assert_accessible(page)

    # Members: the school, the police in Globen, leisure.
    for field, value, area in (
        ("En enhet i staden", school.id, None),
        ("Eller en myndighet eller organisation", Agency.objects.get(code="polisen").id, "globen"),
        ("En enhet i staden", leisure.id, None),
    ):
        page.get_by_role("link", name="Lägg till en deltagare").click()
        page.get_by_label(field).select_option(str(value))
        if area:
            page.get_by_label("Lokalpolisområde (bara polisen)").select_option(
                str(PoliceArea.objects.get(code=area).id)
            )
        _save(page)
    assert forum.members.count() == 4

    # It cannot start before the consents are there: a clear Swedish message.
    page.get_by_role("link", name="Starta samverkansärendet").click()
    _save(page)
    page.get_by_text("samtycke saknas från vårdnadshavarna eller den unge").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Tillbaka till samverkansärende")).click()

    # Both guardians and the 15-year-old consent.
    givers = [g.id for g in case.person.guardians.order_by("id")] + [case.person_id]
    for giver in givers:
        page.get_by_role("link", name="Registrera ett samtycke").click()
        page.get_by_label("Vem som lämnar samtycket").select_option(str(giver))
        page.get_by_label("Lämnat den").fill(today.isoformat())
        for label in ("Skola", "Polisen", "Fritid", "Den gemensamma planen"):
            _tick(page, label)
        page.get_by_label("Gäller till och med").fill((today + datetime.timedelta(days=180)).isoformat())
        if giver == givers[0]:
            assert_accessible(page)
        _save(page)
        page.get_by_text("Samtycket är registrerat.").wait_for()
    page.get_by_role("link", name="Starta samverkansärendet").click()
    _save(page)
    page.get_by_text("Samverkansärendet har startat.").wait_for()

    # The network meeting: attendance, the young person's views, decisions.
    page.get_by_role("link", name="Planera ett möte").click()
    start = timezone.localtime() - datetime.timedelta(hours=1)
    page.get_by_label("Tid").fill(start.strftime("%Y-%m-%dT%H:%M"))
    _save(page)
    page.get_by_role("heading", name=re.compile("Möte ")).wait_for()
    _tick(page, "Den unge deltog")
    page.get_by_label("Den unges egna synpunkter").fill("Jag vill spela fotboll.")
    page.get_by_text("Utkast sparat").wait_for()
    for m in forum.members.all():
        _tick(page, str(m))
    assert_accessible(page)
    page.get_by_label("Beslut", exact=True).fill("MÖTESBESLUT INTERNT")
    _tick(page, "Mötet har hållits")
    # Save at once, while the draft that the tick starts (0.5 s later) may still be pending or on its
    # way: the page's own drafts never turn its save into a conflict, and the save keeps what was typed.
    page.get_by_role("button", name="Spara mötet").click()
    page.get_by_text("Mötesanteckningarna är sparade.").wait_for()
    saved = forum.meetings.get()
    assert saved.held and saved.decisions == "MÖTESBESLUT INTERNT"

    # The plan, shared with the police.
    page.get_by_role("link", name="Ändra målen").click()
    page.get_by_label("Mål med den unges egna ord").fill("Klara nian och spela fotboll.")
    _save(page)
    page.get_by_role("link", name="Dela planen med deltagarna").click()
    police_member = forum.members.get(party="police")
    _tick(page, str(police_member))
    page.get_by_label("Grund", exact=True).select_option(str(LegalBasis.objects.get(code="osl-12-2-samtycke").id))
    _tick(page, "Jag har kontrollerat att villkoren för grunden är uppfyllda")
    assert_accessible(page)
    _save(page)
    page.get_by_text("Uppgifterna är delade och utlämnandet registrerat.").wait_for()
    assert Disclosure.objects.get().recipient == police_member
    page.context.clear_cookies()

    # The police member sees the plan and nothing else.
    browser_login(page, police_user.username)
    page.goto(f"{live_server.url}/samverkan/{forum.id}/")
    page.get_by_text("Klara nian och spela fotboll.").wait_for()
    assert "MÖTESBESLUT INTERNT" not in page.content()
    assert "Jag vill spela fotboll." not in page.content()
    assert_accessible(page)
    page.context.clear_cookies()

    # A guardian withdraws the consent; the police member's next request gets 404.
    browser_login(page, worker.username)
    page.goto(f"{live_server.url}/samverkan/{forum.id}/")
    page.get_by_role("link", name=re.compile("Återkalla")).first.click()
    page.get_by_label("Hur återkallades samtycket?").fill("Per telefon till samordnaren")
    _save(page)
    page.get_by_text("Samtycket är återkallat.").wait_for()
    assert Consent.objects.filter(withdrawn_at__isnull=False).count() == 1
    page.context.clear_cookies()
    browser_login(page, police_user.username)
    assert page.goto(f"{live_server.url}/samverkan/{forum.id}/").status == 404
    page.context.clear_cookies()

    # The data-protection officer's register lists the disclosure, its ground and the withdrawal.
    # The data-protection role signs in with a two-step code.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=dpo, name="test", confirmed=True)
    browser_login(page, dpo.username, totp_key_hex=device.key)
    page.goto(f"{live_server.url}/samverkan/utlamnanden/")
    row = page.get_by_role("row").filter(has_text="12 kap. 2 §")
    row.wait_for()
    assert "ja" in row.inner_text()
    assert_accessible(page)
