"""Welfare benchmark: a month of payments through the real import, a year of the flag rules, the queue and the network view.

Run alone: .venv/bin/python bench/bench_welfare.py [--suppliers N] [--changes N] [--payments N] [--import-rows N]
Uses its own database samhandling_bench_welfare (dropped and created anew).

Full scale (the default, issue 14): 20,000 suppliers, 200,000 fact changes, 10,000,000 payment
rows generated in the database over 2024-2025, then one month of payments (1,000,000 rows) as a
CSV file through the same import as the page and the command line (checked row by row, saved in
one transaction), in its own process so that its peak memory is its own. Then the flag rules run
over 2025, and the queue and a network view are rendered as a controller through the test client.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_welfare"
# The test suite's tiny run (tests/test_bench_smoke.py); the full scale is run()'s defaults.
SMOKE = {"suppliers": 60, "changes": 300, "payments": 3_000, "import_rows": 300}


def _luhn_number(i: int) -> str:
    """A valid Swedish organisation number in a series no real company uses here (55 9x xxxx)."""
    body = f"559{i:06d}"
    total = 0
    for n, ch in enumerate(body):
        d = int(ch) * (2 if n % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def generate(suppliers: int, changes: int, payments: int) -> dict:
    from django.db import connection

    from samhandling.welfare.models import Supplier

    started = time.monotonic()
    Supplier.objects.bulk_create(
        [
            Supplier(org_number=_luhn_number(i), name=f"Benchbolag {i} AB", address=f"Testgatan {i % 900}")
            for i in range(suppliers)
        ],
        batch_size=5000,
    )
    with connection.cursor() as c:
        c.execute("SELECT min(id) FROM welfare_supplier")
        first = c.fetchone()[0]
        people = max(suppliers * 3 // 2, 1)
        c.execute(
            "INSERT INTO welfare_person (name, birth_date, name_key) SELECT 'Person ' || i, date '1950-01-01' + (i %% 15000), 'person ' || i FROM generate_series(1, %s) i",
            [people],
        )
        c.execute("SELECT min(id) FROM welfare_person")
        first_person = c.fetchone()[0]
        # Board members and beneficial owners: two per supplier, some people behind several suppliers.
        c.execute(
            """INSERT INTO welfare_fact (supplier_id, kind, value, person_id, valid_from, source)
               SELECT %s + (i %% %s), CASE WHEN i %% 2 = 0 THEN 'board_member' ELSE 'beneficial_owner' END, '',
                      %s + ((i * 7919) %% %s), date '2020-01-01' + (i %% 1500), 'Bench'
               FROM generate_series(0, %s) i ON CONFLICT DO NOTHING""",
            [first, suppliers, first_person, people, suppliers * 2 - 1],
        )
        c.execute(
            """INSERT INTO welfare_fact (supplier_id, kind, value, valid_from, source)
               SELECT %s + i, 'address', 'Testgatan ' || (i %% 900), date '2020-01-01', 'Bench' FROM generate_series(0, %s) i""",
            [first, suppliers - 1],
        )
        c.execute(
            """INSERT INTO welfare_factchange (supplier_id, kind, change, changed_on, old_value, new_value, person_id, source)
               SELECT %s + (i %% %s), 'board_member', 'added', date '2022-01-01' + ((i * 37) %% 1400), '', 'c' || i,
                      %s + (i %% %s), 'Bench'
               FROM generate_series(0, %s) i""",
            [first, suppliers, first_person, people, changes - 1],
        )
        c.execute(
            """INSERT INTO welfare_contract (reference, supplier_id, service, starts_on, version)
               SELECT 'AVT-' || i, %s + i, 'home_care', date '2024-01-01' + (i %% 700), 1
               FROM generate_series(0, %s) i""",
            [first, suppliers - 1],
        )
        c.execute("SELECT min(id) FROM welfare_contract")
        first_contract = c.fetchone()[0]
        # 10 M payments over 2024-2025; one supplier in a hundred changes account in mid-2025.
        c.execute(
            """INSERT INTO welfare_payment (reference, supplier_id, contract_id, amount, paid_on, account, cost_centre, service, volume)
               SELECT 'G' || i, %s + (i %% %s), %s + (i %% %s), 1000 + (i %% 50000), date '2024-01-01' + (i %% 730),
                      CASE WHEN (i %% %s) %% 100 = 0 AND (i %% 730) > 540 THEN 'NY-' ELSE 'BG-' END || (i %% %s),
                      'K1', 'home_care', 10 + (i %% 7)
               FROM generate_series(1, %s) i""",
            [first, suppliers, first_contract, suppliers, suppliers, suppliers, payments],
        )
        c.execute("ANALYZE")
    return {"seconds": time.monotonic() - started, "first_supplier": first}


def write_month(path: Path, suppliers: int, rows: int) -> None:
    numbers = [_luhn_number(i) for i in range(suppliers)]
    with path.open("w", encoding="utf-8") as f:
        f.write("verifikation;organisationsnummer;avtal;belopp;datum;konto;kostnadsställe;tjänst;volym;förvaltning\n")
        for i in range(rows):
            s = i % suppliers
            amount = f"{1000 + i % 50000:,}".replace(",", " ") + ",50"
            day = 1 + i % 28
            f.write(f"M-{i};{numbers[s]};AVT-{s};{amount};2026-01-{day:02d};BG-{s};K1;hemtjänst;{10 + i % 7};\n")


def run(results_dir, *, suppliers=20_000, changes=200_000, payments=10_000_000, import_rows=1_000_000) -> str:
    benchlib.setup_database(DB_NAME)
    from django.db.models import Count
    from django.test import Client

    from samhandling.organisations.tests import factories as f
    from samhandling.welfare.models import Flag, Payment, Supplier
    from samhandling.welfare.services import rules_run

    lines = [f"# Welfare benchmark ({date.today().isoformat()})", "", benchlib.machine_description(), ""]
    gen = generate(suppliers, changes, payments)
    lines.append(
        f"Generated {suppliers:,} suppliers, {changes:,} fact changes and {payments:,} payment rows in the database "
        f"in {gen['seconds']:.0f} s."
    )
    controller = f.welfare_controller()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "betalningar-2026-01.csv"
        write_month(path, suppliers, import_rows)
        size = path.stat().st_size
        for label in ("first import", "same file again (idempotent)"):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            started = time.monotonic()
            done = subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "manage.py"),
                    "import_welfare",
                    "payments",
                    str(path),
                    "--user",
                    controller.username,
                ],
                env=os.environ | {"DATABASE_URL": os.environ["DATABASE_URL"]},
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.monotonic() - started
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-2000:])
            lines.append(
                f"- Import of one month, {import_rows:,} rows ({size / 1024 / 1024:.0f} MB CSV), {label}: "
                f"{seconds:.0f} s, peak memory of the import process {max(peak, before) / 1024:.0f} MiB. {done.stdout.strip()}"
            )
    lines.append(f"- Payments in the database after the import: {Payment.objects.count():,}.")

    started = time.monotonic()
    counts = rules_run(actor=controller, year=2025)
    lines.append(f"- Flag rules over 2025: {time.monotonic() - started:.0f} s; new flags by rule: {counts}.")
    started = time.monotonic()
    rules_run(actor=controller, year=2025)
    lines.append(f"- The same run again (nothing new): {time.monotonic() - started:.0f} s.")

    client = Client()
    client.force_login(controller, backend="samhandling.accounts.backends.RoleBackend")
    for label, url in [
        ("queue (open flags, first 300)", "/valfard/flaggor/"),
        ("network view of the supplier with the most flags", None),
    ]:
        if url is None:
            top = Flag.objects.values("supplier_id").annotate(n=Count("id")).order_by("-n").first()
            url = f"/valfard/leverantorer/{top['supplier_id'] if top else Supplier.objects.first().pk}/natverk/"
        times = []
        for _ in range(5):
            started = time.monotonic()
            response = client.get(url)
            times.append(time.monotonic() - started)
            assert response.status_code == 200, response.status_code
        lines.append(
            f"- {label} `{url}`: median {statistics.median(times) * 1000:.0f} ms over 5 requests (test client)."
        )

    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"welfare-{date.today().isoformat()}.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suppliers", type=int, default=20_000)
    parser.add_argument("--changes", type=int, default=200_000)
    parser.add_argument("--payments", type=int, default=10_000_000)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--results-dir", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    print(
        run(
            args.results_dir,
            suppliers=args.suppliers,
            changes=args.changes,
            payments=args.payments,
            import_rows=args.import_rows,
        )
    )


if __name__ == "__main__":
    main()
