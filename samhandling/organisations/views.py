"""The administration of users and memberships (/administration/) and the committees that lack people."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samhandling.core.annotations import signed_in
from samhandling.core.forms import add_service_errors
from samhandling.organisations import access, selectors, services
from samhandling.organisations.forms import MembershipGiveForm, UserCreateForm, UserSearchForm, VersionForm


def user_list(request: HttpRequest) -> HttpResponse:
    access.require_administration(request.user)
    form = UserSearchForm(request.GET or None)
    query, stale_only = "", False
    if form.is_valid():
        query, stale_only = form.cleaned_data["q"], form.cleaned_data["stale"]
    manage_all = access.can_manage_all_users(request.user)
    units = None if manage_all else access.administered_units(request.user)
    users = access.visible_users(request.user)
    rows = selectors.user_rows(users, query=query, stale_only=stale_only, units=units)
    context = {
        "form": form,
        "rows": rows,
        "manage_all": manage_all,
        "stale_count": users.filter(selectors.stale_filter()).count(),
        "stale_days": selectors.stale_after_days(),
    }
    return render(request, "organisations/user_list.html", context)


@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    access.require_administration(request.user)
    if not access.can_manage_all_users(request.user):
        raise PermissionDenied
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=signed_in(request.user), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The user has been added. They have no role until you give one."))
            return redirect("organisations:user_detail", user.pk)
    return render(request, "organisations/user_form.html", {"form": form})


def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    access.require_administration(request.user)
    person = access.get_user_for_admin(request.user, user_id)
    manage_all = access.can_manage_all_users(request.user)
    units = None if manage_all else access.administered_units(request.user)
    grantable = set(access.grantable_roles(request.user))
    memberships = selectors.user_memberships(person, units)
    for m in memberships:
        in_force = m.in_force  # type: ignore[attr-defined]  # set by selectors.user_memberships
        m.can_end = in_force and m.unit_id is not None and m.role in grantable  # type: ignore[attr-defined]
        if manage_all and in_force:
            m.can_end = True  # type: ignore[attr-defined]
    context = {
        "person": person,
        "memberships": memberships,
        "manage_all": manage_all,
        "stale": type(person).objects.filter(pk=person.pk).filter(selectors.stale_filter()).exists(),
        "stale_days": selectors.stale_after_days(),
    }
    return render(request, "organisations/user_detail.html", context)


@require_http_methods(["GET", "POST"])
def membership_give(request: HttpRequest) -> HttpResponse:
    access.require_administration(request.user)
    units = access.administered_units(request.user)
    roles = access.grantable_roles(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("user"):
        person = access.get_user_for_admin(request.user, request.GET["user"])
        initial["username"] = person.get_username()
    form = MembershipGiveForm(request.POST or None, units=units, roles=roles, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_give(
                actor=signed_in(request.user),
                user=form.user,
                unit=data["unit"],
                role=data["role"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The role has been given. It takes effect on the person's next page view."))
            if access.visible_users(request.user).filter(pk=form.user.pk).exists():
                return redirect("organisations:user_detail", form.user.pk)
            return redirect("organisations:user_list")
    return render(request, "organisations/membership_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, membership_id: int) -> HttpResponse:
    access.require_administration(request.user)
    membership = access.get_membership_for_admin(request.user, membership_id)
    if membership.role not in access.grantable_roles(request.user) and not access.can_manage_all_users(request.user):
        raise PermissionDenied
    form = VersionForm(request.POST or None, initial={"version": membership.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(
                actor=signed_in(request.user), membership=membership, expected_version=form.cleaned_data["version"]
            )
        except services.EditConflict as conflict:
            context = {"membership": conflict.current}
            return render(request, "organisations/membership_conflict.html", context, status=409)
        messages.success(request, _("The membership has ended. The rights are gone from the person's next page view."))
        return redirect("organisations:user_detail", membership.user_id)
    return render(request, "organisations/membership_end.html", {"membership": membership, "form": form})


@require_http_methods(["GET", "POST"])
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    access.require_administration(request.user)
    person = access.get_user_for_admin(request.user, user_id)
    if not access.can_manage_all_users(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.user_deactivate(actor=signed_in(request.user), user=person, expected_active=True)
        except services.EditConflict:
            return render(request, "organisations/user_conflict.html", {"person": person}, status=409)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("organisations:user_detail", person.pk)
        messages.success(request, _("The user has been deactivated. Their sessions stop working at once."))
        return redirect("organisations:user_detail", person.pk)
    return render(request, "organisations/user_deactivate.html", {"person": person})


def role_overview(request: HttpRequest) -> HttpResponse:
    access.require_administration(request.user)
    committees = selectors.role_holders(access.administered_units(request.user))
    return render(
        request,
        "organisations/role_overview.html",
        {"committees": committees, "manage_all": access.can_manage_all_users(request.user)},
    )


def committee_problems(request: HttpRequest) -> HttpResponse:
    access.require_committee_overview(request.user)
    return render(request, "organisations/committee_problems.html", {"summary": selectors.committee_staffing()})
