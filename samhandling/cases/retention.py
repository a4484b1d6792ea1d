"""Gallring: which case files have passed their retention time, by the rules and exceptions held as data."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from samhandling.audit.services import record
from samhandling.cases.models import (
    Case,
    ConcernReport,
    InitialAssessment,
    InterventionDecision,
    Investigation,
    Person,
    RetentionException,
    RetentionRule,
)


@dataclass
class Candidate:
    case_id: int
    record_class: str
    rule_id: int
    last_entry: date


def _rule(record_class: str, today: date) -> RetentionRule | None:
    return (
        RetentionRule.objects.filter(record_class=record_class, valid_from__lte=today).order_by("-valid_from").first()
    )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class Kept:
    case_id: int
    exception_id: int


def _apply_exceptions(rule: RetentionRule, cases, kept: list[Kept]):
    """Narrow the rule's cases by its active exceptions; note what each exception keeps."""
    for exception in rule.exceptions.filter(active=True):
        before = cases
        if exception.kind == RetentionException.Kind.PLACEMENT:
            slugs = exception.parameters.get("method_slugs", [])
            cases = cases.exclude(
                Exists(InterventionDecision.objects.filter(case=OuterRef("pk"), method__slug__in=slugs))
            )
        elif exception.kind == RetentionException.Kind.RESEARCH_MUNICIPALITY:
            if exception.parameters.get("applies"):
                cases = cases.none()
        else:
            continue  # person_records_kept works on the whole set (below); not_held needs nothing
        kept += [
            Kept(case_id, exception.id)
            for case_id in before.exclude(id__in=cases.values("id")).values_list("id", flat=True)
        ]
    return cases


def _keep_people_with_other_records(found: list[Candidate], kept: list[Kept]) -> list[Candidate]:
    """A file is not deleted while the same person has another case that is kept."""
    guarded = {
        rule_id: exception_id
        for rule_id, exception_id in RetentionException.objects.filter(
            kind=RetentionException.Kind.PERSON_RECORDS_KEPT, active=True
        ).values_list("rule_id", "id")
    }
    if not guarded:
        return found
    going = {c.case_id for c in found}
    persons = dict(Case.objects.filter(id__in=going).values_list("id", "person_id"))
    staying = set(
        Case.objects.filter(person_id__in=set(persons.values()))
        .exclude(id__in=going)
        .values_list("person_id", flat=True)
    )
    result = []
    for c in found:
        if c.rule_id in guarded and persons[c.case_id] in staying:
            kept.append(Kept(c.case_id, guarded[c.rule_id]))
        else:
            result.append(c)
    return result


def retention_plan(*, today: date | None = None) -> tuple[list[Candidate], list[Kept]]:
    """What a retention run would delete today, and what the exceptions keep that would otherwise go."""
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
    kept: list[Kept] = []
    for record_class, cases in classes.items():
        rule = _rule(record_class, today)
        if rule is None:
            continue
        cutoff = _years_before(today, rule.years_after_last_entry)
        cases = cases.filter(last_entry_at__date__lt=cutoff)
        if rule.keep_birth_days:
            cases = cases.exclude(person__birth_date__day__in=rule.keep_birth_days)
        cases = _apply_exceptions(rule, cases, kept)
        for case_id, last in cases.values_list("id", "last_entry_at").order_by("id"):
            found.append(Candidate(case_id, record_class, rule.id, timezone.localtime(last).date()))
    return _keep_people_with_other_records(found, kept), kept


def retention_candidates(*, today: date | None = None) -> list[Candidate]:
    """What a retention run would delete today (the dry run)."""
    return retention_plan(today=today)[0]


@transaction.atomic
def retention_run(*, actor=None, today: date | None = None) -> dict[str, int]:
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
