"""Thin views: access through access.py, writes through services.py."""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samhandling.cases import services as cases_services
from samhandling.cases.access import display_name, has_identity_grant, reveal_identity
from samhandling.cases.models import ProtectedIdentityGrant
from samhandling.core.annotations import signed_in
from samhandling.core.forms import add_service_errors
from samhandling.core.text import swedish_sort_key
from samhandling.defectors import access, selectors, services
from samhandling.defectors.forms import (
    CloseForm,
    FirstContactForm,
    FollowUpDoneForm,
    FollowUpForm,
    IdentityGrantForm,
    InterestForm,
    NeedsInvestigationForm,
    NeedsOpenForm,
    RelocationForm,
    RevealForm,
    SupportItemForm,
    ThreatAssessmentForm,
    WithdrawGrantForm,
)
from samhandling.defectors.models import DefectorCase, FirstContact, FollowUp, Handover, NeedsInvestigation, Relocation
from samhandling.organisations.access import units_with_role
from samhandling.organisations.models import Membership
from samhandling.organisations.roles import Role


def _conflict(request: HttpRequest, case: DefectorCase, form: forms.Form) -> HttpResponse:
    """Someone saved first: nothing is saved, and the page shows what this user typed so that it is not lost."""
    return render(request, "defectors/conflict.html", {"case": case, "form": form}, status=409)


def _case_form(
    request: HttpRequest, case: DefectorCase, form: forms.Form, save, *, done: str, title: str
) -> HttpResponse:
    """A form page of a case: a valid POST saves through `save` (a service) and goes back to the case.

    Someone else's save in between gives the conflict page with what this user typed; a service's
    refusal lands next to its field on the same form.
    """
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except services.EditConflict:
            return _conflict(request, case, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("defectors:case_detail", case.pk)
    return render(request, "defectors/form.html", {"form": form, "case": case, "title": title})


@require_http_methods(["GET"])
def queue(request):
    if not access.is_team_member(request.user):
        raise PermissionDenied
    now = timezone.now()
    rows = selectors.duty_queue(request.user, now)
    return render(
        request,
        "defectors/queue.html",
        {
            "rows": rows,
            "open_cases": selectors.open_cases(request.user)[:200],
            "now": now,
            "overdue": selectors.overdue_work(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def register(request):
    if not access.can_register_interest(request.user):
        raise PermissionDenied
    form = InterestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.interest_register(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The interest is registered as %(ref)s.") % {"ref": case.reference})
            if access.visible_defector_cases(request.user).filter(pk=case.pk).exists():
                return redirect("defectors:case_detail", case.pk)
            return redirect("defectors:receipt", case.pk)
    return render(request, "defectors/register.html", {"form": form})


@require_http_methods(["GET"])
def receipt(request, case_id):
    case = access.get_receipt_for_user(request.user, case_id)
    return render(request, "defectors/receipt.html", {"case": case})


def _detail(request: HttpRequest, case: DefectorCase, revealed_name: str = "") -> HttpResponse:
    contact = FirstContact.objects.filter(case=case).select_related("contacted_by").first()
    return render(
        request,
        "defectors/case_detail.html",
        {
            "case": case,
            "contact": contact,
            "assessments": case.threat_assessments.all(),
            "support_items": case.support_items.all(),
            "handover": Handover.objects.filter(case=case, completed_at__isnull=True)
            .select_related("from_team__unit", "to_team__unit")
            .first(),
            "time_left": case.first_contact_due - timezone.now(),
            "investigation": NeedsInvestigation.objects.filter(case=case).select_related("rule").first(),
            "follow_ups": case.follow_ups.all(),
            "today": timezone.localdate(),
            "relocation": Relocation.objects.filter(case=case).select_related("legal_basis").first(),
            "may_reveal": has_identity_grant(request.user, case.person),
            "reveal_form": RevealForm(),
            "revealed_name": revealed_name,
            "may_grant": access.can_grant_identity(request.user, case),
        },
    )


@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_defector_case_for_user(request.user, case_id)
    return _detail(request, case)


@require_http_methods(["POST"])
def reveal(request: HttpRequest, case_id: int) -> HttpResponse:
    """Show the protected name for this one look: a grant and a reason are needed; audited either way."""
    case = access.get_defector_case_for_user(request.user, case_id, purpose="reveal protected identity")
    form = RevealForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if not reveal_identity(request.user, case.person, reason=reason):
        raise PermissionDenied
    return _detail(request, case, revealed_name=display_name(case.person, revealed=True))


@require_http_methods(["GET", "POST"])
def first_contact(request, case_id):
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    if FirstContact.objects.filter(case=case).exists():
        messages.info(request, _("The first contact has already been recorded."))
        return redirect("defectors:case_detail", case.pk)
    form = FirstContactForm(request.POST or None)
    save = partial(services.first_contact_record, actor=request.user, case=case, contacted_by=request.user)
    return _case_form(
        request, case, form, save, done=_("The first contact is recorded."), title=_("Record the first contact")
    )


@require_http_methods(["GET", "POST"])
def threat_assessment(request, case_id):
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    form = ThreatAssessmentForm(request.POST or None, initial={"version": case.version})
    save = partial(services.threat_assessment_record, actor=request.user, case=case)
    done, title = _("The threat assessment is recorded."), _("Record the police's threat assessment")
    return _case_form(request, case, form, save, done=done, title=title)


@require_http_methods(["POST"])
def handover_acknowledge(request, case_id):
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    handover = Handover.objects.filter(case=case, completed_at__isnull=True).first()
    if handover is None:
        messages.info(request, _("There is no hand-over waiting."))
        return redirect("defectors:case_detail", case.pk)
    teams = set(access.user_teams(request.user).values_list("id", flat=True))
    side = "to" if handover.to_team_id in teams else "from" if handover.from_team_id in teams else None
    if side is None:
        raise PermissionDenied
    try:
        done = services.handover_acknowledge(actor=request.user, handover=handover, side=side)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("defectors:case_detail", case.pk)
    messages.success(
        request,
        _("The hand-over is completed.") if done.completed_at else _("Your side has acknowledged the hand-over."),
    )
    if access.visible_defector_cases(request.user).filter(pk=case.pk).exists():
        return redirect("defectors:case_detail", case.pk)
    return redirect("defectors:queue")


@require_http_methods(["GET"])
def read_report(request):
    """For the log reviewer: reads of defector cases by people outside the holding team."""
    if not request.user.has_perm("audit.review_log"):
        raise PermissionDenied
    from samhandling.audit.services import record

    rows = selectors.reads_outside_holding_team()
    record(actor=request.user, verb="defectors.read_report.view", purpose="log review", rows=len(rows))
    return render(request, "defectors/read_report.html", {"rows": rows})


@require_http_methods(["GET"])
def figures(request):
    """City figures by district and year (suppressed small cells): city analysts and defector-unit managers."""
    from samhandling.defectors.figures import MIN_CELL, city_figures
    from samhandling.organisations.access import has_role
    from samhandling.organisations.roles import Role

    manager = access.user_teams(request.user).filter(unit__in=_managed_units(request.user)).exists()
    if not (has_role(request.user, Role.CITY_ANALYST) or manager):
        raise PermissionDenied
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("ar", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2023), this_year)
    rows, total = city_figures(year)
    return render(
        request,
        "defectors/figures.html",
        {"rows": rows, "total": total, "year": year, "years": range(this_year, 2022, -1), "min_cell": MIN_CELL},
    )


def _managed_units(user):
    return units_with_role(user, Role.UNIT_MANAGER)


@require_http_methods(["GET", "POST"])
def support_item_add(request, case_id):
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    form = SupportItemForm(request.POST or None)
    save = partial(services.support_item_add, actor=request.user, case=case)
    return _case_form(request, case, form, save, done=_("The support is added to the package."), title=_("Add support"))


@require_http_methods(["GET", "POST"])
def case_close(request, case_id):
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    form = CloseForm(request.POST or None, initial={"version": case.version, "closed_on": timezone.localdate()})
    save = partial(services.case_close, actor=request.user, case=case)
    done, title = _("The contact has ended and the case is closed."), _("End the contact")
    return _case_form(request, case, form, save, done=done, title=title)


@require_http_methods(["GET", "POST"])
def needs_open(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    if NeedsInvestigation.objects.filter(case=case).exists():
        return redirect("defectors:needs_edit", case.pk)
    form = NeedsOpenForm(request.POST or None, initial={"opened_on": timezone.localdate()})
    save = partial(services.needs_investigation_open, actor=signed_in(request.user), case=case)
    done, title = _("The investigation of needs is opened."), _("Open the investigation of needs")
    return _case_form(request, case, form, save, done=done, title=title)


@require_http_methods(["GET", "POST"])
def needs_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    investigation = get_object_or_404(NeedsInvestigation, case=case)
    initial = {
        "version": investigation.version,
        "own_views": investigation.own_views,
        "needs_found": investigation.needs_found,
        "decision": investigation.decision,
        "decided_on": investigation.decided_on,
    }
    form = NeedsInvestigationForm(request.POST or None, initial=initial)
    save = partial(services.needs_investigation_update, actor=signed_in(request.user), investigation=investigation)
    done, title = _("The investigation of needs is saved."), _("The investigation of needs")
    return _case_form(request, case, form, save, done=done, title=title)


@require_http_methods(["GET", "POST"])
def follow_up_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    form = FollowUpForm(request.POST or None)
    save = partial(services.follow_up_schedule, actor=signed_in(request.user), case=case)
    done, title = _("The follow-up is scheduled."), _("Schedule a follow-up")
    return _case_form(request, case, form, save, done=done, title=title)


@require_http_methods(["GET", "POST"])
def follow_up_done(request: HttpRequest, case_id: int, follow_up_id: int) -> HttpResponse:
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    follow_up = get_object_or_404(FollowUp, case=case, id=follow_up_id)
    initial = {
        "version": follow_up.version,
        "done_on": follow_up.done_on or timezone.localdate(),
        "outcome": follow_up.outcome,
    }
    form = FollowUpDoneForm(request.POST or None, initial=initial)
    save = partial(services.follow_up_record, actor=signed_in(request.user), follow_up=follow_up)
    done, title = _("The follow-up is recorded."), _("Record the follow-up")
    return _case_form(request, case, form, save, done=done, title=title)


@require_http_methods(["GET", "POST"])
def relocation(request: HttpRequest, case_id: int) -> HttpResponse:
    """A move to another municipality: the case is handed over on consent or a legal basis and ends as moved."""
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    form = RelocationForm(
        request.POST or None,
        bases=services.relocation_bases(),
        initial={"version": case.version, "moved_on": timezone.localdate()},
    )
    save = partial(services.relocation_record, actor=signed_in(request.user), case=case)
    done = _("The case is handed over to the receiving municipality and closed as moved.")
    return _case_form(request, case, form, save, done=done, title=_("Move to another municipality"))


@require_http_methods(["GET", "POST"])
def identity_grant(request: HttpRequest, case_id: int) -> HttpResponse:
    """The holding team's manager authorises a team member to see the protected identity (cases' service)."""
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    if not access.can_grant_identity(request.user, case):
        raise PermissionDenied
    actor = signed_in(request.user)
    colleagues = sorted(
        (
            m.user
            for m in Membership.objects.active()
            .filter(unit_id=case.team.unit_id, role=Role.DEFECTOR_TEAM)
            .exclude(user_id=actor.pk)
            .select_related("user")
        ),
        key=lambda u: swedish_sort_key(u.get_full_name() or u.username),
    )
    form = IdentityGrantForm(request.POST or None, colleagues=colleagues)
    if request.method == "POST" and form.is_valid():
        user = next(u for u in colleagues if u.pk == form.cleaned_data["user"])
        try:
            cases_services.identity_grant_create(
                actor=actor,
                person=case.person,
                user=user,
                reason=form.cleaned_data["reason"],
                valid_to=form.cleaned_data["valid_to"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The colleague may now see the protected identity."))
            return redirect("defectors:case_detail", case.pk)
    grants = (
        ProtectedIdentityGrant.objects.filter(
            person=case.person,
            case__isnull=True,
            user__in=[u.pk for u in colleagues],
            withdrawn_at__isnull=True,
            valid_to__gte=timezone.localdate(),
        )
        .select_related("user")
        .order_by("valid_to", "id")
    )
    title = _("Authorise a team member to see the protected identity")
    return render(
        request,
        "defectors/identity_grant.html",
        {"form": form, "case": case, "title": title, "grants": grants, "withdraw_form": WithdrawGrantForm()},
    )


@require_http_methods(["POST"])
def identity_grant_withdraw(request: HttpRequest, case_id: int, grant_id: int) -> HttpResponse:
    """The manager who gave a team member a grant withdraws it, with a reason (cases' service)."""
    case = access.get_defector_case_for_user(request.user, case_id, write=True)
    if not access.can_grant_identity(request.user, case):
        raise PermissionDenied
    grant = get_object_or_404(ProtectedIdentityGrant, id=grant_id, person=case.person, case__isnull=True)
    form = WithdrawGrantForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        cases_services.identity_grant_withdraw(actor=signed_in(request.user), grant=grant, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The authorisation is withdrawn."))
    return redirect("defectors:identity_grant", case.pk)
