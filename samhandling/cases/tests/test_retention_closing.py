"""Retention counts from the closing of the case; guardians with no other reason go with the child."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import services
from samhandling.cases.models import Case, Person, RetentionException
from samhandling.cases.retention import retention_people, retention_plan, retention_run

from . import helpers

pytestmark = pytest.mark.django_db

SIX_YEARS_AGO = timezone.now() - datetime.timedelta(days=365 * 6)


def _not_opened(worker, number):
    report = helpers.assessed_report(worker, number=number)
    services.initial_assessment_decide(
        actor=worker, report=report, decision="not_open", decided_on=timezone.localdate(), reasons="Ingen oro."
    )
    return report.case


def test_an_open_case_is_never_deleted_however_old_its_last_entry(social_worker_hagersten):
    case = _not_opened(social_worker_hagersten, helpers.luhn_number("20100607", "981"))
    Case.objects.filter(id=case.id).update(last_entry_at=SIX_YEARS_AGO)
    assert retention_plan()[0] == []


def test_the_time_counts_from_the_closing_date(social_worker_hagersten):
    closed_long_ago = _not_opened(social_worker_hagersten, helpers.luhn_number("20100607", "981"))
    closed_lately = _not_opened(social_worker_hagersten, helpers.luhn_number("20100608", "982"))
    for case, closed in ((closed_long_ago, SIX_YEARS_AGO.date()), (closed_lately, timezone.localdate())):
        case.refresh_from_db()
        services.case_close(
            actor=social_worker_hagersten,
            case=case,
            expected_version=case.version,
            reason="no_investigation",
            closed_on=max(closed, timezone.localtime(case.created_at).date()),
        )
    # Both last entries are six years old; only the case closed six years ago has passed its time.
    Case.objects.filter(id=closed_long_ago.id).update(closed_on=SIX_YEARS_AGO.date(), last_entry_at=SIX_YEARS_AGO)
    Case.objects.filter(id=closed_lately.id).update(last_entry_at=SIX_YEARS_AGO)
    candidates = retention_plan()[0]
    assert [c.case_id for c in candidates] == [closed_long_ago.id]
    assert candidates[0].counted_from == SIX_YEARS_AGO.date()


def test_a_rule_counting_from_the_last_entry_is_data(social_worker_hagersten):
    from samhandling.cases.models import RetentionRule

    case = _not_opened(social_worker_hagersten, helpers.luhn_number("20100607", "981"))
    Case.objects.filter(id=case.id).update(last_entry_at=SIX_YEARS_AGO)
    assert set(RetentionRule.objects.values_list("counts_from", flat=True)) == {"closing"}
    RetentionRule.objects.update(counts_from="last_entry")
    assert [c.case_id for c in retention_plan()[0]] == [case.id]


def _closed_old(case):
    Case.objects.filter(id=case.id).update(
        status=Case.Status.CLOSED, closed_on=SIX_YEARS_AGO.date(), last_entry_at=SIX_YEARS_AGO
    )


def test_guardians_with_no_other_reason_go_with_the_child(social_worker_hagersten):
    case = _not_opened(social_worker_hagersten, helpers.luhn_number("20100607", "981"))
    mother = services.guardian_add(
        actor=social_worker_hagersten, case=case, personal_number=helpers.luhn_number("19800101", "981")
    )
    # The father is also the guardian of a sibling who stays; the sibling's own case keeps him.
    father = services.guardian_add(
        actor=social_worker_hagersten, case=case, personal_number=helpers.luhn_number("19790202", "982")
    )
    sibling = _not_opened(social_worker_hagersten, helpers.luhn_number("20130303", "983"))
    services.guardian_add(actor=social_worker_hagersten, case=sibling, personal_number=father.personal_number)
    # A guardian with a case of their own stays too.
    aunt = services.guardian_add(
        actor=social_worker_hagersten, case=case, personal_number=helpers.luhn_number("19900404", "984")
    )
    helpers.report(number=aunt.personal_number)
    _closed_old(case)
    people = retention_people([c.case_id for c in retention_plan()[0]])
    assert people.persons == [case.person_id] and people.guardians == [mother.id]
    out = io.StringIO()
    call_command("cases_retention", "--dry-run", stdout=out)
    assert f"guardian {mother.id}\t" in out.getvalue() and f"guardian {father.id}\t" not in out.getvalue()
    assert f"person {case.person_id}\t" in out.getvalue()
    result = retention_run()
    assert result["persons"] == 1 and result["guardians"] == 1
    assert not Person.objects.filter(id__in=[case.person_id, mother.id]).exists()
    assert Person.objects.filter(id__in=[father.id, aunt.id, sibling.person_id]).count() == 3
    assert AuditEvent.objects.get(verb="cases.retention.run").details["guardians_deleted"] == 1


def test_the_dry_run_names_the_exception_that_keeps_a_case(social_worker_hagersten, social_worker_rinkeby):
    number = helpers.luhn_number("20090607", "983")
    old = _not_opened(social_worker_hagersten, number)
    _closed_old(old)
    helpers.report(number=number, district="Rinkeby-Kista")  # another record about the person is kept
    exception = RetentionException.objects.get(kind="person_records_kept", rule__record_class="report_only")
    out = io.StringIO()
    call_command("cases_retention", "--dry-run", stdout=out)
    line = f"case {old.id}\tkept by exception {exception.id}\tperson_records_kept\t{exception.legal_reference}"
    assert line in out.getvalue()
