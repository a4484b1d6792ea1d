"""Reads for the defector pages: the duty queue with the time left to first contact."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from samhandling.core.annotations import Viewer
from samhandling.defectors.access import visible_defector_cases
from samhandling.defectors.models import DefectorCase, FollowUp, NeedsInvestigation


@dataclass
class QueueRow:
    case: DefectorCase
    time_left: datetime.timedelta

    @property
    def overdue(self) -> bool:
        return self.time_left <= datetime.timedelta(0)

    @property
    def hours_left(self) -> int:
        return int(self.time_left.total_seconds() // 3600)

    @property
    def minutes_left(self) -> int:
        return int(self.time_left.total_seconds() % 3600 // 60)

    @property
    def hours_over(self) -> int:
        return int(-self.time_left.total_seconds() // 3600)


def duty_queue(user: Viewer, now: datetime.datetime | None = None) -> list[QueueRow]:
    """The user's teams' interests still waiting for first contact, the most urgent first."""
    now = now or timezone.now()
    cases = (
        visible_defector_cases(user)
        .filter(status=DefectorCase.Status.AWAITING_CONTACT)
        .select_related("district", "team__unit")
        .order_by("first_contact_due", "id")
    )
    return [QueueRow(case=c, time_left=c.first_contact_due - now) for c in cases]


def open_cases(user: Viewer) -> QuerySet[DefectorCase]:
    """The user's teams' cases after first contact."""
    return (
        visible_defector_cases(user)
        .filter(status=DefectorCase.Status.OPEN)
        .select_related("district", "team__unit")
        .order_by("-received_at")
    )


@dataclass
class OverdueWork:
    investigations: list[NeedsInvestigation]
    follow_ups: list[FollowUp]

    def __bool__(self) -> bool:
        return bool(self.investigations or self.follow_ups)


def overdue_work(user: Viewer, today: datetime.date | None = None) -> OverdueWork:
    """The user's teams' investigations of needs not decided by their date and follow-ups not done by theirs."""
    today = today or timezone.localdate()
    cases = visible_defector_cases(user).exclude(status=DefectorCase.Status.CLOSED)
    investigations = (
        NeedsInvestigation.objects.filter(case__in=cases, decision="", due_on__lt=today)
        .select_related("case__district")
        .order_by("due_on", "id")
    )
    follow_ups = (
        FollowUp.objects.filter(case__in=cases, done_on__isnull=True, due_on__lt=today)
        .select_related("case__district")
        .order_by("due_on", "id")
    )
    return OverdueWork(investigations=list(investigations[:500]), follow_ups=list(follow_ups[:500]))


READ_VERBS = ("defectors.case.view", "defectors.case.open_for_change", "defectors.case.view_receipt")


def reads_outside_holding_team(days: int = 90, limit: int = 1000) -> list[dict[str, Any]]:
    """Reads of defector cases in the last `days` by users who are not in the team that holds the case now.

    For the log reviewer: the registrant's receipt, the sending team during and after a
    hand-over, a member whose membership has since ended. Ids and usernames only, never the person.
    """
    from samhandling.audit.models import AuditEvent
    from samhandling.organisations.models import Membership
    from samhandling.organisations.roles import Role

    since = timezone.now() - datetime.timedelta(days=days)
    events = list(
        AuditEvent.objects.filter(
            target_type="defectors.defectorcase", verb__in=READ_VERBS, created_at__gte=since
        ).order_by("-created_at")[: limit * 5]
    )
    case_ids = {int(e.target_id) for e in events if e.target_id.isdigit()}
    holding_unit: dict[int | None, int | None] = dict(
        DefectorCase.objects.filter(id__in=case_ids).values_list("id", "team__unit_id")
    )
    members: set[tuple[int | None, int | None]] = set(
        Membership.objects.active()
        .filter(role__in=[Role.DEFECTOR_TEAM, Role.UNIT_MANAGER], unit_id__in=set(holding_unit.values()))
        .values_list("user_id", "unit_id")
    )
    rows = []
    for event in events:
        case_id = int(event.target_id) if event.target_id.isdigit() else None
        if (event.actor_id, holding_unit.get(case_id)) in members:
            continue
        rows.append(
            {
                "at": event.created_at,
                "username": event.actor_username,
                "verb": event.verb,
                "reference": f"AVH-{case_id}",
                "purpose": event.purpose,
            }
        )
        if len(rows) >= limit:
            break
    return rows
