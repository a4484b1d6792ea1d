"""Swedish text conventions: sorting with å, ä, ö last."""

import unicodedata

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


def swedish_sorted(items, key=lambda x: str(x)):
    """Sort items by a text key in Swedish order."""
    return sorted(items, key=lambda item: swedish_sort_key(key(item)))
