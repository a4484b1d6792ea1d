"""Every write to action plans, follow-up and the effects report. Each one is audited in its transaction."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.catalogue.models import Strategy
from samhandling.plans.models import (
    ActionPlan,
    Activity,
    EffectsReport,
    FollowUp,
    FollowUpRound,
    Period,
    Place,
    PlanReport,
    PlanStatus,
    Problem,
    SituationSection,
    SurveyResponse,
    SurveyRound,
)

PURPOSE = "crime-prevention planning"


def _assert_editable(plan: ActionPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft can be changed. Start a new version to change an approved plan."))


def strategy_for_year(year: int) -> Strategy:
    strategy = Strategy.objects.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()
    if strategy is None:
        strategy = Strategy.objects.order_by("-start_year").first()
    if strategy is None:
        raise ValidationError(_("There is no strategy period in the catalogue."))
    return strategy


@transaction.atomic
def plan_create(*, actor, committee, year: int, title: str, summary: str = "", is_demo: bool = False) -> ActionPlan:
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
def plan_update(*, actor, plan: ActionPlan, title: str, summary: str) -> ActionPlan:
    """Change the title and summary of a draft."""
    _assert_editable(plan)
    plan.title, plan.summary = title, summary
    plan.save(update_fields=["title", "summary", "updated_at"])
    record(actor=actor, verb="plans.plan_update", target=plan, purpose=PURPOSE, fields=["title", "summary"])
    return plan


@transaction.atomic
def part_save(*, actor, plan: ActionPlan, form, form_token=None) -> object:
    """Save a situation section, problem, cause or activity from its validated ModelForm.

    A new part carries the form's one-time token: the same form sent twice creates one record.
    """
    _assert_editable(plan)
    instance = form.instance
    model = type(instance)
    created = instance.pk is None
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
def part_delete(*, actor, plan: ActionPlan, obj) -> None:
    """Remove a part of a draft plan."""
    _assert_editable(plan)
    record(actor=actor, verb=f"plans.{obj._meta.model_name}_delete", target=obj, purpose=PURPOSE, plan=plan.pk)
    obj.delete()


@transaction.atomic
def plan_submit(*, actor, plan: ActionPlan) -> ActionPlan:
    """Send a draft to the committee's manager for approval."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _assert_editable(plan)
    if not plan.activities.exists():
        raise ValidationError(_("Add at least one activity before submitting the plan."))
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    record(actor=actor, verb="plans.plan_submit", target=plan, purpose=PURPOSE)
    return plan


@transaction.atomic
def plan_return(*, actor, plan: ActionPlan, comment: str) -> ActionPlan:
    """Send a submitted plan back to draft with a comment."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be returned."))
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["status", "updated_at"])
    record(actor=actor, verb="plans.plan_return", target=plan, purpose=PURPOSE, comment=comment)
    return plan


@transaction.atomic
def plan_approve(*, actor, plan: ActionPlan, decision_date: date, decision_reference: str) -> ActionPlan:
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
def plan_new_version(*, actor, plan: ActionPlan, change_note: str = "") -> ActionPlan:
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
    problem_map = {}
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
def place_create(*, actor, neighbourhood, name: str, kind: str, description: str = "") -> Place:
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


# --- follow-up ---------------------------------------------------------------------------------


@transaction.atomic
def round_create(*, actor, year: int, period: str, deadline: date) -> FollowUpRound:
    """Open a follow-up round for every plan of the year."""
    if FollowUpRound.objects.filter(year=year, period=period).exists():
        raise ValidationError(_("That follow-up round already exists."))
    rnd = FollowUpRound.objects.create(year=year, period=period, deadline=deadline, created_by=actor)
    record(actor=actor, verb="plans.round_create", target=rnd, purpose=PURPOSE, year=year, period=period)
    return rnd


def reportable(plan: ActionPlan) -> bool:
    return plan.status in (PlanStatus.APPROVED, PlanStatus.FOLLOWED_UP)


@transaction.atomic
def followup_save(*, actor, plan: ActionPlan, rnd: FollowUpRound, forms) -> list[FollowUp]:
    """Save the follow-up of every activity in one go (valid forms only reach here)."""
    if not reportable(plan):
        raise ValidationError(_("Follow-up is reported on the approved plan."))
    saved = []
    for form in forms:
        fu = form.save(commit=False)
        fu.round, fu.updated_by = rnd, actor
        fu.save()
        saved.append(fu)
    record(actor=actor, verb="plans.followup_save", target=plan, purpose=PURPOSE, round=rnd.pk, activities=len(saved))
    return saved


@transaction.atomic
def plan_report_submit(*, actor, plan: ActionPlan, rnd: FollowUpRound) -> PlanReport:
    """Mark the plan's follow-up for the round as reported; the full-year report makes the plan followed up."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if not reportable(plan):
        raise ValidationError(_("Follow-up is reported on the approved plan."))
    missing = plan.activities.exclude(followups__round=rnd).count()
    if missing:
        raise ValidationError(_("%(n)s activities have no follow-up for this period yet.") % {"n": missing})
    report, _created = PlanReport.objects.get_or_create(
        plan=plan, round=rnd, defaults={"submitted_at": timezone.now(), "submitted_by": actor}
    )
    if rnd.period == Period.YEAR and plan.status == PlanStatus.APPROVED:
        plan.status = PlanStatus.FOLLOWED_UP
        plan.save(update_fields=["status", "updated_at"])
    record(actor=actor, verb="plans.report_submit", target=plan, purpose=PURPOSE, round=rnd.pk)
    return report


# --- the effects report and the survey -------------------------------------------------------


@transaction.atomic
def effects_report_save(*, actor, year: int, sections: dict) -> EffectsReport:
    """Save the analyst's narrative sections for a year."""
    report, _created = EffectsReport.objects.select_for_update().get_or_create(year=year)
    changed = sorted(k for k, v in sections.items() if report.sections.get(k) != v)
    report.sections = {**report.sections, **sections}
    report.updated_by = actor
    report.save()
    record(actor=actor, verb="plans.effects_report_save", target=report, purpose=PURPOSE, fields=changed)
    return report


@transaction.atomic
def survey_round_save(*, actor, year: int, deadline: date) -> SurveyRound:
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
def survey_save(*, actor, year: int, committee, answers: dict, views: str, submit: bool) -> SurveyResponse:
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


# --- import ----------------------------------------------------------------------------------


@dataclass
class ImportedActivity:
    title: str
    description: str
    priority_area: object
    sub_area: object | None
    prevention_type: str
    methods: list = field(default_factory=list)
    is_local_activity: bool = False


@transaction.atomic
def activities_import(*, actor, plan: ActionPlan, rows: list[ImportedActivity], filename: str) -> list[Activity]:
    """Save the confirmed activities of an imported document: all of them or, on any error, none."""
    _assert_editable(plan)
    last = plan.activities.aggregate(m=Max("order"))["m"] or 0
    created = []
    for i, row in enumerate(rows, start=1):
        activity = Activity(
            plan=plan,
            title=row.title,
            description=row.description,
            priority_area=row.priority_area,
            sub_area=row.sub_area,
            prevention_type=row.prevention_type,
            is_local_activity=row.is_local_activity,
            order=last + i,
        )
        activity.full_clean(exclude=["plan"])
        activity.save()
        activity.methods.set(row.methods)
        created.append(activity)
    record(actor=actor, verb="plans.import", target=plan, purpose=PURPOSE, filename=filename, activities=len(created))
    return created


def reminder_due(rnd: FollowUpRound | SurveyRound, today: date) -> bool:
    """Remind from a week before the deadline until two weeks after it."""
    return rnd.deadline - timedelta(days=7) <= today <= rnd.deadline + timedelta(days=14)
