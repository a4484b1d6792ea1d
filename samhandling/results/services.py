"""Every write of the results app: keyword-only, in a transaction, audited in the same transaction."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.plans.models import Activity, FollowUp, SurveyResponse
from samhandling.results.models import (
    ActivityLogic,
    Goal,
    GoalTarget,
    ReportExample,
    ReportQuote,
    ReportText,
    SteeringDocument,
)

PURPOSE = "follow-up of the strategy's goals"


class EditConflict(Exception):
    """Someone else saved the record after the form was opened: nothing was overwritten."""

    def __init__(self, current: Any) -> None:
        super().__init__("edit conflict")
        self.current = current


class DuplicateTarget(Exception):
    """The goal already has a target for this indicator, area and gender."""


@dataclass
class Created:
    obj: object
    created: bool


def _check_version(current: Any, expected_version: int) -> None:
    if current.version != expected_version:
        raise EditConflict(current)


@transaction.atomic
def document_create(*, actor: Actor, code: str, **fields: Any) -> SteeringDocument:
    """Create a steering document; the same code again returns the existing one (idempotent)."""
    document, created = SteeringDocument.objects.get_or_create(code=code, defaults={**fields, "created_by": actor})
    if created:
        record(actor=actor, verb="results.document.create", target=document, purpose=PURPOSE, code=code)
    return document


@transaction.atomic
def goal_create(
    *, actor: Actor, document: SteeringDocument, form_token: uuid.UUID | None = None, **fields: Any
) -> Goal:
    """Create a goal; the same form token sent twice (double click, parallel posts) gives one goal."""
    if form_token is not None:
        existing = Goal.objects.filter(form_token=form_token).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                goal = Goal.objects.create(document=document, form_token=form_token, created_by=actor, **fields)
        except IntegrityError:
            return Goal.objects.get(form_token=form_token)
    else:
        goal = Goal.objects.create(document=document, created_by=actor, **fields)
    record(actor=actor, verb="results.goal.create", target=goal, purpose=PURPOSE, document=document.code)
    return goal


def _apply(obj: Any, fields: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in fields.items():
        if getattr(obj, name) != value:
            changed.append(name)
            setattr(obj, name, value)
    return changed


@transaction.atomic
def goal_update(*, actor: Actor, goal: Goal, expected_version: int, **fields: Any) -> Goal:
    """Change a goal; refused (EditConflict) if it changed since the form was opened."""
    current = Goal.objects.select_for_update().get(pk=goal.pk)
    _check_version(current, expected_version)
    changed = _apply(current, fields)
    if changed:
        current.version += 1
        current.save()
        record(actor=actor, verb="results.goal.update", target=current, purpose=PURPOSE, fields=changed)
    return current


@transaction.atomic
def target_create(*, actor: Actor, goal: Goal, form_token: uuid.UUID | None = None, **fields: Any) -> GoalTarget:
    """Set a target for an indicator under a goal. One token, one target; a second target for the
    same indicator, area and gender raises DuplicateTarget (change the existing one instead)."""
    if form_token is not None:
        existing = GoalTarget.objects.filter(form_token=form_token).first()
        if existing:
            return existing
    try:
        with transaction.atomic():
            target = GoalTarget.objects.create(goal=goal, form_token=form_token, created_by=actor, **fields)
    except IntegrityError:
        again = GoalTarget.objects.filter(form_token=form_token).first() if form_token else None
        if again:
            return again
        raise DuplicateTarget from None
    record(
        actor=actor,
        verb="results.target.create",
        target=target,
        purpose=PURPOSE,
        goal=goal.pk,
        indicator=target.indicator.code,
        district=target.district.code if target.district else "",
    )
    return target


@transaction.atomic
def target_update(*, actor: Actor, target: GoalTarget, expected_version: int, **fields: Any) -> GoalTarget:
    """Change a target; the old values go to the audit event; refused on a stale form."""
    current = GoalTarget.objects.select_for_update().get(pk=target.pk)
    _check_version(current, expected_version)
    before = {name: str(getattr(current, name)) for name in fields}
    changed = _apply(current, fields)
    if changed:
        current.version += 1
        current.save()
        record(
            actor=actor,
            verb="results.target.update",
            target=current,
            purpose=PURPOSE,
            changes={name: [before[name], str(getattr(current, name))] for name in changed},
        )
    return current


@transaction.atomic
def activity_logic_save(
    *,
    actor: Actor,
    activity: Activity,
    expected_version: int,
    short_term: str,
    expected_reached: int | None,
    goals: Iterable[Goal],
) -> ActivityLogic:
    """Save an activity's programme logic (short-term outcome, goals it counts for); version-checked."""
    logic, _created = ActivityLogic.objects.get_or_create(activity=activity)
    logic = ActivityLogic.objects.select_for_update().get(pk=logic.pk)
    _check_version(logic, expected_version)
    logic.short_term, logic.expected_reached, logic.updated_by = short_term, expected_reached, actor
    logic.version += 1
    logic.save()
    logic.goals.set(goals)
    record(
        actor=actor,
        verb="results.activity_logic.save",
        target=logic,
        purpose=PURPOSE,
        activity=activity.pk,
        goals=sorted(g.pk for g in goals),
    )
    return logic


@transaction.atomic
def report_text_save(*, actor: Actor, year: int, expected_version: int, **fields: Any) -> ReportText:
    """Save the analyst's text of a year's effects report; version-checked."""
    text, _created = ReportText.objects.get_or_create(year=year)
    text = ReportText.objects.select_for_update().get(pk=text.pk)
    _check_version(text, expected_version)
    changed = _apply(text, {k: v for k, v in fields.items() if k in ReportText.FIELDS})
    text.version += 1
    text.updated_by = actor
    text.save()
    record(actor=actor, verb="results.report_text.save", target=text, purpose=PURPOSE, year=year, fields=changed)
    return text


@transaction.atomic
def report_choices_set(
    *, actor: Actor, year: int, followups: list[FollowUp], quotes: list[tuple[SurveyResponse, str]]
) -> None:
    """Replace the examples and quotes picked for a year's report (setting the same set twice is a no-op)."""
    ReportExample.objects.filter(year=year).exclude(followup__in=followups).delete()
    for followup in followups:
        ReportExample.objects.get_or_create(year=year, followup=followup, defaults={"chosen_by": actor})
    keep = set()
    for response, key in quotes:
        quote, _c = ReportQuote.objects.get_or_create(
            year=year, response=response, key=key, defaults={"chosen_by": actor}
        )
        keep.add(quote.pk)
    ReportQuote.objects.filter(year=year).exclude(pk__in=keep).delete()
    record(
        actor=actor,
        verb="results.report_choices.set",
        purpose=PURPOSE,
        year=year,
        examples=sorted(f.pk for f in followups),
        quotes=len(quotes),
    )


def duplicate_message() -> str:
    return _("This goal already has a target for that indicator, area and gender. Change that one instead.")
