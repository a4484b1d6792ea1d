"""Photos from safety walks: checked for size, type and pixel count, re-encoded without any metadata.

The location in the photo's EXIF data is read only when the walker asks to keep it, and then kept as
a point on the finding; the stored image itself carries no metadata at all. A photo is small and one
image is decoded, so this runs in the request; the limits below bound the work it can cause.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is a decompression bomb or not a photo
ALLOWED_FORMATS = {"JPEG", "PNG"}
STORED_EDGE = 1600
GPS_IFD = 0x8825


@dataclass
class CleanPhoto:
    data: bytes
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _degrees(values: Iterable[Any], ref: object) -> float:
    d, m, s = (float(v) for v in values)
    sign = -1 if ref in ("S", "W") else 1
    return sign * (d + m / 60 + s / 3600)


def _location(image: Image.Image) -> tuple[Decimal | None, Decimal | None]:
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
        lat = _degrees(gps[2], gps.get(1, "N"))
        lon = _degrees(gps[4], gps.get(3, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None, None
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def clean_photo(upload, *, keep_location: bool) -> CleanPhoto:
    """Check an uploaded photo and return it re-encoded as JPEG without metadata."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The photo is larger than 8 MB. Choose a smaller photo."))
    head = upload.read(16)
    upload.seek(0)
    if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
        raise ValidationError(_("The photo must be a JPEG or PNG image."))
    try:
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(_("The photo must be a JPEG or PNG image."))
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels. Choose a smaller photo."))
            latitude, longitude = _location(image) if keep_location else (None, None)
            image.thumbnail((STORED_EDGE, STORED_EDGE))
            out = io.BytesIO()
            image.convert("RGB").save(out, format="JPEG", quality=82)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("The file could not be read as a photo.")) from None
    return CleanPhoto(out.getvalue(), latitude, longitude)
