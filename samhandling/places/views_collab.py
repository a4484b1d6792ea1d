"""Pages of a place-based collaboration: start, group, observations, action plan, meetings, walks, closing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samhandling.core.forms import add_service_errors
from samhandling.places import access, forms, maps, selectors, services
from samhandling.places.models import Measure, Member, SafetyWalk, WalkFinding
from samhandling.places.views_common import conflict, require_places, token


def collaboration_list(request):
    require_places(request.user)
    collaborations = access.visible_collaborations(request.user).order_by("status", "-started_on")
    return render(request, "places/collaboration_list.html", {"collaborations": collaborations})


def collaboration_start(request, place_pk):
    place = access.get_place_for_user(request.user, place_pk)
    if not access.can_edit_place(request.user, place):
        raise PermissionDenied
    form = forms.CollaborationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("title", "kind", "aim", "started_on")}
        try:
            collaboration = services.collaboration_start(
                actor=request.user, place=place, form_token=token(form), **fields
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The collaboration has started. Add the members of the group."))
            return redirect("places:collaboration_detail", collaboration.pk)
    return render(request, "places/collaboration_form.html", {"form": form, "place": place})


def _detail_context(request, collaboration, **forms_override):
    user = request.user
    can_edit = access.can_edit_collaboration(user, collaboration)
    can_contribute = access.can_contribute(user, collaboration)
    picture = selectors.situation_picture(user, collaboration.place)
    measures = list(collaboration.measures.select_related("created_by"))
    for m in measures:
        m.user_can_change = services.can_change_measure(user, m)
    context = {
        "collaboration": collaboration,
        "place": collaboration.place,
        "members": collaboration.members.select_related("user"),
        "measures": measures,
        "meetings": collaboration.meetings.all(),
        "walks": collaboration.walks.prefetch_related("findings"),
        "investments": collaboration.investments.all(),
        "applications": access.visible_fund_applications(user).filter(collaboration=collaboration),
        "can_edit": can_edit,
        "can_contribute": can_contribute,
        "observation_form": forms.ObservationForm(),
        "measure_form": forms.MeasureForm(),
        **picture,
        "linked_indicators": selectors.linked_indicator_values(collaboration),
    }
    if can_edit and collaboration.is_active:
        context.update(
            member_form=forms.MemberForm(),
            meeting_form=forms.MeetingForm(),
            walk_form=forms.WalkForm(),
            walk_map=_walk_map(collaboration),
            close_form=forms.CloseForm(initial={"version": collaboration.version}),
        )
    finding_pk = request.GET.get("fynd", "")
    if finding_pk.isdigit() and can_contribute:
        finding = WalkFinding.objects.filter(pk=finding_pk, walk__collaboration=collaboration).first()
        if finding is not None:
            context["from_finding"] = finding
            context["measure_form"] = forms.MeasureForm(
                initial={"description": finding.text, "kind": Measure.Kind.PHYSICAL}
            )
    context.update(forms_override)
    return context


def _walk_map(collaboration):
    """The place's neighbourhood as a map to draw a new walk's route on (clicks fill the route field)."""
    hood = collaboration.place.neighbourhood
    if not hood.geometry:
        return ""
    point = selectors.place_point(collaboration.place, selectors.neighbourhood_points([hood.pk]))
    return maps.draw(
        title=_("Draw the route of the safety walk"),
        desc=_("%(hood)s. Each click on the map adds a point to the route field below the map.") % {"hood": hood.name},
        areas=[hood.geometry],
        markers=[maps.Marker("places", collaboration.place.name, *point)] if point else [],
        width=480,
        draw_route_for="id_walk-route_text",
    )


def collaboration_detail(request, pk):
    collaboration = access.get_collaboration_for_user(request.user, pk)
    return render(request, "places/collaboration_detail.html", _detail_context(request, collaboration))


def _rerender(request, collaboration, **form):
    return render(
        request, "places/collaboration_detail.html", _detail_context(request, collaboration, **form), status=400
    )


def collaboration_edit(request, pk):
    collaboration = access.get_collaboration_for_user(request.user, pk)
    if not access.can_edit_collaboration(request.user, collaboration) or not collaboration.is_active:
        raise PermissionDenied
    form = forms.CollaborationForm(request.POST or None, instance=collaboration)
    if request.method == "POST" and form.is_valid():
        try:
            services.collaboration_update(
                actor=request.user,
                collaboration=collaboration,
                expected_version=form.cleaned_data["version"],
                **{k: form.cleaned_data[k] for k in ("title", "kind", "aim", "indicators")},
            )
        except services.EditConflict as e:
            return conflict(request, e.current, request.path, form)
        messages.success(request, _("The collaboration was saved."))
        return redirect("places:collaboration_detail", collaboration.pk)
    context = {"form": form, "place": collaboration.place, "collaboration": collaboration}
    return render(request, "places/collaboration_form.html", context)


def _editable(request, pk):
    collaboration = access.get_collaboration_for_user(request.user, pk)
    if not access.can_edit_collaboration(request.user, collaboration) or not collaboration.is_active:
        raise PermissionDenied
    return collaboration


@require_POST
def member_add(request, pk):
    collaboration = _editable(request, pk)
    form = forms.MemberForm(request.POST)
    if not form.is_valid():
        return _rerender(request, collaboration, member_form=form)
    services.member_add(actor=request.user, collaboration=collaboration, **form.cleaned_data)
    messages.success(request, _("%(org)s is now a member of the group.") % {"org": form.cleaned_data["organisation"]})
    return redirect(reverse("places:collaboration_detail", args=[pk]) + "#members")


@require_POST
def member_remove(request, pk, member_pk):
    collaboration = _editable(request, pk)
    member = get_object_or_404(Member, pk=member_pk, collaboration=collaboration)
    services.member_remove(actor=request.user, member=member)
    messages.success(request, _("%(org)s was removed from the group.") % {"org": member.organisation})
    return redirect(reverse("places:collaboration_detail", args=[pk]) + "#members")


@require_POST
def observation_add(request, pk):
    collaboration = access.get_collaboration_for_user(request.user, pk)
    if not access.can_contribute(request.user, collaboration):
        raise PermissionDenied
    form = forms.ObservationForm(request.POST)
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("observed_on", "source", "text")}
        try:
            services.observation_add(
                actor=request.user,
                place=collaboration.place,
                collaboration=collaboration,
                form_token=token(form),
                **data,
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The observation was added to the situation picture."))
            return redirect(reverse("places:collaboration_detail", args=[pk]) + "#picture")
    return _rerender(request, collaboration, observation_form=form)


@require_POST
def measure_add(request, pk):
    collaboration = access.get_collaboration_for_user(request.user, pk)
    if not access.can_contribute(request.user, collaboration):
        raise PermissionDenied
    form = forms.MeasureForm(request.POST)
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("kind", "description", "responsible", "due_on", "status")}
        finding = None
        if request.POST.get("finding"):
            finding = WalkFinding.objects.filter(pk=request.POST["finding"], walk__collaboration=collaboration).first()
        services.measure_add(
            actor=request.user, collaboration=collaboration, finding=finding, form_token=token(form), **data
        )
        messages.success(request, _("The measure was added to the action plan."))
        return redirect(reverse("places:collaboration_detail", args=[pk]) + "#plan")
    return _rerender(request, collaboration, measure_form=form)


def measure_edit(request, pk):
    measure = get_object_or_404(Measure, pk=pk)
    collaboration = access.get_collaboration_for_user(request.user, measure.collaboration_id)
    if not services.can_change_measure(request.user, measure):
        raise PermissionDenied
    form = forms.MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("kind", "description", "responsible", "due_on", "status")}
        try:
            services.measure_update(
                actor=request.user, measure=measure, expected_version=form.cleaned_data["version"], **data
            )
        except services.EditConflict as e:
            return conflict(request, e.current, request.path, form)
        messages.success(request, _("The measure was saved."))
        return redirect(reverse("places:collaboration_detail", args=[collaboration.pk]) + "#plan")
    return render(request, "places/measure_form.html", {"form": form, "collaboration": collaboration})


@require_POST
def meeting_add(request, pk):
    collaboration = _editable(request, pk)
    form = forms.MeetingForm(request.POST)
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("held_on", "present", "notes", "picture")}
        try:
            services.meeting_add(actor=request.user, collaboration=collaboration, form_token=token(form), **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The meeting was recorded."))
            return redirect(reverse("places:collaboration_detail", args=[pk]) + "#meetings")
    return _rerender(request, collaboration, meeting_form=form)


@require_POST
def collaboration_close(request, pk):
    collaboration = _editable(request, pk)
    form = forms.CloseForm(request.POST)
    if form.is_valid():
        try:
            services.collaboration_close(
                actor=request.user,
                collaboration=collaboration,
                expected_version=form.cleaned_data["version"],
                closed_on=form.cleaned_data["closed_on"],
                judgement=form.cleaned_data["judgement"],
                basis=form.cleaned_data["basis"],
            )
        except services.EditConflict as e:
            return conflict(request, e.current, reverse("places:collaboration_detail", args=[pk]), form)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The collaboration was closed: the picture has improved."))
            return redirect("places:collaboration_detail", pk)
    return _rerender(request, collaboration, close_form=form)


@require_POST
def walk_add(request, pk):
    collaboration = _editable(request, pk)
    form = forms.WalkForm(request.POST)
    if form.is_valid():
        walk = services.walk_add(
            actor=request.user,
            collaboration=collaboration,
            walked_on=form.cleaned_data["walked_on"],
            walkers=form.cleaned_data["walkers"],
            route=form.cleaned_data["route_text"],
            form_token=token(form),
        )
        messages.success(request, _("The safety walk was recorded. Add its findings."))
        return redirect("places:walk_detail", walk.pk)
    return _rerender(request, collaboration, walk_form=form)


def _walk_for_user(user, pk) -> SafetyWalk:
    walk = get_object_or_404(SafetyWalk.objects.select_related("collaboration"), pk=pk)
    access.get_collaboration_for_user(user, walk.collaboration_id)  # 404 unless the collaboration is visible
    return walk


def walk_detail(request, pk):
    walk = _walk_for_user(request.user, pk)
    collaboration = walk.collaboration
    can_edit = access.can_edit_collaboration(request.user, collaboration) and collaboration.is_active
    form = forms.FindingForm(request.POST or None, request.FILES or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.finding_add(
                    actor=request.user,
                    walk=walk,
                    text=form.cleaned_data["text"],
                    photo=form.cleaned_data.get("clean_photo"),
                    photo_alt=form.cleaned_data["photo_alt"],
                    form_token=token(form),
                )
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("The finding was added."))
                return redirect("places:walk_detail", walk.pk)
    findings = list(walk.findings.all())
    markers = [
        maps.Marker("investments", f.text[:60], float(f.latitude), float(f.longitude)) for f in findings if f.latitude
    ]
    hood = collaboration.place.neighbourhood
    svg = maps.draw(
        title=_("The route of the safety walk"),
        desc=_("The route walked in %(hood)s and the findings with a location.") % {"hood": hood.name},
        areas=[hood.geometry] if hood.geometry else [],
        markers=markers,
        routes=[walk.route["coordinates"]] if walk.route else [],
        width=480,
    )
    context = {
        "walk": walk,
        "collaboration": collaboration,
        "findings": findings,
        "form": form,
        "svg": svg,
        "can_edit": can_edit,
    }
    return render(request, "places/walk_detail.html", context, status=400 if form is not None and form.errors else 200)


def finding_photo(request, pk):
    finding = get_object_or_404(WalkFinding.objects.select_related("walk"), pk=pk)
    access.get_collaboration_for_user(request.user, finding.walk.collaboration_id)
    if not finding.photo:
        raise Http404
    response = HttpResponse(bytes(finding.photo), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
