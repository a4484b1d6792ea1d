"""Follow-up rounds, the plans' follow-up and its reporting, and when reminders are due."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import ModelForm
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.core.annotations import Actor
from samhandling.plans.models import ActionPlan, FollowUp, FollowUpRound, Period, PlanReport, PlanStatus, SurveyRound
from samhandling.plans.services.common import PURPOSE, EditConflict


@transaction.atomic
def round_create(*, actor: Actor, year: int, period: str, deadline: date) -> FollowUpRound:
    """Open a follow-up round for every plan of the year."""
    if FollowUpRound.objects.filter(year=year, period=period).exists():
        raise ValidationError(_("That follow-up round already exists."))
    rnd = FollowUpRound.objects.create(year=year, period=period, deadline=deadline, created_by=actor)
    record(actor=actor, verb="plans.round_create", target=rnd, purpose=PURPOSE, year=year, period=period)
    return rnd


def reportable(plan: ActionPlan) -> bool:
    return plan.status in (PlanStatus.APPROVED, PlanStatus.FOLLOWED_UP)


@transaction.atomic
def followup_save(
    *, actor: Actor, plan: ActionPlan, rnd: FollowUpRound, forms: Sequence[ModelForm[FollowUp]]
) -> list[FollowUp]:
    """Save the follow-up of every activity in one go (valid forms only reach here).

    Each answer is saved only if nobody saved it since the form was opened; otherwise nothing is
    saved and EditConflict carries the answers saved now.
    """
    if not reportable(plan):
        raise ValidationError(_("Follow-up is reported on the approved plan."))
    saved_now = {
        fu.activity_id: fu
        for fu in FollowUp.objects.select_for_update().filter(activity__plan=plan, round=rnd).order_by("id")
    }
    stale = [
        saved_now[form.instance.activity_id]
        for form in forms
        if (saved_now[form.instance.activity_id].edit_version if form.instance.activity_id in saved_now else 0)
        != (form.cleaned_data.get("edit_version") or 0)
    ]
    if stale:
        raise EditConflict(stale)
    saved = []
    try:
        with transaction.atomic():
            for form in forms:
                fu = form.save(commit=False)
                fu.round, fu.updated_by = rnd, actor
                current = saved_now.get(fu.activity_id)
                if current is not None:
                    fu.pk, fu.edit_version = current.pk, current.edit_version + 1
                fu.save()
                saved.append(fu)
    except IntegrityError:
        # Someone else saved the first answer for an activity at the same moment.
        raise EditConflict(list(FollowUp.objects.filter(activity__plan=plan, round=rnd))) from None
    record(actor=actor, verb="plans.followup_save", target=plan, purpose=PURPOSE, round=rnd.pk, activities=len(saved))
    return saved


@transaction.atomic
def plan_report_submit(*, actor: Actor, plan: ActionPlan, rnd: FollowUpRound) -> PlanReport:
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


def reminder_due(rnd: FollowUpRound | SurveyRound, today: date) -> bool:
    """Remind from a week before the deadline until two weeks after it."""
    return rnd.deadline - timedelta(days=7) <= today <= rnd.deadline + timedelta(days=14)
