"""Swedish free-text search over the method catalogue, written in Python so it runs the same on
SQLite and PostgreSQL.

The catalogue holds a few hundred entries; normalising and scoring them in memory is faster and
more predictable than database-specific full-text search, and it lets us rank the way a
professional expects: an exact abbreviation or alias first, then names that start with the
query, then names containing every word (or word part), then descriptions. A light Swedish
stemmer lets "familjeterapier" find "familjeterapi", and a one-letter-typo fallback answers
when nothing else matches.
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Common Swedish function words: left out when we measure how much of a long query a name covers.
STOPWORDS = frozenset(
    "och i pa av for med som har till en ett de den det att eller om vid fran mellan mot under "
    "efter samt sa inom utan ur vara sin sina dess deras hos ska kan nar dar vilka vilken".split()
)

# Swedish inflection endings, longest first; only stripped when at least four letters remain.
_SUFFIXES = (
    "ernas",
    "arnas",
    "ornas",
    "andes",
    "erna",
    "arna",
    "orna",
    "ande",
    "ende",
    "ens",
    "ets",
    "ers",
    "are",
    "en",
    "et",
    "er",
    "ar",
    "or",
    "na",
    "s",
    "n",
    "a",
    "e",
)

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Rank tiers, best first. A method's score is tier * 1000 + a tie-breaker below 1000.
TIER_EXACT = 9  # the whole query is the abbreviation, an alias or the name
TIER_NAME_PREFIX = 8  # the name or an alias starts with the query
TIER_WORD_PREFIX = 7  # every word of the query starts a word of the name/aliases
TIER_WORD_PART = 6  # every word of the query is part of a word of the name/aliases
TIER_NAMED_IN_QUERY = 5  # the query (e.g. a sentence from the strategy) contains the whole name
TIER_DESCRIPTION = 4  # every word of the query occurs somewhere, the description included
TIER_MOST_WORDS = 3  # most words of a longer query occur in the name/aliases
TIER_TYPO = 2  # one letter off (a typo or swapped letters)


def normalise(text: str) -> str:
    """Lower case, diacritics removed (å→a, ä→a, ö→o, é→e), punctuation to single spaces."""
    text = unicodedata.normalize("NFKD", (text or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(_NON_ALNUM.sub(" ", text).split())


def stem(word: str) -> str:
    """Strip one Swedish inflection ending ('familjeterapier' → 'familjeterapi')."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _typo_distance_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    if la > lb:
        a, b = b, a
    # b is one longer: deleting one letter of b must give a
    for i in range(len(b)):
        if b[:i] + b[i + 1 :] == a:
            return True
    return False


@dataclass
class Entry:
    """The normalised search text of one method."""

    pk: int
    name: str
    keys: list[str]  # normalised abbreviation and aliases
    description: str
    sort_key: str
    head_words: list[str] = field(default_factory=list)  # words of the name, abbreviation and aliases
    head_text: str = ""

    def __post_init__(self):
        heads = [self.name, *self.keys]
        self.head_text = " ".join(heads)
        self.head_words = self.head_text.split()


def make_entry(*, pk, name, abbreviation, aliases, description, sort_key) -> Entry:
    keys = [normalise(k) for k in [abbreviation, *(aliases or [])] if k and normalise(k)]
    return Entry(pk=pk, name=normalise(name), keys=keys, description=normalise(description), sort_key=sort_key)


def _content_words(words: list[str]) -> list[str]:
    return [w for w in words if w not in STOPWORDS]


def _word_part_in(word: str, text: str) -> bool:
    # Short words ("mst", "sip") only match the start of a word, not letters inside one
    # ("ungdomstjänst" must not answer "mst").
    if len(word) < 4:
        return any(t.startswith(word) for t in text.split())
    return word in text or stem(word) in text


def _word_prefix_in(word: str, words: list[str]) -> bool:
    s = stem(word)
    return any(w.startswith(word) or w.startswith(s) for w in words)


def score(entry: Entry, query: str) -> int:
    """The rank of one entry for a normalised query; 0 means no match."""
    if not query:
        return 0
    words = query.split()
    content = _content_words(words) or words
    if query == entry.name or query in entry.keys:
        return TIER_EXACT * 1000
    if entry.name.startswith(query) or any(k.startswith(query) for k in entry.keys):
        return TIER_NAME_PREFIX * 1000 + 999 - min(len(entry.name), 999)
    if all(_word_prefix_in(w, entry.head_words) for w in content):
        return TIER_WORD_PREFIX * 1000 + 999 - min(len(entry.name), 999)
    if all(_word_part_in(w, entry.head_text) for w in content):
        return TIER_WORD_PART * 1000 + 999 - min(len(entry.name), 999)
    # A sentence that names the method: every content word of its name (or of an alias,
    # or its abbreviation) occurs in the query.
    query_words = set(words) | {stem(w) for w in words}
    for head in [entry.name, *entry.keys]:
        head_content = _content_words(head.split())
        if head_content and all(w in query_words or stem(w) in query_words for w in head_content):
            return TIER_NAMED_IN_QUERY * 1000 + min(len(head_content) * 50, 999)
    everything = f"{entry.head_text} {entry.description}"
    if all(_word_part_in(w, everything) for w in content):
        return TIER_DESCRIPTION * 1000 + 999 - min(len(entry.name), 999)
    if len(content) >= 3:
        found = sum(1 for w in content if _word_part_in(w, entry.head_text))
        share = found / len(content)
        if share >= 0.6:
            return TIER_MOST_WORDS * 1000 + int(share * 999)
    return 0


def typo_score(entry: Entry, query: str) -> int:
    """Fallback: every word of the query is within one letter of a word of the name/aliases."""
    words = _content_words(query.split()) or query.split()
    if not words or any(len(w) < 3 for w in words):
        return 0
    for w in words:
        if not any(len(h) >= 3 and _typo_distance_at_most_one(w, h) for h in entry.head_words):
            return 0
    return TIER_TYPO * 1000


def rank(entries: list[Entry], raw_query: str) -> list[tuple[int, Entry]]:
    """Entries that match the query, best first (ties in Swedish alphabetical order)."""
    query = normalise(raw_query)
    if not query:
        return []
    hits = [(s, e) for e in entries if (s := score(e, query))]
    if not hits:
        hits = [(s, e) for e in entries if (s := typo_score(e, query))]
    hits.sort(key=lambda pair: (-pair[0], pair[1].sort_key))
    return hits
