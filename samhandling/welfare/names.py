"""Names of people compared the way a controller would: normalised by rigour, never as exact strings."""

from rigour.names import remove_person_prefixes, tokenize_name
from rigour.text.distance import levenshtein_similarity


def name_key(name: str) -> str:
    """A normalised key: lower case, accents kept apart, titles removed, the words in sorted order."""
    from normality import ascii_text

    cleaned = remove_person_prefixes(name or "")
    tokens = [ascii_text(t) or t for t in tokenize_name(cleaned.lower())]
    return " ".join(sorted(t for t in tokens if t))[:200]


def name_similarity(first: str, second: str) -> float:
    """0..1: how alike two normalised names are (edit distance over the sorted words)."""
    return float(levenshtein_similarity(name_key(first), name_key(second)))
