"""Who has reported in a follow-up round and who has answered the year's survey."""

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, QuerySet

from samhandling.organisations.models import Committee
from samhandling.plans.models import ActionPlan, FollowUpRound, SurveyReminderSent, SurveyResponse
from samhandling.plans.selectors.common import COUNTED_STATUSES, counted_plans


def round_status(rnd: FollowUpRound) -> list[dict[str, Any]]:
    """Every plan of the round's year: reported or not, and reminders sent."""
    plans = (
        ActionPlan.objects.filter(year=rnd.year, status__in=COUNTED_STATUSES)
        .select_related("committee")
        .prefetch_related(Prefetch("reports"), Prefetch("reminders"))
        .order_by("committee__name")
    )
    rows = []
    for plan in plans:
        report = next((r for r in plan.reports.all() if r.round_id == rnd.pk), None)
        reminders = [r for r in plan.reminders.all() if r.round_id == rnd.pk]
        rows.append({"plan": plan, "report": report, "reminders": len(reminders)})
    return rows


def survey_committees(year: int) -> QuerySet[Committee]:
    """The committees asked to answer the year's survey: those with an approved plan for the year."""
    return Committee.objects.filter(action_plans__in=counted_plans(year)).distinct()


def survey_status(year: int) -> list[dict[str, Any]]:
    """Every committee: asked or not, its answer (started, sent) and the reminders sent for the survey."""
    responses = {r.committee_id: r for r in SurveyResponse.objects.filter(year=year).select_related("updated_by")}
    asked = set(survey_committees(year).values_list("id", flat=True))
    reminders: dict[int, list[Any]] = defaultdict(list)
    for committee_id, sent_at in SurveyReminderSent.objects.filter(survey__year=year).values_list(
        "committee_id", "sent_at"
    ):
        reminders[committee_id].append(sent_at)
    return [
        {
            "committee": c,
            "asked": c.pk in asked,
            "response": responses.get(c.pk),
            "reminders": len(reminders[c.pk]),
            "last_reminder": max(reminders[c.pk]) if reminders[c.pk] else None,
        }
        for c in Committee.objects.order_by("kind", "name")
    ]
