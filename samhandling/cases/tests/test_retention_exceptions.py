"""The exceptions of the former SoL (2001:453) 12 kap., held as data, in the dry run and the run."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from samhandling.audit.models import AuditEvent
from samhandling.cases import services
from samhandling.cases.models import Case, InterventionDecision, Investigation, RetentionException, RetentionRule
from samhandling.cases.retention import retention_plan, retention_run
from samhandling.catalogue.models import Method

from . import helpers

pytestmark = pytest.mark.django_db

YEARS_AGO = timezone.now() - datetime.timedelta(days=365 * 6)


def _closed_case_file(worker, number, method_slug):
    """An old, closed case file with an investigation and an intervention decision."""
    report = helpers.report(number=number)
    case = report.case
    day = datetime.date(2018, 3, 1)
    Investigation.objects.create(case=case, opened_on=day, opened_by=worker, due_on=day, completed_on=day)
    InterventionDecision.objects.create(
        case=case,
        method=Method.objects.get(slug=method_slug),
        provider="Stadsdelsförvaltningen",
        basis="consent",
        decided_on=day,
        decided_by=worker,
        start_on=day,
        follow_up_on=day,
    )
    Case.objects.filter(id=case.id).update(
        status=Case.Status.CLOSED, closed_on=YEARS_AGO.date(), last_entry_at=YEARS_AGO
    )
    return case


def _old_report_only(worker, number, district="Hägersten-Älvsjö"):
    report = helpers.assessed_report(worker, number=number, district=district)
    services.initial_assessment_decide(
        actor=worker, report=report, decision="not_open", decided_on=timezone.localdate(), reasons="Ingen oro kvar."
    )
    Case.objects.filter(id=report.case_id).update(
        last_entry_at=YEARS_AGO, status=Case.Status.CLOSED, closed_on=YEARS_AGO.date()
    )
    return report.case


def test_the_rules_name_12_kap_1_and_every_exception_awaits_a_lawyers_check():
    for rule in RetentionRule.objects.all():
        assert rule.legal_reference.startswith("12 kap. 1 §")
        assert rule.keep_birth_days == [5, 15, 25]
        kinds = set(rule.exceptions.values_list("kind", flat=True))
        assert {"placement", "person_records_kept", "research_municipality", "not_held"} <= kinds
    assert not RetentionException.objects.filter(needs_legal_review=False).exists()
    # Whether Stockholm is in the research sample is not known: stored, but not applied.
    assert not RetentionException.objects.filter(kind="research_municipality", active=True).exists()


def test_a_placement_is_kept_and_another_intervention_goes(social_worker_hagersten):
    placed = _closed_case_file(social_worker_hagersten, helpers.luhn_number("20080607", "981"), "familjehem")
    other = _closed_case_file(social_worker_hagersten, helpers.luhn_number("20080608", "982"), "mst")
    candidates, kept = retention_plan()
    assert [c.case_id for c in candidates] == [other.id]
    exception = RetentionException.objects.get(kind="placement", rule__record_class="case_file")
    assert [(k.case_id, k.exception_id) for k in kept] == [(placed.id, exception.id)]
    out = io.StringIO()
    call_command("cases_retention", "--dry-run", stdout=out)
    assert f"case {placed.id}\tkept by exception {exception.id}" in out.getvalue()
    assert "1 case(s) would be deleted." in out.getvalue()
    retention_run()
    assert set(Case.objects.values_list("id", flat=True)) == {placed.id}


def test_a_file_stays_while_the_person_has_another_record_kept(social_worker_hagersten, social_worker_rinkeby):
    number = helpers.luhn_number("20090607", "983")
    old = _old_report_only(social_worker_hagersten, number)
    recent = helpers.report(number=number, district="Rinkeby-Kista").case
    assert old.person_id == recent.person_id
    candidates, kept = retention_plan()
    assert candidates == [] and [k.case_id for k in kept] == [old.id]
    # When the other record is past its time too, both go.
    services.protection_assessment_record(
        actor=social_worker_rinkeby, report=recent.reports.get(), immediate_protection_needed=False, notes="Ingen."
    )
    services.initial_assessment_decide(
        actor=social_worker_rinkeby,
        report=recent.reports.get(),
        decision="not_open",
        decided_on=timezone.localdate(),
        reasons="Ingen oro.",
    )
    Case.objects.filter(id=recent.id).update(
        last_entry_at=YEARS_AGO, status=Case.Status.CLOSED, closed_on=YEARS_AGO.date()
    )
    assert {c.case_id for c in retention_plan()[0]} == {old.id, recent.id}


def test_a_municipality_in_the_research_sample_deletes_nothing(social_worker_hagersten):
    _old_report_only(social_worker_hagersten, helpers.luhn_number("20090608", "984"))
    assert len(retention_plan()[0]) == 1
    RetentionException.objects.filter(kind="research_municipality").update(active=True, parameters={"applies": True})
    candidates, kept = retention_plan()
    assert candidates == [] and len(kept) == 1
    retention_run()
    assert Case.objects.count() == 1
    assert AuditEvent.objects.get(verb="cases.retention.run").details["cases_deleted"] == {}
