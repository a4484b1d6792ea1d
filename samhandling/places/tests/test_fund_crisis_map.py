"""The safety fund's money, the crisis alert, the map, exports and public counts."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samhandling.core.csvfile import safe_row
from samhandling.places import selectors, services
from samhandling.places.models import CrisisEvent, FundApplication, Observation
from samhandling.places.money import kronor
from samhandling.places.tasks import send_crisis_alert

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_kronor_are_written_the_swedish_way():
    assert kronor(Decimal("100000000")) == "100\u00a0000\u00a0000\u00a0kr"
    assert kronor(450) == "450\u00a0kr"
    assert kronor(None) == "–"


def _submit_and_grant(application, coordinator, city, amount):
    services.application_submit(actor=coordinator, application=application, expected_version=1)
    return services.application_decide(
        actor=city, application=application, expected_version=2, grant=True, assessment="Uppfyller kriterierna",
        granted_amount=amount, conditions="Redovisas senast i december", decided_on=TODAY,
    )  # fmt: skip


def test_the_fund_is_granted_paid_and_reported_and_its_balance_follows(
    application, safety_coordinator_hagersten, city_safety, fund_call
):
    granted = _submit_and_grant(application, safety_coordinator_hagersten, city_safety, Decimal(400_000))
    paid = services.application_pay(
        actor=city_safety, application=granted, expected_version=3, paid_amount=Decimal(400_000), paid_on=TODAY
    )
    reported = services.application_report(
        actor=safety_coordinator_hagersten, application=paid, expected_version=4,
        report="Belysningen är uppsatt vid tre entréer.", reported_on=TODAY,
    )  # fmt: skip
    assert reported.status == FundApplication.Status.REPORTED
    balance = services.fund_balance(fund_call)
    assert balance["granted"] == balance["paid"] == Decimal(400_000)
    assert balance["available"] == Decimal(99_600_000)


def test_a_grant_cannot_exceed_what_the_fund_has_left(
    application, safety_coordinator_hagersten, city_safety, fund_call
):
    fund_call.budget = Decimal(300_000)
    fund_call.save()
    with pytest.raises(ValidationError) as error:
        _submit_and_grant(application, safety_coordinator_hagersten, city_safety, Decimal(400_000))
    assert error.value.message_dict["granted_amount"] == ["Fonden har 300\u00a0000\u00a0kr kvar att bevilja."]
    application.refresh_from_db()
    assert application.status == "submitted"


def test_camera_surveillance_needs_its_permit(fund_call, hagersten, safety_coordinator_hagersten):
    with pytest.raises(ValidationError):
        services.application_create(
            actor=safety_coordinator_hagersten, call=fund_call, district=hagersten, applicant="SDF", title="Kameror",
            kind="camera", purpose="p", measures="m", amount=Decimal(100_000),
        )  # fmt: skip
    application = services.application_create(
        actor=safety_coordinator_hagersten, call=fund_call, district=hagersten, applicant="SDF", title="Kameror",
        kind="camera", purpose="p", measures="m", amount=Decimal(100_000), camera_permit="IMY 2025-1234",
    )  # fmt: skip
    assert application.camera_permit == "IMY 2025-1234"


def test_the_coordinator_cannot_decide_their_own_application(application, safety_coordinator_hagersten):
    from django.core.exceptions import PermissionDenied

    services.application_submit(actor=safety_coordinator_hagersten, application=application, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.application_decide(
            actor=safety_coordinator_hagersten, application=application, expected_version=2, grant=True,
            assessment="x", granted_amount=Decimal(1), decided_on=TODAY,
        )  # fmt: skip


def test_the_export_neutralises_formulas_and_writes_kronor_as_numbers(client_for, city_safety, application):
    application.title = '=HYPERLINK("http://evil")'
    application.save()
    response = client_for(city_safety).get(reverse("places:fund_export"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'
    assert rows[1][6] == "450000"
    assert safe_row(["+x", "-x", "@a", "ok", 5, "-3,2"]) == ["'+x", "'-x", "'@a", "ok", 5, "-3,2"]


def test_registering_an_event_alerts_the_on_call_through_the_worker_and_enters_the_situation_picture(
    event, smtp_server, centre
):
    assert smtp_server.messages == []  # nothing is sent inside the request
    send_crisis_alert.call(event.pk)
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "krisstod@hagersten.test.invalid"
    body = message.get_payload(decode=True).decode()
    assert "Liljeholmstorget, norra entrén" in body and f"/platser/handelser/{event.pk}/" in body
    event.refresh_from_db()
    assert event.alert_sent_at is not None
    send_crisis_alert.call(event.pk)  # a retry after success sends nothing more
    assert len(smtp_server.messages) == 1
    observation = Observation.objects.get(event=event)
    assert observation.place == centre and observation.source == "event"


def test_a_failed_alert_is_kept_on_the_event_and_raised_for_the_worker(event, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with pytest.raises(OSError):
        send_crisis_alert.call(event.pk)
    event.refresh_from_db()
    assert event.alert_error and event.alert_sent_at is None


def test_the_event_register_form_refuses_names_of_victims(client_for, safety_coordinator_hagersten, hagersten):
    response = client_for(safety_coordinator_hagersten).post(
        reverse("places:event_register"),
        {
            "district": hagersten.pk, "kind": "shooting", "occurred_at": "2025-05-01T21:30",
            "location": "Västertorpsvägen", "known": "Skadade: Ola Svensson, Kim Berg, Ali Nur",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "lista med namn" in response.content.decode()
    assert not CrisisEvent.objects.exists()


def test_the_map_shows_every_layer_with_a_table_and_zooms_to_a_district(
    client_for, city_safety, centre, collaboration, investment, application, event, hagersten
):
    client = client_for(city_safety)
    page = client.get(reverse("places:map")).content.decode()
    assert page.count("<svg") >= 1 and 'role="img"' in page
    for name in [
        "Liljeholmstorget",
        "Platssamverkan Liljeholmstorget",
        "Belysning vid BP",
        "Belysning Liljeholmstorget",
    ]:
        assert name in page
    zoomed = client.get(reverse("places:map"), {"district": hagersten.pk, "layer": ["events"]}).content.decode()
    assert "Skjutning" in zoomed and "Platssamverkan Liljeholmstorget</a>" not in zoomed


def test_public_event_counts_hide_small_numbers(event):
    year = timezone.localtime(event.occurred_at).year
    assert selectors.event_counts(year=year, public=True)[0]["count"] is None
    assert selectors.event_counts(year=year, public=False)[0]["count"] == 1
