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
import platform
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_indicators"
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")

INDICATORS = 300
YEARS = 10
IMPORT_ROWS = 1_000_000
GENDERS = [("total", "totalt"), ("female", "flickor"), ("male", "pojkar")]


def _setup_database():
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _machine() -> str:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        mem = f", {kib / 1024 / 1024:.0f} GiB memory"
    except OSError:
        pass
    return (
        f"{platform.node()}: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs{mem}; Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {pg}"
    )


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


def run(results_dir, *, indicators: int = INDICATORS, years: int = YEARS, import_rows: int = IMPORT_ROWS) -> str:
    _setup_database()
    from django.test import Client

    from samhandling.indicators.models import ImportBatch, Indicator, Level, Value
    from samhandling.indicators.services import import_batch_create, import_batch_run
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

    # The file: the first import_rows cells, Swedish number formats.
    started = time.monotonic()
    parts = ["indikator;geografi;period;kön;värde;täljare;nämnare;status\n"]
    for n, (year, indicator, geo, _gender, label) in enumerate(_cells(indicator_list, geographies, year_list)):
        if n >= import_rows:
            break
        numerator, denominator = _figures(n)
        value = f"{numerator / denominator * 100:.2f}".replace(".", ",")
        grouped = f"{denominator:,}".replace(",", " ")  # Swedish thousands grouping: "1 234"
        parts.append(f"{indicator.code};{geo[0]};{year};{label};{value};{numerator};{grouped};slutlig\n")
    content = "".join(parts).encode("utf-8")
    file_mb = len(content) / 1e6
    del parts
    make_file = time.monotonic() - started

    batch = import_batch_create(actor=analyst, file_name="bench.csv", content=content, enqueue=False)
    started = time.monotonic()
    batch = import_batch_run(batch=batch, actor=analyst)
    import_seconds = time.monotonic() - started
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

    batch2 = import_batch_create(actor=analyst, file_name="bench-again.csv", content=content, enqueue=False)
    started = time.monotonic()
    batch2 = import_batch_run(batch=batch2, actor=analyst)
    reimport_seconds = time.monotonic() - started
    assert batch2.unchanged_count == import_rows, (batch2.status, batch2.unchanged_count)
    del content

    client = Client()
    client.force_login(analyst, backend="samhandling.accounts.backends.RoleBackend")

    def timed(url: str, repeat: int = 5) -> tuple[float, float, int]:
        times = []
        size = 0
        for _ in range(repeat):
            started = time.monotonic()
            response = client.get(url)
            times.append(time.monotonic() - started)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
        return statistics.median(times), max(times), size

    first = indicator_list[0].code
    pages = [
        ("district profile (all indicators, 1 district)", "/indikatorer/stadsdel/bromma/"),
        ("district profile as PDF", "/indikatorer/stadsdel/bromma/ladda-ner.pdf"),
        ("map of the 13 districts", f"/indikatorer/karta/?indikator={first}&period={year_list[-1]}"),
        (
            "map of the 117 neighbourhoods",
            f"/indikatorer/karta/?indikator={first}&period={year_list[-1]}&niva=neighbourhood",
        ),
        ("indicator page (all districts over time)", f"/indikatorer/{first}/?stadsdel=bromma"),
        ("public dashboard, neighbourhood map", f"/indikatorer/oppna-data/?indikator={first}&niva=neighbourhood"),
    ]
    page_rows = []
    for label, url in pages:
        median, worst, size = timed(url, repeat=3 if "PDF" in label else 5)
        page_rows.append(f"| {label} | `{url}` | {median * 1000:.0f} | {worst * 1000:.0f} | {size / 1024:.0f} |")

    scale_note = ""
    if (indicators, years, import_rows) != (INDICATORS, YEARS, IMPORT_ROWS):
        scale_note = (
            f"\n**Smaller scale than the issue asks for** ({indicators} indicators, {years} years, "
            f"{import_rows:,} imported rows); the full scale is the script's default.\n"
        )
    lines += [
        f"# Indicators benchmark, {date.today().isoformat()}",
        "",
        f"Machine: {_machine()}. The machine's 2 cores were shared with other work while this ran.",
        scale_note,
        f"Database: {len(indicator_list)} indicators × {len(geographies)} geographies (city, 13 districts, "
        f"{len(geographies) - 14} neighbourhoods) × {len(year_list)} years × 3 genders = {value_count:,} values.",
        "",
        "## Import (`import_batch_run`, the code behind the upload page and `manage.py import_indicator_values`)",
        "",
        "| step | rows | seconds | rows per second |",
        "| --- | ---: | ---: | ---: |",
        f"| import a new CSV file ({file_mb:.0f} MB; check every row, then save in one transaction) | {import_rows:,} | {import_seconds:.1f} | {import_rows / import_seconds:,.0f} |",
        f"| import the same file again (every row checked and found unchanged) | {import_rows:,} | {reimport_seconds:.1f} | {import_rows / reimport_seconds:,.0f} |",
        f"| (setup, not the import) bulk_create of the remaining values | {value_count - import_rows:,} | {fill_seconds:.1f} | |",
        f"| (setup) write the CSV file in memory | {import_rows:,} | {make_file:.1f} | |",
        "",
        f"Peak memory of the process: {_peak_rss_mib():,.0f} MiB (the checked rows of the whole file are kept until "
        "they are saved, so that a file with any error saves nothing).",
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
    args = parser.parse_args()
    print(run(ROOT / "bench" / "results", indicators=args.indicators, years=args.years, import_rows=args.import_rows))


if __name__ == "__main__":
    main()
