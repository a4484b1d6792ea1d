"""The plan pages: list, detail, the three steps, workflow and versions. HTTP only; rules live in access/services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samhandling.audit.services import record
from samhandling.plans import access, forms, selectors, services
from samhandling.plans.models import Activity, Cause, PlanStatus, Problem, SituationSection

PARTS = {
    "lagesbild": (SituationSection, forms.SituationSectionForm, _("section of the situation picture"), "situation"),
    "problem": (Problem, forms.ProblemForm, _("problem"), "causes"),
    "aktivitet": (Activity, forms.ActivityForm, _("activity"), "activities"),
    "orsak": (Cause, forms.CauseForm, _("cause"), "causes"),
}


def _form_errors_to(form, error: ValidationError):
    for message in error.messages:
        form.add_error(None, message)


def _shown(value, field=None) -> str:
    """A field's value as the conflict page shows it."""
    if value is None or value == "":
        return "–"
    if hasattr(value, "all"):  # a many-to-many manager or a queryset
        return ", ".join(str(v) for v in value.all())
    if isinstance(value, (list, tuple)):
        labels = dict(getattr(field, "choices", []) or [])
        return ", ".join(str(labels.get(v, v)) for v in value)
    choices = dict(getattr(field, "choices", []) or []) if field is not None else {}
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def conflict_rows(form, current) -> list[dict]:
    """Field by field: what is saved now and what this editor wrote (the latter is not saved)."""
    rows = []
    for name, field in form.fields.items():
        if name in ("edit_version", "form_token") or name not in form.cleaned_data:
            continue
        theirs, yours = _shown(getattr(current, name, None), field), _shown(form.cleaned_data[name], field)
        rows.append({"label": field.label or name, "theirs": theirs, "yours": yours, "differs": theirs != yours})
    return rows


def render_conflict(request, plan, back_url: str, groups: list[dict]):
    """The Swedish conflict page (409): nothing was overwritten; compare and open the saved version."""
    context = {"plan": plan, "back_url": back_url, "groups": groups}
    return render(request, "plans/conflict.html", context, status=409)


def plan_list(request):
    plans = access.visible_plans(request.user).order_by("-year", "committee__name", "-version")
    year = request.GET.get("ar")
    if year and year.isdigit():
        plans = plans.filter(year=int(year))
    context = {
        "plans": plans,
        "can_create": access.planner_committees(request.user).exists(),
        "can_manage_rounds": access.can_manage_rounds(request.user),
        "year": year or "",
    }
    return render(request, "plans/plan_list.html", context)


@login_not_required
def public_plan_list(request):
    plans = access.visible_plans(None).filter(status=PlanStatus.APPROVED).order_by("-year", "committee__name")
    return render(request, "plans/public_list.html", {"plans": plans})


def plan_create(request):
    committees = access.planner_committees(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = forms.PlanCreateForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        existing = access.visible_plans(request.user).filter(
            committee=form.cleaned_data["committee"], year=form.cleaned_data["year"]
        )
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            current = existing.order_by("-version").first()
            if current is not None and current.title == form.cleaned_data["title"]:
                return redirect("plans:plan_detail", current.pk)  # a double submission: the plan already made
            # Another plan for the same year: say so, and keep what was typed, instead of discarding the title.
            _form_errors_to(form, e)
            return render(request, "plans/plan_create.html", {"form": form, "existing_plan": current})
        else:
            messages.success(request, _("The plan was created."))
            return redirect("plans:plan_detail", plan.pk)
    return render(request, "plans/plan_create.html", {"form": form})


@login_not_required
def plan_detail(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    record(actor=request.user, verb="plans.plan_view", target=plan, purpose="reading an action plan")
    context = selectors.plan_context(plan, request.user)
    return render(request, "plans/plan_detail.html", context)


def plan_edit(request, pk):
    plan = access.get_plan_for_edit(request.user, pk)
    initial = {"title": plan.title, "summary": plan.summary, "edit_version": plan.edit_version}
    form = forms.PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
        try:
            services.plan_update(
                actor=request.user, plan=plan, expected_version=form.cleaned_data["edit_version"], **data
            )
        except services.EditConflict as conflict:
            groups = [{"title": plan.title, "rows": conflict_rows(form, conflict.current)}]
            return render_conflict(request, plan, reverse("plans:plan_edit", args=[plan.pk]), groups)
        except ValidationError as e:
            _form_errors_to(form, e)
        else:
            return redirect("plans:plan_detail", plan.pk)
    return render(request, "plans/plan_edit.html", {"form": form, "plan": plan})


def _part(plan, kind, part_id):
    model = PARTS[kind][0]
    part_id = int(part_id)
    if model is Cause:
        return get_object_or_404(Cause, pk=part_id, problem__plan=plan)
    return get_object_or_404(model, pk=part_id, plan=plan)


def part_form(request, pk, kind, part_id=None, problem_id=None):
    plan = access.get_plan_for_edit(request.user, pk)
    if kind not in PARTS:
        raise Http404
    model, form_class, label, anchor = PARTS[kind]
    instance = _part(plan, kind, part_id) if part_id else model()
    if kind == "orsak" and part_id is None:
        instance.problem = get_object_or_404(Problem, pk=problem_id, plan=plan)
    extra = {"plan": plan} if form_class in (forms.SituationSectionForm, forms.ActivityForm) else {}
    form = form_class(request.POST or None, instance=instance, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            services.part_save(actor=request.user, plan=plan, form=form, form_token=form.cleaned_data.get("form_token"))
        except services.EditConflict as conflict:
            groups = [{"title": str(conflict.current), "rows": conflict_rows(form, conflict.current)}]
            return render_conflict(request, plan, request.path, groups)
        except ValidationError as e:
            _form_errors_to(form, e)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#{anchor}")
    context = {"form": form, "plan": plan, "label": label, "instance": instance, "kind": kind}
    return render(request, "plans/part_form.html", context)


@require_POST
def part_delete(request, pk, kind, part_id):
    plan = access.get_plan_for_edit(request.user, pk)
    if kind not in PARTS:
        raise Http404
    services.part_delete(actor=request.user, plan=plan, obj=_part(plan, kind, part_id))
    messages.success(request, _("Removed."))
    return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#{PARTS[kind][3]}")


@require_POST
def plan_submit(request, pk):
    plan = access.get_plan_for_edit(request.user, pk)
    try:
        services.plan_submit(actor=request.user, plan=plan)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("The plan was submitted for approval."))
    return redirect("plans:plan_detail", plan.pk)


def plan_approve(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_approve_plan(request.user, plan):
        raise PermissionDenied
    form = forms.ApproveForm(request.POST or None)
    return_form = forms.ReturnForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_approve(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as e:
            _form_errors_to(form, e)
        else:
            messages.success(request, _("The plan was approved."))
            return redirect("plans:plan_detail", plan.pk)
    return render(request, "plans/plan_approve.html", {"form": form, "return_form": return_form, "plan": plan})


@require_POST
def plan_return(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_approve_plan(request.user, plan):
        raise PermissionDenied
    form = forms.ReturnForm(request.POST)
    if not form.is_valid():
        return render(
            request, "plans/plan_approve.html", {"form": forms.ApproveForm(), "return_form": form, "plan": plan}
        )
    services.plan_return(actor=request.user, plan=plan, comment=form.cleaned_data["comment"])
    messages.success(request, _("The plan was returned to the planner."))
    return redirect("plans:plan_detail", plan.pk)


def place_create(request, pk):
    """A planner of the plan's committee adds a place (plats) in one of its neighbourhoods."""
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_plan_for(request.user, plan):
        raise PermissionDenied
    form = forms.PlaceForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("name", "kind", "neighbourhood", "description")}
        place = services.place_create(actor=request.user, **data)
        messages.success(
            request, _("The place %(name)s can now be linked to sections and activities.") % {"name": place}
        )
        return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#places")
    return render(request, "plans/place_form.html", {"form": form, "plan": plan})


def plan_new_version(request, pk):
    plan = access.get_plan_for_user(request.user, pk)
    if not access.can_plan_for(request.user, plan):
        raise PermissionDenied
    form = forms.NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if hasattr(plan, "next_version"):  # a double submission: the new version exists already
            return redirect("plans:plan_detail", plan.next_version.pk)
        try:
            new = services.plan_new_version(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as e:
            _form_errors_to(form, e)
        else:
            messages.success(request, _("A new version was started. The approved version stays as it was."))
            return redirect("plans:plan_detail", new.pk)
    return render(request, "plans/plan_new_version.html", {"form": form, "plan": plan})
