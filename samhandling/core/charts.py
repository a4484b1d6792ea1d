"""Server-rendered SVG charts and maps: one module for pages, PDF (WeasyPrint) and print.

Every figure has a <title> and <desc> for screen readers and is meant to sit next to a data
table with the same figures. Only presentation attributes are used (no style attributes), so
the SVG works under the strict CSP and inside WeasyPrint.

    line_chart(title=, desc=, periods=[...], series=[Series(...)])   -> SafeString
    bar_chart(title=, desc=, bars=[Bar(...)], reference=(label, value))  -> SafeString
    choropleth(title=, desc=, areas=[Area(...)])                      -> MapResult(svg, legend)
"""

import itertools
import math
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

# Colour-blind-safe qualitative colours (Paul Tol "bright" and "muted"), all 3:1 on white.
PALETTE = ["#0b5fb3", "#b3261e", "#1e7a3c", "#7a4fa0", "#a8570f", "#0e6f7a", "#8a2a5c", "#5a5a00"]
DASHES = ["", "6 3", "2 3", "8 3 2 3"]
CITY_COLOUR = "#1b1e23"
MUTED_COLOUR = "#9aa3ad"
# Sequential blues, light to dark; the lightest still differs from the no-data grey.
SEQUENTIAL = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#ffffff"

_ids = itertools.count(1)


def fmt(value, decimals: int = 1) -> str:
    """A number the Swedish way: decimal comma, grouped thousands; '–' for missing."""
    if value is None:
        return "–"
    value = float(value)
    if decimals and value == int(value) and abs(value) >= 1000:
        decimals = 0
    return number_format(round(value, decimals), decimals, force_grouping=True)


def _num(value) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | int | float) else None


def _nice_step(span: float, target_ticks: int = 5) -> float:
    if span <= 0:
        return 1.0
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def _axis(values: list[float]) -> tuple[float, float, list[float]]:
    low = min([0.0, *values])
    high = max([*values, 0.0])
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step
    ticks = []
    tick = low
    while tick <= high + step / 1000:
        ticks.append(round(tick, 10))
        tick += step
    return low, high, ticks


def _decimals_for(ticks: list[float]) -> int:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return 0 if step >= 1 else 1 if step >= 0.1 else 2


def _open_svg(width: int, height: int, title: str, desc: str, prefix: str) -> list[str]:
    uid = f"{prefix}-{next(_ids)}"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{uid}-title {uid}-desc" font-family="Arial, Helvetica, sans-serif" font-size="12">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(desc)}</desc>',
    ]


@dataclass
class Series:
    label: str
    values: list  # one per period, None where missing
    role: str = "normal"  # "city" (bold black), "highlight" (bold colour), "muted" (thin grey), "normal"


def line_chart(
    *,
    title: str,
    desc: str,
    periods: list[str],
    series: list[Series],
    unit: str = "",
    width: int = 720,
    height: int = 360,
    legend: bool = True,
) -> SafeString:
    """Time series: one line per series, the city bold, muted lines grey; a legend below."""
    shown = [s for s in series if any(v is not None for v in s.values)]
    legend_items = [s for s in shown if s.role != "muted"] if legend else []
    legend_rows = math.ceil(len(legend_items) / 3)
    plot_left, plot_right, plot_top = 56, width - 16, 28
    plot_bottom = height - 36 - legend_rows * 20
    values = [float(v) for s in shown for v in s.values if v is not None]
    low, high, ticks = _axis(values or [0.0, 1.0])
    decimals = _decimals_for(ticks)
    # Whole numbers (counts) are shown as such: "184", not "184,0".
    point_decimals = 0 if values and all(v.is_integer() for v in values) else 1

    def x(i: int) -> float:
        if len(periods) == 1:
            return (plot_left + plot_right) / 2
        return plot_left + i * (plot_right - plot_left) / (len(periods) - 1)

    def y(v: float) -> float:
        return plot_bottom - (v - low) / (high - low) * (plot_bottom - plot_top)

    out = _open_svg(width, height, title, desc, "line")
    out.append('<g aria-hidden="true">')
    if unit:
        out.append(f'<text x="{plot_left}" y="14" fill="#3b4450">{escape(unit)}</text>')
    for tick in ticks:
        out.append(
            f'<line x1="{plot_left}" x2="{plot_right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#dfe3e8"/>'
            f'<text x="{plot_left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#3b4450">{fmt(tick, decimals)}</text>'
        )
    step = max(1, math.ceil(len(periods) / 12))
    for i, period in enumerate(periods):
        if i % step == 0 or i == len(periods) - 1:
            out.append(
                f'<text x="{x(i):.1f}" y="{plot_bottom + 18}" text-anchor="middle" fill="#3b4450">{escape(period)}</text>'
            )
    out.append(f'<line x1="{plot_left}" x2="{plot_right}" y1="{plot_bottom}" y2="{plot_bottom}" stroke="#3b4450"/></g>')
    order = {"muted": 0, "normal": 1, "highlight": 2, "city": 3}
    colours = itertools.cycle(PALETTE)
    dashes = itertools.cycle(DASHES)
    styled = []
    for s in series:
        if s.role == "city":
            styled.append((s, CITY_COLOUR, "", 3.5))
        elif s.role == "muted":
            styled.append((s, MUTED_COLOUR, "", 1))
        else:
            styled.append(
                (s, next(colours), next(dashes) if s.role == "normal" else "", 3 if s.role == "highlight" else 2)
            )
    for s, colour, dash, stroke_width in sorted(styled, key=lambda t: order.get(t[0].role, 1)):
        if s not in shown:
            continue
        out.append(f'<g class="series"><title>{escape(s.label)}</title>')
        segment: list[str] = []
        segments = []
        for i, v in enumerate(s.values):
            if v is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{x(i):.1f},{y(float(v)):.1f}")
        if segment:
            segments.append(segment)
        for seg in segments:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" stroke-width="{stroke_width}"'
                f' stroke-linejoin="round"{dash_attr}/>'
            )
        if s.role != "muted":
            for i, v in enumerate(s.values):
                if v is not None:
                    out.append(
                        f'<circle cx="{x(i):.1f}" cy="{y(float(v)):.1f}" r="{stroke_width}" fill="{colour}">'
                        f"<title>{escape(s.label)} {escape(periods[i])}: {fmt(v, point_decimals)}</title></circle>"
                    )
        out.append("</g>")
        s._style = (colour, dash, stroke_width)  # type: ignore[attr-defined]
    if legend_items:
        out.append('<g class="legend" aria-hidden="true">')
        column_width = (width - plot_left) / 3
        for n, s in enumerate(legend_items):
            colour, dash, stroke_width = s._style  # type: ignore[attr-defined]
            lx = plot_left + (n % 3) * column_width
            ly = plot_bottom + 38 + (n // 3) * 20
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(
                f'<line x1="{lx:.1f}" x2="{lx + 24:.1f}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
                f'stroke-width="{stroke_width}"{dash_attr}/><text x="{lx + 30:.1f}" y="{ly}" fill="#1b1e23">{escape(s.label)}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


@dataclass
class Bar:
    label: str
    value: object
    highlight: bool = False
    note: str = ""  # shown instead of a bar when the value is missing, e.g. "för få"


def bar_chart(
    *,
    title: str,
    desc: str,
    bars: list[Bar],
    unit: str = "",
    reference: tuple[str, object] | None = None,
    width: int = 720,
    bar_height: int = 20,
) -> SafeString:
    """Horizontal bars (long Swedish names fit), an optional reference line such as the city."""
    label_width = 190
    plot_left, plot_right, plot_top = label_width + 8, width - 70, 30
    height = plot_top + len(bars) * (bar_height + 6) + 30
    values = [float(b.value) for b in bars if b.value is not None]
    if reference and reference[1] is not None:
        values.append(float(reference[1]))
    low, high, ticks = _axis(values or [0.0, 1.0])
    decimals = _decimals_for(ticks)

    def x(v: float) -> float:
        return plot_left + (v - low) / (high - low) * (plot_right - plot_left)

    out = _open_svg(width, height, title, desc, "bar")
    out.append('<g aria-hidden="true">')
    if unit:
        out.append(f'<text x="{plot_left}" y="14" fill="#3b4450">{escape(unit)}</text>')
    axis_y = height - 22
    for tick in ticks:
        out.append(
            f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{plot_top - 6}" y2="{axis_y}" stroke="#dfe3e8"/>'
            f'<text x="{x(tick):.1f}" y="{axis_y + 14}" text-anchor="middle" fill="#3b4450">{fmt(tick, decimals)}</text>'
        )
    out.append("</g>")
    for n, bar in enumerate(bars):
        top = plot_top + n * (bar_height + 6)
        colour = PALETTE[0] if bar.highlight else "#6b8fb8"
        weight = ' font-weight="bold"' if bar.highlight else ""
        out.append(
            f'<g><text x="{label_width}" y="{top + bar_height - 5}" text-anchor="end" fill="#1b1e23"{weight}>'
            f"{escape(bar.label)}</text>"
        )
        if bar.value is None:
            out.append(
                f'<text x="{plot_left + 4}" y="{top + bar_height - 5}" fill="#3b4450">{escape(bar.note or "–")}</text></g>'
            )
            continue
        v = float(bar.value)
        x0, x1 = sorted((x(max(low, 0.0)), x(v)))
        out.append(
            f'<rect x="{x0:.1f}" y="{top}" width="{max(x1 - x0, 1):.1f}" height="{bar_height}" fill="{colour}">'
            f"<title>{escape(bar.label)}: {fmt(v)}</title></rect>"
            f'<text x="{x1 + 4:.1f}" y="{top + bar_height - 5}" fill="#1b1e23">{fmt(v)}</text></g>'
        )
    if reference and reference[1] is not None:
        rx = x(float(reference[1]))
        out.append(
            f'<g><line x1="{rx:.1f}" x2="{rx:.1f}" y1="{plot_top - 10}" y2="{axis_y}" stroke="{CITY_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="5 3"/><text x="{rx:.1f}" y="{plot_top - 14}" text-anchor="middle" '
            f'fill="{CITY_COLOUR}">{escape(reference[0])} {fmt(reference[1])}</text></g>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


@dataclass
class Area:
    code: str
    label: str
    geometry: dict | None  # GeoJSON Polygon or MultiPolygon, lon/lat
    value: object = None
    note: str = ""  # why a value is missing, e.g. "för få för att visas" (texts come translated from the caller)


@dataclass
class LegendItem:
    colour: str
    label: str
    pattern: bool = False


@dataclass
class MapResult:
    svg: SafeString
    legend: list[LegendItem] = field(default_factory=list)
    areas_drawn: int = 0


def _ring_area(ring: list) -> float:
    """The area of a ring in squared degrees (shoelace); enough to compare rings of one map."""
    return (
        abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_a), (x1, y1, *_b) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


# A district is the union of its neighbourhoods, whose borders do not quite meet: the union keeps
# slivers between them as tiny holes and islands, which a map draws as stray lines inside the district.
MIN_HOLE_SHARE = 0.005  # of the polygon's outer ring
MIN_PART_SHARE = 0.002  # of the area's largest polygon


def _rings(geometry: dict) -> list[list]:
    """The rings to draw, without the slivers (holes and islands far smaller than the area itself)."""
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return []
    polygons = [list(p) for p in polygons if p]
    largest = max((_ring_area(p[0]) for p in polygons), default=0.0)
    rings = []
    for exterior, *holes in polygons:
        outer = _ring_area(exterior)
        if outer < largest * MIN_PART_SHARE:
            continue
        rings.append(exterior)
        rings.extend(hole for hole in holes if _ring_area(hole) >= outer * MIN_HOLE_SHARE)
    return rings


def classify(values: list[float], classes: int = 5) -> list[float]:
    """Equal-interval class limits (upper bounds) on nicely rounded numbers."""
    low, high = min(values), max(values)
    if high == low:
        return [high]
    step = (high - low) / classes
    return [low + step * (i + 1) for i in range(classes)]


def choropleth(
    *,
    title: str,
    desc: str,
    areas: list[Area],
    unit: str = "",
    background: list[dict] | None = None,
    width: int = 640,
    classes: int = 5,
    decimals: int = 1,
    missing_label: str = "–",
    missing_legend: str = "–",
) -> MapResult:
    """A map coloured by value. Projection: x = lon·cos(mid-latitude), y = lat (fine for one city)."""
    all_rings = [ring for a in areas for ring in _rings(a.geometry)]
    for geometry in background or []:
        all_rings.extend(_rings(geometry))
    if not all_rings:
        return MapResult(mark_safe(""), [], 0)
    lons = [p[0] for ring in all_rings for p in ring]
    lats = [p[1] for ring in all_rings for p in ring]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    min_x, max_x, min_y, max_y = min(lons) * k, max(lons) * k, min(lats), max(lats)
    margin = 8
    scale = (width - 2 * margin) / (max_x - min_x)
    height = int((max_y - min_y) * scale + 2 * margin)

    def path(geometry: dict) -> str:
        parts = []
        for ring in _rings(geometry):
            points = [
                f"{(lon * k - min_x) * scale + margin:.1f},{(max_y - lat) * scale + margin:.1f}"
                for lon, lat, *_ in ring
            ]
            parts.append("M" + "L".join(points) + "Z")
        return "".join(parts)

    values = [float(a.value) for a in areas if a.value is not None]
    limits = classify(values, min(classes, len(set(values)) or 1)) if values else []
    palette = SEQUENTIAL if len(limits) == len(SEQUENTIAL) else SEQUENTIAL[-len(limits) :] if limits else []

    def colour(v: float) -> str:
        for limit, c in zip(limits, palette, strict=False):
            if v <= limit + 1e-9:
                return c
        return palette[-1]

    uid = next(_ids)
    out = _open_svg(width, height + 4, title, desc, "map")
    out.append(
        f'<defs><pattern id="hatch-{uid}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#6b7580" stroke-width="1.5"/></pattern></defs>'
    )
    for geometry in background or []:
        out.append(
            f'<path d="{path(geometry)}" fill="#f2f4f6" stroke="#c6ccd3" stroke-width="0.5" aria-hidden="true"/>'
        )
    drawn = 0
    for area in areas:
        if not area.geometry:
            continue
        if area.value is None:
            fill = f"url(#hatch-{uid})"
            text = f"{area.label}: {area.note or missing_label}"
        else:
            fill = colour(float(area.value))
            text = f"{area.label}: {fmt(area.value, decimals)} {unit}".strip()
        out.append(
            f'<path d="{path(area.geometry)}" fill="{fill}" stroke="#1b1e23" stroke-width="0.8" '
            f'fill-rule="evenodd" data-code="{escape(area.code)}"><title>{escape(text)}</title></path>'
        )
        drawn += 1
    out.append("</svg>")

    legend = []
    lower = min(values) if values else None
    for limit, c in zip(limits, palette, strict=False):
        legend.append(LegendItem(c, f"{fmt(lower, decimals)}–{fmt(limit, decimals)}"))
        lower = limit
    if any(a.value is None for a in areas):
        legend.append(LegendItem("#ffffff", missing_legend, pattern=True))
    return MapResult(mark_safe("".join(out)), legend, drawn)  # noqa: S308 - every text above is escaped
