"""Gallring: which case files have passed their retention time, by the rules and exceptions held as data."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce, Greatest, TruncDate
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
    # The day the retention time counts from: the closing, or a later entry (or the last entry, by the rule).
    counted_from: date


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


def _counted(rule: RetentionRule, cases, cutoff: date):
    """The rule's cases whose time has run out, annotated with the day the time counts from."""
    last_entry = TruncDate("last_entry_at")
    if rule.counts_from == RetentionRule.CountsFrom.CLOSING:
        # Only a closed case is finished; its time runs from the closing or from any later entry.
        cases = cases.filter(status=Case.Status.CLOSED).annotate(
            counted_from=Greatest(Coalesce(F("closed_on"), last_entry), last_entry)
        )
    else:
        cases = cases.annotate(counted_from=last_entry)
    return cases.filter(counted_from__lt=cutoff)


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
        cases = _counted(rule, cases, _years_before(today, rule.years_after_last_entry))
        if rule.keep_birth_days:
            cases = cases.exclude(person__birth_date__day__in=rule.keep_birth_days)
        cases = _apply_exceptions(rule, cases, kept)
        for case_id, counted_from in cases.values_list("id", "counted_from").order_by("id"):
            found.append(Candidate(case_id, record_class, rule.id, counted_from))
    return _keep_people_with_other_records(found, kept), kept


@dataclass
class PeopleGoing:
    persons: list[int]
    guardians: list[int]


def retention_people(case_ids: list[int]) -> PeopleGoing:
    """The people deleted with these cases: each child with no other case, and their guardians with no other reason.

    A guardian stays in the register while they have a case of their own or are the guardian of
    someone who stays.
    """
    going = set(case_ids)
    children = set(Case.objects.filter(id__in=going).values_list("person_id", flat=True))
    staying = set(Case.objects.filter(person_id__in=children).exclude(id__in=going).values_list("person_id", flat=True))
    persons = children - staying
    guardians = (
        Person.objects.filter(wards__in=persons, cases__isnull=True)
        .exclude(id__in=persons)
        .exclude(
            Exists(Person.guardians.through.objects.filter(to_person=OuterRef("pk")).exclude(from_person__in=persons))
        )
        .distinct()
    )
    return PeopleGoing(sorted(persons), sorted(guardians.values_list("id", flat=True)))


def retention_candidates(*, today: date | None = None) -> list[Candidate]:
    """What a retention run would delete today (the dry run)."""
    return retention_plan(today=today)[0]


@transaction.atomic
def retention_run(*, actor=None, today: date | None = None) -> dict[str, int]:
    """Delete what the rules say has gone past its time; the audit keeps only that a deletion happened."""
    candidates = retention_candidates(today=today)
    counts: dict[str, int] = {}
    case_ids = [c.case_id for c in candidates]
    people = retention_people(case_ids)
    for c in candidates:
        counts[c.record_class] = counts.get(c.record_class, 0) + 1
    Case.objects.filter(id__in=case_ids).delete()
    going = Person.objects.filter(id__in=people.persons + people.guardians, cases__isnull=True)
    for person in going:
        person.guardians.clear()
    persons_deleted = going.filter(id__in=people.persons).count()
    guardians_deleted = going.filter(id__in=people.guardians).count()
    going.delete()
    record(
        actor=actor,
        verb="cases.retention.run",
        target=None,
        purpose="retention",
        cases_deleted=counts,
        persons_deleted=persons_deleted,
        guardians_deleted=guardians_deleted,
        rules=sorted({c.rule_id for c in candidates}),
    )
    return {**counts, "persons": persons_deleted, "guardians": guardians_deleted}
