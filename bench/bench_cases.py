"""Cases benchmark: a city-scale case base, then the workload view and a case page under 25 concurrent users,
each measured with and without the audit of the look, in one run.

Run alone: .venv/bin/python bench/bench_cases.py [--persons N] [--reports N] [--investigations N] [--users N]
Uses its own database samhandling_bench_cases (dropped and created anew) on BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432).

The data is generated in SQL (generate_series) for speed; it is shaped like the real thing (one case per
child in the child's district unit, reports over ten years, most closed, some open with deadlines) but its
personal numbers are not valid and the bulk audit rows are not hash-chained (the audit benchmark covers the
chain). The requests go through Django's full stack (middleware, sessions, templates) with the test client,
one thread and one database connection per simulated user: no network in between.
"""

import argparse
import statistics
import threading
import time
from datetime import date
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_cases"

PERSONS = 200_000
REPORTS = 400_000
INVESTIGATIONS = 100_000
AUDIT_PER_REPORT = 4
USERS = 25
REQUESTS_PER_USER = 40
WORKERS_PER_DISTRICT = 20
SMOKE = {"persons": 3_000, "reports": 6_000, "investigations": 500, "users": 2, "requests_per_user": 3}


def _generate(persons: int, reports: int, investigations: int) -> tuple[dict, list]:
    from django.db import connection

    from samhandling.organisations.models import District
    from samhandling.organisations.tests import factories as f

    timings = {}
    t0 = time.perf_counter()
    workers = []
    unit_ids = []
    for d in District.objects.order_by("id"):
        unit = f.district_unit(d.name)
        unit_ids.append(unit.id)
        for i in range(WORKERS_PER_DISTRICT):
            workers.append(f.make_member(f"bench-{d.code}-{i}", "social_worker", unit))
    timings["units and workers"] = time.perf_counter() - t0
    n_units = len(unit_ids)
    worker_ids = [w.id for w in workers]
    with connection.cursor() as c:
        c.execute(
            "CREATE TEMP TABLE bench_units AS SELECT * FROM unnest(%s::int[]) WITH ORDINALITY AS u(id, n)", [unit_ids]
        )
        c.execute(
            "CREATE TEMP TABLE bench_workers AS SELECT * FROM unnest(%s::int[]) WITH ORDINALITY AS w(id, n)",
            [worker_ids],
        )
        c.execute("SELECT id, district_id FROM organisations_unit WHERE id = ANY(%s)", [unit_ids])
        district_of = dict(c.fetchall())
        c.execute("CREATE TEMP TABLE bench_unit_district (unit_id int, district_id int)")
        c.executemany("INSERT INTO bench_unit_district VALUES (%s, %s)", list(district_of.items()))
        steps = [
            (
                "persons",
                f"""INSERT INTO cases_person (personal_number, first_name, last_name, address, birth_date,
                    protected_identity, district_id, created_at, version)
                SELECT lpad((190000000000 + g)::text, 12, '0'), 'Förnamn' || g, 'Efternamn' || g, '',
                    date '2004-01-01' + (g % 6500), g % 500 = 0,
                    (SELECT district_id FROM bench_unit_district ud JOIN bench_units u ON u.id = ud.unit_id
                     WHERE u.n = 1 + g % {n_units}), now(), 1
                FROM generate_series(1, {persons}) g""",  # noqa: S608 - integers from this script
            ),
            (
                "cases",
                f"""INSERT INTO cases_case (person_id, unit_id, status, assigned_to_id, created_at, last_entry_at,
                    closed_on, closed_reason, closed_note, version)
                SELECT s.person_id, s.unit_id, s.status, s.assigned_to_id, s.created_at, s.created_at,
                    CASE WHEN s.status = 'closed' THEN s.created_at::date END,
                    CASE WHEN s.status <> 'closed' THEN ''
                        WHEN s.person_id % 2 = 0 THEN 'no_intervention' ELSE 'no_investigation' END,
                    '', 1
                FROM (
                    SELECT p.id AS person_id, u.id AS unit_id,
                        -- hashtext spreads the open cases over all workers (p.id % 20 gave them to one in ten).
                        CASE abs(hashtext(p.id::text)) % 20 WHEN 0 THEN 'intake' WHEN 1 THEN 'investigation'
                            ELSE 'closed' END AS status,
                        (SELECT w.id FROM bench_workers w
                         WHERE w.n = 1 + ((p.id / {n_units}) % {WORKERS_PER_DISTRICT})
                            + {WORKERS_PER_DISTRICT} * (u.n - 1)) AS assigned_to_id,
                        now() - ((p.id % 3650) || ' days')::interval AS created_at
                    FROM cases_person p JOIN bench_units u ON u.n = 1 + p.id % {n_units}
                ) s""",  # noqa: S608 - integers from this script
            ),
            (
                "concern reports",
                f"""INSERT INTO cases_concernreport (case_id, received_at, channel, reporter_kind, anonymous,
                    reporter_name, reporter_organisation, reporter_email, reporter_phone, description,
                    submission_token, initial_assessment_due, initial_rule_id, reporter_verification,
                    reporter_verification_note)
                SELECT c.id, c.created_at - ((g % 30) || ' days')::interval, 'eservice', 'school', false,
                    'Anmälare', 'Skolan', '', '', 'Beskrivning av oron i anmälan nummer ' || g,
                    gen_random_uuid(), (c.created_at - ((g % 30) || ' days')::interval)::date + 14,
                    (SELECT id FROM cases_deadlinerule WHERE kind = 'initial' ORDER BY valid_from LIMIT 1),
                    'unverified', ''
                FROM generate_series(1, {reports}) g
                JOIN cases_case c ON c.id = (SELECT min(id) FROM cases_case) + (g % {persons})""",  # noqa: S608 - integers from this script
            ),
            (
                "initial assessments",
                """INSERT INTO cases_initialassessment (report_id, decision, decided_on, decided_by_id, reasons,
                    exceptional_reasons)
                SELECT r.id, CASE WHEN r.id % 4 = 0 THEN 'open' ELSE 'not_open' END, r.received_at::date + 10,
                    c.assigned_to_id, 'Skäl', ''
                FROM cases_concernreport r JOIN cases_case c ON c.id = r.case_id WHERE c.status <> 'intake'""",
            ),
            (
                "investigations",
                f"""INSERT INTO cases_investigation (case_id, opened_on, opened_by_id, due_on, rule_id, completed_on)
                SELECT c.id, c.created_at::date + 10, c.assigned_to_id, c.created_at::date + 130,
                    (SELECT id FROM cases_deadlinerule WHERE kind = 'investigation' ORDER BY valid_from LIMIT 1),
                    CASE WHEN c.status = 'closed' THEN c.created_at::date + 100 END
                FROM cases_case c WHERE c.status = 'investigation' OR c.id % 2 = 0
                ORDER BY c.id LIMIT {investigations}""",  # noqa: S608 - integers from this script
            ),
            (
                "audit events",
                f"""INSERT INTO audit_auditevent (created_at, actor_id, actor_username, verb, target_type, target_id,
                    purpose, details, prev_hash, hash)
                SELECT r.received_at + (k || ' hours')::interval, c.assigned_to_id, 'bench',
                    (ARRAY['cases.report.create','cases.case.view','cases.protection_assessment.create',
                           'cases.initial_assessment.decide'])[k + 1],
                    'cases.case', c.id::text, 'case work', '{{}}'::jsonb,
                    md5(r.id::text || '-' || k) || md5(k || '-' || r.id::text),
                    md5(r.id::text || ':' || k) || md5(k || ':' || r.id::text)
                FROM cases_concernreport r JOIN cases_case c ON c.id = r.case_id
                CROSS JOIN generate_series(0, {AUDIT_PER_REPORT - 1}) k""",  # noqa: S608 - integers from this script
            ),
        ]
        for name, sql in steps:
            t = time.perf_counter()
            c.execute(sql)
            timings[name] = time.perf_counter() - t
        t = time.perf_counter()
        c.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - t
        counts = {}
        for table in [
            "cases_person",
            "cases_case",
            "cases_concernreport",
            "cases_investigation",
            "audit_auditevent",
        ]:
            c.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts[table] = c.fetchone()[0]
    return {"timings": timings, "counts": counts}, workers


def _measure(workers, url_for, label: str, users: int, per_user: int) -> dict:
    from django.db import connection
    from django.test import Client

    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    barrier = threading.Barrier(users)

    def run(user):
        client = Client()
        client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")
        urls = url_for(user)
        mine = []
        barrier.wait()
        for i in range(per_user):
            t = time.perf_counter()
            response = client.get(urls[i % len(urls)])
            mine.append(time.perf_counter() - t)
            if response.status_code != 200:
                errors.append(response.status_code)
        with lock:
            latencies.extend(mine)
        connection.close()

    threads = [threading.Thread(target=run, args=(w,)) for w in workers[:users]]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    latencies.sort()
    return {
        "label": label,
        "requests": len(latencies),
        "errors": len(errors),
        "throughput": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "max": latencies[-1] * 1000,
    }


def run(
    results_dir,
    persons=PERSONS,
    reports=REPORTS,
    investigations=INVESTIGATIONS,
    users=USERS,
    scale_note="",
    requests_per_user=REQUESTS_PER_USER,
):
    benchlib.setup_database(DB_NAME)
    from django.test.utils import override_settings

    from samhandling.cases import access, views
    from samhandling.cases.models import Case

    generated, workers = _generate(persons, reports, investigations)
    # Spread the simulated users over the districts.
    chosen = [workers[i * len(workers) // users] for i in range(users)]

    def workload_urls(user):
        return ["/arenden/"]

    def case_urls(user):
        ids = list(Case.objects.filter(assigned_to=user).values_list("id", flat=True)[:20])
        return [f"/arenden/{i}/" for i in ids] or ["/arenden/"]

    results = []
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        _measure(chosen, workload_urls, "warm-up", users, 4)
        for audited in (True, False):
            if not audited:
                # Without the audit of the look: the same pages, record() replaced by a no-op in this process.
                access.record = views.record = lambda **kwargs: None
            suffix = "with audit" if audited else "without audit"
            results.append(_measure(chosen, workload_urls, f"workload view, {suffix}", users, requests_per_user))
            results.append(_measure(chosen, case_urls, f"case page, {suffix}", users, requests_per_user))

    lines = [
        f"# Cases benchmark, {date.today().isoformat()}",
        "",
        f"Machine: {benchlib.machine_description()}",
        "",
        "Command: `.venv/bin/python bench/bench_cases.py`"
        + (f" {scale_note}" if scale_note else " (full scale, the default)"),
        "",
        "## Data generated",
        "",
        "| table | rows |",
        "| --- | ---: |",
        *[f"| {k} | {v:,} |" for k, v in generated["counts"].items()],
        "",
        "| step | seconds |",
        "| --- | ---: |",
        *[f"| {k} | {v:.1f} |" for k, v in generated["timings"].items()],
        "",
        f"## Pages under {users} concurrent users ({requests_per_user} requests each)",
        "",
        "| page | requests | errors | requests/s | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *[
            f"| {r['label']} | {r['requests']} | {r['errors']} | {r['throughput']:.1f} | {r['p50']:.0f} | "
            f"{r['p95']:.0f} | {r['max']:.0f} |"
            for r in results
        ],
        "",
        "Notes: each simulated user is a social worker with about "
        f"{persons // (13 * WORKERS_PER_DISTRICT)} cases of which a few are open; the workload view lists the open ones "
        "with their deadlines, the case page is one of the user's cases. 'With audit' writes one audit event per "
        "look (the hash-chained record() with its advisory lock, serialising writers); 'without' replaces record() "
        "by a no-op in the benchmark process only. Requests run in threads of one Python process on a 2-core "
        "machine shared with PostgreSQL, so the figures are a floor rather than what granian with several "
        "workers gives.",
        "",
    ]
    out = Path(results_dir) / f"cases-{date.today().isoformat()}.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=PERSONS)
    parser.add_argument("--reports", type=int, default=REPORTS)
    parser.add_argument("--investigations", type=int, default=INVESTIGATIONS)
    parser.add_argument("--users", type=int, default=USERS)
    args = parser.parse_args()
    note = ""
    if (args.persons, args.reports, args.investigations) != (PERSONS, REPORTS, INVESTIGATIONS):
        note = f"--persons {args.persons} --reports {args.reports} --investigations {args.investigations}"
    run(ROOT / "bench" / "results", args.persons, args.reports, args.investigations, args.users, note)
