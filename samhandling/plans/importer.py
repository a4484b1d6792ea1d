"""Import of a plan document: split it into activities by its headings and suggest area, type and methods.

Nothing is saved here. The planner sees every suggestion, confirms or corrects it, and only then
does services.activities_import save the whole set in one transaction.
"""

import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samhandling.catalogue.models import Method, PriorityArea

BULLETS = "\uf0b7•●▪◦‣-–*·"
MAX_HEADING = 60
SHORT_LINE = 46
# Lines ending in these words continue on the next line.
CONTINUES = {"i", "och", "med", "för", "av", "att", "som", "på", "till", "om", "en", "ett", "den", "det", "vid", "från"}
SECTION_TYPES = {"social prevention": "social", "situationell prevention": "situational"}

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
        "arna", "erna", "orna", "ande", "aste", "aren", "ades", "erns", "ade", "are", "ern", "ens", "het",
        "ast", "na", "ad", "en", "ar", "er", "or", "as", "es", "at", "a", "e", "s",
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
class ParsedActivity:
    title: str
    body: str
    prevention_section: str = ""


@dataclass
class Suggestion:
    title: str
    description: str
    prevention_type: str
    priority_area: object | None
    sub_area: object | None
    methods: list = field(default_factory=list)
    is_local_activity: bool = False


# --- reading and splitting -------------------------------------------------------------------


def read_document(name: str, content: bytes) -> tuple[list[str], set[int]]:
    """The document's lines, and the indexes of lines that the document itself marks as headings."""
    lower = name.lower()
    if lower.endswith(".docx"):
        from docx import Document

        try:
            doc = Document(io.BytesIO(content))
        except Exception as e:  # noqa: BLE001 - any unreadable file gets the same clear message
            raise ValidationError(_("The Word file could not be read. Save it again as .docx and try again.")) from e
        lines, marked = [], set()
        for p in doc.paragraphs:
            text = p.text.strip()
            if not text:
                continue
            style = (p.style.name or "").lower() if p.style is not None else ""
            bold = bool(p.runs) and all(r.bold for r in p.runs if r.text.strip())
            if style.startswith(("heading", "rubrik", "title")) or (bold and len(text) <= MAX_HEADING):
                marked.add(len(lines))
            lines.append(text)
        return lines, marked
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as e:
            raise ValidationError(_("The text file could not be read. Save it as UTF-8 and try again.")) from e
    text = unicodedata.normalize("NFC", text)
    lines, marked = [], set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if lower.endswith(".md") and line.startswith("#"):
            marked.add(len(lines))
            line = line.lstrip("#").strip()
        lines.append(line)
    return lines, marked


def _is_bullet(line: str) -> bool:
    return line[:1] in BULLETS


def _looks_like_heading(lines: list[str], i: int, headings: set[int]) -> bool:
    line = lines[i]
    if len(line) > MAX_HEADING or _is_bullet(line) or not line[:1].isupper():
        return False
    if line[-1] in ".,;:-" or line.rsplit(" ", 1)[-1].lower() in CONTINUES:
        return False
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    if not (nxt[:1].isupper() or _is_bullet(nxt) or nxt[:1].isdigit()):
        return False
    if i == 0:
        return True
    prev = lines[i - 1]
    if i - 1 in headings:
        return True
    if _is_bullet(prev) and not prev.endswith("."):
        return False
    if len(prev) < SHORT_LINE and not prev.endswith(("-", ",")):
        return True  # a paragraph's short last line, even one that ends "... så som"
    last_word = prev.rsplit(" ", 1)[-1].lower()
    if last_word in CONTINUES or prev.endswith(("-", ",")):
        return False
    return prev.endswith((".", "!", "?", ")"))


def split_activities(lines: list[str], marked: set[int]) -> list[ParsedActivity]:
    """Split lines into activities at headings; 'Social/Situationell prevention' headings set the type."""
    headings: set[int] = set()
    use_marked = len(marked) >= 2
    for i in range(len(lines)):
        if (use_marked and i in marked) or (not use_marked and _looks_like_heading(lines, i, headings)):
            headings.add(i)
    activities: list[ParsedActivity] = []
    section = ""
    current: ParsedActivity | None = None
    for i, line in enumerate(lines):
        if i in headings:
            key = line.lower().strip()
            if key in SECTION_TYPES:
                section = SECTION_TYPES[key]
                current = None
                continue
            current = ParsedActivity(title=line, body="", prevention_section=section)
            activities.append(current)
        elif current is not None:
            joined = line.lstrip(BULLETS).strip()
            if _is_bullet(line):
                current.body += ("\n- " if current.body else "- ") + joined
            elif current.body.endswith("-") and not current.body.endswith(" -"):
                current.body += joined
            else:
                current.body += (" " if current.body else "") + joined
    return [a for a in activities if a.body or len(activities) > 1]


# --- suggestions -----------------------------------------------------------------------------


@dataclass
class _Pattern:
    method: Method
    stems: tuple
    case_word: str = ""  # an abbreviation matched with its case


def _patterns(methods) -> list[_Pattern]:
    out = []
    for m in methods:
        for phrase in [m.name, *m.aliases]:
            for part in re.split(r"\s+[–-]\s+|/", phrase):
                s = tuple(x for x in stems(part) if x not in STOP)
                if s:
                    out.append(_Pattern(m, s))
        if m.abbreviation:
            for abbr in re.split(r"[ ,/]+", m.abbreviation):
                if len(abbr) >= 2:
                    out.append(_Pattern(m, (), case_word=abbr))
    return out


def _contains(seq: list[str], sub: tuple) -> bool:
    n = len(sub)
    return any(tuple(seq[i : i + n]) == sub for i in range(len(seq) - n + 1))


def _score(patterns: list[_Pattern], title: str, body: str) -> Counter:
    scores: Counter = Counter()
    title_stems = [s for s in stems(title) if s not in STOP]
    body_stems = [s for s in stems(body) if s not in STOP]
    title_words, body_words = set(words(title)), set(words(body))
    body_stem_set = set(body_stems)
    for p in patterns:
        if p.case_word:
            if p.case_word in title_words:
                scores[p.method.pk] += 6
            elif p.case_word in body_words:
                scores[p.method.pk] += 2
            continue
        if _contains(title_stems, p.stems):
            scores[p.method.pk] += 5 + len(p.stems) + (3 if tuple(title_stems) == p.stems else 0)
        elif _contains(body_stems, p.stems):
            scores[p.method.pk] += 1 + 0.5 * len(p.stems)
        elif len(p.stems) >= 2 and all(s in body_stem_set or s in title_stems for s in p.stems):
            scores[p.method.pk] += 1.5
    for prefix, slug in HINTS.items():
        text = f"{title} {body}".lower()
        if prefix in text:
            method = next((p.method for p in patterns if p.method.slug == slug), None)
            if method is not None:
                scores[method.pk] += 1.5 if prefix in title.lower() else 0.75
    return scores


def suggest(parsed: list[ParsedActivity], strategy) -> list[Suggestion]:
    """Suggest methods, priority area, sub-area and prevention type for each parsed activity."""
    methods = list(Method.objects.prefetch_related("sub_areas__priority_area"))
    by_pk = {m.pk: m for m in methods}
    patterns = _patterns(methods)
    areas = {a.number: a for a in PriorityArea.objects.filter(strategy=strategy)}
    out = []
    for item in parsed:
        scores = _score(patterns, item.title, item.body)
        ranked = [by_pk[pk] for pk, s in scores.most_common() if s >= 1.5]
        top = scores.most_common(1)[0][1] if scores else 0
        chosen = [m for m in ranked if scores[m.pk] >= max(1.5, top * 0.5)][:4]
        sub_area = priority_area = None
        sub_counts: Counter = Counter()
        for m in chosen:
            for sa in m.sub_areas.all():
                if sa.priority_area.strategy_id == strategy.pk:
                    sub_counts[sa] += scores[m.pk]
        if sub_counts:
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
        elif any(w in f"{item.title} {item.body}".lower() for w in SITUATIONAL_WORDS):
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
            )
        )
    return out


def parse_and_suggest(name: str, content: bytes, strategy) -> list[Suggestion]:
    lines, marked = read_document(name, content)
    parsed = split_activities(lines, marked)
    if not parsed:
        raise ValidationError(_("No activities were found. Give each activity a heading of its own and try again."))
    return suggest(parsed, strategy)
