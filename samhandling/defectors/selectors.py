"""Reads for the defector pages: the duty queue with the time left to first contact."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from samhandling.defectors.access import visible_defector_cases
from samhandling.defectors.models import DefectorCase


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


def duty_queue(user, now: datetime.datetime | None = None) -> list[QueueRow]:
    """The user's teams' interests still waiting for first contact, the most urgent first."""
    now = now or timezone.now()
    cases = (
        visible_defector_cases(user)
        .filter(status=DefectorCase.Status.AWAITING_CONTACT)
        .select_related("district", "team__unit")
        .order_by("first_contact_due", "id")
    )
    return [QueueRow(case=c, time_left=c.first_contact_due - now) for c in cases]


def open_cases(user):
    """The user's teams' cases after first contact."""
    return (
        visible_defector_cases(user)
        .filter(status=DefectorCase.Status.OPEN)
        .select_related("district", "team__unit")
        .order_by("-received_at")
    )
