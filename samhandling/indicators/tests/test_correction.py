"""An analyst corrects one value by hand: old figure kept, audited, never a silent overwrite."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from samhandling.audit.models import AuditEvent
from samhandling.indicators.models import Level, Value, ValueRevision
from samhandling.organisations.models import District

pytestmark = pytest.mark.django_db

URL = "/indikatorer/behorighet/ratta/"
BROMMA_2023 = URL + "?omrade=bromma&period=2023&kon=total"


@pytest.fixture
def bromma_value(rate_indicator):
    return Value.objects.create(
        indicator=rate_indicator,
        level=Level.DISTRICT,
        district=District.objects.get(code="bromma"),
        period="2023",
        value=Decimal("70.5"),
        numerator=Decimal(141),
        denominator=Decimal(200),
        status=Value.Status.PRELIMINARY,
        source_note="SCB, leverans 2024-02",
    )


def version_of(html: str) -> str:
    return re.search(r'name="version" value="([^"]+)"', html).group(1)


def test_an_analyst_corrects_a_value_and_the_old_one_is_kept(client_for, city_analyst, bromma_value):
    client = client_for(city_analyst)
    page = client.get(BROMMA_2023).content.decode()
    assert "70,5 (preliminärt)" in page and "SCB, leverans 2024-02" in page
    response = client.post(
        BROMMA_2023,
        {"value": "", "numerator": "143", "denominator": "200", "status": "final",
         "reason": "Rättad leverans från SCB 2024-05", "version": version_of(page)},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == BROMMA_2023
    bromma_value.refresh_from_db()
    assert bromma_value.value == Decimal("71.5") and bromma_value.status == Value.Status.FINAL
    assert bromma_value.source_note == "Rättad leverans från SCB 2024-05"
    revision = bromma_value.revisions.get()
    assert (revision.old_value, revision.old_status) == (Decimal("70.5"), Value.Status.PRELIMINARY)
    assert revision.old_source_note == "SCB, leverans 2024-02" and revision.replaced_by == city_analyst
    event = AuditEvent.objects.get(verb="indicators.value_corrected", target_id=str(bromma_value.pk))
    assert event.actor == city_analyst
    assert (event.details["old_value"], event.details["new_value"]) == ("70.5000", "71.5000")
    assert event.details["reason"] == "Rättad leverans från SCB 2024-05"
    page = client.get(BROMMA_2023).content.decode()
    assert "Värdet rättades." in page and "71,5 (slutligt)" in page and "rättad för hand" in page


def test_a_second_analyst_with_an_outdated_value_gets_a_conflict_not_an_overwrite(
    client_for, city_analyst, bromma_value
):
    from samhandling.organisations.tests import factories as f

    first, second = client_for(city_analyst), client_for(f.city_analyst())
    first_version = version_of(first.get(BROMMA_2023).content.decode())
    second_version = version_of(second.get(BROMMA_2023).content.decode())
    data = {"numerator": "", "denominator": "", "status": "final"}
    assert (
        first.post(
            BROMMA_2023, {**data, "value": "72", "reason": "Första rättelsen", "version": first_version}
        ).status_code
        == 302
    )
    response = second.post(
        BROMMA_2023, {**data, "value": "69,25", "reason": "Andra rättelsen", "version": second_version}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Någon annan ändrade värdet efter att du öppnade det. Ingenting sparades." in html
    assert re.search(r'data-conflict="current">72<', html) and re.search(r'data-conflict="mine">69,25<', html)
    assert 'value="69,25"' in html and "Andra rättelsen" in html  # nothing typed is lost
    bromma_value.refresh_from_db()
    assert bromma_value.value == Decimal(72) and bromma_value.revisions.count() == 1
    # Saving again after seeing the conflict is a deliberate choice, and it is kept in the history.
    again = second.post(
        BROMMA_2023, {**data, "value": "69,25", "reason": "Andra rättelsen", "version": version_of(html)}
    )
    assert again.status_code == 302
    bromma_value.refresh_from_db()
    assert bromma_value.value == Decimal("69.25")
    assert [r.old_value for r in bromma_value.revisions.order_by("id")] == [Decimal("70.5"), Decimal(72)]
    assert AuditEvent.objects.filter(verb="indicators.value_corrected").count() == 2  # fmt: skip


def test_the_same_form_sent_twice_saves_one_correction(client_for, city_analyst, bromma_value):
    client = client_for(city_analyst)
    version = version_of(client.get(BROMMA_2023).content.decode())
    data = {
        "value": "71",
        "numerator": "",
        "denominator": "",
        "status": "final",
        "reason": "Rättning",
        "version": version,
    }
    assert client.post(BROMMA_2023, data).status_code == 302
    assert client.post(BROMMA_2023, data).status_code == 302
    assert ValueRevision.objects.count() == 1
    assert AuditEvent.objects.filter(verb="indicators.value_corrected").count() == 1


def test_bad_input_is_reported_in_swedish_next_to_the_field_and_kept(client_for, city_analyst, bromma_value):
    client = client_for(city_analyst)
    version = version_of(client.get(BROMMA_2023).content.decode())
    html = client.post(
        BROMMA_2023,
        {"value": "", "numerator": "250", "denominator": "200", "status": "final", "reason": "", "version": version},
    ).content.decode()
    assert "Täljaren kan inte vara större än nämnaren." in html
    assert "Det här fältet är obligatoriskt." in html
    assert 'value="250"' in html
    html = client.post(
        BROMMA_2023,
        {"value": "150", "numerator": "", "denominator": "", "status": "final", "reason": "x", "version": version},
    ).content.decode()
    assert "Värdet måste ligga inom indikatorns intervall 0–100." in html
    html = client.post(
        BROMMA_2023,
        {"value": "sjuttio", "numerator": "", "denominator": "", "status": "final", "reason": "x", "version": version},
    ).content.decode()
    assert "Skriv ett tal, t.ex. 12,5 eller 1 234." in html
    bromma_value.refresh_from_db()
    assert bromma_value.value == Decimal("70.5") and not ValueRevision.objects.exists()


def test_a_choice_without_a_figure_says_so(client_for, city_analyst, bromma_value):
    html = client_for(city_analyst).get(URL + "?omrade=farsta&period=2023&kon=total").content.decode()
    assert "Det finns ingen siffra för det här valet." in html and 'name="reason"' not in html


def test_the_indicator_page_offers_the_correction_to_analysts_only(
    client_for, city_analyst, district_planner, bromma_value
):
    assert "Rätta ett värde" in client_for(city_analyst).get("/indikatorer/behorighet/").content.decode()
    assert "Rätta ett värde" not in client_for(district_planner).get("/indikatorer/behorighet/").content.decode()


@pytest.mark.parametrize("persona", ["district_planner", "social_worker_hagersten", "police_liaison"])
def test_other_roles_may_read_but_not_correct(request, client_for, bromma_value, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(BROMMA_2023).status_code == 403
    assert client.post(BROMMA_2023, {"value": "1", "status": "final", "reason": "x", "version": "x"}).status_code == 403
    bromma_value.refresh_from_db()
    assert bromma_value.value == Decimal("70.5")


def test_outsiders_unknown_indicators_and_anonymous(client_for, outsider, city_analyst, bromma_value):
    assert client_for(outsider).get(BROMMA_2023).status_code == 403
    assert client_for(city_analyst).get("/indikatorer/finns-inte/ratta/").status_code == 404
    assert Client().get(BROMMA_2023).status_code == 302  # anonymous: to the login page


def test_a_count_is_corrected_without_numerator_fields(client_for, city_analyst, count_indicator):
    value = Value.objects.create(
        indicator=count_indicator, level=Level.CITY, period="2024", gender="female", value=Decimal(12)
    )
    client = client_for(city_analyst)
    url = "/indikatorer/misstankta/ratta/?omrade=stockholm&period=2024&kon=female"
    page = client.get(url).content.decode()
    assert 'name="numerator"' not in page and "Flickor" in page
    response = client.post(
        url, {"value": "13", "status": "final", "reason": "Sen anmälan", "version": version_of(page)}
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert value.value == Decimal(13) and value.revisions.get().old_value == Decimal(12)
