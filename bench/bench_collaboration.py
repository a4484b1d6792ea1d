"""Collaboration benchmark: 20,000 forum cases, 200,000 meetings and 1,000,000 disclosures, then the
coordinator's overview, a forum case page (lead and partner) and the disclosure register for one agency
and year, measured one request at a time.

Run alone: .venv/bin/python bench/bench_collaboration.py [--forums N] [--meetings N] [--disclosures N]
Uses its own database samhandling_bench_collaboration (dropped and created anew) on BENCH_DATABASE_URL.

The data is generated in SQL (generate_series): one young person and one case per forum case, spread over
the 13 district units; each forum has the lead unit, a school and the police (LPO Globen) as members and
three consents; disclosures alternate between the school and the police over five years; one in ten
forum cases' disclosures is linked to a consent (the consent-in-force check then has rows to look at).
The requests go through Django's full stack with the test client, in one thread: no network.
"""

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_collaboration"

FORUMS = 20_000
MEETINGS = 200_000
DISCLOSURES = 1_000_000
REQUESTS = 20
SMOKE = {"forums": 40, "meetings": 80, "disclosures": 400}  # the test suite's tiny run


def _generate(forums: int, meetings: int, disclosures: int) -> dict:
    from django.db import connection

    from samhandling.organisations.models import Agency, District, PoliceArea, Unit
    from samhandling.organisations.roles import Role
    from samhandling.organisations.tests import factories as f

    timings = {}
    t0 = time.perf_counter()
    units, schools, workers = [], [], []
    for d in District.objects.order_by("id"):
        unit = f.district_unit(d.name)
        units.append(unit.id)
        schools.append(f.city_unit("Utbildningsförvaltningen", f"Benchskolan {d.code}", d.name, Unit.Kind.SCHOOL).id)
        workers.append(f.make_member(f"bench-{d.code}", Role.SOCIAL_WORKER, unit).id)
    police = Agency.objects.get(code="polisen").id
    globen = PoliceArea.objects.get(code="globen").id
    timings["units and users"] = time.perf_counter() - t0
    n = len(units)
    per_forum_meetings = max(1, meetings // forums)
    with connection.cursor() as c:
        c.execute("CREATE TEMP TABLE bu AS SELECT * FROM unnest(%s::int[], %s::int[], %s::int[]) "
                  "WITH ORDINALITY AS u(unit_id, school_id, worker_id, n)", [units, schools, workers])  # fmt: skip
        steps = [
            (
                "persons and cases",
                f"""WITH p AS (
                    INSERT INTO cases_person (personal_number, first_name, last_name, address, birth_date,
                        protected_identity, created_at, version)
                    SELECT lpad((180000000000 + g)::text, 12, '0'), 'Förnamn' || g, 'Efternamn' || g, '',
                        current_date - 5000 - (g % 1500)::int, g % 500 = 0, now(), 1
                    FROM generate_series(1, {forums}) g RETURNING id)
                INSERT INTO cases_case (person_id, unit_id, status, assigned_to_id, created_at, last_entry_at,
                    closed_reason, closed_note, version)
                SELECT p.id, bu.unit_id, 'intervention', bu.worker_id, now(), now(), '', '', 1
                FROM p JOIN bu ON bu.n = 1 + p.id % {n}""",  # noqa: S608 - integers from this script
            ),
            (
                "forum cases",
                """INSERT INTO collaboration_forum (kind, rule_id, person_id, case_id, lead_unit_id, coordinator_id,
                    status, ground, requested_by, goals, created_at, started_on, end_reason, creation_token, version)
                SELECT CASE WHEN c.id % 10 = 0 THEN 'trefas' ELSE 'sspf' END,
                    (SELECT id FROM collaboration_forumrule WHERE kind = 'sspf' LIMIT 1), c.person_id, c.id,
                    c.unit_id, c.assigned_to_id, CASE WHEN c.id % 7 = 0 THEN 'ended' ELSE 'active' END,
                    CASE WHEN c.id % 10 = 0 THEN 'legal_basis' ELSE 'consent' END, 'Skolan',
                    'Mål med den unges egna ord', now() - ((c.id % 1800) || ' days')::interval,
                    current_date - (c.id % 1800)::int, '', gen_random_uuid(), 1
                FROM cases_case c""",
            ),
            (
                "members",
                f"""INSERT INTO collaboration_forummember (forum_id, party, unit_id, agency_id, police_area_id,
                    added_at, covered_until, removal_reason)
                SELECT f.id, 'social_services', f.lead_unit_id, NULL::int, NULL::int, now(), NULL::date, ''
                FROM collaboration_forum f
                UNION ALL
                SELECT f.id, 'school', bu.school_id, NULL, NULL, now(), current_date + 180, ''
                FROM collaboration_forum f JOIN bu ON bu.unit_id = f.lead_unit_id
                UNION ALL
                SELECT f.id, 'police', NULL, {police}, {globen}, now(), current_date + 180, ''
                FROM collaboration_forum f""",  # noqa: S608 - integers from this script
            ),
            (
                "consents",
                """INSERT INTO collaboration_consent (forum_id, given_by_id, giver, given_on, method, parties,
                    info_kinds, valid_to, withdrawal_note, recorded_by_id, recorded_at, creation_token, withdrawn_at)
                SELECT f.id, f.person_id, 'young_person', f.started_on, 'scanned', '["school", "police"]'::jsonb,
                    '["plan", "meeting"]'::jsonb, current_date + 180 - k * 90, '', f.coordinator_id, now(),
                    gen_random_uuid(), CASE WHEN f.id % 50 = 0 AND k = 0 THEN now() END
                FROM collaboration_forum f CROSS JOIN generate_series(0, 2) k""",
            ),
            (
                "meetings",
                f"""INSERT INTO collaboration_meeting (forum_id, starts_at, young_person_present, guardians_present,
                    young_person_views, guardian_views, decisions, held, creation_token, version)
                SELECT f.id, f.created_at + (k * 21 || ' days')::interval, true, k % 2 = 0,
                    'Synpunkter ' || k, '', 'Beslut ' || k, f.created_at + (k * 21 || ' days')::interval < now(),
                    gen_random_uuid(), 1
                FROM collaboration_forum f CROSS JOIN generate_series(0, {per_forum_meetings - 1}) k""",  # noqa: S608
            ),
            (
                "actions",
                """INSERT INTO collaboration_action (forum_id, what, owner_id, due_on, done_on, follow_up,
                    creation_token, version)
                SELECT m.forum_id, 'Åtgärd ' || k, m.id, f.started_on + 30 * k,
                    CASE WHEN k < 1 THEN f.started_on + 25 END, '', gen_random_uuid(), 1
                FROM collaboration_forummember m JOIN collaboration_forum f ON f.id = m.forum_id
                CROSS JOIN generate_series(0, 1) k WHERE m.party = 'school'""",
            ),
            (
                "disclosures",
                f"""INSERT INTO collaboration_disclosure (forum_id, person_id, recipient_id, recipient_party, what,
                    info_kind, content, legal_basis_id, disclosed_at, disclosed_by_id, batch_token)
                SELECT f.id, f.person_id, m.id, m.party, 'plan', 'plan', 'Planen, version ' || g,
                    CASE WHEN f.ground = 'legal_basis'
                        THEN (SELECT id FROM collaboration_legalbasis WHERE code = 'osl-10-18a')
                        ELSE (SELECT id FROM collaboration_legalbasis WHERE code = 'osl-12-2-samtycke') END,
                    now() - ((g % 1825) || ' days')::interval, f.coordinator_id, gen_random_uuid()
                FROM generate_series(1, {disclosures}) g
                JOIN collaboration_forum f ON f.id = {{first_forum}} + (g % {forums})
                JOIN collaboration_forummember m ON m.forum_id = f.id
                    AND m.party = CASE WHEN g % 2 = 0 THEN 'police' ELSE 'school' END""",  # noqa: S608
            ),
            (
                "disclosure consent links",
                """WITH first_consent AS (
                    SELECT forum_id, min(id) AS id FROM collaboration_consent GROUP BY forum_id)
                INSERT INTO collaboration_disclosure_consents (disclosure_id, consent_id)
                SELECT d.id, fc.id FROM collaboration_disclosure d JOIN first_consent fc USING (forum_id)
                WHERE d.forum_id % 10 = 1""",
            ),
        ]
        for name, sql in steps:
            t = time.perf_counter()
            if "{first_forum}" in sql:
                c.execute("SELECT min(id) FROM collaboration_forum")
                sql = sql.replace("{first_forum}", str(c.fetchone()[0]))
            c.execute(sql)
            timings[name] = time.perf_counter() - t
        t = time.perf_counter()
        c.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - t
        counts = {}
        for table in [
            "collaboration_forum",
            "collaboration_forummember",
            "collaboration_consent",
            "collaboration_meeting",
            "collaboration_action",
            "collaboration_disclosure",
            "collaboration_disclosure_consents",
        ]:
            c.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts[table] = c.fetchone()[0]
    return {"timings": timings, "counts": counts}


def _measure(user, urls: list[str], label: str) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")
    if user.requires_two_factor:
        # The data protection officer's role demands TOTP: confirm a device in the session as a login would
        # (as the test suite's client_for does), or every page redirects to the code page.
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
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


def run(results_dir, forums=FORUMS, meetings=MEETINGS, disclosures=DISCLOSURES, scale_note=""):
    benchlib.setup_database(DB_NAME)
    from django.test.utils import override_settings

    from samhandling.accounts.models import User
    from samhandling.collaboration.models import Forum
    from samhandling.organisations.roles import Role
    from samhandling.organisations.tests import factories as f

    generated = _generate(forums, meetings, disclosures)
    worker = User.objects.filter(username__startswith="bench-").order_by("id").first()
    police = f.police_liaison("globen")
    dpo = f.make_member(
        "bench-dpo",
        Role.DATA_PROTECTION,
        f.city_unit("Socialförvaltningen", "Dataskydd och informationssäkerhet"),
    )
    led = list(
        Forum.objects.filter(coordinator=worker, status="active", ground="consent").values_list("id", flat=True)[:20]
    )
    year = date.today().year - 1
    results = []
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        results.append(_measure(worker, ["/samverkan/"], "coordinator's overview"))
        results.append(_measure(worker, [f"/samverkan/{i}/" for i in led], "forum case page (lead)"))
        results.append(_measure(police, [f"/samverkan/{i}/" for i in led], "forum case page (police partner)"))
        results.append(
            _measure(dpo, [f"/samverkan/utlamnanden/?party=police&year={year}"], f"register: police, {year}")
        )
        results.append(
            _measure(
                dpo, [f"/samverkan/utlamnanden/export.csv?party=police&year={year}"], f"register CSV: police, {year}"
            )
        )
    forums_led = Forum.objects.filter(lead_unit__in=worker.memberships.values("unit_id")).count()
    lines = [
        f"# Collaboration benchmark, {date.today().isoformat()}",
        "",
        f"Machine: {benchlib.machine_description()}",
        "",
        "Command: `.venv/bin/python bench/bench_collaboration.py`"
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
        f"Notes: the coordinator's unit leads {forums_led:,} forum cases (the overview lists at most 200). A forum "
        f"case has about {disclosures // forums} disclosures and {max(1, meetings // forums)} meetings; the police "
        "partner sees the half disclosed to the police. The register page shows the newest 200 rows and the "
        "count; the CSV holds every row of the year for the police. Every request writes its audit event.",
        "",
    ]
    out = Path(results_dir) / f"collaboration-{date.today().isoformat()}.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--forums", type=int, default=FORUMS)
    parser.add_argument("--meetings", type=int, default=MEETINGS)
    parser.add_argument("--disclosures", type=int, default=DISCLOSURES)
    args = parser.parse_args()
    note = ""
    if (args.forums, args.meetings, args.disclosures) != (FORUMS, MEETINGS, DISCLOSURES):
        note = f"--forums {args.forums} --meetings {args.meetings} --disclosures {args.disclosures}"
    run(ROOT / "bench" / "results", args.forums, args.meetings, args.disclosures, note)
