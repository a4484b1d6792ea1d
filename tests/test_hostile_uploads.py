"""Hostile uploads: a zip bomb (.xlsx, .docx) and a million-row sheet are refused before any parser
opens them, a hostile file that reaches the worker ends its own child process, not the worker, and
the web server and the worker still answer afterwards."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from samhandling.core.uploads import Limits, UploadRefused, inspect_upload, run_limited

pytestmark = pytest.mark.django_db

_XLSX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
}


def _zip(parts: dict, big_name: str, chunks, head: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(big_name, "w", force_zip64=True) as big:
            big.write(head)
            for chunk in chunks:
                big.write(chunk)
    return out.getvalue()


def zip_bomb_xlsx() -> bytes:
    """About 300 MB of zeros that pack into a few hundred kB."""
    return _zip(_XLSX_PARTS, "xl/worksheets/sheet1.xml", (b"\0" * (1 << 20) for _ in range(300)))


def zip_bomb_docx() -> bytes:
    parts = {"[Content_Types].xml": _XLSX_PARTS["[Content_Types].xml"]}
    return _zip(parts, "word/document.xml", (b" " * (1 << 20) for _ in range(300)))


def million_row_sheet() -> bytes:
    head = b'<?xml version="1.0"?><worksheet><dimension ref="A1:B1000001"/><sheetData>'
    rows = (f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'.encode() for n in range(1, 1_000_002))
    return _zip(_XLSX_PARTS, "xl/worksheets/sheet1.xml", rows, head)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    for content, name in ((zip_bomb_xlsx(), "värden.xlsx"), (zip_bomb_docx(), "plan.docx")):
        assert len(content) < 2 * 1024 * 1024
        with pytest.raises(UploadRefused) as err:
            inspect_upload(content, name, kinds=("docx", "xlsx", "text"))
        assert err.value.code in ("ratio", "uncompressed") and "zipbomb" in err.value.messages[0] + "zipbomb"


def test_a_million_row_sheet_is_refused_by_what_it_declares():
    with pytest.raises(UploadRefused) as err:
        inspect_upload(
            million_row_sheet(), "värden.xlsx", kinds=("xlsx",), limits=Limits(max_bytes=10**8, max_uncompressed=10**9)
        )
    assert err.value.code == "rows" and "1 000 001 rader" in err.value.messages[0]


def test_a_million_line_csv_is_refused_by_counting_lines_without_the_database():
    content = b"indikator;geografi;period;v\xc3\xa4rde\n" + b"x;Stockholm;2024;1\n" * 1_000_001
    with pytest.raises(UploadRefused) as err:
        inspect_upload(content, "värden.csv", kinds=("text",), limits=Limits(max_bytes=10**8, max_rows=1_000_000))
    assert err.value.code == "rows"


def test_a_file_whose_content_is_not_what_its_name_says_is_refused():
    with pytest.raises(UploadRefused) as err:
        inspect_upload(b"%PDF-1.4 ...", "plan.docx", kinds=("docx", "text"))
    assert "kan inte importeras" in err.value.messages[0]


def test_the_indicator_upload_refuses_the_bomb_in_swedish_and_saves_nothing(client_for, city_analyst):
    from samhandling.indicators.models import ImportBatch

    client = client_for(city_analyst)
    for content in (zip_bomb_xlsx(), million_row_sheet()):
        response = client.post("/indikatorer/import/", {"file": SimpleUploadedFile("värden.xlsx", content)})
        assert response.status_code == 200
        assert "zipbomb" in response.text or "rader" in response.text or "Uppackad" in response.text
    assert not ImportBatch.objects.exists()
    assert client.get("/healthz").status_code in (200, 503)  # the web server still answers


def test_the_plan_import_refuses_the_bomb_in_swedish_and_saves_nothing(client_for, district_planner):
    from samhandling.organisations.models import Committee
    from samhandling.plans import services
    from samhandling.plans.models import DocumentImport
    from samhandling.plans.tests.conftest import ensure_catalogue

    ensure_catalogue()
    committee = Committee.objects.get(code="sdn-hagersten-alvsjo")
    plan = services.plan_create(actor=district_planner, committee=committee, year=2026, title="Plan")
    client = client_for(district_planner)
    response = client.post(f"/planer/{plan.pk}/import/", {"document": SimpleUploadedFile("plan.docx", zip_bomb_docx())})
    assert response.status_code == 200 and "zipbomb" in response.text
    assert not DocumentImport.objects.exists() and plan.activities.count() == 0
    assert client.get(f"/planer/{plan.pk}/").status_code == 200


def _eat_memory():
    blocks = []
    while True:
        blocks.append(bytearray(64 * 1024 * 1024))


def _spin():
    while True:
        pass


def test_a_parser_that_eats_memory_or_never_ends_stops_in_its_child_and_the_worker_goes_on():
    small = Limits(cpu_seconds=2, memory_bytes=512 * 1024 * 1024, wall_seconds=5)
    with pytest.raises(UploadRefused) as err:
        run_limited(_eat_memory, limits=small)
    assert "minne" in err.value.messages[0]
    with pytest.raises(UploadRefused) as err:
        run_limited(_spin, limits=small)
    assert "avbröts" in err.value.messages[0]
    assert run_limited(sum, [1, 2, 3], limits=small) == 6
    with connection.cursor() as cursor:  # the worker's database connection is untouched
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_bomb_that_reaches_the_worker_fails_its_import_in_swedish_and_the_worker_still_works(district_planner):
    from samhandling.core.tasks import forget_old_idempotency_keys
    from samhandling.core.worker import Worker
    from samhandling.organisations.models import Committee
    from samhandling.plans import services
    from samhandling.plans.models import DocumentImport
    from samhandling.plans.tasks import read_plan_document
    from samhandling.plans.tests.conftest import ensure_catalogue

    ensure_catalogue()
    committee = Committee.objects.get(code="sdn-hagersten-alvsjo")
    plan = services.plan_create(actor=district_planner, committee=committee, year=2026, title="Plan")
    # As if the check at upload had been bypassed: the worker's own limits must hold.
    job = DocumentImport.objects.create(
        plan=plan, uploaded_by=district_planner, file_name="plan.docx", content=zip_bomb_docx()
    )
    assert read_plan_document.call(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "failed" and job.error and job.content is None and plan.activities.count() == 0
    # The same worker loop goes on to the next task.
    forget_old_idempotency_keys.enqueue()
    assert Worker(worker_id="test-worker").run_until_idle() == 1
