"""Import of a plan document: find its activities (plan_document) and suggest area, type and methods.

Nothing is saved here. The planner sees every suggestion, confirms or corrects it, and only then
does services.activities_import save the whole set in one transaction.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samhandling.catalogue.models import Method, PriorityArea, SubArea
from samhandling.plans.method_aliases import ABBREVIATIONS, ALIASES
from samhandling.plans.plan_document import (
    ParsedActivity,
    Skipped,
    find_activities,
    read_document,
    split_activities,
)

__all__ = [
    "ParsedActivity",
    "Skipped",
    "Suggestion",
    "find_activities",
    "parse_and_suggest",
    "read_document",
    "split_activities",
    "suggest",
]

# Generic Swedish words that point at a catalogue entry when no name or abbreviation is there.
HINTS = {
    "belysning": "trygghetsinvesteringar",
    "siktlinj": "trygghetsinvesteringar",
    "kamer": "kamerabevakning",
    "väktar": "ordningsvakter",
    "ordningsvakt": "ordningsvakter",
    "nattvandr": "nattvandring",
    "föräldrastöd": "foraldragrupper",
}

# Priority areas by typical words, used when no method suggests one.
AREA_WORDS = {
    "4.1": ["samverkan", "polis", "socialtjänst", "lägesbild", "insatsgrupp"],
    "4.2": ["skola", "skolan", "förskola", "fritid", "fritidsgård", "skolnärvaro", "orosanmälan"],
    "4.3": ["våld", "våldsprevention", "jämställdhet", "heder", "maskulinitet"],
    "4.4": ["förening", "föreningar", "civilsamhälle", "näringsliv", "fastighetsägare", "företagare", "trygghet"],
}
SITUATIONAL_WORDS = ["belysning", "kamera", "ordningsvakt", "väktare", "siktlinje", "platssamverkan", "fysiska miljön"]

SUFFIXES = sorted(
    [
        "heterna", "hetens", "arnas", "ernas", "ornas", "andes", "andet", "arens", "heten", "heter", "anden",
        "arna", "erna", "orna", "ande", "aste", "aren", "ades", "erns", "ade", "are", "ern", "ens", "ans", "het",
        "ast", "na", "ad", "en", "an", "ar", "er", "or", "as", "es", "at", "a", "e", "s",
    ],
    key=len,
    reverse=True,
)  # fmt: skip


def stem(word: str) -> str:
    """A light Swedish stemmer (suffix stripping, keeping at least four letters)."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    return re.findall(r"[0-9A-Za-zÅÄÖåäöÉéÜü]+", text)


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


STOP = {
    stem(w)
    for w in [
        "och",
        "i",
        "för",
        "med",
        "av",
        "till",
        "om",
        "på",
        "den",
        "det",
        "en",
        "ett",
        "som",
        "vid",
        "inom",
        "mellan",
        "samt",
    ]
}


@dataclass
class Suggestion:
    title: str
    description: str
    prevention_type: str
    priority_area: PriorityArea | None
    sub_area: SubArea | None
    methods: list[Method] = field(default_factory=list)
    is_local_activity: bool = False
    source: dict = field(default_factory=dict)


@dataclass
class _Pattern:
    method: Method
    stems: tuple
    case_word: str = ""  # an abbreviation matched with its case


def _phrase_patterns(method: Method, phrase: str) -> list[_Pattern]:
    out = []
    for part in re.split(r"\s+[–-]\s+|/", phrase):
        s = tuple(x for x in stems(part) if x not in STOP)
        if s:
            out.append(_Pattern(method, s))
    return out


def _patterns(methods: list[Method]) -> list[_Pattern]:
    out = []
    for m in methods:
        seen = set()
        for phrase in [m.name, *m.aliases, *ALIASES.get(m.slug, [])]:
            for pattern in _phrase_patterns(m, phrase):
                if pattern.stems not in seen:  # spellings that stem alike count once
                    seen.add(pattern.stems)
                    out.append(pattern)
        abbreviations = re.split(r"[ ,/]+", m.abbreviation) if m.abbreviation else []
        for abbr in [*abbreviations, *ABBREVIATIONS.get(m.slug, [])]:
            if len(abbr) >= 2:
                out.append(_Pattern(m, (), case_word=abbr))
    return out


def _contains(seq: list[str], sub: tuple) -> bool:
    return _find(seq, sub) >= 0


def _find(seq: list[str], sub: tuple) -> int:
    n = len(sub)
    return next((i for i in range(len(seq) - n + 1) if tuple(seq[i : i + n]) == sub), -1)


def _score(patterns: list[_Pattern], title: str, body: str) -> Counter:
    scores: Counter = Counter()
    title_stems = [s for s in stems(title) if s not in STOP]
    body_stems = [s for s in stems(body) if s not in STOP]
    title_words, body_words = set(words(title)), set(words(body))
    body_stem_set = set(body_stems)
    best: dict = {}
    for p in patterns:
        if p.case_word:
            if p.case_word in title_words:
                value = 6.0
            elif p.case_word in body_words:
                value = 2.0
            else:
                continue
        elif (at := _find(title_stems, p.stems)) >= 0:
            # A title names its activity first ("Läxhjälp på fritidsgården"): a match there weighs more.
            value = 5 + len(p.stems) + (3 if tuple(title_stems) == p.stems else 0) + (0.5 if at == 0 else 0)
        elif _contains(body_stems, p.stems):
            value = 1 + 0.5 * len(p.stems)
        elif len(p.stems) >= 2 and all(s in body_stem_set or s in title_stems for s in p.stems):
            value = 1.5
        else:
            continue
        # A method's best match counts, plus a little for each further one (a name and its abbreviation).
        pk = p.method.pk
        if value > best.get(pk, 0):
            scores[pk] += value - best.get(pk, 0) + (0.25 if pk in best else 0)
            best[pk] = value
        else:
            scores[pk] += 0.25
    text = f"{title} {body}".lower()
    for prefix, slug in HINTS.items():
        if prefix in text:
            method = next((p.method for p in patterns if p.method.slug == slug), None)
            if method is not None:
                scores[method.pk] += 1.5 if prefix in title.lower() else 0.75
    return scores


def _area_from_hint(hint: str, areas: dict) -> object | None:
    """The priority area a table's area column names, by its number or its name."""
    if not hint:
        return None
    number = re.search(r"\b4\.[1-4]\b", hint)
    if number and number.group(0) in areas:
        return areas[number.group(0)]
    hint_stems = set(stems(hint)) - STOP
    for area in areas.values():
        if hint_stems and hint_stems <= set(stems(area.name)):
            return area
    return None


def suggest(parsed: list[ParsedActivity], strategy) -> list[Suggestion]:
    """Suggest methods, priority area, sub-area and prevention type for each parsed activity."""
    methods = list(Method.objects.prefetch_related("sub_areas__priority_area"))
    by_pk = {m.pk: m for m in methods}
    patterns = _patterns(methods)
    areas = {a.number: a for a in PriorityArea.objects.filter(strategy=strategy)}
    out = []
    for item in parsed:
        match_text = item.match_text if item.source else item.body
        scores = _score(patterns, item.title, match_text)
        named: set = set()
        if item.method_hint:  # the methods the document names in a column of their own are the methods
            for pk, value in _score(patterns, item.method_hint, "").items():
                scores[pk] += value + 2
                if value >= 5:
                    named.add(pk)
        # A table row or list item names its activity in its title: a word in its description alone
        # ("Fältassistenter finns på plats") does not make it that method.
        floor = 1.5 if item.source.get("kind", "heading") == "heading" else 2.0
        ranked = [by_pk[pk] for pk, s in scores.most_common() if s >= floor]
        top = scores.most_common(1)[0][1] if scores else 0
        chosen = [m for m in ranked if scores[m.pk] >= max(floor, top * 0.5)][:4]
        if named:
            chosen = [m for m in ranked if m.pk in named][:4]
        sub_area = priority_area = None
        sub_counts: Counter = Counter()
        for m in chosen:
            for sa in m.sub_areas.all():
                if sa.priority_area.strategy_id == strategy.pk:
                    sub_counts[sa] += scores[m.pk]
        named = _area_from_hint(item.area_hint, areas)
        if named is not None:
            priority_area = named
            sub_area = next((sa for sa, _n in sub_counts.most_common() if sa.priority_area_id == named.pk), None)
        elif sub_counts:
            sub_area = sub_counts.most_common(1)[0][0]
            priority_area = sub_area.priority_area
        else:
            text = f"{item.title} {item.body}".lower()
            counts = {n: sum(text.count(w) for w in ws) for n, ws in AREA_WORDS.items()}
            best = max(counts, key=counts.get)
            priority_area = areas.get(best) if counts[best] else None
        if item.prevention_section:
            prevention = item.prevention_section
        elif chosen and chosen[0].prevention_type == "situational":
            prevention = "situational"
        elif any(w in f"{item.title} {match_text}".lower() for w in SITUATIONAL_WORDS):
            prevention = "situational"
        else:
            prevention = "social"
        out.append(
            Suggestion(
                title=item.title[:250],
                description=item.body,
                prevention_type=prevention,
                priority_area=priority_area,
                sub_area=sub_area,
                methods=chosen,
                is_local_activity=not chosen,
                source=item.source,
            )
        )
    return out


def read_plan(name: str, content: bytes, strategy) -> tuple[list[Suggestion], list[Skipped]]:
    """Read a document in this process (the worker uses run_limited for read_document)."""
    blocks = read_document(name, content)
    parsed, skipped = find_activities(blocks, section_names=section_names(strategy), known=names_a_method())
    if not parsed:
        raise ValidationError(
            _(
                "No activities were found. Put the activities in a table with a column headed Aktivitet, "
                "in a numbered or bulleted list, or under a heading each, and try again."
            )
        )
    return suggest(parsed, strategy), skipped


def names_a_method() -> Callable[[str], bool]:
    """A test of whether a text (a heading, a list item) names a catalogue method by itself."""
    patterns = _patterns(list(Method.objects.all()))

    def known(text: str) -> bool:
        scores = _score(patterns, text, "")
        return bool(scores) and scores.most_common(1)[0][1] >= 5

    return known


def section_names(strategy) -> tuple:
    """The strategy's priority area names: a heading that repeats one gathers activities."""
    return tuple(PriorityArea.objects.filter(strategy=strategy).values_list("name", flat=True))


def parse_and_suggest(name: str, content: bytes, strategy) -> list[Suggestion]:
    return read_plan(name, content, strategy)[0]
