"""A safety coordinator runs a place-based collaboration at a centre from the first observation to the
judgement that the picture has improved, with a safety walk, an action plan and a safety fund grant;
then a shooting nearby: the on-call is alerted by e-mail, actions are logged, the event is on the map."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from samhandling.organisations.models import Neighbourhood
from samhandling.organisations.tests import factories as f
from samhandling.places.models import Collaboration, CrisisEvent, FundApplication, FundCall, Measure, WalkFinding
from samhandling.plans.models import Place

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _open(page, summary):
    page.locator("summary", has_text=summary).click()


def _measure(page, kind, text, who, status="Planerad"):
    _open(page, "Lägg till en åtgärd")
    form = page.locator("form[action$='/atgard/']")
    form.get_by_label("Typ av åtgärd").select_option(label=kind)
    form.get_by_label("Beskrivning").fill(text)
    form.get_by_label(re.compile(r"^Vem")).fill(who)
    form.get_by_label("Status").select_option(label=status)
    form.get_by_role("button", name="Lägg till åtgärden").click()
    page.get_by_text("Åtgärden lades till i åtgärdsplanen.").wait_for()


def _meeting(page, held_on, notes, picture):
    _open(page, "Registrera ett möte")
    form = page.locator("form[action$='/mote/']")
    form.get_by_label("Mötets datum").fill(held_on.isoformat())
    form.get_by_label("Närvarande organisationer").fill("Stadsdelsförvaltningen, polisen, centrumägaren")
    form.get_by_label("Uppföljning och beslut").fill(notes)
    form.get_by_label("Lägesbilden nu").select_option(label=picture)
    form.get_by_role("button", name="Registrera mötet").click()
    page.get_by_text("Mötet registrerades.").wait_for()


def _photo(tmp_path):
    path = tmp_path / "passagen.jpg"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "darkgrey").save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_a_collaboration_from_observation_to_improved_picture_then_crisis_support(
    page, live_server, browser_login, assert_accessible, smtp_server, tmp_path
):
    f.safety_coordinator("Hägersten-Älvsjö", username="tove")
    city = f.city_safety()
    police = f.police_liaison("skarholmen")
    owner = f.place_partner("Centrumägaren Liljeholmen AB (test)", username="cia")
    centre = Place.objects.create(
        name="Liljeholmstorget", kind=Place.Kind.CENTRE, neighbourhood=Neighbourhood.objects.get(name="Liljeholmen"),
        latitude=Decimal("59.310500"), longitude=Decimal("18.022500"),
    )  # fmt: skip
    today = timezone.localdate()
    start = today - datetime.timedelta(days=150)
    FundCall.objects.create(
        name="Trygghetsfonden (test)", budget=Decimal(100_000_000), opens_on=today - datetime.timedelta(days=60),
        closes_on=today + datetime.timedelta(days=60),
    )  # fmt: skip
    url = live_server.url

    # An observation at the centre, then a collaboration starts there.
    browser_login(page, "tove")
    page.goto(f"{url}/platser/")
    assert_accessible(page)
    page.get_by_role("link", name="Liljeholmstorget").click()
    form = page.locator("form[action$='/iakttagelse/']")
    form.get_by_label("Datum").fill(start.isoformat())
    form.get_by_label("Källa").select_option(label="Fastighetsägare och företagare")
    form.get_by_label("Vad som iakttogs").fill("Butikerna rapporterar stök och oro vid entréerna kvällstid.")
    form.get_by_role("button", name="Lägg till iakttagelsen").click()
    page.get_by_text("Iakttagelsen lades till i lägesbilden.").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Starta en platssamverkan").click()
    page.get_by_label("Titel").fill("Platssamverkan Liljeholmstorget")
    page.get_by_label("Varför gruppen samverkar").fill("Oro vid entréerna kvällstid enligt butikerna.")
    page.get_by_label("Startad").fill(start.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Starta samverkan").click()
    page.get_by_text("Samverkan har startat").wait_for()
    collaboration = Collaboration.objects.get()

    # The police and the centre owner join, each with an account.
    for organisation, kind, account in [
        ("Polisen, LPO Skärholmen", "Polisen (lokalpolisområdet)", police),
        ("Centrumägaren Liljeholmen AB", "Fastighets- eller centrumägare", owner),
    ]:
        _open(page, "Lägg till en organisation i gruppen")
        form = page.locator("form[action$='/medlem/']")
        form.get_by_label("Organisation", exact=True).fill(organisation)
        form.get_by_label("Typ av organisation").select_option(label=kind)
        form.get_by_label("Kontaktperson med konto").select_option(value=str(account.pk))
        form.get_by_role("button", name="Lägg till i gruppen").click()
        page.get_by_text(f"{organisation} är nu med i gruppen.").wait_for()
    assert collaboration.members.count() == 3

    # A safety walk with its route; a finding with a photo becomes a measure.
    _open(page, "Registrera en trygghetsvandring")
    form = page.locator("form[action$='/vandring/']")
    form.get_by_label("Vandringens datum").fill((start + datetime.timedelta(days=7)).isoformat())
    form.get_by_label("Vilka som gick (organisationer)").fill("Stadsdelsförvaltningen, polisen, centrumägaren")
    # Drawn on the map: each click adds a point to the route field; the last one can be taken back.
    drawing = page.locator("svg[data-route-for]")
    box = drawing.bounding_box()
    for dx, dy in ((0.45, 0.5), (0.55, 0.5)):
        drawing.click(position={"x": box["width"] * dx, "y": box["height"] * dy})
    drawn = form.get_by_label("Färdväg").input_value().splitlines()
    assert len(drawn) == 2 and all(59.2 < float(row.split(",")[0]) < 59.45 for row in drawn), drawn
    assert drawing.locator("polyline").count() == 1
    page.get_by_role("button", name="Ta bort den sista punkten").click()
    assert form.get_by_label("Färdväg").input_value() == drawn[0]
    # The typed route (the keyboard way) replaces it.
    form.get_by_label("Färdväg").fill("59.3102, 18.0219\n59.3106, 18.0226\n59.3109, 18.0233")
    form.get_by_role("button", name="Registrera vandringen").click()
    page.get_by_text("Trygghetsvandringen registrerades").wait_for()
    assert page.locator("figure svg polyline").count() == 1
    page.get_by_label("Iakttagelse från vandringen").fill("Mörk passage mellan entrén och parkeringen.")
    page.get_by_label("Foto (frivilligt)").set_input_files(_photo(tmp_path))
    page.get_by_label("Vad fotot visar").fill("Den mörka passagen vid parkeringen")
    page.get_by_role("button", name="Lägg till iakttagelsen").click()
    page.get_by_text("Iakttagelsen lades till.").wait_for()
    assert page.get_by_role("img", name="Den mörka passagen vid parkeringen").count() == 1
    assert_accessible(page)
    page.get_by_role("link", name="Gör iakttagelsen till en åtgärd").click()
    form = page.locator("form[action$='/atgard/']")
    assert form.get_by_label("Beskrivning").input_value().startswith("Mörk passage")
    form.get_by_label(re.compile(r"^Vem")).fill("Trafikkontoret")
    form.get_by_role("button", name="Lägg till åtgärden").click()
    page.get_by_text("Åtgärden lades till i åtgärdsplanen.").wait_for()
    assert WalkFinding.objects.get().measures.count() == 1

    # The rest of the action plan: five measures in all.
    _measure(
        page, "Polisen prioriterar platsen och ökar närvaron", "Polisen ökar närvaron kvällstid", "Polisen", "Pågår"
    )
    _measure(page, "Fältassistenterna prioriterar platsen", "Fältassistenterna finns vid torget fre–lör", "Fältgruppen")
    _measure(
        page, "Centrum- och fastighetsägare ser över skalskyddet", "Se över skalskyddet vid entréerna", "Centrumägaren"
    )
    _measure(page, "Ansökan om trygghetsmedel", "Söka trygghetsmedel för belysning", "Stadsdelsförvaltningen")
    assert Measure.objects.filter(collaboration=collaboration).count() == 5
    assert_accessible(page)

    # An application to the safety fund from the collaboration, granted and paid by the city.
    page.get_by_role("link", name="Sök ur trygghetsfonden").click()
    page.get_by_label("Utlysning").select_option(label="Trygghetsfonden (test)")
    page.get_by_label("Titel").fill("Belysning Liljeholmstorget")
    page.get_by_label("Typ", exact=True).select_option(label="Förbättrad belysning på otrygga platser")
    page.get_by_label("Syfte").fill("Öka tryggheten kvällstid vid entréerna.")
    page.get_by_label("Åtgärder", exact=True).fill("Ny belysning vid tre entréer och i passagen.")
    page.get_by_label("Sökt belopp (kr)").fill("450000")
    page.get_by_label("Medfinansiering (kr)").fill("150000")
    assert_accessible(page)
    page.get_by_role("button", name="Spara ansökan").click()
    page.get_by_text("Ansökan sparades som utkast.").wait_for()
    page.get_by_role("button", name="Skicka till staden").click()
    page.get_by_text("Ansökan skickades till staden för granskning.").wait_for()
    application = FundApplication.objects.get()
    assert application.collaboration == collaboration and application.place == centre

    page.context.clear_cookies()
    browser_login(page, city.username)
    page.goto(f"{url}/platser/fonden/ansokan/{application.pk}/")
    page.locator("label").get_by_text("Bevilja", exact=True).click()
    page.get_by_label("Bedömning mot kriterierna").fill(
        "Uppfyller kriterierna: otrygg plats, samverkan, medfinansiering."
    )
    page.get_by_label("Beviljat belopp (kr)").fill("400000")
    page.get_by_label("Villkor").fill("Redovisas inom ett år.")
    page.get_by_label("Beslutsdatum").fill(today.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Registrera beslutet").click()
    page.get_by_text("Beslutet registrerades.").wait_for()
    page.get_by_label("Utbetalt den").fill(today.isoformat())
    page.get_by_role("button", name="Registrera utbetalningen").click()
    page.get_by_text("Utbetalningen registrerades.").wait_for()
    page.goto(f"{url}/platser/fonden/")
    assert page.get_by_test_id("fund-available").inner_text().replace("\u00a0", " ") == "99 600 000 kr"
    assert_accessible(page)

    # Two follow-up meetings later the group judges the picture improved and closes it.
    page.context.clear_cookies()
    browser_login(page, "tove")
    page.goto(f"{url}/platser/samverkan/{collaboration.pk}/")
    _meeting(
        page,
        start + datetime.timedelta(days=60),
        "Polisen och fältassistenterna på plats; belysning beställd.",
        "Oförändrad",
    )
    _meeting(
        page, start + datetime.timedelta(days=120), "Färre rapporter från butikerna; ny belysning på plats.", "Bättre"
    )
    form = page.locator("form[action$='/avsluta/']")
    form.get_by_label("Avslutad den").fill((start + datetime.timedelta(days=121)).isoformat())
    form.get_by_label("Gruppens bedömning att lägesbilden har förbättrats").fill(
        "Färre iakttagelser av stök, och trygghetsmätningen visar att fler känner sig trygga kvällstid."
    )
    form.locator("label").get_by_text("Iakttagelser på platsen", exact=True).click()
    form.locator("label").get_by_text("Trygghetsmätningen", exact=True).click()
    form.get_by_role("button", name="Avsluta: lägesbilden har förbättrats").click()
    page.get_by_text("Samverkan avslutades").wait_for()
    assert page.get_by_test_id("collaboration-status").inner_text() == "Avslutad: lägesbilden har förbättrats"
    assert_accessible(page)

    # A shooting nearby: the alert list, the registration, the e-mail from the worker, the log.
    page.goto(f"{url}/platser/handelser/larmlista/")
    page.get_by_label("E-postadresser, en per rad").fill("krisstod@hagersten.test.invalid")
    page.get_by_role("button", name="Spara listan").click()
    page.get_by_role("link", name="Registrera en händelse").click()
    page.get_by_label("Typ av händelse").select_option(label="Skjutning")
    when = timezone.localtime() - datetime.timedelta(hours=1)
    page.get_by_label("När det hände").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lokalpolisområde").select_option(label="LPO Skärholmen")
    page.get_by_label("Plats", exact=True).select_option(label="Liljeholmstorget (Liljeholmen)")
    page.get_by_label("Var (gata eller område)").fill("Liljeholmstorget, norra entrén")
    page.get_by_label("Vad som är känt").fill(
        "Skottlossning utomhus, en person skadad: Ola Svensson, Kim Berg, Ali Nur"
    )
    page.get_by_role("button", name="Registrera och larma beredskapen").click()
    page.get_by_text("lista med namn").wait_for()  # no names: refused next to the field, nothing saved
    assert CrisisEvent.objects.count() == 0
    page.get_by_label("Vad som är känt").fill("Skottlossning utomhus, en person skadad. Polisen har spärrat av.")
    assert_accessible(page)
    page.get_by_role("button", name="Registrera och larma beredskapen").click()
    page.get_by_text("Händelsen registrerades").wait_for()
    event = CrisisEvent.objects.get()

    call_command("db_worker", batch=True, no_startup_delay=True, queue_name="*", verbosity=0)
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == "krisstod@hagersten.test.invalid"
    page.reload()
    assert page.get_by_test_id("event-alert").inner_text().startswith("Skickat")

    page.get_by_label("När", exact=True).fill((when + datetime.timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Skede").select_option(label="Akut skede")
    page.get_by_label("Typ av åtgärd").select_option(label="På plats")
    page.locator("label").get_by_text("Krisstödjare", exact=True).click()
    page.locator("label").get_by_text("Fältassistenter", exact=True).click()
    page.get_by_label("Vad som gjordes").fill(
        "Krisstödjare och fältassistenter på plats; samtal med boende och vittnen."
    )
    page.get_by_role("button", name="Logga åtgärden").click()
    page.get_by_text("Åtgärden loggades.").wait_for()
    assert event.actions.count() == 1
    assert_accessible(page)

    # The event is on the place's page and on the map.
    page.goto(f"{url}/platser/platser/{centre.pk}/")
    assert page.get_by_role("link", name="Skjutning, Liljeholmstorget, norra entrén").count() == 1
    assert page.get_by_text("Krisstöd aktiverades").count() == 1  # the event is an observation of the place
    page.goto(f"{url}/platser/karta/")
    page.get_by_label("Stadsdelsområde").select_option(label="Hägersten-Älvsjö")
    page.get_by_role("button", name="Visa").click()
    assert page.locator("figure svg path title", has_text="Skjutning").count() == 1
    assert page.get_by_role("link", name="Skjutning, Liljeholmstorget, norra entrén").count() == 1
    assert_accessible(page)
