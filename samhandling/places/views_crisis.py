"""Pages: serious violent events and crisis support (register, alert, log, close) and the alert list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samhandling.core.forms import add_service_errors
from samhandling.places import access, forms, services
from samhandling.places.models import AlertList
from samhandling.places.views_common import conflict, require_places, token

EVENT_DATA = services.crisis.EVENT_FIELDS


def event_list(request):
    require_places(request.user)
    events = access.visible_events(request.user).order_by("status", "-occurred_at")
    context = {"events": events, "can_register": access.coordinator_districts(request.user).exists()}
    return render(request, "places/event_list.html", context)


def _places_in(user, district):
    return access.visible_places(user).filter(neighbourhood__district=district, archived_at__isnull=True)


def event_register(request):
    districts = access.coordinator_districts(request.user)
    if not districts.exists():
        raise PermissionDenied
    chosen = request.POST.get("district") or request.GET.get("district")
    district = (
        districts.filter(pk=chosen).first() if chosen and chosen.isdigit() else districts.order_by("name").first()
    )
    if district is None:
        raise PermissionDenied
    form = forms.EventForm(request.POST or None, district=district, places=_places_in(request.user, district))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in EVENT_DATA}
        try:
            event = services.event_register(actor=request.user, district=district, form_token=token(form), **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The event was registered and the crisis-support on-call is being alerted."))
            return redirect("places:event_detail", event.pk)
    context = {"form": form, "district": district, "districts": districts}
    return render(request, "places/event_form.html", context)


def _event_context(request, event, **override):
    context = {
        "event": event,
        "actions": event.actions.all(),
        "can_edit": access.can_edit_event(request.user, event),
        "action_form": forms.ActionForm(),
        "close_form": forms.VersionForm(initial={"version": event.version}),
    }
    context.update(override)
    return context


def event_detail(request, pk):
    event = access.get_event_for_user(request.user, pk)
    return render(request, "places/event_detail.html", _event_context(request, event))


def event_edit(request, pk):
    event = access.get_event_for_user(request.user, pk)
    if not access.can_edit_event(request.user, event):
        raise PermissionDenied
    form = forms.EventForm(
        request.POST or None, instance=event, district=event.district, places=_places_in(request.user, event.district)
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in EVENT_DATA}
        try:
            services.event_update(
                actor=request.user, event=event, expected_version=form.cleaned_data["version"], **data
            )
        except services.EditConflict as e:
            return conflict(request, e.current, request.path, form)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("places:event_detail", event.pk)
    return render(request, "places/event_form.html", {"form": form, "event": event, "district": event.district})


@require_POST
def action_add(request, pk):
    event = access.get_event_for_user(request.user, pk)
    if not access.can_edit_event(request.user, event):
        raise PermissionDenied
    form = forms.ActionForm(request.POST)
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("at", "phase", "kind", "who", "text")}
        try:
            services.action_add(actor=request.user, event=event, form_token=token(form), **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The action was logged."))
            return redirect(reverse("places:event_detail", args=[pk]) + "#log")
    return render(request, "places/event_detail.html", _event_context(request, event, action_form=form), status=400)


@require_POST
def event_close(request, pk):
    event = access.get_event_for_user(request.user, pk)
    if not access.can_edit_event(request.user, event):
        raise PermissionDenied
    form = forms.VersionForm(request.POST)
    if form.is_valid():
        try:
            services.event_close(actor=request.user, event=event, expected_version=form.cleaned_data["version"])
        except services.EditConflict as e:
            return conflict(request, e.current, reverse("places:event_detail", args=[pk]), form)
        except ValidationError as e:
            messages.error(request, e.messages[0])
        else:
            messages.success(request, _("The active phase is over; the event stays in the log."))
    return redirect("places:event_detail", pk)


def alert_list(request):
    """The district's crisis-support alert list (coordinators of the district)."""
    districts = access.coordinator_districts(request.user)
    if not districts.exists():
        raise PermissionDenied
    chosen = request.POST.get("district") or request.GET.get("district")
    district = (
        districts.filter(pk=chosen).first() if chosen and chosen.isdigit() else districts.order_by("name").first()
    )
    if district is None:
        raise PermissionDenied
    instance = AlertList.objects.filter(district=district).first() or AlertList(district=district)
    form = forms.AlertListForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.alert_list_save(actor=request.user, district=district, addresses=form.cleaned_data["addresses"])
        messages.success(request, _("The alert list was saved."))
        return redirect("places:event_list")
    return render(request, "places/alert_list.html", {"form": form, "district": district, "districts": districts})
