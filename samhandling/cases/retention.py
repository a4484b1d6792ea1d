"""Gallring: which case files have passed their retention time, by the rules held as data."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from samhandling.audit.services import record
from samhandling.cases.models import Case, ConcernReport, InitialAssessment, Investigation, Person, RetentionRule


@dataclass
class Candidate:
    case_id: int
    record_class: str
    rule_id: int
    last_entry: datetime.date


def _rule(record_class: str, today: datetime.date) -> RetentionRule | None:
    return (
        RetentionRule.objects.filter(record_class=record_class, valid_from__lte=today).order_by("-valid_from").first()
    )


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_candidates(*, today: datetime.date | None = None) -> list[Candidate]:
    """What a retention run would delete today (the dry run)."""
    today = today or timezone.localdate()
    has_investigation = Exists(Investigation.objects.filter(case=OuterRef("pk")))
    undecided = Exists(
        ConcernReport.objects.filter(case=OuterRef("pk")).exclude(
            initial_assessment__decision=InitialAssessment.Decision.NOT_OPEN
        )
    )
    classes = {
        RetentionRule.RecordClass.CASE_FILE: Case.objects.filter(has_investigation, status=Case.Status.CLOSED),
        RetentionRule.RecordClass.REPORT_ONLY: Case.objects.filter(~has_investigation, ~undecided),
    }
    found: list[Candidate] = []
    for record_class, cases in classes.items():
        rule = _rule(record_class, today)
        if rule is None:
            continue
        cutoff = _years_before(today, rule.years_after_last_entry)
        cases = cases.filter(last_entry_at__date__lt=cutoff)
        if rule.keep_birth_days:
            cases = cases.exclude(person__birth_date__day__in=rule.keep_birth_days)
        for case_id, last in cases.values_list("id", "last_entry_at").order_by("id"):
            found.append(Candidate(case_id, record_class, rule.id, timezone.localtime(last).date()))
    return found


@transaction.atomic
def retention_run(*, actor=None, today: datetime.date | None = None) -> dict[str, int]:
    """Delete what the rules say has gone past its time; the audit keeps only that a deletion happened."""
    candidates = retention_candidates(today=today)
    counts: dict[str, int] = {}
    case_ids = [c.case_id for c in candidates]
    person_ids = set(Case.objects.filter(id__in=case_ids).values_list("person_id", flat=True))
    for c in candidates:
        counts[c.record_class] = counts.get(c.record_class, 0) + 1
    Case.objects.filter(id__in=case_ids).delete()
    orphans = Person.objects.filter(id__in=person_ids, cases__isnull=True)
    persons_deleted = orphans.count()
    for person in orphans:
        person.guardians.clear()
    orphans.delete()
    record(
        actor=actor,
        verb="cases.retention.run",
        target=None,
        purpose="retention",
        cases_deleted=counts,
        persons_deleted=persons_deleted,
        rules=sorted({c.rule_id for c in candidates}),
    )
    return {**counts, "persons": persons_deleted}
