"""Document import: splitting by headings, suggestions, confirmation, and the accuracy on seed 002."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from samhandling.audit.models import AuditEvent
from samhandling.catalogue.models import PriorityArea
from samhandling.plans import importer
from samhandling.plans.models import Activity
from samhandling.plans.seed002 import SEED_002

pytestmark = pytest.mark.django_db

SEED = Path(__file__).parent.parent / "data" / "seed002_hagersten_alvsjo.txt"


def test_seed_002_accuracy(catalogue):
    """The share of seed 002's activities whose first suggested method is right (reported in README.md)."""
    suggestions = importer.parse_and_suggest(SEED.name, SEED.read_bytes(), catalogue)
    by_title = {s.title: s for s in suggestions}
    found = [title for title, *_ in SEED_002 if title in by_title]
    right_method = [
        t for t, slugs, *_ in SEED_002 if t in by_title and by_title[t].methods and by_title[t].methods[0].slug in slugs
    ]
    right_area = [
        t
        for t, _s, area, _p in SEED_002
        if t in by_title and by_title[t].priority_area and by_title[t].priority_area.number == area
    ]
    right_type = [t for t, _s, _a, kind in SEED_002 if t in by_title and by_title[t].prevention_type == kind]
    extra = [s.title for s in suggestions if s.title not in {t for t, *_ in SEED_002}]
    n = len(SEED_002)
    print(
        f"\nSeed 002: {len(found)}/{n} activities found, {len(extra)} extra; "
        f"method right {len(right_method)}/{n} = {len(right_method) / n:.0%}; "
        f"priority area right {len(right_area)}/{n} = {len(right_area) / n:.0%}; "
        f"prevention type right {len(right_type)}/{n} = {len(right_type) / n:.0%}"
    )
    print(
        "Wrong method:",
        [(t, [m.slug for m in by_title[t].methods]) for t, *_ in SEED_002 if t in by_title and t not in right_method],
    )
    print("Extra:", extra)
    print("Missing:", [t for t, *_ in SEED_002 if t not in by_title])
    assert len(found) == n
    assert len(right_method) / n >= 0.9
    assert len(right_type) / n >= 0.9


def test_markdown_headings_and_docx_styles(catalogue):
    md = "# Handlingsplan\n\n## Nattvandring\nVolontärer går kvällar i Solberga.\n\n## MVP i skolan\nMentorer i våldsprevention för årskurs 8.\n"
    titles = [s.title for s in importer.parse_and_suggest("plan.md", md.encode(), catalogue)]
    assert titles[-2:] == ["Nattvandring", "MVP i skolan"]
    doc = Document()
    doc.add_heading("Kamerabevakning", level=2)
    doc.add_paragraph("Kameror vid Liljeholmstorget.")
    doc.add_heading("Ordningsvakter", level=2)
    doc.add_paragraph("Mobila ordningsvakter i Älvsjö.")
    out = io.BytesIO()
    doc.save(out)
    suggestions = importer.parse_and_suggest("plan.docx", out.getvalue(), catalogue)
    assert [(s.title, s.methods[0].slug, s.prevention_type) for s in suggestions] == [
        ("Kamerabevakning", "kamerabevakning", "situational"),
        ("Ordningsvakter", "ordningsvakter", "situational"),
    ]


def _upload(client, plan, name, content):
    """Upload, let the worker read the document (as the queued task would), and open the result page."""
    from samhandling.plans.models import DocumentImport
    from samhandling.plans.tasks import read_plan_document

    response = client.post(f"/planer/{plan.pk}/import/", {"document": SimpleUploadedFile(name, content)})
    if response.status_code != 302:
        return response
    job = DocumentImport.objects.latest("pk")
    assert job.status == "queued" and client.get(response["Location"]).status_code == 200
    read_plan_document.call(job.pk)
    return client.get(response["Location"])


def test_upload_shows_suggestions_and_saves_nothing_until_confirmed(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    c = client_for(district_planner)
    assert c.get(f"/planer/{plan.pk}/import/").status_code == 200
    r = _upload(c, plan, "seed002.txt", SEED.read_bytes())
    html = r.content.decode()
    assert r.status_code == 200 and "29 aktiviteter hittades" in html
    assert plan.activities.count() == 1  # nothing saved yet


def test_confirm_saves_all_or_nothing(client_for, district_planner, make_plan, hagersten):
    plan = make_plan(hagersten)
    c = client_for(district_planner)
    area = PriorityArea.objects.get(strategy=plan.strategy, number="4.4")
    base = {
        "rad-TOTAL_FORMS": "2",
        "rad-INITIAL_FORMS": "2",
        "rad-MIN_NUM_FORMS": "0",
        "rad-MAX_NUM_FORMS": "500",
        "filename": "plan.txt",
    }
    rows = {
        "rad-0-include": "on",
        "rad-0-title": "Kamerabevakning",
        "rad-0-priority_area": area.pk,
        "rad-0-prevention_type": "situational",
        "rad-0-is_local_activity": "on",
        "rad-1-include": "on",
        "rad-1-title": "Min egen aktivitet",
        "rad-1-priority_area": "",
        "rad-1-prevention_type": "social",
    }
    r = c.post(f"/planer/{plan.pk}/import/bekrafta/", {**base, **rows})
    html = r.content.decode()
    assert r.status_code == 200 and "Välj prioriterat område" in html and "Min egen aktivitet" in html
    assert plan.activities.count() == 1
    rows["rad-1-priority_area"] = area.pk
    rows["rad-1-is_local_activity"] = "on"
    r = c.post(f"/planer/{plan.pk}/import/bekrafta/", {**base, **rows})
    assert r.status_code == 302
    assert set(plan.activities.values_list("title", flat=True)) == {
        "Nattvandring i Älvsjö",
        "Kamerabevakning",
        "Min egen aktivitet",
    }
    assert AuditEvent.objects.get(verb="plans.import").details["activities"] == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"%PDF-1.4", "Filen måste vara en Wordfil"),
        ("plan.docx", b"not a zip", "Filens namn stämmer inte med innehållet"),
        ("plan.txt", b"bara en rad utan rubriker", "Inga aktiviteter hittades"),
    ],
)
def test_bad_files_are_rejected_in_swedish(client_for, district_planner, make_plan, hagersten, name, content, message):
    plan = make_plan(hagersten)
    r = _upload(client_for(district_planner), plan, name, content)
    assert r.status_code == 200 and message in r.content.decode()
    assert Activity.objects.filter(plan=plan).count() == 1


def test_import_is_only_for_drafts_of_ones_own_committee(
    client_for, district_planner, city_analyst, make_plan, hagersten
):
    plan = make_plan(hagersten, status="approved")
    assert client_for(district_planner).get(f"/planer/{plan.pk}/import/").status_code == 403
    assert client_for(city_analyst).post(f"/planer/{plan.pk}/import/bekrafta/", {}).status_code == 403


FIXTURES = Path(__file__).parent / "fixtures"


def test_table_layout_plan_imported_through_the_page(client_for, district_planner, make_plan, hagersten):
    """A plan whose activities sit in a Word table: each row an activity, with where it was found."""
    plan = make_plan(hagersten)
    r = _upload(client_for(district_planner), plan, "plan_tabell.docx", (FIXTURES / "plan_tabell.docx").read_bytes())
    html = r.content.decode()
    assert r.status_code == 200 and "15 aktiviteter hittades" in html
    assert "Hittad i: tabell 1, rad 2" in html and "Hittad i: tabell 1, rad 16" in html
    assert 'value="Föräldraträffar Komet och ABC"' in html and 'value="Nattvandrare på helger"' in html
    # The structure is told as skipped, not offered as activities.
    for heading in ("Lägesbild i korthet", "Orsaksanalys", "Uppföljning", "Bilagor"):
        assert f'value="{heading}"' not in html
        assert f"Rubriken ”{heading}” är en del av planens struktur" in html
    assert "Rubriken ”Aktiviteter 2025” samlar aktiviteter" in html
    # The suggested methods are selected in each row's method list.
    from samhandling.catalogue.models import Method

    first_row = html.split('name="rad-1-title"')[0]
    for slug in ("komet", "abc"):
        assert re.search(rf'<option value="{Method.objects.get(slug=slug).pk}" selected\s*>', first_row)
    assert "föreslås som lokal aktivitet" in html  # Feriejobb, Järvaveckan
    assert plan.activities.count() == 1  # nothing saved before the planner confirms


def _docx(*parts) -> bytes:
    doc = Document()
    for kind, text in parts:
        if kind == "p":
            doc.add_paragraph(text)
        elif kind == "li":
            doc.add_paragraph(text, style="List Bullet")
        elif kind == "table":
            table = doc.add_table(rows=0, cols=len(text[0]))
            for row in text:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
        else:
            doc.add_heading(text, level=int(kind[1]))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_structural_headings_never_become_activities(catalogue):
    content = _docx(
        ("h0", "Handlingsplan Spånga-Tensta 2025"),
        ("h1", "1. Inledning"),
        ("p", "Planen gäller 2025."),
        ("h1", "Bakgrund och syfte"),
        ("p", "Stadsdelen har tagit fram planen med polisen."),
        ("h1", "Lägesbild"),
        ("h2", "Skolan"),
        ("p", "Frånvaron ökar."),
        ("li", "Fler orosanmälningar"),
        ("li", "Fler unga på stan sent"),
        ("h1", "Orsaksanalys"),
        ("table", [["Aktivitet", "Ansvarig"], ["Fritidsgård saknas i Tensta", "Ingen"]]),
        ("h1", "Insatser"),
        ("h2", "Nattvandring"),
        ("p", "Föräldrar går i Tensta centrum på fredagar."),
        ("h2", "Allvarsamtal"),
        ("p", "Polis och socialtjänst samtalar med unga och vårdnadshavare."),
        ("h1", "Uppföljning och utvärdering"),
        ("li", "Antal nattvandringar"),
        ("h1", "Bilaga 1. Kontaktlista"),
        ("p", "Kontakter."),
    )
    suggestions, skipped = importer.read_plan("plan.docx", content, catalogue)
    assert [s.title for s in suggestions] == ["Nattvandring", "Allvarsamtal"]
    assert [s.methods[0].slug for s in suggestions] == ["nattvandring", "allvarsamtal"]
    reasons = {k.text: k.reason for k in skipped}
    assert reasons["Handlingsplan Spånga-Tensta 2025"] == "title"
    assert reasons["Insatser"] == "section"
    for heading in ("Inledning", "Bakgrund och syfte", "Lägesbild", "Skolan", "Orsaksanalys", "Bilaga 1. Kontaktlista"):
        assert reasons[heading] == "structural"


def test_several_methods_in_one_activity(catalogue):
    content = _docx(
        ("h1", "Aktiviteter"),
        (
            "table",
            [
                ["Insats", "Målgrupp", "Ansvar"],
                ["Komet och ABC", "Föräldrar", "Socialtjänsten"],
                ["FFT och MST för familjer", "Familjer med unga 12–17", "Socialtjänsten"],
            ],
        ),
    )
    suggestions = importer.parse_and_suggest("plan.docx", content, catalogue)
    assert [s.title for s in suggestions] == ["Komet och ABC", "FFT och MST för familjer"]
    assert {m.slug for m in suggestions[0].methods} == {"komet", "abc"}
    assert {m.slug for m in suggestions[1].methods} == {"fft", "mst"}
    assert suggestions[0].description == "Målgrupp: Föräldrar\nAnsvarig: Socialtjänsten"
    assert suggestions[0].source == {"kind": "row", "table": 1, "row": 2}


def test_district_spellings_and_local_activities(catalogue):
    content = _docx(
        ("h1", "Fokusområde: Samverkan och fritid"),
        ("li", "PRV för föräldrar"),
        ("li", "Lokala BRÅ"),
        ("li", "Ungdomens hus i Akalla"),
        ("li", "En samlokaliserad socialsekreterare hos polisen"),
        ("li", "Feriejobb"),
        ("li", "Järvaveckan"),
    )
    by_title = {s.title: s for s in importer.parse_and_suggest("plan.docx", content, catalogue)}
    assert by_title["PRV för föräldrar"].methods[0].slug == "pa-ratt-vag"
    assert by_title["Lokala BRÅ"].methods[0].slug == "lokala-brottsforebyggande-rad"
    assert by_title["Ungdomens hus i Akalla"].methods[0].slug == "fritidsgardar"
    assert by_title["En samlokaliserad socialsekreterare hos polisen"].methods[0].slug == (
        "samlokaliserade-socialsekreterare"
    )
    for local in ("Feriejobb", "Järvaveckan"):
        assert by_title[local].methods == [] and by_title[local].is_local_activity
    assert by_title["Lokala BRÅ"].source == {"kind": "item", "heading": "Fokusområde: Samverkan och fritid", "item": 2}


def test_a_table_without_an_activity_column_is_told_as_skipped(catalogue):
    content = _docx(
        ("h1", "Nattvandring"),
        ("p", "Föräldrar går på fredagar."),
        ("table", [["Kvartal", "Kostnad"], ["1", "10 000 kr"]]),
    )
    suggestions, skipped = importer.read_plan("plan.docx", content, catalogue)
    assert [s.title for s in suggestions] == ["Nattvandring"]
    assert [(k.reason, k.table, k.text) for k in skipped] == [("no_activity_column", 1, "Kvartal | Kostnad")]


def test_markdown_lists_and_tables(catalogue):
    md = (
        "# Handlingsplan 2025\n\n## Lägesbild\n- Ökad oro i centrum\n\n## Aktiviteter\n"
        "| Aktivitet | Ansvarig |\n|---|---|\n| Kamerabevakning vid torget | Polisen |\n\n"
        "## Fokusområde fritid\n1. Parklek på sommaren\n2. Läxhjälp\n"
    )
    suggestions, skipped = importer.read_plan("plan.md", md.encode(), catalogue)
    assert [(s.title, s.methods[0].slug) for s in suggestions] == [
        ("Kamerabevakning vid torget", "kamerabevakning"),
        ("Parklek på sommaren", "parklek"),
        ("Läxhjälp", "laxhjalp"),
    ]
    assert ("Lägesbild", "structural", 1) in [(k.text, k.reason, k.items) for k in skipped]


def test_tables_with_a_title_row_and_tables_for_one_activity(catalogue):
    content = _docx(
        ("h1", "Våra insatser"),
        (
            "table",
            [
                ["Aktiviteter 2025", "Aktiviteter 2025", "Aktiviteter 2025"],
                ["Planerad insats", "Målgrupp", "Prioriterat område"],
                ["Läxhjälp på fritidsgården", "Unga 13–16", "4.2"],
            ],
        ),
        ("table", [["Aktivitet", "Nattvandring i Tensta"], ["Målgrupp", "Unga"], ["Ansvarig", "Föreningar"]]),
    )
    suggestions = importer.parse_and_suggest("plan.docx", content, catalogue)
    assert [(s.title, s.methods[0].slug, s.source["table"]) for s in suggestions] == [
        ("Läxhjälp på fritidsgården", "laxhjalp", 1),
        ("Nattvandring i Tensta", "nattvandring", 2),
    ]
    assert suggestions[0].priority_area.number == "4.2"
    assert suggestions[1].description == "Målgrupp: Unga\nAnsvarig: Föreningar"


def test_a_method_heading_keeps_its_list_and_a_theme_heading_gives_its_items(catalogue):
    content = _docx(
        ("h1", "Nattvandring"),
        ("li", "Fredagar i Solberga"),
        ("li", "Lördagar vid Älvsjö station"),
        ("h1", "Trygg miljö"),
        ("li", "Kamerabevakning vid torget"),
        ("li", "Ordningsvakter i centrum"),
    )
    suggestions = importer.parse_and_suggest("plan.docx", content, catalogue)
    assert [(s.title, s.methods[0].slug) for s in suggestions] == [
        ("Nattvandring", "nattvandring"),
        ("Kamerabevakning vid torget", "kamerabevakning"),
        ("Ordningsvakter i centrum", "ordningsvakter"),
    ]
    assert suggestions[0].description == "- Fredagar i Solberga\n- Lördagar vid Älvsjö station"


def test_activities_written_as_labelled_paragraphs_and_numbered_headings(catalogue):
    content = _docx(
        ("h1", "Situationella insatser"),
        ("p", "Aktivitet: Kamerabevakning i Husby centrum"),
        ("p", "Målgrupp: Alla som rör sig i centrum"),
        ("p", "Ansvarig: Polisen"),
        ("p", "Aktivitet: Järvaveckan"),
        ("p", "Beskrivning: Stadsdelen deltar med ett tält."),
        ("h1", "Aktivitet 3: Läxhjälp"),
        ("p", "På biblioteket två dagar i veckan."),
    )
    suggestions = importer.parse_and_suggest("plan.docx", content, catalogue)
    assert [(s.title, [m.slug for m in s.methods], s.prevention_type) for s in suggestions] == [
        ("Kamerabevakning i Husby centrum", ["kamerabevakning"], "situational"),
        ("Järvaveckan", [], "situational"),
        ("Läxhjälp", ["laxhjalp"], "social"),
    ]
    assert suggestions[0].description == "Målgrupp: Alla som rör sig i centrum\nAnsvarig: Polisen"
    assert suggestions[1].description == "Stadsdelen deltar med ett tält."
    assert suggestions[0].source == {"kind": "labelled", "heading": "Situationella insatser"}


def test_the_page_says_where_in_swedish():
    from django.utils import translation

    from samhandling.plans.views_import import _skipped_text, _where

    with translation.override("sv"):
        assert _where({"kind": "row", "table": 2, "row": 5}) == "tabell 2, rad 5"
        assert _where({"kind": "item", "heading": "Fritid", "item": 3}) == "punkt 3 i listan under rubriken ”Fritid”"
        assert _where({"kind": "heading", "heading": "Trefas"}) == "rubriken ”Trefas” och texten under den"
        assert _where({"kind": "labelled", "heading": "Insatser"}) == (
            "ett stycke som börjar ”Aktivitet:” under rubriken ”Insatser”"
        )
        assert _skipped_text({"reason": "structural", "text": "Bilagor", "items": 2}) == (
            "Rubriken ”Bilagor” är en del av planens struktur, inte en aktivitet. "
            "2 stycken, listpunkter eller tabellrader under den lästes inte som aktiviteter."
        )
        assert _skipped_text({"reason": "no_activity_column", "table": 1, "text": "Kvartal | Kostnad"}).startswith(
            "Tabell 1 lästes inte: den har ingen kolumn för aktiviteten"
        )
        assert _skipped_text({"reason": "empty_row", "table": 1, "row": 4}) == (
            "Tabell 1, rad 4 lästes inte: cellen för aktiviteten är tom."
        )


def test_a_table_copied_into_a_text_file(catalogue):
    text = (
        "Handlingsplan 2025\nLägesbild\nFler unga rekryteras.\n\nAktiviteter\n"
        "Aktivitet\tMålgrupp\tAnsvarig\nParklek\tBarn 6–12 år\tFritid\nFeriejobb\tUnga 16–18 år\tArbetsmarknad\n"
    )
    suggestions = importer.parse_and_suggest("plan.txt", text.encode(), catalogue)
    assert [(s.title, [m.slug for m in s.methods], s.source["kind"]) for s in suggestions] == [
        ("Parklek", ["parklek"], "row"),
        ("Feriejobb", [], "row"),
    ]


def test_a_word_in_a_rows_description_does_not_make_it_a_method(catalogue):
    content = _docx(
        (
            "table",
            [
                ["Aktivitet", "Beskrivning"],
                ["Järvaveckan", "Fältassistenter finns på plats under veckan"],
                ["Trygga skolvägar", "Kamerabevakning vid två skolor"],
            ],
        ),
    )
    by_title = {s.title: s for s in importer.parse_and_suggest("plan.docx", content, catalogue)}
    assert by_title["Järvaveckan"].methods == [] and by_title["Järvaveckan"].is_local_activity
    assert [m.slug for m in by_title["Trygga skolvägar"].methods] == ["kamerabevakning"]


def test_definite_and_genitive_forms_stem_alike():
    assert importer.stem("Elevhälsans") == importer.stem("elevhälsa")
    assert importer.stem("skolan") == importer.stem("skolans") == importer.stem("skola")


def test_a_method_column_beside_the_activity_column(catalogue):
    content = _docx(
        ("table", [["Aktivitet", "Metod", "Ansvarig"], ["Föräldraträffar i Tensta", "ABC", "Familjeenheten"]])
    )
    [suggestion] = importer.parse_and_suggest("plan.docx", content, catalogue)
    assert suggestion.title == "Föräldraträffar i Tensta"
    assert [m.slug for m in suggestion.methods] == ["abc"]
    assert suggestion.description == "Metod: ABC\nAnsvarig: Familjeenheten"
