"""Every demo persona logs in through the real pages, sees their start page, and axe-core finds nothing."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from samhandling.organisations.demo import DEMO_PASSWORD, PERSONAS, load_demo_organisations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The start-page section each persona's role gives.
SECTION = {
    "admin": "Administration",
    "analytiker": "Analys och uppföljning",
    "planerare.hagersten": "Planering",
    "planerare.rinkeby": "Planering",
    "chef.hagersten": "Enhetsledning",
    "socsek.hagersten": "Ärendearbete",
    "socsek.rinkeby": "Ärendearbete",
    "falt.hagersten": "Fältarbete",
    "skola.hagersten": "Gör en orosanmälan",
    "polis.globen": "Samverkan",
    "granskare": "Logggranskning",
    "dataskydd": "Dataskydd",
    "katalog": "Insatskatalog",
    "samordnare.hagersten": "Samverkan",
    "fritid.hagersten": "Samverkan",
    "region.stockholm": "Samverkan",
    "kriminalvarden": "Samverkan",
    "trygghet.hagersten": "Trygga platser",
    "trygghet.staden": "Trygga platser",
    "partner.liljeholmen": "Platssamverkan",
    "polis.skarholmen": "Samverkan",
    "kontrollant": "Välfärdsbrottslighet",
    "upphandlare": "Välfärdsbrottslighet",
    "avtalsuppfoljare": "Välfärdsbrottslighet",
    "avhopp.jour": "Att lämna kriminalitet",
    "avhopp.chef": "Enhetsledning",
    "sig.hagersten": "Att lämna kriminalitet",
}


@pytest.fixture
def demo(db):
    load_demo_organisations()
    return {d.user.username: d.key for d in TOTPDevice.objects.filter(name="demo").select_related("user")}


@pytest.mark.parametrize("username", [p[0] for p in PERSONAS])
def test_each_persona_reaches_an_accessible_start_page(
    page, live_server, browser_login, assert_accessible, demo, username
):
    browser_login(page, username, DEMO_PASSWORD, totp_key_hex=demo.get(username))
    assert page.url == f"{live_server.url}/"
    page.get_by_role("heading", level=1, name="Välkommen").wait_for()
    page.get_by_role("heading", level=2, name=SECTION[username], exact=True).wait_for()
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("navigation", name="Huvudmeny").count() == 1
    assert page.get_by_role("button", name="Logga ut").count() == 1
    assert_accessible(page)


def test_login_page_and_its_errors_are_accessible(page, live_server, assert_accessible):
    page.goto(f"{live_server.url}/konto/logga-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.get_by_text("Det här fältet är obligatoriskt.").first.wait_for()
    assert page.get_by_label("Användarnamn").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    page.get_by_label("Användarnamn").fill("finns-inte")
    page.get_by_label("Lösenord").fill("fel-lösenord")
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.get_by_text("Fel användarnamn eller lösenord.").wait_for()
    assert page.get_by_label("Användarnamn").input_value() == "finns-inte"  # nothing typed is lost
    assert_accessible(page)


def test_the_two_step_page_and_the_audit_log_are_accessible(page, live_server, assert_accessible, demo):
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("granskare")
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.get_by_role("heading", name="Tvåstegsverifiering").wait_for()
    assert_accessible(page)
    page.get_by_label("Kod från din autentiseringsapp").fill("000000")
    page.get_by_role("button", name="Bekräfta").click()
    page.get_by_text("Koden är fel eller för gammal").wait_for()
    assert_accessible(page)
    from django_otp.oath import totp

    page.wait_for_timeout(1100)  # django-otp throttles the next try by a second after a wrong code
    page.get_by_label("Kod från din autentiseringsapp").fill(f"{totp(bytes.fromhex(demo['granskare'])):06d}")
    page.get_by_role("button", name="Bekräfta").click()
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Granskningslogg").first.click()
    page.get_by_role("heading", level=1, name="Granskningslogg").wait_for()
    assert page.get_by_role("cell", name="login").count() >= 2
    assert_accessible(page)
    page.get_by_label("Åtgärd").fill("login")
    page.get_by_label("Från datum").fill("2026-05-02")
    page.get_by_label("Till datum").fill("2026-05-01")
    page.get_by_role("button", name="Filtrera").click()
    page.get_by_text("Slutdatumet får inte vara före startdatumet.").wait_for()
    assert page.get_by_label("Åtgärd").input_value() == "login"
    assert_accessible(page)


def test_error_pages_are_accessible(page, live_server, browser_login, assert_accessible, demo):
    response = page.goto(f"{live_server.url}/finns-inte/")
    assert response.status == 404
    page.get_by_text("Referensnummer").wait_for()
    assert_accessible(page)
    browser_login(page, "socsek.hagersten", DEMO_PASSWORD)
    response = page.goto(f"{live_server.url}/granskning/")
    assert response.status == 403
    page.get_by_role("heading", name="Du har inte behörighet till sidan").wait_for()
    assert_accessible(page)


def test_the_language_switches_to_english_and_back(page, live_server, browser_login, assert_accessible, demo):
    browser_login(page, "socsek.hagersten", DEMO_PASSWORD)
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", level=1, name="Welcome").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Log out").count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Svenska").click()
    page.get_by_role("heading", level=1, name="Välkommen").wait_for()
    assert page.locator("html").get_attribute("lang") == "sv"


def test_logging_out_in_the_browser_ends_the_session(page, live_server, browser_login, demo):
    browser_login(page, "socsek.hagersten", DEMO_PASSWORD)
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_text("Du är utloggad.").wait_for()
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/konto/logga-in/")


def test_the_administrator_gives_and_ends_a_role_on_accessible_pages(
    page, live_server, browser_login, assert_accessible, demo
):
    from samhandling.organisations.models import Membership
    from samhandling.organisations.tests import factories as f

    newcomer = f.UserFactory(username="ny.medarbetare", first_name="Nils", last_name="Nyström")
    browser_login(page, "admin", DEMO_PASSWORD, totp_key_hex=demo.get("admin"))
    # Committees nobody plans or approves for are shown on the start page, not hidden.
    page.get_by_text("nämnder saknar planerare: påminnelser når ingen").wait_for()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Användare och roller").click()
    page.get_by_role("heading", level=1, name="Användare och roller").wait_for()
    page.get_by_label("Sök på namn, användarnamn eller e-post").fill("nyström")
    page.get_by_role("button", name="Sök", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Nyström, Nils").click()
    page.get_by_text("Inget medlemskap").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Ge en roll").last.click()
    assert page.get_by_label("Användarnamn").input_value() == "ny.medarbetare"
    page.get_by_label("Enhet").select_option(label="Barn och ungdom, Hägersten-Älvsjö stadsdelsförvaltning")
    page.get_by_label("Roll").select_option(label="Socialsekreterare")
    assert_accessible(page)
    page.get_by_role("button", name="Ge rollen").click()
    page.get_by_text("Rollen har getts").wait_for()
    assert Membership.objects.active().filter(user=newcomer, role="social_worker").exists()
    page.get_by_role("link", name="Avsluta Socialsekreterare").click()
    assert_accessible(page)
    page.get_by_role("button", name="Avsluta medlemskapet").click()
    page.get_by_text("Medlemskapet har avslutats").wait_for()
    assert not Membership.objects.active().filter(user=newcomer).exists()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Nämndernas bemanning").click()
    page.get_by_role("heading", level=1, name="Nämnder som saknar planerare eller beslutsfattare").wait_for()
    assert_accessible(page)
    page.goto(f"{live_server.url}/administration/roller/")
    page.get_by_role("heading", level=1, name="Vem har vilken roll").wait_for()
    assert_accessible(page)
