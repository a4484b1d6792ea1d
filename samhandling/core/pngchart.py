"""A plain line chart as PNG for Word (python-docx cannot embed SVG); the same figures are in the table."""

import io

from PIL import Image, ImageDraw, ImageFont

COLOURS = [(0, 90, 160), (20, 20, 20), (170, 60, 0), (90, 90, 90)]


def _font(size: int):
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default()


def line_png(*, periods: list[str], series: list[tuple[str, list]], width: int = 1200, height: int = 560) -> bytes:
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    font = _font(22)
    values = [float(v) for _label, vals in series for v in vals if v is not None] or [0.0, 1.0]
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    left, right, top, bottom = 110, width - 30, 30, height - 120

    def x(i):
        return left if len(periods) == 1 else left + i * (right - left) / (len(periods) - 1)

    def y(v):
        return bottom - (float(v) - low) / (high - low) * (bottom - top)

    draw.line([(left, top), (left, bottom), (right, bottom)], fill="black", width=2)
    for k in range(5):
        v = low + k * (high - low) / 4
        draw.line([(left - 6, y(v)), (right, y(v))], fill=(225, 225, 225), width=1)
        draw.text((10, y(v) - 12), f"{v:.1f}".replace(".", ","), fill="black", font=font)
    for i, p in enumerate(periods):
        draw.text((x(i) - 25, bottom + 8), p, fill="black", font=font)
    for n, (label, vals) in enumerate(series):
        colour = COLOURS[n % len(COLOURS)]
        points = [(x(i), y(v)) for i, v in enumerate(vals) if v is not None]
        if len(points) > 1:
            draw.line(points, fill=colour, width=4 if n == 0 else 2)
        for px, py in points:
            draw.ellipse([px - 5, py - 5, px + 5, py + 5], fill=colour)
        draw.rectangle([left + n * 520, height - 60, left + n * 520 + 24, height - 40], fill=colour)
        draw.text((left + n * 520 + 34, height - 64), label[:40], fill="black", font=font)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
