"""Reading a plan document into its parts, and finding the activities in them.

No database here: `read_document` runs in a child process with limits (core.uploads.run_limited) and
returns plain data, a list of blocks in document order. `find_activities` then decides which blocks
are activities (a table row, a list item, or a heading with its text) and which are the document's
own structure (title, lägesbild, orsaksanalys, uppföljning, bilagor ...), and says where each came
from and why anything was skipped, so the import page can tell the planner.

A block is a dict: {"kind": "heading", "text", "level"}, {"kind": "paragraph", "text"},
{"kind": "item", "text"} (a numbered or bulleted list item), {"kind": "row", "table", "row", "title",
"details", "area", "text"} (a table row with an activity column), or {"kind": "table_skipped",
"table", "reason", "headers"} / {"kind": "row_skipped", "table", "row"}.
"""

import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BULLETS = "\uf0b7•●▪◦‣-–*·■□➢►✓"
MAX_HEADING = 60
SHORT_LINE = 46
MAX_TITLE = 120
# Lines ending in these words continue on the next line.
CONTINUES = {"i", "och", "med", "för", "av", "att", "som", "på", "till", "om", "en", "ett", "den", "det", "vid", "från"}
SECTION_TYPES = {
    "social prevention": "social",
    "social brottsprevention": "social",
    "sociala insatser": "social",
    "social brottsförebyggande insatser": "social",
    "situationell prevention": "situational",
    "situationell brottsprevention": "situational",
    "situationella insatser": "situational",
    "situationella åtgärder": "situational",
}
# "Aktivitet 3: Nattvandring" is the activity Nattvandring, not a heading that gathers activities.
NUMBERED_ACTIVITY = re.compile(r"^(?:aktivitet|insats|åtgärd)\s*(?:nr\.?\s*)?\d{1,2}\s*[:.–-]\s*(.+)$", re.IGNORECASE)
LABELLED = re.compile(r"^([A-Za-zÅÄÖåäö][\wÅÄÖåäö /-]{1,30}):\s*(.*)$")
NUMBERED = re.compile(r"^(?:\(?\d{1,2}(?:\.\d{1,2})*[.)]|[a-zA-Z][.)]|[IVX]{1,4}\.)\s+")
HEADING_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+")

# A heading whose first words start with one of these is the document's structure, never an activity,
# and nothing under it is read as an activity.
STRUCTURAL = (
    "lägesbild",
    "nulägesbild",
    "nuläge",
    "orsaksanalys",
    "analys",
    "uppföljning",
    "utvärdering",
    "bilag",
    "inledning",
    "syfte",
    "bakgrund",
    "sammanfattning",
    "innehåll",
    "förord",
    "mål och",
    "målsättning",
    "budget",
    "ekonomi",
    "referenser",
    "källor",
    "kontakt",
    "om planen",
    "om handlingsplanen",
    "läsanvisning",
    "definitioner",
    "begrepp",
    "riskfaktorer",
    "skyddsfaktorer",
    "risk- och skyddsfaktorer",
    "organisation",
    "ansvarsfördelning",
    "styrdokument",
    "tidplan",
    "slutsatser",
    "beslut",
)
# A heading that starts with one of these gathers activities (in a list, a table or sub-headings).
SECTIONS = (
    "aktiviteter",
    "aktivitetsplan",
    "insatser",
    "åtgärder",
    "åtgärdsplan",
    "handlingsplan",
    "lokal handlingsplan",
    "lokal plan",
    "fokusområde",
    "prioriterat område",
    "prioriterade områden",
    "insatsområde",
    "målområde",
    "strategiområde",
    "område ",
    "kapitel",
    "del ",
    "planerade aktiviteter",
    "våra aktiviteter",
)

# Table columns by their header, in the variants districts write (compared in lower case, by prefix).
COLUMNS = {
    "title": ("aktivitet", "insats", "åtgärd", "vad ", "vad?", "namn på aktivitet", "metod"),
    "description": ("beskrivning", "innehåll", "syfte", "kort beskrivning", "mål"),
    "target": ("målgrupp",),
    "responsible": ("ansvarig", "ansvar", "vem", "huvudansvarig", "utförare"),
    "area": ("prioriterat område", "prioriterade område", "fokusområde", "område", "insatsområde", "strategiområde"),
    "partners": ("samverkanspart", "samarbetspart", "samverkan med", "i samverkan", "partner"),
    "when": ("tid", "när", "tidsplan", "period", "tidsperiod", "start"),
    "followup": ("uppföljning", "indikator", "mått", "resultatmått", "förväntat resultat"),
}
COLUMN_LABELS = {
    "description": "Beskrivning",
    "target": "Målgrupp",
    "responsible": "Ansvarig",
    "area": "Område",
    "partners": "Samverkan",
    "when": "Tid",
    "followup": "Uppföljning",
}


def _clean(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", unicodedata.normalize("NFC", text)).strip()


def _column(header: str) -> str | None:
    key = _clean(header).lower().rstrip(":")
    key = re.sub(r"[^\wåäö?/ ]", " ", key).strip()
    if not key:
        return None
    # The area before the title: "Prioriterat område" must not read as an activity column.
    for name in ("area", "target", "responsible", "partners", "followup", "title", "description", "when"):
        for variant in COLUMNS[name]:
            if key == variant.strip() or key.startswith(variant):
                return name
            if "/" in key and any(part.strip().startswith(variant) for part in key.split("/")):
                return name
    return None


def _table_blocks(rows: list[list[str]], number: int) -> list[dict]:
    """A table's rows as activities, by its header row; a table without an activity column is skipped."""
    if not rows:
        return []
    vertical = _vertical_table(rows, number)
    if vertical is not None:
        return [vertical]
    # The header is the first of the first three rows that names an activity column (a table often
    # starts with a title row spanning all columns).
    found = next(
        (
            (start, headers, _columns(headers))
            for start, headers in enumerate(rows[:3])
            if len({h for h in headers if h}) >= 2 and "title" in _columns(headers)
        ),
        None,
    )
    if found is None:
        return [{"kind": "table_skipped", "table": number, "reason": "no_activity_column", "headers": rows[0][:8]}]
    start, headers, columns = found
    title_at = columns.index("title")
    blocks = []
    for r, cells in enumerate(rows[start + 1 :], start=start + 2):
        if [c.lower() for c in cells] == [h.lower() for h in headers]:
            continue  # a header row repeated on a new page
        title_cell = cells[title_at] if title_at < len(cells) else ""
        lines = [_strip_marker(line) for line in title_cell.splitlines() if _strip_marker(line)]
        if not lines:
            if any(c.strip() for c in cells):
                blocks.append({"kind": "row_skipped", "table": number, "row": r})
            continue
        title, rest = _split_title(" ".join(lines) if len(lines) == 1 else lines[0])
        details, own = [], ([rest] if rest else []) + lines[1:]
        scored = list(own)
        named: list[str] = []
        area = ""
        seen = {title_at}
        for i, name in enumerate(columns):
            if i in seen or i >= len(cells) or not cells[i].strip() or name is None:
                continue
            seen.add(i)
            value = " ".join(cells[i].split())
            if name == "title":  # a second activity column, such as Metod beside Aktivitet, names its method
                own.append(f"{_clean(headers[i])}: {value}")
                named.append(value)
            elif name == "description":
                own.append(value)
                scored.append(value)
            else:
                details.append(f"{COLUMN_LABELS[name]}: {value}")
                if name == "area":
                    area = value
        blocks.append(
            {
                "kind": "row",
                "table": number,
                "row": r,
                "title": title,
                "text": " ".join(scored),
                "details": "\n".join([*own, *details]),
                "area": area,
                "methods": " ".join(named),
            }
        )
    return blocks


def _columns(headers: list[str]) -> list[str | None]:
    """Each header's column; without a plain activity column, one whose header names the activity."""
    columns = [_column(h) for h in headers]
    if "title" not in columns:
        for i, h in enumerate(headers):
            if re.search(r"aktivitet|insats|åtgärd", h.lower()) and columns[i] in (None, "description"):
                columns[i] = "title"
                break
    return columns


def _vertical_table(rows: list[list[str]], number: int) -> dict | None:
    """A table for one activity, its labels in the first column (Aktivitet | ..., Målgrupp | ...)."""
    if len(rows) < 2 or any(len(r) < 2 for r in rows):
        return None
    labels = [_column(r[0]) for r in rows]
    if labels[0] != "title" or sum(1 for label in labels if label) < 2:
        return None
    title, rest = _split_title(" ".join(rows[0][1].split()))
    if not title:
        return None
    own, details, area = ([rest] if rest else []), [], ""
    for label, cells in zip(labels[1:], rows[1:], strict=True):
        value = " ".join(" ".join(cells[1:]).split())
        if not value or label is None or label == "title":
            continue
        if label == "description":
            own.append(value)
        else:
            details.append(f"{COLUMN_LABELS[label]}: {value}")
            area = value if label == "area" else area
    return {
        "kind": "row",
        "table": number,
        "row": 1,
        "title": title,
        "text": " ".join(own),
        "details": "\n".join([*own, *details]),
        "area": area,
    }


def _split_title(text: str) -> tuple[str, str]:
    """A long list item or cell: its first clause is the title, the rest the description."""
    text = text.strip().rstrip(".").strip()
    if len(text) <= MAX_TITLE:
        return text, ""
    for sep in (": ", ". ", " – ", " - ", ", "):
        head, found, tail = text.partition(sep)
        if found and 3 <= len(head) <= MAX_TITLE:
            return head.strip(), tail.strip()
    cut = text.rfind(" ", 0, MAX_TITLE)
    return text[:cut].strip(), text[cut:].strip()


def _strip_marker(text: str) -> str:
    text = text.lstrip(BULLETS).strip()
    return NUMBERED.sub("", text, count=1).strip()


def _is_marked_item(text: str) -> bool:
    return text[:1] in BULLETS or bool(NUMBERED.match(text))


def _read_docx(content: bytes) -> list[dict]:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(io.BytesIO(content))
    except Exception as e:  # noqa: BLE001 - any unreadable file gets the same clear message
        raise ValidationError(_("The Word file could not be read. Save it again as .docx and try again.")) from e
    blocks: list[dict] = []
    tables = 0
    for element in doc.element.body.iterchildren():
        if element.tag == qn("w:tbl"):
            tables += 1
            table = Table(element, doc)
            rows = []
            for row in table.rows:
                cells, last = [], None
                for cell in row.cells:
                    if cell._tc is last:  # a merged cell repeats itself
                        continue
                    last = cell._tc
                    cells.append("\n".join(_clean(p.text) for p in cell.paragraphs if p.text.strip()))
                rows.append(cells)
            blocks.extend(_table_blocks(rows, tables))
            continue
        if element.tag != qn("w:p"):
            continue
        p = Paragraph(element, doc)
        text = _clean(p.text)
        if not text:
            continue
        style = (p.style.name or "").lower() if p.style is not None else ""
        level = _heading_level(style)
        numbered = element.pPr is not None and element.pPr.numPr is not None
        if level is None and (numbered or "list" in style or "lista" in style or _is_marked_item(text)):
            blocks.append({"kind": "item", "text": _strip_marker(text)})
            continue
        if level is None:
            bold = bool(p.runs) and all(r.bold for r in p.runs if r.text.strip())
            if bold and len(text) <= MAX_HEADING and not text.endswith((".", ":")):
                level = 9
        if level is not None:
            blocks.append({"kind": "heading", "text": HEADING_NUMBER.sub("", text, count=1), "level": level})
        else:
            blocks.append({"kind": "paragraph", "text": text})
    return blocks


def _heading_level(style: str) -> int | None:
    if style.startswith(("title", "rubrik", "subtitle", "underrubrik")) and not re.search(r"\d", style):
        return 0 if style.startswith(("title", "rubrik")) else 1
    match = re.match(r"(?:heading|rubrik)\s*(\d)", style)
    return int(match.group(1)) if match else None


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


def _read_text(name: str, content: bytes) -> list[dict]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as e:
            raise ValidationError(_("The text file could not be read. Save it as UTF-8 and try again.")) from e
    text = unicodedata.normalize("NFC", text)
    markdown = name.lower().endswith(".md")
    lines: list[str] = []
    levels: dict[int, int] = {}
    tabbed: dict[int, list[str]] = {}
    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            continue
        if raw.count("\t") >= 1 and len([c for c in raw.split("\t") if c.strip()]) >= 2:
            tabbed[len(lines)] = [_clean(c) for c in raw.strip("\r\n").split("\t")]  # a table copied as text
        if markdown and line.startswith("#"):
            levels[len(lines)] = len(line) - len(line.lstrip("#"))
            line = line.lstrip("#").strip()
        elif markdown and line.startswith("|"):
            pass  # a Markdown table row, read below
        lines.append(line)
    headings = set(levels) if len(levels) >= 2 else set()
    if not headings:
        for i in range(len(lines)):
            if i not in tabbed and _looks_like_heading(lines, i, headings):
                headings.add(i)
    if tabbed and not any(_column(c) == "title" for row in tabbed.values() for c in row):
        tabbed = {}  # tabs, but no table of activities: read the lines as text
    blocks: list[dict] = []
    table: list[list[str]] = []
    tables = 0
    for i, line in enumerate(lines):
        if markdown and line.startswith("|"):
            cells = [_clean(c) for c in line.strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                table.append(cells)
            continue
        if i in tabbed:
            table.append(tabbed[i])
            continue
        if table:
            tables += 1
            blocks.extend(_table_blocks(table, tables))
            table = []
        if i in headings:
            # A prevention section's heading in a plain text holds the headings after it.
            level = levels.get(i, 1 if line.lower() in SECTION_TYPES else 2)
            blocks.append({"kind": "heading", "text": HEADING_NUMBER.sub("", line, count=1), "level": level})
        elif _is_marked_item(line):
            blocks.append({"kind": "item", "text": _strip_marker(line)})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    if table:
        blocks.extend(_table_blocks(table, tables + 1))
    return blocks


def read_document(name: str, content: bytes) -> list[dict]:
    """The document as blocks in order: headings, paragraphs, list items and table rows."""
    if name.lower().endswith(".docx"):
        return _read_docx(content)
    return _read_text(name, content)


# --- finding the activities ---------------------------------------------------------------------


@dataclass
class ParsedActivity:
    title: str
    body: str
    prevention_section: str = ""
    source: dict = field(default_factory=dict)  # where it was found: kind, table/row, heading, item
    match_text: str = ""  # the text that suggests methods (without target group, responsible ...)
    area_hint: str = ""  # the priority area the document names for it
    method_hint: str = ""  # what a Metod column beside the activity column names


@dataclass
class Skipped:
    text: str
    reason: str  # structural, section, title, no_activity_column, empty_row
    items: int = 0
    table: int = 0
    row: int = 0
    position: int = 0  # the block's place in the document, to tell them in order


def _starts(text: str, prefixes: tuple) -> bool:
    key = text.lower().strip()
    return any(key.startswith(p) for p in prefixes)


def is_structural(heading: str) -> bool:
    """A heading of the document's own structure (lägesbild, orsaksanalys, uppföljning, bilagor ...)."""
    key = HEADING_NUMBER.sub("", heading.lower().strip(), count=1)
    if _starts(key, STRUCTURAL):
        return True
    first_words = key.split()[:3]
    return any(w.startswith(("lägesbild", "orsaksanalys", "bilag")) for w in first_words)


@dataclass
class _Heading:
    text: str
    level: int
    role: str  # title, structural, section, activity
    activity: ParsedActivity | None = None
    paragraphs: list = field(default_factory=list)
    items: list = field(default_factory=list)
    skipped_items: int = 0
    has_children: bool = False
    has_rows: bool = False
    position: int = 0


def find_activities(
    blocks: list[dict], section_names: tuple = (), known: Callable[[str], bool] | None = None
) -> tuple[list[ParsedActivity], list[Skipped]]:
    """The activities of a plan, each with where it was found, and what was skipped and why.

    known(text) tells whether a text names a catalogue method: a heading that does, with only a list
    under it, is an activity whose list describes it; otherwise the list items are the activities.
    """
    activities: list[ParsedActivity] = []
    labelled: ParsedActivity | None = None  # an activity written as "Aktivitet: ...", "Målgrupp: ..."
    skipped: list[Skipped] = []
    stack: list[_Heading] = []
    section_type, section_level = "", -1
    seen_heading = False
    sections = tuple(n.lower() for n in section_names)

    def close(h: _Heading) -> None:
        if h.role == "structural":
            skipped.append(Skipped(h.text, "structural", items=h.skipped_items, position=h.position))
            return
        if h.role in ("title", "section"):
            skipped.append(Skipped(h.text, h.role, position=h.position))
            return
        paragraphs = [p for p in h.paragraphs if not p.endswith(":")]
        if h.has_rows or (h.has_children and not paragraphs and not h.items):
            skipped.append(Skipped(h.text, "section", position=h.position))
            return
        heading_named = known is not None and known(h.text)
        items_named = known is not None and sum(1 for i in h.items if known(i)) * 2 >= len(h.items)
        if len(h.items) >= 2 and not paragraphs and (not heading_named or items_named):
            skipped.append(Skipped(h.text, "section", position=h.position))
            for n, item in enumerate(h.items, start=1):
                activities.append(_item_activity(item, h.text, n, section_type))
            return
        body = " ".join(h.paragraphs)
        if h.items:
            body += ("\n" if body else "") + "\n".join(f"- {i}" for i in h.items)
        activity = ParsedActivity(
            title=h.text,
            body=body,
            prevention_section=section_type,
            source={"kind": "heading", "heading": h.text},
            match_text=body,
        )
        activities.append(activity)

    def current() -> _Heading | None:
        return stack[-1] if stack else None

    for position, block in enumerate(blocks):
        kind = block["kind"]
        top = current()
        inside_structure = any(h.role == "structural" for h in stack)
        if kind == "heading":
            labelled = None
            text, level = block["text"], block["level"]
            numbered = NUMBERED_ACTIVITY.match(text)
            text = numbered.group(1).strip() if numbered else text
            while stack and stack[-1].level >= level:
                close(stack.pop())
            if stack:
                stack[-1].has_children = True
            key = text.lower().strip()
            if key not in SECTION_TYPES and level <= section_level:
                section_type, section_level = "", -1  # the prevention section has ended
            if key in SECTION_TYPES:
                section_type, section_level = SECTION_TYPES[key], level
                role = "section"
            elif any(h.role == "structural" for h in stack) or is_structural(text):
                role = "structural"
            elif level == 0 or (
                not seen_heading and _starts(key, ("handlingsplan", "lokal handlingsplan", "åtgärdsplan"))
            ):
                role = "title"
            elif not numbered and (_starts(key, SECTIONS) or any(key.startswith(s) for s in sections)):
                role = "section"
            else:
                role = "activity"
            seen_heading = True
            stack.append(_Heading(text, level, role, position=position))
        elif kind == "paragraph":
            label = LABELLED.match(block["text"]) if not inside_structure else None
            column = _column(label.group(1)) if label else None
            label_text = label.group(2) if label else ""
            if column == "title" and label_text.strip():
                title, rest = _split_title(label_text)
                heading = top.text if top is not None else ""
                labelled = ParsedActivity(
                    title=title[:250],
                    body=rest,
                    prevention_section=section_type,
                    source={"kind": "labelled", "heading": heading},
                    match_text=rest,
                )
                activities.append(labelled)
                if top is not None:
                    top.has_rows = True  # the heading gathers the activities written under it
            elif labelled is not None:
                if column in (None, "description", "title"):
                    text = label_text if column else block["text"]
                    labelled.body = f"{labelled.body}\n{text}".strip()
                    labelled.match_text = f"{labelled.match_text} {text}".strip()
                else:
                    labelled.body = f"{labelled.body}\n{COLUMN_LABELS[column]}: {label_text}".strip()
                    if column == "area":
                        labelled.area_hint = label_text
            elif top is not None and top.role == "activity":
                top.paragraphs.append(block["text"])
            elif top is not None and top.role == "structural":
                top.skipped_items += 1
        elif kind == "item":
            if labelled is not None and not inside_structure:
                labelled.body = f"{labelled.body}\n- {block['text']}".strip()
                labelled.match_text = f"{labelled.match_text} {block['text']}".strip()
            elif inside_structure and top is not None:
                top.skipped_items += 1
            elif top is not None and top.role == "activity":
                top.items.append(block["text"])
            else:
                heading = top.text if top is not None else ""
                count = sum(1 for a in activities if a.source.get("heading") == heading and a.source["kind"] == "item")
                activities.append(_item_activity(block["text"], heading, count + 1, section_type))
        elif kind == "row":
            labelled = None
            if inside_structure and top is not None:
                top.skipped_items += 1
                continue
            if top is not None:
                top.has_rows = True
            activities.append(
                ParsedActivity(
                    title=block["title"][:250],
                    body=block["details"],
                    prevention_section=section_type,
                    source={"kind": "row", "table": block["table"], "row": block["row"]},
                    match_text=block["text"],
                    area_hint=block["area"],
                    method_hint=block.get("methods", ""),
                )
            )
        elif kind == "table_skipped":
            headers = " | ".join(block["headers"])
            skipped.append(Skipped(headers, "no_activity_column", table=block["table"], position=position))
        elif kind == "row_skipped":
            skipped.append(Skipped("", "empty_row", table=block["table"], row=block["row"], position=position))
    while stack:
        close(stack.pop())
    return activities, sorted(skipped, key=lambda k: k.position)


def _item_activity(text: str, heading: str, number: int, section_type: str) -> ParsedActivity:
    title, rest = _split_title(text)
    return ParsedActivity(
        title=title[:250],
        body=rest,
        prevention_section=section_type,
        source={"kind": "item", "heading": heading, "item": number},
        match_text=rest,
    )


def split_activities(blocks: list[dict]) -> list[ParsedActivity]:
    """The activities only (see find_activities)."""
    return find_activities(blocks)[0]
