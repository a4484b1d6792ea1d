"""The places map: district boundaries from the bundled GeoJSON with markers per layer, as server-rendered SVG.

Each layer has its own shape and colour (shape alone tells them apart, for colour-blind readers and in
print); every marker has a <title>, and the page shows the same items in a table beside the map.
"""

import math
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from samhandling.core.charts import _rings

LAYER_STYLE = {
    # layer: (colour, shape)
    "places": ("#0b5fb3", "circle"),
    "collaborations": ("#1e7a3c", "square"),
    "investments": ("#7a4fa0", "diamond"),
    "applications": ("#a8570f", "triangle"),
    "events": ("#b3261e", "cross"),
}


@dataclass
class Marker:
    layer: str
    label: str
    lat: float
    lon: float


def _shape(kind: str, x: float, y: float, colour: str, r: float = 5.5) -> str:
    stroke = 'stroke="#ffffff" stroke-width="1.2"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}" {stroke}'
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}" {stroke}'
    if kind == "diamond":
        pts = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}" {stroke}'
    if kind == "triangle":
        pts = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y + r:.1f} {x - r - 1:.1f},{y + r:.1f}"
        return f'<polygon points="{pts}" fill="{colour}" {stroke}'
    w = r * 0.45
    d = (
        f"M{x - r:.1f},{y - r + w:.1f}L{x - r + w:.1f},{y - r:.1f}L{x:.1f},{y - w:.1f}L{x + r - w:.1f},{y - r:.1f}"
        f"L{x + r:.1f},{y - r + w:.1f}L{x + w:.1f},{y:.1f}L{x + r:.1f},{y + r - w:.1f}L{x + r - w:.1f},{y + r:.1f}"
        f"L{x:.1f},{y + w:.1f}L{x - r + w:.1f},{y + r:.1f}L{x - r:.1f},{y + r - w:.1f}L{x - w:.1f},{y:.1f}Z"
    )
    return f'<path d="{d}" fill="{colour}" {stroke}'


def legend_svg(layer: str) -> SafeString:
    colour, kind = LAYER_STYLE[layer]
    return mark_safe(  # noqa: S308 - no text
        f'<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
        f"{_shape(kind, 8, 8, colour)}/></svg>"
    )


def draw(
    *,
    title: str,
    desc: str,
    areas: list[dict],
    markers: list[Marker],
    routes: list[list] | None = None,
    width: int = 640,
    draw_route_for: str = "",
) -> SafeString:
    """Areas (GeoJSON polygons) as the background, markers and routes (lists of [lon, lat]) on top.

    With `draw_route_for` (the id of a route textarea) the map carries its projection, so that
    places/route-draw.js turns a click into a "latitude, longitude" line in that textarea.
    """
    rings = [ring for geometry in areas for ring in _rings(geometry)]
    if not rings:
        return mark_safe("")
    lons = [p[0] for ring in rings for p in ring]
    lats = [p[1] for ring in rings for p in ring]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    min_x, max_x, min_y, max_y = min(lons) * k, max(lons) * k, min(lats), max(lats)
    margin = 10
    scale = (width - 2 * margin) / (max_x - min_x)
    height = int((max_y - min_y) * scale + 2 * margin)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon * k - min_x) * scale + margin, (max_y - lat) * scale + margin

    prefix = "route-map" if draw_route_for else "places-map"
    drawing = (
        f' data-route-for="{escape(draw_route_for)}" data-projection="{k:.10f} {min_x:.10f} {max_y:.10f} '
        f'{scale:.6f} {margin}"'
        if draw_route_for
        else ""
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" class="places-map"{drawing}>'
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
    ]
    for geometry in areas:
        d = "".join(
            "M" + "L".join("{:.1f},{:.1f}".format(*xy(p[0], p[1])) for p in ring) + "Z" for ring in _rings(geometry)
        )
        out.append(f'<path d="{d}" fill="#f2f4f6" stroke="#6b7580" stroke-width="0.6" aria-hidden="true"/>')
    for route in routes or []:
        pts = " ".join("{:.1f},{:.1f}".format(*xy(lon, lat)) for lon, lat in route)
        out.append(f'<polyline points="{pts}" fill="none" stroke="#1b1e23" stroke-width="2" stroke-dasharray="5 3"/>')
    drawn = 0
    for marker in markers:
        x, y = xy(marker.lon, marker.lat)
        if not (0 <= x <= width and 0 <= y <= height):
            continue  # outside the district in view
        colour, kind = LAYER_STYLE[marker.layer]
        out.append(f"{_shape(kind, x, y, colour)}><title>{escape(marker.label)}</title></{_tag(kind)}>")
        drawn += 1
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _tag(kind: str) -> str:
    return {"circle": "circle", "square": "rect", "diamond": "polygon", "triangle": "polygon"}.get(kind, "path")
