"""Reads that span tables: where things are on the map, the place list, a place's situation picture, counts."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from shapely.geometry import shape

from samhandling.core.annotations import Viewer
from samhandling.organisations.models import District, Neighbourhood
from samhandling.places import access
from samhandling.places.maps import Marker
from samhandling.places.models import Collaboration, CrisisEvent, Observation
from samhandling.plans.models import Place

# Public figures: a count under this is shown as "fewer than 3" (small-cell protection).
PUBLIC_MIN_COUNT = 3


def neighbourhood_points(ids=None) -> dict[int, tuple[float, float]]:
    """A point inside each neighbourhood (lat, lon), for places without a point of their own."""
    hoods = Neighbourhood.objects.exclude(geometry__isnull=True)
    if ids is not None:
        hoods = hoods.filter(pk__in=ids)
    points = {}
    for pk, geometry in hoods.values_list("pk", "geometry"):
        p = shape(geometry).representative_point()
        points[pk] = (p.y, p.x)
    return points


def place_point(place: Place, hood_points: dict[int, tuple[float, float]]) -> tuple[float, float] | None:
    if place.latitude is not None:
        return float(place.latitude), float(place.longitude)
    return hood_points.get(place.neighbourhood_id)


def place_list(user: Viewer, *, district=None, include_archived=False):
    """The user's visible places with their active collaborations counted, sorted the Swedish way."""
    from samhandling.core.text import swedish_sort_key

    places = access.visible_places(user).select_related("neighbourhood__district")
    if district is not None:
        places = places.filter(neighbourhood__district=district)
    if not include_archived:
        places = places.filter(archived_at__isnull=True)
    visible = access.visible_collaborations(user).filter(status=Collaboration.Status.ACTIVE).values("pk")
    places = places.annotate(active_collaborations=Count("collaborations", filter=Q(collaborations__in=visible)))
    return sorted(places, key=lambda p: swedish_sort_key(p.name))


def situation_picture(user: Viewer, place: Place) -> dict[str, Any]:
    """Observations (events included) at the place, newest first, and the visible events."""
    return {
        "observations": Observation.objects.filter(place=place).select_related("event").order_by("-observed_on", "-id"),
        "events": access.visible_events(user).filter(place=place),
    }


@dataclass
class MapRow:
    layer: str
    layer_label: str
    name: str
    district: str
    detail: str
    url: str
    point: tuple[float, float] | None


def map_rows(
    user: Viewer, *, district: District | None, year: int | None, layers: list[str], labels: dict[str, Any]
) -> list[MapRow]:
    """Everything the user may see on the map, filtered by district, year and layer."""
    hood_points = neighbourhood_points()
    rows: list[MapRow] = []
    url_bases: dict[str, str] = {}

    def url(name: str, pk: int) -> str:
        # One reverse() per kind of link, not one per item: thousands of markers on the city map.
        if name not in url_bases:
            url_bases[name] = reverse(name, args=[999999999])
        return url_bases[name].replace("999999999", str(pk))

    def point_of(obj, place):
        if getattr(obj, "latitude", None) is not None:
            return float(obj.latitude), float(obj.longitude)
        return place_point(place, hood_points) if place is not None else None

    if "places" in layers:
        places = access.visible_places(user).filter(archived_at__isnull=True)
        if district:
            places = places.filter(neighbourhood__district=district)
        for p in places:
            rows.append(
                MapRow("places", labels["places"], p.name, p.neighbourhood.district.name, p.get_kind_display(),
                       url("places:place_detail", p.pk), place_point(p, hood_points))
            )  # fmt: skip
    if "collaborations" in layers:
        qs = access.visible_collaborations(user)
        if district:
            qs = qs.filter(district=district)
        if year:
            qs = qs.filter(started_on__year__lte=year).filter(Q(closed_on=None) | Q(closed_on__year__gte=year))
        for c in qs:
            rows.append(
                MapRow("collaborations", labels["collaborations"], c.title, c.district.name, c.get_status_display(),
                       url("places:collaboration_detail", c.pk), place_point(c.place, hood_points))
            )  # fmt: skip
    if "investments" in layers:
        qs = (
            access.visible_investments(user)
            .select_related("place__neighbourhood")
            .defer("place__neighbourhood__geometry")
        )
        if district:
            qs = qs.filter(district=district)
        if year:
            qs = qs.filter(year=year)
        for i in qs:
            rows.append(
                MapRow("investments", labels["investments"], i.title, i.district.name, i.get_status_display(),
                       url("places:investment_detail", i.pk), point_of(i, i.place))
            )  # fmt: skip
    if "applications" in layers:
        qs = (
            access.visible_fund_applications(user)
            .select_related("place__neighbourhood")
            .defer("place__neighbourhood__geometry")
        )
        if district:
            qs = qs.filter(district=district)
        if year:
            qs = qs.filter(call__opens_on__year=year)
        for a in qs:
            rows.append(
                MapRow("applications", labels["applications"], a.title, a.district.name, a.get_status_display(),
                       url("places:application_detail", a.pk), point_of(a, a.place))
            )  # fmt: skip
    if "events" in layers:
        qs = access.visible_events(user).select_related("place__neighbourhood").defer("place__neighbourhood__geometry")
        if district:
            qs = qs.filter(district=district)
        if year:
            qs = qs.filter(occurred_at__year=year)
        for e in qs:
            rows.append(
                MapRow("events", labels["events"], str(e), e.district.name, e.occurred_at.date().isoformat(),
                       url("places:event_detail", e.pk), point_of(e, e.place))
            )  # fmt: skip
    return rows


def summarise(rows: list[MapRow], layer_labels: list[str]) -> dict[str, Any]:
    """Items per district and layer, for the table beside a map with too many items to list one by one."""
    from samhandling.core.text import swedish_sort_key

    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        counts.setdefault(r.district, {}).setdefault(r.layer_label, 0)
        counts[r.district][r.layer_label] += 1
    districts = sorted(counts, key=swedish_sort_key)
    return {
        "layers": layer_labels,
        "rows": [(d, [counts[d].get(label, 0) for label in layer_labels]) for d in districts],
    }


def markers_for(rows: list[MapRow]) -> list[Marker]:
    return [Marker(r.layer, f"{r.layer_label}: {r.name}", r.point[0], r.point[1]) for r in rows if r.point]


def event_counts(*, year: int, public: bool) -> list[dict]:
    """Serious violent events per district and kind in a year; in public figures, small counts are hidden."""
    counts = (
        CrisisEvent.objects.filter(occurred_at__year=year)
        .values("district__name", "kind")
        .annotate(n=Count("id"))
        .order_by("district__name", "kind")
    )
    out = []
    for row in counts:
        hidden = public and row["n"] < PUBLIC_MIN_COUNT
        out.append({"district": row["district__name"], "kind": row["kind"], "count": None if hidden else row["n"]})
    return out


@dataclass
class LinkedIndicator:
    name: str
    unit: str
    area: str
    period: str
    value: object  # Decimal, or None when hidden or missing
    suppressed: bool
    url: str


def linked_indicator_values(collaboration) -> list[LinkedIndicator]:
    """The collaboration's linked indicators with their latest value for the place's neighbourhood
    (or else its district), small numbers hidden as in public figures (indicators.suppression)."""
    from django.urls import reverse

    from samhandling.indicators.models import Level, Value
    from samhandling.indicators.suppression import Cell, suppress

    hood = collaboration.place.neighbourhood
    out: list[LinkedIndicator] = []
    for indicator in collaboration.indicators.order_by("name"):
        values = Value.objects.filter(indicator=indicator, gender="total")
        latest = (
            values.filter(level=Level.NEIGHBOURHOOD, neighbourhood=hood).order_by("-period").first()
            or values.filter(level=Level.DISTRICT, district_id=collaboration.district_id).order_by("-period").first()
        )
        if latest is None:
            out.append(LinkedIndicator(indicator.name, indicator.unit, "", "", None, False, ""))
            continue
        cell = Cell(
            latest.level,
            latest.district_id,
            latest.neighbourhood_id,
            latest.period,
            latest.gender,
            latest.value,
            latest.numerator,
            latest.denominator,
        )
        suppress(indicator, [cell])
        area = hood.name if latest.level == Level.NEIGHBOURHOOD else collaboration.district.name
        url = reverse("indicators:indicator_detail", args=[indicator.code])
        out.append(
            LinkedIndicator(indicator.name, indicator.unit, area, latest.period, cell.value, cell.suppressed, url)
        )
    return out
