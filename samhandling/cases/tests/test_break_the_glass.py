"""Break the glass with brakes: listed reason and a written one, a daily limit, never a protected identity,
and a reviewer who sees both sides, what was read and the patterns (issue 9)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from samhandling.cases import services
from samhandling.cases.models import EmergencyAccess, EmergencyReason, Person
from samhandling.organisations.tests import factories as f

from . import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(social_worker_hagersten):
    """Four Hägersten cases about different children."""
    return [helpers.report(number=helpers.luhn_number("20120314", f"{serial}")).case for serial in (971, 972, 973, 974)]


def _post(c, case, reason=helpers.EMERGENCY_REASON, code="akut-skyddsbehov"):
    data = {"case_number": case.id, "reason": reason, "hours": 2}
    if code:
        data["reason_code"] = EmergencyReason.objects.get(code=code).id
    return c.post(reverse("cases:emergency_access"), data)


def test_kollar_is_not_a_reason(client_for, social_worker_rinkeby, cases):
    c = client_for(social_worker_rinkeby)
    response = _post(c, cases[0], reason="kollar", code=None)
    assert response.status_code == 200
    assert "Beskriv behovet med minst 40 tecken" in response.text
    assert "Det här fältet är obligatoriskt" in response.text  # the listed reason
    assert "kollar" in response.text  # nothing typed is lost
    assert not EmergencyAccess.objects.exists()


def test_beyond_the_daily_limit_the_unit_manager_must_approve(client_for, social_worker_rinkeby, cases):
    c = client_for(social_worker_rinkeby)
    for case in cases[:3]:
        assert _post(c, case).status_code == 302
        assert c.get(reverse("cases:case_detail", args=[case.id])).status_code == 200
    response = _post(c, cases[3])
    assert response.status_code == 302 and response["Location"] == reverse("cases:emergency_access")
    pending = EmergencyAccess.objects.get(case=cases[3])
    assert pending.status == EmergencyAccess.Status.PENDING
    assert c.get(reverse("cases:case_detail", args=[cases[3].id])).status_code == 404

    # The social worker cannot approve; a manager of another district does not see the request.
    assert c.get(reverse("cases:emergency_access_approvals")).status_code == 403
    other = client_for(f.unit_manager("Hägersten-Älvsjö"))
    page = other.get(reverse("cases:emergency_access_approvals"))
    assert page.status_code == 200 and f"ärende {cases[3].id}" not in page.text
    assert (
        other.post(
            reverse("cases:emergency_access_approvals"), {"access": pending.id, "decision": "approve"}
        ).status_code
        == 404
    )

    manager = client_for(f.unit_manager("Rinkeby-Kista"))
    page = manager.get(reverse("cases:emergency_access_approvals"))
    assert page.status_code == 200 and helpers.EMERGENCY_REASON in page.text
    response = manager.post(reverse("cases:emergency_access_approvals"), {"access": pending.id, "decision": "approve"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == EmergencyAccess.Status.ACTIVE and pending.expires_at > timezone.now()
    c = client_for(social_worker_rinkeby)
    assert c.get(reverse("cases:case_detail", args=[cases[3].id])).status_code == 200


def test_a_refused_request_never_opens_the_case(social_worker_rinkeby, cases):
    manager = f.unit_manager("Rinkeby-Kista")
    for case in cases[:3]:
        helpers.open_emergency(social_worker_rinkeby, case)
    pending = helpers.open_emergency(social_worker_rinkeby, cases[3])
    services.emergency_access_decide(actor=manager, access=pending, approve=False)
    pending.refresh_from_db()
    assert pending.status == EmergencyAccess.Status.REFUSED
    from samhandling.cases.access import visible_cases

    assert not visible_cases(social_worker_rinkeby).filter(id=cases[3].id).exists()


def test_a_protected_identity_is_never_opened_by_breaking_the_glass(client_for, social_worker_rinkeby, cases):
    Person.objects.filter(id=cases[0].person_id).update(protected_identity=True)
    response = _post(client_for(social_worker_rinkeby), cases[0])
    assert response.status_code == 200 and "skyddad identitet kan inte öppnas med nödåtkomst" in response.text
    assert not EmergencyAccess.objects.exists()


def test_a_protected_childs_guardian_is_not_opened_either(social_worker_hagersten, social_worker_rinkeby, cases):
    """A guardian who is also the subject of a case is protected with their protected child."""
    parent_case = helpers.report(number=helpers.luhn_number("20050101", "975")).case
    services.guardian_add(
        actor=social_worker_hagersten, case=cases[0], personal_number=parent_case.person.personal_number
    )
    Person.objects.filter(id=cases[0].person_id).update(protected_identity=True)
    with pytest.raises(ValidationError):
        helpers.open_emergency(social_worker_rinkeby, parent_case)


def test_the_reviewer_sees_both_sides_what_was_read_and_the_patterns(
    client_for, social_worker_rinkeby, log_reviewer, cases
):
    # Rinkeby has its own case about the child of the first case.
    own = helpers.report(district="Rinkeby-Kista", number=cases[0].person.personal_number).case
    assert own.unit.district.name == "Rinkeby-Kista"
    c = client_for(social_worker_rinkeby)
    for case in cases:
        helpers.open_emergency(social_worker_rinkeby, case)
    c.get(reverse("cases:case_detail", args=[cases[0].id]))
    c.get(reverse("cases:person_detail", args=[cases[0].id]))
    saturday_night = timezone.make_aware(datetime.datetime(2026, 3, 7, 23, 30))
    EmergencyAccess.objects.filter(case=cases[3]).update(requested_at=saturday_night, granted_at=saturday_night)

    reviewer = client_for(log_reviewer)
    page = reviewer.get(reverse("cases:emergency_access_review")).text
    assert "Barn och ungdom, Rinkeby-Kista" in page and "Barn och ungdom, Hägersten-Älvsjö" in page
    assert "Många ärenden" in page and "Utanför arbetstid" in page
    assert "Person med koppling till användarens egna ärenden" in page

    first = EmergencyAccess.objects.get(case=cases[0])
    detail = reviewer.get(reverse("cases:emergency_access_review_detail", args=[first.id])).text
    assert "ärendesidan" in detail and "barnet och vårdnadshavarna" in detail
    assert "Person med koppling till användarens egna ärenden" in detail


def test_the_review_has_an_outcome_and_a_comment(client_for, social_worker_rinkeby, log_reviewer, cases):
    entry = helpers.open_emergency(social_worker_rinkeby, cases[0])
    reviewer = client_for(log_reviewer)
    url = reverse("cases:emergency_access_review_detail", args=[entry.id])
    response = reviewer.post(url, {"outcome": "not_justified", "comment": ""})
    assert response.status_code == 200 and "Förklara utfallet i en kommentar." in response.text
    response = reviewer.post(url, {"outcome": "referred", "comment": "Lämnas till enhetschefen."})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.review_outcome == "referred" and entry.review_comment == "Lämnas till enhetschefen."
    assert entry.reviewed_by == log_reviewer


@pytest.mark.parametrize("persona", ["social_worker_hagersten", "unit_manager_hagersten", "outsider"])
def test_only_the_log_reviewer_opens_a_review(request, client_for, social_worker_rinkeby, cases, persona):
    entry = helpers.open_emergency(social_worker_rinkeby, cases[0])
    c = client_for(request.getfixturevalue(persona))
    assert c.get(reverse("cases:emergency_access_review_detail", args=[entry.id])).status_code == 403


def test_the_limit_is_data_valid_from_a_date(social_worker_rinkeby, cases):
    from samhandling.cases.models import EmergencyAccessRule

    current = services.emergency_rule()
    EmergencyAccessRule.objects.create(
        valid_from=timezone.localdate(),
        daily_limit=1,
        min_reason_length=10,
        many_cases=2,
        source="Test: skärpt rutin",
    )
    assert services.emergency_rule().daily_limit == 1
    assert services.emergency_rule(timezone.localdate() - datetime.timedelta(days=1)) == current
    helpers.open_emergency(social_worker_rinkeby, cases[0])
    assert helpers.open_emergency(social_worker_rinkeby, cases[1]).status == EmergencyAccess.Status.PENDING
