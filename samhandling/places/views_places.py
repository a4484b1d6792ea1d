"""Pages: the start page, places (list, page, edit, archive), observations and the map."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samhandling.core.forms import add_service_errors
from samhandling.places import access, forms, maps, selectors, services
from samhandling.places.models import Collaboration, CrisisEvent
from samhandling.places.views_common import conflict, require_places, token

PLACES_PER_PAGE = 100
# Above this many items the table beside the city map counts them per district and layer instead.
MAP_TABLE_ROWS = 400


def index(request):
    require_places(request.user)
    coordinator = access.coordinator_districts(request.user)
    places = Paginator(selectors.place_list(request.user), PLACES_PER_PAGE).get_page(request.GET.get("sida"))
    context = {
        "places": places,
        "active_events": access.visible_events(request.user).filter(status=CrisisEvent.Status.ACTIVE),
        "collaborations": access.visible_collaborations(request.user).filter(status=Collaboration.Status.ACTIVE),
        "is_coordinator": coordinator.exists(),
        "is_city": access.is_city_safety(request.user),
    }
    return render(request, "places/index.html", context)


def place_detail(request, pk):
    place = access.get_place_for_user(request.user, pk)
    picture = selectors.situation_picture(request.user, place)
    context = {
        "place": place,
        "collaborations": access.visible_collaborations(request.user).filter(place=place),
        "investments": access.visible_investments(request.user).filter(place=place),
        "can_edit": access.can_edit_place(request.user, place),
        "observation_form": forms.ObservationForm(),
        **picture,
    }
    point = selectors.place_point(place, selectors.neighbourhood_points([place.neighbourhood_id]))
    if point:
        context["map"] = maps.draw(
            title=_("Map of %(place)s") % {"place": place.name},
            desc=_("The place in its neighbourhood %(hood)s.") % {"hood": place.neighbourhood.name},
            areas=[place.neighbourhood.geometry] if place.neighbourhood.geometry else [],
            markers=[maps.Marker("places", place.name, *point)]
            + [
                maps.Marker("events", str(e), float(e.latitude), float(e.longitude))
                for e in picture["events"]
                if e.latitude
            ],
            width=420,
        )
    return render(request, "places/place_detail.html", context)


def place_create(request):
    districts = access.coordinator_districts(request.user)
    if not districts.exists():
        raise PermissionDenied
    form = forms.PlaceForm(request.POST or None, neighbourhoods=forms.neighbourhoods_in(districts))
    del form.fields["version"]
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.places.PLACE_FIELDS}
        place = services.place_create(actor=request.user, **data)
        messages.success(request, _("The place was saved."))
        return redirect("places:place_detail", place.pk)
    return render(request, "places/place_form.html", {"form": form})


def place_edit(request, pk):
    place = access.get_place_for_user(request.user, pk)
    if not access.can_edit_place(request.user, place):
        raise PermissionDenied
    hoods = forms.neighbourhoods_in(access.coordinator_districts(request.user))
    form = forms.PlaceForm(request.POST or None, instance=place, neighbourhoods=hoods)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.places.PLACE_FIELDS}
        try:
            services.place_update(
                actor=request.user, place=place, expected_version=form.cleaned_data["version"], **data
            )
        except services.EditConflict as e:
            return conflict(request, e.current, request.path, form)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The place was saved."))
            return redirect("places:place_detail", place.pk)
    return render(request, "places/place_form.html", {"form": form, "place": place})


@require_POST
def place_archive(request, pk):
    place = access.get_place_for_user(request.user, pk)
    if not access.can_edit_place(request.user, place):
        raise PermissionDenied
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        return redirect("places:place_detail", place.pk)
    archive = request.POST.get("action") != "restore"
    try:
        services.place_archive(
            actor=request.user, place=place, expected_version=form.cleaned_data["version"], archive=archive
        )
    except services.EditConflict as e:
        return conflict(request, e.current, reverse("places:place_detail", args=[place.pk]), form)
    messages.success(request, _("The place was archived.") if archive else _("The place was restored."))
    return redirect("places:place_detail", place.pk)


@require_POST
def place_observation_add(request, pk):
    place = access.get_place_for_user(request.user, pk)
    if not access.can_edit_place(request.user, place):
        raise PermissionDenied
    form = forms.ObservationForm(request.POST)
    if form.is_valid():
        try:
            services.observation_add(actor=request.user, place=place, form_token=token(form), **_obs(form))
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The observation was added to the situation picture."))
            return redirect("places:place_detail", place.pk)
    picture = selectors.situation_picture(request.user, place)
    context = {"place": place, "observation_form": form, "can_edit": True, "collaborations": [], **picture}
    return render(request, "places/place_detail.html", context, status=400)


def _obs(form) -> dict:
    return {k: form.cleaned_data[k] for k in ("observed_on", "source", "text")}


def map_view(request):
    require_places(request.user)
    form = forms.MapFilterForm(request.GET or None)
    district = year = None
    layers = list(dict(form.fields["layer"].choices))
    if form.is_valid():
        district, year = form.cleaned_data["district"], form.cleaned_data["year"]
        layers = form.cleaned_data["layer"] or layers
    labels = {str(k): str(v) for k, v in form.fields["layer"].choices}
    rows = selectors.map_rows(request.user, district=district, year=year, layers=layers, labels=labels)
    from samhandling.organisations.models import District

    areas = (
        [district.geometry]
        if district
        else list(District.objects.exclude(geometry__isnull=True).values_list("geometry", flat=True))
    )
    svg = maps.draw(
        title=_("Safe places in %(area)s") % {"area": district.name if district else _("Stockholm")},
        desc=_("%(n)s items on the map; the same items are listed in the table.") % {"n": len(rows)},
        areas=[a for a in areas if a],
        markers=selectors.markers_for(rows),
    )
    legend = [(labels[layer], maps.legend_svg(layer)) for layer in layers]
    context = {"form": form, "rows": rows, "svg": svg, "legend": legend, "total": len(rows)}
    if len(rows) > MAP_TABLE_ROWS:
        context["summary"] = selectors.summarise(rows, [labels[layer] for layer in layers])
        context["rows"] = []
    return render(request, "places/map.html", context)
