"""The plans that count for a year, and the year's latest follow-up round."""

from django.db.models import QuerySet

from samhandling.plans.models import ActionPlan, FollowUpRound, Period, PlanStatus

# Plans that count for a year: the newest version that the committee has decided on.
COUNTED_STATUSES = (PlanStatus.APPROVED, PlanStatus.FOLLOWED_UP)


def counted_plans(year: int) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(year=year, status__in=COUNTED_STATUSES)


def latest_round(year: int) -> FollowUpRound | None:
    order: dict[str, int] = {Period.T1: 1, Period.T2: 2, Period.YEAR: 3}
    rounds = sorted(FollowUpRound.objects.filter(year=year), key=lambda r: order[r.period])
    return rounds[-1] if rounds else None
