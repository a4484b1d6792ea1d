"""The log reviewer's view of break the glass: both sides, what was read, and patterns to look at.

The flags are prompts for the reviewer's judgement, never a verdict: a social on-call worker
at night is expected to be outside working hours.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samhandling.audit.models import AuditEvent
from samhandling.cases.access import case_units
from samhandling.cases.models import Case, EmergencyAccess, EmergencyAccessRule, Person

READ_LABELS = {
    "case work": _("the case page"),
    "person details": _("the child and guardians"),
    "concern report": _("a concern report"),
    "investigation": _("an investigation"),
    "intervention": _("an intervention"),
    "31 § LUL": _("a request to the police"),
    "case summary (API)": _("the case summary (API)"),
}


@dataclass
class ReviewRow:
    access: EmergencyAccess
    many_cases: bool = False
    outside_hours: bool = False
    related_to_own_cases: bool = False
    reads: list[dict] = field(default_factory=list)

    @property
    def flags(self) -> list[str]:
        out = []
        if self.many_cases:
            out.append(_("Many cases"))
        if self.outside_hours:
            out.append(_("Outside working hours"))
        if self.related_to_own_cases:
            out.append(_("Person related to the user's own cases"))
        return out


def _rule_for(day: datetime.date) -> EmergencyAccessRule | None:
    return EmergencyAccessRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def _outside_hours(moment: datetime.datetime, rule: EmergencyAccessRule | None) -> bool:
    local = timezone.localtime(moment)
    if local.weekday() >= 5:
        return True
    if rule is None:
        return False
    return not (rule.working_day_start <= local.time() < rule.working_day_end)


def related_persons(person: Person) -> set[int]:
    """The person, their guardians, the children they are guardian of, and the guardians' other children."""
    guardian_ids = set(person.guardians.values_list("id", flat=True))
    ward_ids = set(person.wards.values_list("id", flat=True))
    siblings = set(Person.objects.filter(guardians__in=guardian_ids).values_list("id", flat=True))
    return {person.id} | guardian_ids | ward_ids | siblings


def _related_to_own_cases(entry: EmergencyAccess) -> bool:
    own = Case.objects.filter(unit__in=case_units(entry.user)).exclude(id=entry.case_id)
    return own.filter(person_id__in=related_persons(entry.case.person)).exists()


def _reads(entry: EmergencyAccess) -> list[dict]:
    if entry.status != EmergencyAccess.Status.ACTIVE:
        return []
    events = AuditEvent.objects.filter(
        actor_id=entry.user_id, created_at__gte=entry.granted_at, created_at__lte=entry.expires_at
    ).filter(
        Q(target_type="cases.case", target_id=str(entry.case_id))
        | Q(target_type="cases.person", target_id=str(entry.case.person_id))
    )
    return [
        {"at": e.created_at, "what": READ_LABELS.get(e.purpose, e.purpose), "verb": e.verb}
        for e in events.order_by("created_at")[:100]
    ]


def review_row(entry: EmergencyAccess, *, with_reads: bool = False) -> ReviewRow:
    moment = entry.requested_at or entry.granted_at
    rule = _rule_for(timezone.localtime(moment).date())
    window = (moment - datetime.timedelta(hours=24), moment + datetime.timedelta(hours=24))
    same_day = EmergencyAccess.objects.filter(user_id=entry.user_id, granted_at__range=window).count()
    row = ReviewRow(
        access=entry,
        many_cases=bool(rule and same_day >= rule.many_cases),
        outside_hours=_outside_hours(moment, rule),
        related_to_own_cases=_related_to_own_cases(entry),
    )
    if with_reads:
        row.reads = _reads(entry)
    return row


def review_rows(limit: int = 200) -> list[ReviewRow]:
    """Unreviewed first, newest first, with the patterns flagged."""
    entries = EmergencyAccess.objects.select_related(
        "user", "user_unit__district", "case__unit__district", "case__person", "reason_code"
    ).order_by("reviewed_at", "-granted_at")[:limit]
    return [review_row(e) for e in entries]
