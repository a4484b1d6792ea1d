"""Swedish text conventions: sorting with å, ä, ö last."""

import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

# Swedish alphabetical order puts å, ä, ö after z; other accents sort as their base letter.
_SWEDISH_LAST = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"}


def swedish_sort_key(value: str) -> str:
    """A key that orders strings as a Swedish reader expects (case-insensitive, å ä ö last)."""
    out = []
    for ch in (value or "").lower():
        if ch in _SWEDISH_LAST:
            out.append(_SWEDISH_LAST[ch])
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base)
    return "".join(out)


def swedish_sorted[T](items: Iterable[T], key: Callable[[T], Any] = lambda x: str(x)) -> list[T]:
    """Sort items by a text key in Swedish order."""
    return sorted(items, key=lambda item: swedish_sort_key(key(item)))


# --- Invisible control characters ----------------------------------------------------------------
# Bidirectional overrides and isolates can make text read differently on screen than it is stored
# ("Trojan Source"); zero-width characters hide inside names and numbers so that two values look
# the same and are not. Free text has them removed; identity numbers refuse them.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u180e")
INVISIBLE = BIDI_CONTROLS | ZERO_WIDTH
_INVISIBLE_TABLE = {ord(ch): None for ch in INVISIBLE}


def has_invisible(value: str) -> bool:
    """True when the text holds a bidi control or a zero-width character."""
    return any(ch in INVISIBLE for ch in value or "")


def clean_text(value):
    """The shared cleaning of every free-text input: bidi controls and zero-width characters removed.

    Applied to every form CharField (and DRF CharField) by samhandling.core.apps; call it yourself
    for text that reaches a service without a form (imports, tasks).
    """
    if not isinstance(value, str):
        return value
    return value.translate(_INVISIBLE_TABLE)
