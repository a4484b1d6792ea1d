"""The effects report's text, the year's survey round and the administrations' answers."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.organisations.models import Committee
from samhandling.plans.models import EffectsReport, SurveyResponse, SurveyRound
from samhandling.plans.services.common import PURPOSE


@transaction.atomic
def effects_report_save(*, actor: Actor, year: int, sections: dict[str, Any]) -> EffectsReport:
    """Save the analyst's narrative sections for a year."""
    report, _created = EffectsReport.objects.select_for_update().get_or_create(year=year)
    changed = sorted(k for k, v in sections.items() if report.sections.get(k) != v)
    report.sections = {**report.sections, **sections}
    report.updated_by = actor
    report.save()
    record(actor=actor, verb="plans.effects_report_save", target=report, purpose=PURPOSE, fields=changed)
    return report


@transaction.atomic
def survey_round_save(*, actor: Actor, year: int, deadline: date) -> SurveyRound:
    """Open the year's survey with a deadline, or move the deadline."""
    survey, created = SurveyRound.objects.select_for_update().get_or_create(
        year=year, defaults={"deadline": deadline, "created_by": actor}
    )
    old = None if created else survey.deadline
    if not created and survey.deadline != deadline:
        survey.deadline = deadline
        survey.save(update_fields=["deadline", "updated_at"])
    record(
        actor=actor,
        verb="plans.survey_round_open" if created else "plans.survey_round_update",
        target=survey,
        purpose=PURPOSE,
        year=year,
        deadline=deadline,
        previous_deadline=old,
    )
    return survey


@transaction.atomic
def survey_save(
    *, actor: Actor, year: int, committee: Committee, answers: dict[str, Any], views: str, submit: bool
) -> SurveyResponse:
    """Save (and optionally submit) an administration's survey answer."""
    response, _created = SurveyResponse.objects.select_for_update().get_or_create(year=year, committee=committee)
    response.answers, response.views, response.updated_by = answers, views, actor
    if submit and response.submitted_at is None:
        response.submitted_at = timezone.now()
    response.save()
    record(
        actor=actor,
        verb="plans.survey_submit" if submit else "plans.survey_save",
        target=response,
        purpose=PURPOSE,
        committee=committee.code,
        year=year,
    )
    return response
