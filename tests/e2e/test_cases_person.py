"""The unit manager authorises a colleague for a protected child; the social worker registers a guardian."""

import datetime

import pytest
from django.utils import timezone

from samhandling.cases.models import Person, ProtectedIdentityGrant
from samhandling.cases.tests import helpers
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_grant_then_guardian_and_details(page, live_server, browser_login, assert_accessible):
    worker = f.social_worker("Hägersten-Älvsjö")
    manager = f.unit_manager("Hägersten-Älvsjö")
    case = helpers.report().case
    Person.objects.filter(id=case.person_id).update(protected_identity=True, address="Hemliga vägen 1")

    # The unit manager names the colleague, the reason and the end date.
    browser_login(page, manager.username)
    page.goto(f"{live_server.url}/arenden/{case.id}/")
    page.get_by_role("link", name="Ge en kollega behörighet att se de skyddade uppgifterna").first.click()
    assert_accessible(page)
    page.get_by_label("Kollega", exact=True).select_option(str(worker.id))
    page.get_by_label("Varför behöver kollegan se de skyddade uppgifterna?").fill("Handläggare i ärendet")
    page.get_by_label("Gäller till och med").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Ge behörighet").click()
    page.get_by_text("får inte ligga bakåt i tiden").wait_for()
    assert (
        page.get_by_label("Varför behöver kollegan se de skyddade uppgifterna?").input_value()
        == "Handläggare i ärendet"
    )
    assert_accessible(page)
    page.get_by_label("Gäller till och med").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Ge behörighet").click()
    page.get_by_text("Behörigheten är given.").wait_for()
    assert ProtectedIdentityGrant.objects.get().case_id == case.id
    page.context.clear_cookies()

    # The social worker: the person page masks the child, a guardian is registered.
    browser_login(page, worker.username)
    page.goto(f"{live_server.url}/arenden/{case.id}/")
    page.get_by_role("link", name="Barnet och vårdnadshavarna").click()
    page.get_by_role("heading", name="Vårdnadshavare", exact=True).wait_for()
    assert "Testbarn" not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Registrera en vårdnadshavare").click()
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Ange vårdnadshavarens personnummer eller namn.").wait_for()
    assert_accessible(page)
    page.get_by_label("Förnamn").fill("Förälder")
    page.get_by_label("Efternamn").fill("Exempelsson")
    page.get_by_role("button", name="Spara").click()
    # A protected child's guardians are protected with the child: the list masks the new guardian too.
    page.get_by_role("heading", name="Vårdnadshavare", exact=True).wait_for()
    page.wait_for_load_state()
    assert Person.objects.filter(first_name="Förälder", last_name="Exempelsson").exists()
    assert "Exempelsson" not in page.content()

    # With the grant and a stated reason, the child's details can be changed.
    page.get_by_role("link", name="Ändra barnets uppgifter").click()
    page.get_by_label("Varför behöver du se de skyddade uppgifterna?").fill("Ny adress")
    page.get_by_role("button", name="Visa skyddade uppgifter").click()
    assert page.get_by_label("Adress", exact=True).input_value() == "Hemliga vägen 1"
    assert_accessible(page)
    page.get_by_label("Adress", exact=True).fill("Nya hemliga vägen 2")
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Uppgifterna är sparade.").wait_for()
    assert Person.objects.get(id=case.person_id).address == "Nya hemliga vägen 2"
