"""Follow-up per period: the planner reports every activity; the analyst opens rounds and sees who has reported."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from samhandling.plans import access, forms, selectors, services
from samhandling.plans.models import FollowUp, FollowUpRound
from samhandling.plans.views import conflict_rows, render_conflict


def followup(request, pk, round_id):
    plan = access.get_plan_for_user(request.user, pk)
    rnd = get_object_or_404(FollowUpRound, pk=round_id, year=plan.year)
    can_report = access.can_plan_for(request.user, plan) and services.reportable(plan)
    if not can_report and not access.can_view_all(request.user):
        raise PermissionDenied
    if request.method == "POST" and not can_report:
        raise PermissionDenied
    existing = {f.activity_id: f for f in FollowUp.objects.filter(activity__plan=plan, round=rnd)}
    rows = []
    for activity in plan.activities.select_related("priority_area"):
        instance = existing.get(activity.pk) or FollowUp(activity=activity, round=rnd)
        form = forms.FollowUpForm(request.POST or None, instance=instance, prefix=f"a{activity.pk}")
        rows.append({"activity": activity, "form": form})
    if request.method == "POST":
        if all(row["form"].is_valid() for row in rows):
            try:
                services.followup_save(actor=request.user, plan=plan, rnd=rnd, forms=[r["form"] for r in rows])
            except services.EditConflict as conflict:
                forms_by_activity = {row["activity"].pk: row["form"] for row in rows}
                groups = [
                    {"title": str(saved.activity), "rows": conflict_rows(forms_by_activity[saved.activity_id], saved)}
                    for saved in conflict.current
                    if saved.activity_id in forms_by_activity
                ]
                return render_conflict(request, plan, request.path, groups)
            if "submit" in request.POST:
                try:
                    services.plan_report_submit(actor=request.user, plan=plan, rnd=rnd)
                except ValidationError as e:
                    messages.error(request, " ".join(e.messages))
                    return redirect("plans:followup", plan.pk, rnd.pk)
                messages.success(request, _("The follow-up was reported."))
                return redirect("plans:plan_detail", plan.pk)
            messages.success(request, _("The follow-up was saved. Report it when everything is filled in."))
            return redirect("plans:followup", plan.pk, rnd.pk)
        messages.error(request, _("Some answers need correcting; see the messages by the fields."))
    reported = plan.reports.filter(round=rnd).first()
    context = {"plan": plan, "round": rnd, "rows": rows, "can_report": can_report, "reported": reported}
    return render(request, "plans/followup.html", context)


def round_list(request):
    if not access.can_manage_rounds(request.user):
        raise PermissionDenied
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.round_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            existing = FollowUpRound.objects.filter(
                year=form.cleaned_data["year"], period=form.cleaned_data["period"]
            ).first()
            if existing and existing.created_by_id == request.user.pk:  # a double submission
                return redirect("plans:round_detail", existing.pk)
            for message in e.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The follow-up round was opened."))
            return redirect("plans:round_detail", rnd.pk)
    rounds = FollowUpRound.objects.all()
    return render(request, "plans/round_list.html", {"form": form, "rounds": rounds})


def round_detail(request, round_id):
    if not access.can_manage_rounds(request.user):
        raise PermissionDenied
    rnd = get_object_or_404(FollowUpRound, pk=round_id)
    rows = selectors.round_status(rnd)
    context = {"round": rnd, "rows": rows, "reported": sum(1 for r in rows if r["report"])}
    return render(request, "plans/round_detail.html", context)
