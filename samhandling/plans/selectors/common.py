"""The plans that count for a year, and the year's latest follow-up round."""

from samhandling.plans.models import ActionPlan, FollowUpRound, Period, PlanStatus

# Plans that count for a year: the newest version that the committee has decided on.
COUNTED_STATUSES = (PlanStatus.APPROVED, PlanStatus.FOLLOWED_UP)


def counted_plans(year: int):
    return ActionPlan.objects.filter(year=year, status__in=COUNTED_STATUSES)


def latest_round(year: int) -> FollowUpRound | None:
    order = {Period.T1: 1, Period.T2: 2, Period.YEAR: 3}
    rounds = sorted(FollowUpRound.objects.filter(year=year), key=lambda r: order[r.period])
    return rounds[-1] if rounds else None
