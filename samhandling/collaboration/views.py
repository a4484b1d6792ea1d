"""HTTP only: access check, form, service call, redirect or render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from samhandling.audit.services import record
from samhandling.cases.access import display_name, unit_cases
from samhandling.cases.models import Case, Person
from samhandling.collaboration import access, forms, selectors, services
from samhandling.collaboration.models import Action, Consent, ForumMember, InfoKind, LegalBasis, Meeting, Party
from samhandling.core.csvfile import excel_csv
from samhandling.core.forms import add_service_errors
from samhandling.organisations.access import user_roles

# The register page shows the newest rows; the CSV export holds every row of the filter.
REGISTER_PAGE_ROWS = 200


def _apply(form, call):
    """Run a service; a ValidationError lands next to its field (or on top) and nothing typed is lost."""
    try:
        return call()
    except ValidationError as e:
        add_service_errors(form, e)
        return None


def _page(request, forum, title, form, context=None, template="collaboration/form.html"):
    return render(request, template, {"forum": forum, "title": title, "form": form, **(context or {})})


def _conflict(request, forum, message, form):
    """Someone saved first: nothing is saved, and the page shows what this user typed so that it is not lost."""
    context = {"forum": forum, "message": message, "form": form}
    return render(request, "collaboration/conflict.html", context, status=409)


def _members(forum, *, partners_only=False):
    qs = forum.members.filter(removed_at__isnull=True).select_related("unit__administration", "agency", "police_area")
    return qs.exclude(unit_id=forum.lead_unit_id) if partners_only else qs


def _bases(forum, *, consent=True):
    bases = services.legal_bases_in_force()
    ids = [b.id for b in bases if (not b.forum_kinds or forum.kind in b.forum_kinds) and (consent or not b.is_consent)]
    return LegalBasis.objects.filter(id__in=ids)


def overview(request):
    if not user_roles(request.user):
        raise PermissionDenied
    data = selectors.overview(request.user)
    rows = [(f, access.person_label(f, None)) for f in data["led"]]
    partner_rows = [(f, access.person_label(f, None)) for f in data["partner"]]
    record(
        actor=request.user,
        verb="collaboration.forum.list",
        purpose="my forum cases",
        forum_ids=[f.id for f, _n in rows + partner_rows],
    )
    context = {**data, "rows": rows, "partner_rows": partner_rows, "can_lead": access.can_lead_forums(request.user)}
    return render(request, "collaboration/overview.html", context)


def forum_start(request):
    if not access.can_lead_forums(request.user):
        raise PermissionDenied
    cases = unit_cases(request.user).exclude(status=Case.Status.CLOSED).select_related("person").order_by("-id")
    form = forms.ForumStartForm(
        request.POST if request.method == "POST" else None, cases=cases, initial={"case": request.GET.get("arende")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        forum = _apply(
            form,
            lambda: services.forum_create(
                actor=request.user,
                kind=data["kind"],
                case=data["case"],
                requested_by=data["requested_by"],
                token=data["token"],
            ),
        )
        if forum:
            return redirect("collaboration:forum_detail", forum.id)
    return _page(request, None, _("Start a forum case"), form)


def forum_detail(request, forum_id):
    forum, found = access.get_forum_for_user(request.user, forum_id, purpose="forum case")
    name = access.person_label(forum, found)
    if not found.lead:
        shared = list(access.partner_disclosures(forum, found))
        record(
            actor=request.user,
            verb="collaboration.disclosure.read",
            target=forum,
            purpose="shared with my organisation",
            disclosure_ids=[d.id for d in shared],
        )
        return render(request, "collaboration/partner_detail.html", {"forum": forum, "name": name, "shared": shared})
    today = timezone.localdate()
    consents = [(c, services.in_force(c, today)) for c in forum.consents.select_related("given_by")]
    try:
        givers = services.required_givers(forum)
        missing_error = ""
    except ValidationError as e:
        givers, missing_error = [], " ".join(e.messages)
    context = {
        "forum": forum,
        "name": name,
        "can_see_case": forum.case_id and unit_cases(request.user).filter(id=forum.case_id).exists(),
        "members": _members(forum),
        "removed_members": forum.members.filter(removed_at__isnull=False).select_related(
            "unit__administration", "agency", "police_area"
        ),
        "consents": consents,
        "givers": [(display_name(g), kind) for g, kind in givers],
        "givers_error": missing_error,
        "meetings": forum.meetings.all(),
        "actions": forum.actions.select_related("owner__unit__administration", "owner__agency", "owner__police_area"),
        "disclosures": forum.disclosures.select_related(
            "legal_basis", "recipient__unit__administration", "recipient__agency", "recipient__police_area"
        ),
        "end_form": forms.EndForm(initial={"version": forum.version}),
    }
    return render(request, "collaboration/forum_detail.html", context)


def member_add(request, forum_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="members", write=True)
    form = forms.MemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda: services.member_add(actor=request.user, forum=forum, **form.cleaned_data)):
            return redirect("collaboration:forum_detail", forum.id)
    return _page(request, forum, _("Add a member"), form)


def member_remove(request, forum_id, member_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="members", write=True)
    member = get_object_or_404(ForumMember, id=member_id, forum=forum, removed_at__isnull=True)
    form = forms.MemberRemoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        call = lambda: services.member_remove(  # noqa: E731
            actor=request.user, member=member, reason=form.cleaned_data["reason"]
        )
        if _apply(form, call):
            messages.success(request, _("The member has been removed and no longer has access."))
            return redirect("collaboration:forum_detail", forum.id)
    return _page(request, forum, _("Remove %(member)s from the forum case") % {"member": member}, form)


def consent_add(request, forum_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="consent", write=True)
    form = forms.ConsentForm(request.POST if request.method == "POST" else None, forum=forum)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("token")
        # The service checks that the person is the young person or one of the guardians.
        data["given_by"] = get_object_or_404(Person, id=data["given_by"])
        if _apply(form, lambda: services.consent_record(actor=request.user, forum=forum, token=token, **data)):
            messages.success(request, _("The consent has been recorded."))
            return redirect("collaboration:forum_detail", forum.id)
    return _page(request, forum, _("Record a consent"), form)


def consent_withdraw(request, forum_id, consent_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="consent", write=True)
    consent = get_object_or_404(Consent, id=consent_id, forum=forum)
    form = forms.WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.consent_withdraw(actor=request.user, consent=consent, note=form.cleaned_data["note"])
        messages.success(request, _("The consent has been withdrawn. Nothing more is shared under it."))
        return redirect("collaboration:forum_detail", forum.id)
    return _page(request, forum, _("Withdraw a consent"), form)


def forum_activate(request, forum_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="start", write=True)
    bases = _bases(forum, consent=False) if forum.rule.legal_basis_allowed else LegalBasis.objects.none()
    form = forms.ActivateForm(request.POST if request.method == "POST" else None, bases=bases)
    if not forum.rule.legal_basis_allowed:
        del form.fields["legal_basis"], form.fields["confirm"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = lambda: services.forum_activate(  # noqa: E731
            actor=request.user, forum=forum, legal_basis=data.get("legal_basis"), confirmed=data.get("confirm", False)
        )
        if _apply(form, call):
            messages.success(request, _("The forum case has started."))
            return redirect("collaboration:forum_detail", forum.id)
    return _page(request, forum, _("Start the forum case"), form, {"bases": bases})


def meeting_add(request, forum_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="meeting", write=True)
    form = forms.MeetingCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.meeting_create(
            actor=request.user, forum=forum, starts_at=data["starts_at"], token=data["token"]
        )
        return redirect("collaboration:meeting_edit", forum.id, meeting.id)
    return _page(request, forum, _("Plan a meeting"), form)


def meeting_edit(request, forum_id, meeting_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="meeting", write=True)
    meeting = get_object_or_404(Meeting, id=meeting_id, forum=forum)
    members = _members(forum)
    initial = {k: getattr(meeting, k) for k in services.forums.MEETING_FIELDS}
    initial.update(version=meeting.version, held=meeting.held, attendees=list(meeting.attendees.all()))
    form = forms.MeetingForm(request.POST if request.method == "POST" else None, members=members, initial=initial)
    draft = request.headers.get("HX-Request") == "true"
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        call = lambda: services.meeting_save(  # noqa: E731
            actor=request.user, meeting=meeting, expected_version=version, draft=draft, **data
        )
        try:
            saved = _apply(form, call)
        except services.EditConflict:
            if draft:
                return render(request, "collaboration/_draft_status.html", {"conflict": True})
            return _conflict(
                request, forum, _("The meeting notes were saved by someone else after you opened them."), form
            )
        if saved and draft:
            return render(request, "collaboration/_draft_status.html", {"meeting": saved, "now": timezone.now()})
        if saved:
            messages.success(request, _("The meeting notes have been saved."))
            return redirect("collaboration:forum_detail", forum.id)
    if draft:
        return render(request, "collaboration/_draft_status.html", {"invalid": True})
    return _page(request, forum, _("Meeting"), form, {"meeting": meeting}, "collaboration/meeting_form.html")


def plan_edit(request, forum_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="plan", write=True)
    form = forms.PlanForm(
        request.POST if request.method == "POST" else None, initial={"version": forum.version, "goals": forum.goals}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                actor=request.user,
                forum=forum,
                goals=form.cleaned_data["goals"],
                expected_version=form.cleaned_data["version"],
            )
        except services.EditConflict:
            return _conflict(request, forum, _("The plan was changed by someone else after you opened it."), form)
        messages.success(request, _("The plan has been saved."))
        return redirect("collaboration:forum_detail", forum.id)
    return _page(request, forum, _("The plan's goals"), form)


def action_add(request, forum_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="plan", write=True)
    form = forms.ActionForm(request.POST if request.method == "POST" else None, members=_members(forum))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("token")
        if _apply(form, lambda: services.action_add(actor=request.user, forum=forum, token=token, **data)):
            return redirect("collaboration:forum_detail", forum.id)
    return _page(request, forum, _("Add an action"), form)


def action_follow_up(request, forum_id, action_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="plan", write=True)
    action = get_object_or_404(Action, id=action_id, forum=forum)
    initial = {"version": action.version, "done_on": action.done_on, "follow_up": action.follow_up}
    form = forms.ActionFollowUpForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            call = lambda: services.action_update(  # noqa: E731
                actor=request.user, action=action, expected_version=version, **data
            )
            if _apply(form, call):
                return redirect("collaboration:forum_detail", forum.id)
        except services.EditConflict:
            return _conflict(request, forum, _("The action was changed by someone else after you opened it."), form)
    return _page(request, forum, action.what, form)


def disclosure_add(request, forum_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="disclosure", write=True)
    initial = {}
    if request.GET.get("vad") == "plan":
        initial = {"what": "plan", "info_kind": "plan", "content": services.plan_snapshot(forum)}
    form = forms.DisclosureForm(
        request.POST if request.method == "POST" else None,
        members=_members(forum, partners_only=True),
        bases=_bases(forum),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token, confirmed = data.pop("token"), data.pop("confirm")
        data["recipients"] = list(data["recipients"])
        call = lambda: services.disclosure_record(  # noqa: E731
            actor=request.user, forum=forum, token=token, confirmed=confirmed, **data
        )
        if _apply(form, call):
            messages.success(request, _("The information has been shared and the disclosure recorded."))
            return redirect("collaboration:forum_detail", forum.id)
    return _page(request, forum, _("Share information"), form)


def forum_end(request, forum_id):
    forum, _found = access.get_forum_for_user(request.user, forum_id, purpose="end", write=True)
    form = forms.EndForm(request.POST if request.method == "POST" else None, initial={"version": forum.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.forum_end(
                actor=request.user,
                forum=forum,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.EditConflict:
            return _conflict(request, forum, _("The forum case was changed by someone else after you opened it."), form)
        return redirect("collaboration:forum_detail", forum.id)
    return _page(request, forum, _("End the forum case"), form)


def _cell(value):
    """Neutralise spreadsheet formulas: a cell that starts like a formula is read as text."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _register_rows(request):
    if not access.can_view_register(request.user):
        raise PermissionDenied
    form = forms.RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {k: v for k, v in filters.items() if v not in (None, "")}
    return form, filters, selectors.register(request.user, **filters)


def register(request):
    form, filters, rows = _register_rows(request)
    page_rows = list(rows[:REGISTER_PAGE_ROWS])
    record(
        actor=request.user,
        verb="collaboration.register.view",
        purpose="disclosure register",
        filters={k: str(v) for k, v in filters.items()},
        count=len(page_rows),
    )
    return render(request, "collaboration/register.html", {"form": form, "rows": page_rows, "total": rows.count()})


def register_export(request):
    _form, filters, rows = _register_rows(request)
    header = [
        _("Disclosure"),
        _("Forum case"),
        _("When"),
        _("Recipient"),
        _("Party"),
        _("Kind of information"),
        _("Ground"),
        _("Rests on a withdrawn consent"),
    ]
    # Plain values, not model instances: the export of a year can hold tens of thousands of rows.
    parties, kinds = {k: str(v) for k, v in Party.choices}, {k: str(v) for k, v in InfoKind.choices}
    yes, no = _("yes"), _("no")
    columns = (
        "id",
        "forum_id",
        "disclosed_at",
        "recipient__unit__name",
        "recipient__unit__administration__name",
        "recipient__agency__name",
        "recipient__police_area__name",
        "recipient_party",
        "info_kind",
        "legal_basis__section",
        "legal_basis__act",
        "withdrawn_consents",
    )
    body = []
    for pk, forum_id, at, unit, admin, agency, area, party, kind, section, act, withdrawn in rows.values_list(
        *columns
    ).iterator(chunk_size=5000):
        # The same label as ForumMember.__str__ (a police area reads "LPO <name>").
        recipient = f"{unit}, {admin}" if unit else str(agency) + (f", LPO {area}" if area else "")
        body.append(
            [
                pk,
                forum_id,
                timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
                recipient,
                parties.get(party, party),
                kinds.get(kind, kind),
                f"{section} {act}",
                yes if withdrawn else no,
            ]
        )
    record(
        actor=request.user,
        verb="collaboration.register.export",
        purpose="disclosure register export",
        filters={k: str(v) for k, v in filters.items()},
        count=len(body),
    )
    body = [[_cell(v) for v in row] for row in body]
    response = HttpResponse(excel_csv([header, *body]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="utlamnanden.csv"'
    return response
