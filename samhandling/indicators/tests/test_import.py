import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from samhandling.audit.models import AuditEvent
from samhandling.indicators.importing import parse_number
from samhandling.indicators.models import ImportBatch, Level, Value, ValueRevision
from samhandling.indicators.services import import_batch_create, import_batch_run
from samhandling.indicators.tests.conftest import csv_file

pytestmark = pytest.mark.django_db

GOOD_ROWS = (
    "behorighet;Stockholm;2023;totalt;;1 234;1 500;slutlig",
    "behorighet;Stockholm;2023;flickor;84,5;;;slutlig",
    "behorighet;Rinkeby-Kista;2023;Totalt;71,2;356;500;preliminär",
    "behorighet;rinkeby-kista;2024;pojkar;68;170;250;",
    "misstankta;Husby;2024;totalt;7;;;slutlig",
)


def run(content: bytes, name: str = "varden.csv", actor=None) -> ImportBatch:
    batch = import_batch_create(actor=actor, file_name=name, content=content, enqueue=False)
    return import_batch_run(batch=batch, actor=actor)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12,5", "12.5"), ("1 234", "1234"), ("1\u00a0234,5", "1234.5"), ("-3.2", "-3.2"), (7, "7"), ("", None)],
)
def test_it_reads_swedish_number_formats(raw, expected):
    assert parse_number(raw) == (Decimal(expected) if expected else None)


def test_a_good_file_saves_every_row(rate_indicator, count_indicator, city_analyst):
    batch = run(csv_file(*GOOD_ROWS), actor=city_analyst)
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert batch.created_count == 5
    city = Value.objects.get(indicator=rate_indicator, level=Level.CITY, period="2023", gender="total")
    # A rate without a value gets numerator / denominator * 100.
    assert city.value == Decimal("82.2667")
    assert city.numerator == Decimal(1234)
    rinkeby = Value.objects.get(indicator=rate_indicator, district__code="rinkeby-kista", period="2023")
    assert rinkeby.value == Decimal("71.2") and rinkeby.status == Value.Status.PRELIMINARY
    husby = Value.objects.get(indicator=count_indicator, level=Level.NEIGHBOURHOOD)
    assert husby.neighbourhood.name == "Husby" and husby.district.name == "Rinkeby-Kista"
    assert AuditEvent.objects.filter(verb="indicators.import_completed", target_id=str(batch.pk)).exists()
    assert AuditEvent.objects.filter(verb="indicators.import_uploaded", actor=city_analyst).exists()


def test_a_neighbourhood_named_like_its_district_is_written_with_a_prefix(count_indicator):
    batch = run(
        csv_file(
            "misstankta;Farsta;2024;totalt;30;;;",
            "misstankta;stadsdelsområde Farsta;2023;totalt;31;;;",
            "misstankta;stadsdel Farsta;2024;totalt;8;;;",
        )
    )
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert sorted(Value.objects.values_list("level", "period", "value")) == [
        ("district", "2023", Decimal(31)),
        ("district", "2024", Decimal(30)),
        ("neighbourhood", "2024", Decimal(8)),
    ]


def test_an_excel_file_is_read_like_a_csv(rate_indicator):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Indikator", "Geografi", "Period", "Kön", "Värde", "Täljare", "Nämnare", "Status"])
    sheet.append(["behorighet", "Bromma", 2022, "Flickor", 91.5, 183, 200, "Slutlig"])
    sheet.append(["Andel behöriga till gymnasiet", "Bromma", "2023", "", "92,5", None, None, None])
    out = io.BytesIO()
    workbook.save(out)
    batch = run(out.getvalue(), "varden.xlsx")
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert sorted(Value.objects.values_list("period", "gender", "value")) == [
        ("2022", "female", Decimal("91.5")),
        ("2023", "total", Decimal("92.5")),
    ]


def test_importing_the_same_file_twice_changes_nothing(rate_indicator, count_indicator):
    content = csv_file(*GOOD_ROWS)
    run(content)
    before = list(Value.objects.order_by("pk").values_list("pk", "value", "updated_at"))
    second = run(content)
    assert second.status == ImportBatch.Status.DONE
    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 5)
    assert list(Value.objects.order_by("pk").values_list("pk", "value", "updated_at")) == before
    assert not ValueRevision.objects.exists()


def test_a_corrected_value_keeps_the_old_one(rate_indicator, city_analyst):
    run(csv_file("behorighet;Bromma;2023;totalt;90;;;preliminär"))
    batch = run(csv_file("behorighet;Bromma;2023;totalt;91,5;;;slutlig"), actor=city_analyst)
    assert batch.updated_count == 1
    value = Value.objects.get()
    assert value.value == Decimal("91.5") and value.status == Value.Status.FINAL
    revision = value.revisions.get()
    assert revision.old_value == Decimal(90) and revision.old_status == Value.Status.PRELIMINARY
    assert revision.replaced_by == city_analyst


def test_the_indicator_page_lists_corrections(client_for, rate_indicator, city_analyst):
    run(csv_file("behorighet;Bromma;2023;totalt;90;;;preliminär"))
    run(csv_file("behorighet;Bromma;2023;totalt;91,5;;;slutlig"), actor=city_analyst)
    html = client_for(city_analyst).get("/indikatorer/behorighet/").content.decode()
    assert "Senaste rättelserna" in html
    assert "90 (preliminärt)" in html and "91,5 (slutligt)" in html


BAD_ROWS = [
    ("okand;Bromma;2023;totalt;50;;;", "okänd indikator ”okand”"),
    ("behorighet;Atlantis;2023;totalt;50;;;", "okänd stadsdel eller okänt stadsdelsområde ”Atlantis”"),
    ("behorighet;Bromma;2023;totalt;150;;;", "utanför indikatorns intervall 0–100"),
    ("behorighet;Bromma;2023;totalt;;60;50;", "täljaren (60) är större än nämnaren (50)"),
    ("behorighet;Bromma;förra året;totalt;50;;;", "perioden ”förra året”"),
    ("behorighet;Bromma;2023;okänt;50;;;", "okänt kön ”okänt”"),
    ("behorighet;Bromma;2023;totalt;femtio;;;", "värdet ”femtio” är inte ett tal"),
    ("behorighet;Bromma;2023;totalt;50;;;kanske", "okänd status ”kanske”"),
    ("behorighet;Bromma;2023;totalt;;;;", "värdet saknas"),
    ("behorighet;Husby;2023;totalt;50;;;", "indikatorn har inga värden på nivån ”stadsdel”"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS, ids=[m for _r, m in BAD_ROWS])
def test_each_kind_of_error_is_reported_with_its_row_and_nothing_is_saved(rate_indicator, row, message):
    batch = run(csv_file("behorighet;Bromma;2022;totalt;50;;;", row))
    assert batch.status == ImportBatch.Status.REJECTED
    assert not Value.objects.exists()
    texts = [e["message"] for e in batch.errors]
    assert any(t.startswith("Rad 3: ") and message in t for t in texts), texts
    assert batch.errors[0]["row"] == 3


def test_a_duplicate_row_is_reported_with_both_rows(rate_indicator):
    batch = run(
        csv_file(
            "behorighet;Bromma;2022;totalt;50;;;",
            "behorighet;bromma;2022;Totalt;51;;;",
            "behorighet;Bromma;2023;;52;;;",
        )
    )
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors == [
        {"row": 3, "message": "Rad 3: dubblettrad, samma indikator, geografi, period och kön som rad 2."}
    ]
    assert not Value.objects.exists()


def test_a_file_with_many_errors_reports_every_one(rate_indicator):
    rows = [row for row, _m in BAD_ROWS]
    batch = run(csv_file(*rows))
    reported_rows = {e["row"] for e in batch.errors}
    assert reported_rows == set(range(2, 2 + len(rows)))
    assert AuditEvent.objects.filter(verb="indicators.import_rejected", target_id=str(batch.pk)).exists()


def test_a_file_that_is_neither_csv_nor_excel_is_refused_in_swedish(rate_indicator):
    from samhandling.indicators.importing import FileProblem

    with pytest.raises(FileProblem, match="varken CSV eller Excel"):
        import_batch_create(actor=None, file_name="bild.png", content=b"\x89PNG\r\n\x1a\n\x00\x00", enqueue=False)
    batch = run(b"foo;bar\r\n1;2\r\n")
    assert batch.status == ImportBatch.Status.REJECTED
    assert "Kolumner saknas i rubrikraden: indikator, geografi, period, värde." in batch.errors[0]["message"]


def test_the_management_command_imports_a_file(tmp_path, rate_indicator):
    path = tmp_path / "varden.csv"
    path.write_bytes(csv_file("behorighet;Bromma;2023;totalt;90;;;"))
    out = io.StringIO()
    call_command("import_indicator_values", str(path), stdout=out)
    assert "1 nya" in out.getvalue()
    path.write_bytes(csv_file("behorighet;Bromma;2023;totalt;190;;;"))
    with pytest.raises(CommandError, match="ingenting sparades"):
        call_command("import_indicator_values", str(path), stdout=out, stderr=io.StringIO())
    assert Value.objects.get().value == Decimal(90)


def test_values_are_saved_in_chunks_inside_one_transaction(monkeypatch, rate_indicator, count_indicator, city_analyst):
    # write_values reads the chunk size from the module it lives in.
    from samhandling.indicators.services import values as value_services

    # Small chunks, so that these few rows cross several chunk boundaries (the bench has 1,000,000).
    monkeypatch.setattr(value_services, "_BULK", 2)
    run(csv_file(*GOOD_ROWS))
    changed = (*GOOD_ROWS[:2], "behorighet;Rinkeby-Kista;2023;Totalt;72;360;500;slutlig", *GOOD_ROWS[3:])
    batch = run(csv_file(*changed, "misstankta;Husby;2025;totalt;9;;;"), actor=city_analyst)
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (1, 1, 4)
    assert Value.objects.count() == 6
    assert ValueRevision.objects.get().old_value == Decimal("71.2")


def test_an_error_after_good_rows_saves_nothing_even_across_chunks(monkeypatch, rate_indicator):
    # write_values reads the chunk size from the module it lives in.
    from samhandling.indicators.services import values as value_services

    monkeypatch.setattr(value_services, "_BULK", 2)
    rows = [f"behorighet;{d};2023;totalt;50;;;" for d in ("Bromma", "Farsta", "Skärholmen", "Enskede-Årsta-Vantör")]
    batch = run(csv_file(*rows, "behorighet;Bromma;2023;Totalt;51;;;"))
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors == [
        {"row": 6, "message": "Rad 6: dubblettrad, samma indikator, geografi, period och kön som rad 2."}
    ]
    assert not Value.objects.exists()


def test_duplicates_and_other_errors_are_reported_together_in_row_order(rate_indicator):
    batch = run(
        csv_file(
            "behorighet;Bromma;2022;totalt;50;;;",
            "behorighet;Atlantis;2022;totalt;50;;;",
            "behorighet;BROMMA;2022;;50;;;",
            "behorighet;Bromma;2022;totalt;500;;;",
        )
    )
    assert [e["row"] for e in batch.errors] == [3, 4, 5]
    assert "dubblettrad" in batch.errors[1]["message"] and "intervall" in batch.errors[2]["message"]


def test_a_file_with_more_errors_than_are_kept_counts_the_rest(rate_indicator):
    from samhandling.indicators.services import MAX_STORED_ERRORS

    rows = [f"behorighet;Atlantis;{2000 + n % 30};totalt;50;;;" for n in range(MAX_STORED_ERRORS + 7)]
    batch = run(csv_file(*rows))
    assert batch.status == ImportBatch.Status.REJECTED
    assert len(batch.errors) == MAX_STORED_ERRORS + 1
    assert batch.errors[-1]["message"] == "… och ytterligare 7 fel."
    event = AuditEvent.objects.get(verb="indicators.import_rejected", target_id=str(batch.pk))
    assert event.details["errors"] == MAX_STORED_ERRORS + 7


def test_a_cp1252_file_is_read(rate_indicator):
    content = "indikator;geografi;period;kön;värde\r\nbehorighet;Skärholmen;2023;totalt;50,5\r\n".encode("cp1252")
    batch = run(content)
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert Value.objects.get().district.name == "Skärholmen"


def test_the_command_does_not_keep_the_file_in_the_database(tmp_path, rate_indicator):
    path = tmp_path / "varden.csv"
    path.write_bytes(csv_file("behorighet;Bromma;2023;totalt;90;;;"))
    call_command("import_indicator_values", str(path), stdout=io.StringIO())
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.DONE and batch.content is None and len(batch.sha256) == 64
