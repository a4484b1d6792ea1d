"""Defector benchmark: 5,000 defector cases across the districts (issue 12), then the on-call team's duty
queue, a case page and the city figures for a year, measured one request at a time.

Run alone: .venv/bin/python bench/bench_defectors.py [--cases N]
Uses its own database samhandling_bench_defectors (dropped and created anew) on BENCH_DATABASE_URL.

The cases are spread over the last three years and the districts; all but 100 have a first contact
(so the queue shows the 100 waiting, as on a busy day), one in five has a completed hand-over to a
district SIG. The requests go through Django's full stack with the test client, in one thread.
"""

import argparse
import datetime
import random
import statistics
import time
from datetime import date
from pathlib import Path

import benchlib

DB_NAME = "samhandling_bench_defectors"
CASES = 5_000
WAITING = 100
REQUESTS = 20
SMOKE = {"cases": 60}


def _generate(cases: int) -> dict:
    from django.utils import timezone

    from samhandling.cases.models import Person
    from samhandling.defectors.models import DefectorCase, FirstContact, FirstContactRule, Handover
    from samhandling.defectors.tests import helpers as h
    from samhandling.organisations.models import District

    rng = random.Random(12)
    t0 = time.perf_counter()
    central = h.central_team()
    member = h.team_member("bench-jour")
    districts = list(District.objects.order_by("id"))
    sigs = {d.id: h.sig_team(d.name) for d in districts}
    rule = FirstContactRule.objects.order_by("-valid_from").first()
    now = timezone.now()
    persons = Person.objects.bulk_create(
        [Person(reserve_number=f"AVH-B{i:08d}", protected_identity=True) for i in range(cases)]
    )
    rows = []
    for i, person in enumerate(persons):
        waiting = i < min(WAITING, cases // 2)
        received = now - datetime.timedelta(hours=rng.uniform(0, 30) if waiting else rng.uniform(30, 3 * 365 * 24))
        district = districts[i % len(districts)]
        handed = not waiting and i % 5 == 0
        rows.append(
            DefectorCase(
                person=person,
                district=district,
                team=sigs[district.id] if handed else central,
                responsibility="district" if handed else "central",
                status="awaiting_contact" if waiting else "open",
                channel="police",
                received_at=received,
                received_by=member,
                rule=rule,
                first_contact_due=received + datetime.timedelta(hours=rule.hours),
            )
        )
    created = DefectorCase.objects.bulk_create(rows)
    FirstContact.objects.bulk_create(
        [
            FirstContact(
                case=c,
                contacted_at=c.received_at + datetime.timedelta(hours=rng.uniform(1, 40)),
                method="meeting",
                contacted_by=member,
                motivation="Vill ut.",
                recorded_by=member,
            )
            for c in created
            if c.status == "open"
        ]
    )
    Handover.objects.bulk_create(
        [
            Handover(
                case=c,
                from_team=central,
                to_team=c.team,
                responsibility="district",
                created_by=member,
                from_acknowledged_by=member,
                from_acknowledged_at=c.received_at,
                to_acknowledged_by=member,
                to_acknowledged_at=c.received_at,
                completed_at=c.received_at,
            )
            for c in created
            if c.responsibility == "district"
        ]
    )
    return {
        "seconds": time.perf_counter() - t0,
        "counts": {
            "defectors_defectorcase": DefectorCase.objects.count(),
            "defectors_firstcontact": FirstContact.objects.count(),
            "defectors_handover": Handover.objects.count(),
        },
        "member": member,
        "case_ids": [c.id for c in created if c.team_id == central.id][:20],
    }


def _measure(user, urls: list[str], label: str) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")
    client.get(urls[0])  # warm-up
    latencies, errors, size = [], 0, 0
    for i in range(REQUESTS):
        t = time.perf_counter()
        response = client.get(urls[i % len(urls)])
        latencies.append(time.perf_counter() - t)
        errors += response.status_code != 200
        size = len(response.content)
    latencies.sort()
    return {
        "label": label,
        "requests": len(latencies),
        "errors": errors,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "max": latencies[-1] * 1000,
        "kib": size / 1024,
    }


def run(results_dir, cases=CASES, scale_note=""):
    benchlib.setup_database(DB_NAME)
    from django.test.utils import override_settings

    from samhandling.organisations.tests import factories as f

    generated = _generate(cases)
    analyst = f.city_analyst()
    year = date.today().year - 1
    member = generated["member"]
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        results = [
            _measure(member, ["/avhoppare/"], "duty queue (central team)"),
            _measure(member, [f"/avhoppare/{i}/" for i in generated["case_ids"]], "case page"),
            _measure(analyst, [f"/avhoppare/statistik/?ar={year}"], f"city figures {year}"),
        ]
    lines = [
        f"# Defector benchmark, {date.today().isoformat()}",
        "",
        f"Machine: {benchlib.machine_description()}",
        "",
        "Command: `.venv/bin/python bench/bench_defectors.py`" + (f" {scale_note}" if scale_note else ""),
        "",
        "| table | rows |",
        "| --- | ---: |",
        *[f"| {k} | {v:,} |" for k, v in generated["counts"].items()],
        "",
        f"Generated in {generated['seconds']:.1f} s.",
        "",
        f"## Pages, one user at a time ({REQUESTS} requests each after one warm-up)",
        "",
        "| page | requests | errors | p50 ms | p95 ms | max ms | response KiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {r['label']} | {r['requests']} | {r['errors']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | "
            f"{r['kib']:.0f} |"
            for r in results
        ],
        "",
        f"Notes: the queue lists the {WAITING} interests waiting for first contact and at most 200 open cases; "
        "every request writes its audit event where the page is a read of a case.",
        "",
    ]
    out = Path(results_dir) / f"defectors-{date.today().isoformat()}.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=CASES)
    args = parser.parse_args()
    run(
        benchlib.ROOT / "bench" / "results",
        cases=args.cases,
        scale_note="" if args.cases == CASES else f"--cases {args.cases}",
    )
