"""Indicators benchmark: importing values, rendering a district profile and the maps, on PostgreSQL.

Run alone: .venv/bin/python bench/bench_indicators.py [--indicators N] [--years N] [--import-rows N]
Uses its own database samhandling_bench_indicators (dropped and created anew), on the server in
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432).

Full scale (the default): 300 indicators × 131 geographies (the city, 13 districts, 117
neighbourhoods) × 10 years × 3 genders = 1,179,000 values, of which 1,000,000 arrive through
the real import (one CSV file, checked row by row, saved in one transaction); the rest are
bulk-inserted. Then the same file is imported again (every row unchanged) and the pages are
rendered through Django's test client as a city analyst.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_indicators"

INDICATORS = 300
YEARS = 10
IMPORT_ROWS = 1_000_000
SMOKE = {"indicators": 55, "years": 2, "import_rows": 300}  # the test suite's tiny run; above 50 the PDF is queued
GENDERS = [("total", "totalt"), ("female", "flickor"), ("male", "pojkar")]


def _peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cells(indicators, geographies, years):
    """Every cell in a stable order: year, indicator, geography, gender (the import takes the first N)."""
    for year in years:
        for indicator in indicators:
            for geo in geographies:
                for gender, label in GENDERS:
                    yield year, indicator, geo, gender, label


def _figures(n: int) -> tuple[int, int]:
    denominator = 200 + (n * 37) % 1800
    numerator = (n * 13) % denominator
    return numerator, denominator


# Linux carries a process's peak memory over fork and exec, so a command started straight from
# this (large) process would report at least this process's size. A small Python in between
# starts the command and reports the command's own peak.
_MEASURE = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "open(sys.argv[1], 'w').write(f'{usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}')\n"
)


def _child(args: list[str], *, check: bool = True) -> tuple[float, float]:
    """Run a management command in a new process: (seconds, its peak resident memory in MiB)."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as measured:
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-c", _MEASURE, measured.name, sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=out,
            stderr=out,
            check=True,
        )
        seconds = time.monotonic() - started
        kib, returncode = (int(x) for x in measured.read().split())
        if check and returncode != 0:
            out.seek(0)
            raise RuntimeError(f"{args} failed: {out.read()[-2000:]!r}")
    return seconds, kib / 1024


def run(
    results_dir,
    *,
    indicators: int = INDICATORS,
    years: int = YEARS,
    import_rows: int = IMPORT_ROWS,
    import_only: bool = False,
) -> str:
    benchlib.setup_database(DB_NAME)
    from django.test import Client

    from samhandling.indicators.models import ImportBatch, Indicator, Level, Value
    from samhandling.organisations.models import District, Neighbourhood
    from samhandling.organisations.tests import factories as f

    lines: list[str] = []
    analyst = f.city_analyst()
    Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"bench-{i:03d}",
                name=f"Benchmarkindikator {i:03d}",
                kind=Indicator.Kind.RATE,
                unit="%",
                multiplier=100,
                source="Benchmark",
                direction=Indicator.Direction.LOWER if i % 2 else Indicator.Direction.HIGHER,
                gender_split=Indicator.GenderSplit.CHILDREN,
                on_neighbourhood=True,
                min_value=Decimal(0),
                max_value=Decimal(100),
                is_public=i % 3 == 0,
            )
            for i in range(indicators)
        ]
    )
    indicator_list = list(Indicator.objects.order_by("code"))
    geographies = [("stockholm", Level.CITY, None, None)]
    geographies += [(d.code, Level.DISTRICT, d.pk, None) for d in District.objects.order_by("code")]
    geographies += [
        (f"stadsdel {n.code}", Level.NEIGHBOURHOOD, n.district_id, n.pk) for n in Neighbourhood.objects.order_by("code")
    ]
    year_list = [str(2017 + y) for y in range(years)]
    total_cells = len(indicator_list) * len(geographies) * len(year_list) * len(GENDERS)
    import_rows = min(import_rows, total_cells)

    # The file: the first import_rows cells, Swedish number formats, written to disk as it is
    # generated so that the benchmark's own memory does not hide the import's.
    started = time.monotonic()
    work_dir = Path(tempfile.mkdtemp(prefix="bench-indicators-"))
    csv_path = work_dir / "bench.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        out.write("indikator;geografi;period;kön;värde;täljare;nämnare;status\n")
        for n, (year, indicator, geo, _gender, label) in enumerate(_cells(indicator_list, geographies, year_list)):
            if n >= import_rows:
                break
            numerator, denominator = _figures(n)
            value = f"{numerator / denominator * 100:.2f}".replace(".", ",")
            grouped = f"{denominator:,}".replace(",", " ")  # Swedish thousands grouping: "1 234"
            out.write(f"{indicator.code};{geo[0]};{year};{label};{value};{numerator};{grouped};slutlig\n")
    file_mb = csv_path.stat().st_size / 1e6
    make_file = time.monotonic() - started

    # Each import runs as `manage.py import_indicator_values` in a process of its own: its peak
    # memory (ru_maxrss from wait4) is the import's, not the benchmark's.
    baseline_seconds, baseline_mib = _child(["import_indicator_values", "--help"])
    import_seconds, import_mib = _child(["import_indicator_values", str(csv_path), "--user", analyst.username])
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.status == ImportBatch.Status.DONE, batch.errors[:5]
    assert batch.created_count == import_rows

    # The rest of the database, bulk-inserted.
    started = time.monotonic()
    rest = []
    for n, (year, indicator, geo, gender, _label) in enumerate(_cells(indicator_list, geographies, year_list)):
        if n < import_rows:
            continue
        numerator, denominator = _figures(n)
        rest.append(
            Value(
                indicator=indicator,
                level=geo[1],
                district_id=geo[2],
                neighbourhood_id=geo[3],
                period=year,
                gender=gender,
                value=Decimal(f"{numerator / denominator * 100:.2f}"),
                numerator=numerator,
                denominator=denominator,
            )
        )
        if len(rest) >= 20_000:
            Value.objects.bulk_create(rest)
            rest = []
    Value.objects.bulk_create(rest)
    fill_seconds = time.monotonic() - started
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE indicators_value")
    value_count = Value.objects.count()

    reimport_seconds, reimport_mib = _child(["import_indicator_values", str(csv_path), "--user", analyst.username])
    batch2 = ImportBatch.objects.order_by("-pk").first()
    assert batch2.unchanged_count == import_rows, (batch2.status, batch2.unchanged_count)

    # A file with one duplicate row at the very end: every row is checked, nothing is saved.
    with csv_path.open("a", encoding="utf-8") as out:
        out.write(f"{indicator_list[0].code};stockholm;{year_list[0]};totalt;1;;;slutlig\n")
    reject_seconds, reject_mib = _child(["import_indicator_values", str(csv_path)], check=False)
    batch3 = ImportBatch.objects.order_by("-pk").first()
    assert batch3.status == ImportBatch.Status.REJECTED and len(batch3.errors) == 1, batch3.errors[:3]
    shutil.rmtree(work_dir)

    client = Client()
    client.force_login(analyst, backend="samhandling.accounts.backends.RoleBackend")

    def timed(url: str, repeat: int = 5, status: int = 200) -> tuple[float, float, int]:
        times = []
        size = 0
        for _ in range(repeat):
            started = time.monotonic()
            response = client.get(url)
            times.append(time.monotonic() - started)
            assert response.status_code == status, (url, response.status_code)
            size = len(response.content)
        return statistics.median(times), max(times), size

    first = indicator_list[0].code
    pages = [
        ("district profile (all indicators, 1 district)", "/indikatorer/stadsdel/bromma/"),
        (
            "district profile as PDF: queued for the worker (more than 50 indicators), answers with a redirect",
            "/indikatorer/stadsdel/bromma/ladda-ner.pdf",
        ),
        ("map of the 13 districts", f"/indikatorer/karta/?indikator={first}&period={year_list[-1]}"),
        (
            "map of the 117 neighbourhoods",
            f"/indikatorer/karta/?indikator={first}&period={year_list[-1]}&niva=neighbourhood",
        ),
        ("indicator page (all districts over time)", f"/indikatorer/{first}/?stadsdel=bromma"),
        ("public dashboard, neighbourhood map", f"/indikatorer/oppna-data/?indikator={first}&niva=neighbourhood"),
    ]
    if import_only:
        pages = []
    page_rows = []
    for label, url in pages:
        median, worst, size = timed(url, status=302 if "PDF" in label else 200)
        page_rows.append(f"| {label} | `{url}` | {median * 1000:.0f} | {worst * 1000:.0f} | {size / 1024:.0f} |")
    if not import_only:
        # The worker's part: the task's function, run here three times on the queued request.
        from samhandling.indicators.models import ProfileExport
        from samhandling.indicators.services import profile_export_run

        job = ProfileExport.objects.get()
        times = []
        for _ in range(3):
            ProfileExport.objects.filter(pk=job.pk).update(status=ProfileExport.Status.QUEUED)
            job.refresh_from_db()
            started = time.monotonic()
            job = profile_export_run(job=job)
            times.append(time.monotonic() - started)
            assert job.status == ProfileExport.Status.DONE
        page_rows.append(
            f"| district profile PDF made by the worker (`build_profile_pdf`, {job.indicator_count} indicators; "
            f"the user's page polls until it is ready) | | {statistics.median(times) * 1000:.0f} | "
            f"{max(times) * 1000:.0f} | {job.size / 1024:.0f} |"
        )

    scale_note = ""
    if (indicators, years, import_rows) != (INDICATORS, YEARS, IMPORT_ROWS):
        scale_note = (
            f"\n**Smaller scale than the issue asks for** ({indicators} indicators, {years} years, "
            f"{import_rows:,} imported rows); the full scale is the script's default.\n"
        )
    lines += [
        f"# Indicators benchmark, {date.today().isoformat()}",
        "",
        f"Machine: {benchlib.machine_description()}. The machine's 2 cores were shared with other work while this ran.",
        scale_note,
        f"Database: {len(indicator_list)} indicators × {len(geographies)} geographies (city, 13 districts, "
        f"{len(geographies) - 14} neighbourhoods) × {len(year_list)} years × 3 genders = {value_count:,} values.",
        "",
        "## Import (`manage.py import_indicator_values FILE`, the same code as the upload page's worker task)",
        "",
        "Each import runs in a process of its own; memory is that process's peak resident set "
        "(`ru_maxrss` from `wait4`), including Django itself and the file's bytes.",
        "",
        "| step | rows | seconds | rows per second | peak MiB |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| (baseline) the same command with `--help`: Django and every app loaded | | {baseline_seconds:.1f} | | {baseline_mib:,.0f} |",
        f"| import a new CSV file ({file_mb:.0f} MB; check every row, then save in one transaction) | {import_rows:,} | {import_seconds:.1f} | {import_rows / import_seconds:,.0f} | {import_mib:,.0f} |",
        f"| import the same file again (every row checked and found unchanged) | {import_rows:,} | {reimport_seconds:.1f} | {import_rows / reimport_seconds:,.0f} | {reimport_mib:,.0f} |",
        f"| the same file with one duplicate row added at the end (rejected, nothing saved) | {import_rows + 1:,} | {reject_seconds:.1f} | {(import_rows + 1) / reject_seconds:,.0f} | {reject_mib:,.0f} |",
        f"| (setup, not the import) bulk_create of the remaining values | {value_count - import_rows:,} | {fill_seconds:.1f} | | |",
        f"| (setup) write the CSV file | {import_rows:,} | {make_file:.1f} | | |",
        "",
        "## Pages (Django test client, logged in as a city analyst; server-side time including SVG rendering)",
        "",
        "| page | URL | median ms | worst ms | KiB |",
        "| --- | --- | ---: | ---: | ---: |",
        *page_rows,
        "",
    ]
    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"indicators-{date.today().isoformat()}.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    return str(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=INDICATORS)
    parser.add_argument("--years", type=int, default=YEARS)
    parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--import-only", action="store_true", help="measure the imports, not the pages")
    parser.add_argument("--results-dir", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    print(
        run(
            args.results_dir,
            indicators=args.indicators,
            years=args.years,
            import_rows=args.import_rows,
            import_only=args.import_only,
        )
    )


if __name__ == "__main__":
    main()
