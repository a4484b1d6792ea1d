"""Document import: splitting by headings, suggestions, confirmation, and the accuracy on seed 002."""

import io
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
