import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samhandling.cases import services
from samhandling.cases.models import (
    ChildViews,
    FactorAssessment,
    InitialAssessment,
    InstrumentUse,
    InterventionDecision,
    PoliceRequest,
    ProtectionAssessment,
    ReporterFeedback,
)
from samhandling.catalogue.models import Factor, Method

from . import helpers

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _iso(day):
    return day.isoformat()


@pytest.fixture
def worker(social_worker_hagersten, client_for):
    return client_for(social_worker_hagersten)


def test_the_protection_assessment_is_stamped_with_time_and_assessor(worker, social_worker_hagersten):
    report = helpers.report()
    response = worker.post(
        reverse("cases:protection_assessment", args=[report.id]),
        {"immediate_protection_needed": "no", "notes": "Barnet är i skolan, inga tecken på akut fara."},
    )
    assert response.status_code == 302
    pa = ProtectionAssessment.objects.get()
    assert pa.assessed_by == social_worker_hagersten and pa.assessed_at.date() == timezone.now().date()
    page = worker.get(reverse("cases:case_detail", args=[report.case_id])).text
    assert "Inget behov av omedelbart skydd" in page


def test_not_opening_an_investigation_needs_reasons(worker, social_worker_hagersten):
    report = helpers.assessed_report(social_worker_hagersten)
    url = reverse("cases:initial_assessment", args=[report.id])
    response = worker.post(url, {"decision": "not_open", "decided_on": _iso(TODAY()), "reasons": ""})
    assert response.status_code == 200 and "Ange skälen för att inte inleda utredning" in response.text
    assert not InitialAssessment.objects.exists()


def test_a_decision_date_in_the_future_is_refused(worker, social_worker_hagersten):
    report = helpers.assessed_report(social_worker_hagersten)
    response = worker.post(
        reverse("cases:initial_assessment", args=[report.id]),
        {"decision": "open", "decided_on": _iso(TODAY() + datetime.timedelta(days=1))},
    )
    assert "framtiden" in response.text and not InitialAssessment.objects.exists()


def test_a_late_initial_assessment_needs_exceptional_reasons(worker, social_worker_hagersten):
    report = helpers.assessed_report(social_worker_hagersten, received_at=timezone.now() - datetime.timedelta(days=20))
    url = reverse("cases:initial_assessment", args=[report.id])
    response = worker.post(url, {"decision": "open", "decided_on": _iso(TODAY())})
    assert "särskilda skälen" in response.text and not InitialAssessment.objects.exists()
    response = worker.post(
        url, {"decision": "open", "decided_on": _iso(TODAY()), "exceptional_reasons": "Barnet var utomlands."}
    )
    assert response.status_code == 302
    inv = report.case.investigations.get()
    assert inv.due_on == helpers_add_months(TODAY(), 4)


def helpers_add_months(day, months):
    from samhandling.cases.deadlines import add_months

    return add_months(day, months)


def test_opening_on_day_ten_sets_the_four_month_deadline_under_the_rule_in_force(worker, social_worker_hagersten):
    received = timezone.now() - datetime.timedelta(days=10)
    report = helpers.assessed_report(social_worker_hagersten, received_at=received)
    assert report.initial_assessment_due == timezone.localtime(received).date() + datetime.timedelta(days=14)
    worker.post(
        reverse("cases:initial_assessment", args=[report.id]), {"decision": "open", "decided_on": _iso(TODAY())}
    )
    inv = report.case.investigations.get()
    assert "2025:400" in inv.rule.legal_reference and inv.due_on == helpers_add_months(TODAY(), 4)


def test_an_extension_needs_a_decision_with_reasons(worker, social_worker_hagersten):
    inv = helpers.investigation(social_worker_hagersten)
    url = reverse("cases:investigation_extend", args=[inv.id])
    new_due = inv.due_on + datetime.timedelta(days=30)
    response = worker.post(url, {"new_due_on": _iso(new_due), "reasons": ""})
    assert response.status_code == 200
    worker.post(url, {"new_due_on": _iso(new_due), "reasons": "Väntar på BUP-utlåtande."})
    inv.refresh_from_db()
    assert inv.due_on == new_due and inv.extensions.get().reasons == "Väntar på BUP-utlåtande."


def test_no_decision_without_the_childs_views(worker, social_worker_hagersten):
    inv = helpers.investigation(social_worker_hagersten)
    komet = Method.objects.get(slug="komet")
    data = {
        "method": komet.id,
        "provider": "Stadsdelens öppenvård",
        "basis": "consent",
        "decided_on": _iso(TODAY()),
        "start_on": _iso(TODAY()),
        "follow_up_on": _iso(TODAY() + datetime.timedelta(days=90)),
    }
    response = worker.post(reverse("cases:intervention_decide", args=[inv.case_id]), data)
    assert response.status_code == 200 and "barnets egna synpunkter" in response.text
    assert not InterventionDecision.objects.exists()
    complete = worker.post(reverse("cases:investigation_complete", args=[inv.id]), {"completed_on": _iso(TODAY())})
    assert "barnets egna synpunkter" in complete.text
    worker.post(
        reverse("cases:child_views", args=[inv.id]),
        {"whose": "child", "recorded_on": _iso(TODAY()), "how": "Samtal i skolan", "views": "Vill ha hjälp med läxor."},
    )
    assert ChildViews.objects.count() == 1
    assert worker.post(reverse("cases:intervention_decide", args=[inv.case_id]), data).status_code == 302
    decision = InterventionDecision.objects.get()
    worker.post(
        reverse("cases:intervention_follow_up", args=[decision.id]),
        {"followed_up_on": _iso(TODAY()), "notes": "Har kommit igång."},
    )
    assert decision.follow_ups.count() == 1
    assert (
        worker.post(reverse("cases:investigation_complete", args=[inv.id]), {"completed_on": _iso(TODAY())}).status_code
        == 302
    )


def test_factors_are_judged_one_by_one_and_a_second_editor_gets_a_conflict(
    client_for, social_worker_hagersten, unit_manager_hagersten
):
    inv = helpers.investigation(social_worker_hagersten)
    factor = Factor.objects.get(code="risk-school-failure")
    url = reverse("cases:factor_assessment", args=[inv.id, factor.id])
    first, second = client_for(social_worker_hagersten), None
    assert first.get(url).status_code == 200
    data = {
        "status": "present",
        "source": "Skolan",
        "assessed_on": _iso(TODAY()),
        "comment": "Hög frånvaro",
        "version": 0,
    }
    assert first.post(url, data).status_code == 302
    # A second person opened the form at version 0 too and saves after the first.
    from django.test import Client

    second = Client()
    second.force_login(unit_manager_hagersten, backend="samhandling.accounts.backends.RoleBackend")
    response = second.post(url, {**data, "status": "absent", "comment": "Närvaron har blivit bättre"})
    assert response.status_code == 409
    assert "Hög frånvaro" in response.text and "Närvaron har blivit bättre" in response.text
    fa = FactorAssessment.objects.get()
    assert fa.status == "present" and fa.version == 1
    # Saving again on top of the version now shown works.
    assert second.post(url, {**data, "status": "absent", "version": 1}).status_code == 302
    fa.refresh_from_db()
    assert fa.status == "absent" and fa.version == 2


def test_a_licensed_instrument_keeps_only_the_overall_judgement(worker, social_worker_hagersten):
    inv = helpers.investigation(social_worker_hagersten)
    savry = Method.objects.get(slug="savry")
    url = reverse("cases:instrument_use", args=[inv.id])
    page = worker.get(url).text
    assert "SAVRY" in page and "KOMET" not in page
    worker.post(url, {"method": savry.id, "used_on": _iso(TODAY()), "overall_judgement": "moderate"})
    use = InstrumentUse.objects.get()
    assert use.assessor == social_worker_hagersten and use.overall_judgement == "moderate"
    with pytest.raises(ValidationError):
        services.instrument_use_record(
            actor=social_worker_hagersten,
            investigation=inv,
            method=Method.objects.get(slug="komet"),
            used_on=TODAY(),
            overall_judgement="low",
        )


def test_a_request_under_31_lul_and_its_answer(worker, social_worker_hagersten):
    case = helpers.report().case
    worker.post(
        reverse("cases:police_request", args=[case.id]), {"requested_on": _iso(TODAY()), "request": "Utredning av rån."}
    )
    req = PoliceRequest.objects.get()
    response = worker.post(
        reverse("cases:police_answer", args=[req.id]),
        {"answered_on": _iso(TODAY() - datetime.timedelta(days=3)), "answer": "Inleds.", "version": req.version},
    )
    assert "före begäran" in response.text
    worker.post(
        reverse("cases:police_answer", args=[req.id]),
        {"answered_on": _iso(TODAY()), "answer": "Inleds.", "version": req.version},
    )
    req.refresh_from_db()
    assert req.answer == "Inleds."


def test_the_reporter_is_told_and_the_system_records_when(worker, social_worker_hagersten):
    report = helpers.assessed_report(social_worker_hagersten)
    services.initial_assessment_decide(
        actor=social_worker_hagersten, report=report, decision="open", decided_on=TODAY()
    )
    # Sent through the public form: the school's claim is confirmed before the school is told anything.
    worker.post(reverse("cases:reporter_confirm", args=[report.id]), {"note": "Ringde tillbaka via skolans växel."})
    worker.post(reverse("cases:reporter_feedback", args=[report.id]), {"outcome": "opened"})
    feedback = ReporterFeedback.objects.get()
    assert feedback.told_by == social_worker_hagersten and feedback.told_at is not None
    anonymous = helpers.report(number=helpers.OTHER_NUMBER, reporter_kind="public")
    response = worker.post(reverse("cases:reporter_feedback", args=[anonymous.id]), {"outcome": "opened"})
    assert "anmälningsplikt" in response.text and ReporterFeedback.objects.count() == 1
