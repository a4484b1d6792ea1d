"""A plan's life: create, edit its parts, submit, return, approve, new version; and places."""

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.forms import ModelForm
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.core.tasks import enqueue_on_commit
from samhandling.organisations.models import Committee, Neighbourhood
from samhandling.plans.models import (
    ActionPlan,
    Activity,
    FrozenSituation,
    Place,
    PlanNotice,
    PlanReport,
    PlanStatus,
    Problem,
    SituationSection,
)
from samhandling.plans.selectors.charts import freeze_situation
from samhandling.plans.services.common import PURPOSE, _assert_editable, check_edit_version, strategy_for_year


@transaction.atomic
def plan_create(
    *, actor: Actor, committee: Committee, year: int, title: str, summary: str = "", is_demo: bool = False
) -> ActionPlan:
    """Start version 1 of a committee's plan for a year."""
    if ActionPlan.objects.filter(committee=committee, year=year).exists():
        raise ValidationError(
            _("%(committee)s already has an action plan for %(year)s.") % {"committee": committee, "year": year}
        )
    plan = ActionPlan.objects.create(
        strategy=strategy_for_year(year),
        committee=committee,
        year=year,
        title=title,
        summary=summary,
        is_demo=is_demo,
    )
    record(actor=actor, verb="plans.plan_create", target=plan, purpose=PURPOSE, committee=committee.code, year=year)
    return plan


@transaction.atomic
def plan_update(
    *, actor: Actor, plan: ActionPlan, title: str, summary: str, expected_version: int | None
) -> ActionPlan:
    """Change the title and summary of a draft; a stale edit_version raises EditConflict instead of overwriting."""
    _assert_editable(plan)
    plan = check_edit_version(ActionPlan, plan.pk, expected_version)
    plan.title, plan.summary = title, summary
    plan.edit_version += 1
    plan.save(update_fields=["title", "summary", "edit_version", "updated_at"])
    record(actor=actor, verb="plans.plan_update", target=plan, purpose=PURPOSE, fields=["title", "summary"])
    return plan


@transaction.atomic
def part_save(*, actor: Actor, plan: ActionPlan, form: ModelForm[Any], form_token: uuid.UUID | None = None) -> object:
    """Save a situation section, problem, cause or activity from its validated ModelForm.

    A new part carries the form's one-time token: the same form sent twice creates one record.
    A changed part is saved only if nobody saved it since the form was opened (EditConflict).
    """
    _assert_editable(plan)
    instance = form.instance
    model = type(instance)
    created = instance.pk is None
    if not created:
        current = check_edit_version(model, instance.pk, form.cleaned_data.get("edit_version"))
        instance.edit_version = current.edit_version + 1
    if created and form_token:
        existing = model.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing
        instance.form_token = form_token
    if isinstance(instance, (SituationSection, Problem, Activity)):
        instance.plan = plan
        if created:
            last = model.objects.filter(plan=plan).aggregate(m=Max("order"))["m"]
            instance.order = (last or 0) + 1
    try:
        with transaction.atomic():
            obj = form.save()
    except IntegrityError:
        existing = model.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing
    record(
        actor=actor,
        verb=f"plans.{obj._meta.model_name}_{'create' if created else 'update'}",
        target=obj,
        purpose=PURPOSE,
        plan=plan.pk,
        fields=sorted(form.changed_data),
    )
    return obj


@transaction.atomic
def part_delete(*, actor: Actor, plan: ActionPlan, obj: Model) -> None:
    """Remove a part of a draft plan."""
    _assert_editable(plan)
    record(actor=actor, verb=f"plans.{obj._meta.model_name}_delete", target=obj, purpose=PURPOSE, plan=plan.pk)
    obj.delete()


@transaction.atomic
def plan_submit(*, actor: Actor, plan: ActionPlan) -> ActionPlan:
    """Send a draft to the committee's manager for approval."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _assert_editable(plan)
    if not plan.activities.exists():
        raise ValidationError(_("Add at least one activity before submitting the plan."))
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    notice = PlanNotice.objects.create(plan=plan, kind=PlanNotice.Kind.SUBMITTED, actor=actor)
    _mail_on_commit(notice)
    record(actor=actor, verb="plans.plan_submit", target=plan, purpose=PURPOSE)
    return plan


def _mail_on_commit(notice: PlanNotice) -> None:
    """Queue the notice's e-mail for the worker once the transaction has committed."""
    enqueue_on_commit("samhandling.plans.tasks.send_plan_notice", notice.pk)


@transaction.atomic
def plan_return(*, actor: Actor, plan: ActionPlan, comment: str) -> ActionPlan:
    """Send a submitted plan back to draft with a comment."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be returned."))
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["status", "updated_at"])
    notice = PlanNotice.objects.create(plan=plan, kind=PlanNotice.Kind.RETURNED, actor=actor, comment=comment.strip())
    _mail_on_commit(notice)
    record(actor=actor, verb="plans.plan_return", target=plan, purpose=PURPOSE, comment=comment)
    return plan


@transaction.atomic
def plan_approve(*, actor: Actor, plan: ActionPlan, decision_date: date, decision_reference: str) -> ActionPlan:
    """Record the committee's decision; the plan becomes read-only and public, the version it replaces superseded."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be approved."))
    plan.status = PlanStatus.APPROVED
    plan.approved_at, plan.approved_by = timezone.now(), actor
    plan.decision_date, plan.decision_reference = decision_date, decision_reference.strip()
    plan.save()
    if plan.previous_id:
        ActionPlan.objects.filter(pk=plan.previous_id).update(status=PlanStatus.SUPERSEDED)
    # The situation picture is decided as it stands today: later imports must not change the approved plan.
    FrozenSituation.objects.update_or_create(
        plan=plan, defaults={"taken_at": timezone.now(), "data": freeze_situation(plan)}
    )
    notice = PlanNotice.objects.create(plan=plan, kind=PlanNotice.Kind.APPROVED, actor=actor)
    _mail_on_commit(notice)
    record(
        actor=actor,
        verb="plans.plan_approve",
        target=plan,
        purpose=PURPOSE,
        decision_date=decision_date,
        decision_reference=plan.decision_reference,
    )
    return plan


@transaction.atomic
def plan_new_version(*, actor: Actor, plan: ActionPlan, change_note: str = "") -> ActionPlan:
    """Copy an approved plan into a new draft version; the approved one stays as it was."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.FOLLOWED_UP):
        raise ValidationError(_("Only the approved version of a plan can be changed through a new version."))
    if hasattr(plan, "next_version"):
        raise ValidationError(_("A newer version of this plan already exists."))
    new = ActionPlan.objects.get(pk=plan.pk)
    new.pk = None
    new.version, new.previous = plan.version + 1, plan
    new.status = PlanStatus.DRAFT
    new.submitted_at = new.approved_at = new.approved_by = new.decision_date = None
    new.decision_reference = ""
    new.change_note = change_note
    try:
        new.save()
    except IntegrityError:
        raise ValidationError(_("A newer version of this plan already exists.")) from None
    for section in plan.situation_sections.all():
        hoods, places, indicators = (
            list(section.neighbourhoods.all()),
            list(section.places.all()),
            list(section.indicators.all()),
        )
        section.pk, section.plan, section.form_token = None, new, None
        section.save()
        section.neighbourhoods.set(hoods)
        section.places.set(places)
        section.indicators.set(indicators)
    problem_map: dict[int | None, Problem] = {}
    for problem in plan.problems.prefetch_related("causes__factors"):
        causes = list(problem.causes.all())
        old_id = problem.pk
        problem.pk, problem.plan, problem.form_token = None, new, None
        problem.save()
        problem_map[old_id] = problem
        for cause in causes:
            factors = list(cause.factors.all())
            cause.pk, cause.problem, cause.form_token = None, problem, None
            cause.save()
            cause.factors.set(factors)
    for activity in plan.activities.prefetch_related("methods", "neighbourhoods", "places", "partners", "followups"):
        methods, hoods, places, partners = (
            list(activity.methods.all()),
            list(activity.neighbourhoods.all()),
            list(activity.places.all()),
            list(activity.partners.all()),
        )
        followups = list(activity.followups.all())
        activity.pk, activity.plan, activity.form_token = None, new, None
        activity.problem = problem_map.get(activity.problem_id)
        activity.save()
        activity.methods.set(methods)
        activity.neighbourhoods.set(hoods)
        activity.places.set(places)
        activity.partners.set(partners)
        for fu in followups:  # what was already reported stays with the activity
            fu.pk, fu.activity = None, activity
            fu.save()
    for report in plan.reports.all():
        PlanReport.objects.create(
            plan=new, round=report.round, submitted_at=report.submitted_at, submitted_by=report.submitted_by
        )
    record(
        actor=actor, verb="plans.plan_new_version", target=new, purpose=PURPOSE, previous=plan.pk, version=new.version
    )
    return new


# --- places ------------------------------------------------------------------------------------


@transaction.atomic
def place_create(*, actor: Actor, neighbourhood: Neighbourhood, name: str, kind: str, description: str = "") -> Place:
    """Add a place (plats) in a neighbourhood; a place already there under that name is returned as it is."""
    name = " ".join(name.split())
    existing = Place.objects.filter(neighbourhood=neighbourhood, name__iexact=name).first()
    if existing is not None:  # the same place typed twice, or a double submission
        return existing
    place = Place.objects.create(
        neighbourhood=neighbourhood, name=name, kind=kind, description=description.strip(), created_by=actor
    )
    record(
        actor=actor,
        verb="plans.place_create",
        target=place,
        purpose=PURPOSE,
        neighbourhood=neighbourhood.code,
        name=name,
    )
    return place
