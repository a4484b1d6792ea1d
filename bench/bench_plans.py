"""Plans benchmark: a full city of action plans, then the overview page (whole and filtered), its
CSV and Excel exports, and the three effects-report exports.

Run alone: .venv/bin/python bench/bench_plans.py [--years N] [--activities N]
Uses its own database samhandling_bench_plans (dropped and created anew), on the server in
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432).
"""

import argparse
import random
import statistics
import time
from datetime import date
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_plans"

YEARS = 5  # 2022–2026
ACTIVITIES_PER_YEAR = 2_000  # across the 19 committees
REPEATS = 3
SMOKE = {"years": 1, "activities": 40}  # the test suite's tiny run


def generate(years: int, activities_per_year: int, seed: int = 19) -> dict:
    """Approved plans for every committee and year, activities with methods and three follow-ups each."""
    from django.db import transaction

    from samhandling.catalogue.models import Method, PriorityArea, Strategy
    from samhandling.indicators.models import Indicator, Level, Value
    from samhandling.organisations.models import Committee, District, Neighbourhood
    from samhandling.plans.models import ActionPlan, Activity, FollowUp, FollowUpRound, Place, SituationSection

    rng = random.Random(seed)
    committees = list(Committee.objects.order_by("code"))
    methods = list(Method.objects.values_list("id", flat=True))
    first_year = 2026 - years + 1
    started = time.perf_counter()
    counts = {"plans": 0, "activities": 0, "followups": 0, "sections": 0}
    through = Activity.methods.through
    place_through = Activity.places.through
    # Two places in every neighbourhood; two indicators with ten years of figures for the city and every district.
    places = Place.objects.bulk_create(
        [
            Place(name=f"Plats {i} i {n.name}", kind="square", neighbourhood=n)
            for n in Neighbourhood.objects.all()
            for i in (1, 2)
        ]
    )
    places_by_district = {}
    for place in Place.objects.select_related("neighbourhood"):
        places_by_district.setdefault(place.neighbourhood.district_id, []).append(place.pk)
    counts["places"] = len(places)
    indicators = [
        Indicator.objects.create(
            code=f"bench-{i}", name=f"Bench-indikator {i}", unit="%", source="Bench", direction="higher"
        )
        for i in (1, 2)
    ]
    Value.objects.bulk_create(
        [
            Value(indicator=ind, level=Level.CITY, period=str(y), value=rng.uniform(40, 90))
            for ind in indicators
            for y in range(2017, 2027)
        ]
        + [
            Value(indicator=ind, level=Level.DISTRICT, district=d, period=str(y), value=rng.uniform(40, 90))
            for ind in indicators
            for d in District.objects.all()
            for y in range(2017, 2027)
        ]
    )
    for year in range(first_year, 2027):
        strategy = Strategy.objects.filter(start_year__lte=year, end_year__gte=year).first() or Strategy.objects.first()
        areas = list(PriorityArea.objects.filter(strategy=strategy))
        with transaction.atomic():
            rounds = [
                FollowUpRound.objects.create(year=year, period=p, deadline=date(year, m, 15))
                for p, m in (("t1", 5), ("t2", 9), ("year", 12))
            ]
            plans = ActionPlan.objects.bulk_create(
                [
                    ActionPlan(
                        strategy=strategy,
                        committee=c,
                        year=year,
                        title=f"Bench {c.name} {year}",
                        status="approved",
                        decision_date=date(year, 2, 1),
                        decision_reference=f"B{year}/{i}",
                    )
                    for i, c in enumerate(committees)
                ]
            )
            acts = Activity.objects.bulk_create(
                [
                    Activity(
                        plan=plans[i % len(plans)],
                        title=f"Aktivitet {year}-{i}",
                        description="Genererad aktivitet för mätningen.",
                        priority_area=rng.choice(areas),
                        prevention_type=rng.choice(["social", "social", "situational"]),
                        order=i,
                    )
                    for i in range(activities_per_year)
                ],
                batch_size=2000,
            )
            through.objects.bulk_create(
                [through(activity_id=a.pk, method_id=m) for a in acts for m in rng.sample(methods, rng.randint(1, 2))],
                batch_size=5000,
            )
            place_through.objects.bulk_create(
                [
                    place_through(activity_id=a.pk, place_id=p)
                    for a in acts
                    for p in rng.sample(
                        places_by_district.get(a.plan.committee.district_id, []) or [places[0].pk],
                        rng.randint(0, 1),
                    )
                ],
                batch_size=5000,
            )
            # Every plan's situation picture: one section with the two indicator charts.
            for plan in plans:
                section = SituationSection.objects.create(
                    plan=plan, theme="Lägesbild", text="Genererad.", as_of=date(year, 1, 15), author="Bench"
                )
                section.indicators.set(indicators)
                counts["sections"] += 1
            FollowUp.objects.bulk_create(
                [
                    FollowUp(
                        activity=a,
                        round=r,
                        status=rng.choice(["planned", "ongoing", "ongoing", "done", "paused", "cancelled"]),
                        done="Genomfört enligt plan.",
                        reached_girls=rng.randint(0, 50),
                        reached_boys=rng.randint(0, 60),
                        effect="Effekt enligt enkät." if rng.random() < 0.3 else "",
                        effect_basis="Enkät till deltagare." if rng.random() < 0.3 else "",
                    )
                    for a in acts
                    for r in rounds
                ],
                batch_size=5000,
            )
        counts["plans"] += len(plans)
        counts["activities"] += len(acts)
        counts["followups"] += len(acts) * len(rounds)
    counts["seconds"] = time.perf_counter() - started
    counts["year"] = 2026
    return counts


def _time(fn) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


def run(results_dir, years: int = YEARS, activities: int = ACTIVITIES_PER_YEAR) -> Path:
    benchlib.setup_database(DB_NAME)
    from django.db import models
    from django.test import Client

    from samhandling.organisations.tests import factories as f
    from samhandling.plans import exports
    from samhandling.plans.models import ActionPlan

    data = generate(years, activities)
    year = data["year"]
    analyst = f.city_analyst()
    client = Client()
    client.force_login(analyst, backend="samhandling.accounts.backends.RoleBackend")

    def get(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return len(response.content)

    from samhandling.catalogue.models import Method
    from samhandling.plans.models import Activity

    # The method used most in the year, so that the filtered view is not trivially empty.
    method = (
        Method.objects.filter(plan_activities__plan__year=year)
        .annotate(n=models.Count("plan_activities"))
        .order_by("-n")
        .first()
    )
    area = Activity.objects.filter(plan__year=year).values_list("priority_area__number", flat=True).first()
    filtered = f"ar={year}&omrade={area}&metod={method.slug}"
    rows = []
    for label, path in (
        ("overview page `/planer/oversikt/` (19 committees × 4 areas, methods, gaps)", f"/planer/oversikt/?ar={year}"),
        (f"overview page, filtered by priority area {area} and a method", f"/planer/oversikt/?{filtered}"),
        ("overview, Excel export", f"/planer/oversikt/export.xlsx?ar={year}"),
        ("overview, CSV export", f"/planer/oversikt/export.csv?ar={year}"),
        ("overview, CSV export, filtered by priority area and method", f"/planer/oversikt/export.csv?{filtered}"),
    ):
        seconds, size = _time(lambda path=path: get(path))
        rows.append((label, seconds, size))
    plan_id = ActionPlan.objects.filter(year=year).values_list("pk", flat=True).first()
    seconds, size = _time(lambda: get(f"/planer/{plan_id}/"))
    rows.append(("a plan's page (about 105 activities, a section with two indicator charts and tables)", seconds, size))
    for fmt, label in (("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel annex")):
        seconds, body = _time(lambda fmt=fmt: exports.FORMATS[fmt][0](year))
        rows.append((f"effects report, {label}", seconds, len(body)))

    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"plans-{date.today().isoformat()}.md"
    full = years == YEARS and activities == ACTIVITIES_PER_YEAR
    scale = (
        "the full default scale"
        if full
        else f"a smaller scale than the default ({YEARS} years × {ACTIVITIES_PER_YEAR:,})"
    )
    table = "\n".join(f"| {what} | {s * 1000:,.0f} ms | {size / 1024:,.0f} KiB |" for what, s, size in rows)
    path.write_text(
        f"""# Plans benchmark, {date.today().isoformat()}

Machine: {benchlib.machine_description()}.
Scale: {data["plans"]:,} approved plans (19 committees × {years} years), {data["activities"]:,} activities
({activities:,} a year) with {data["followups"]:,} follow-ups (T1, T2, full year), {data["places"]:,} places
(two per neighbourhood, 0–1 per activity), {data["sections"]:,} situation-picture sections each showing two
indicator charts (ten years, the city and every district); {scale}. Generated in
{data["seconds"]:,.0f} s by `bench/bench_plans.py`.

Measured for the year {year} ({activities:,} activities, {activities * 3:,} follow-ups), median of {REPEATS} runs:

| what | time | size |
| --- | --- | --- |
{table}

The overview is counted in the database (grouped counts per committee and priority area, per
follow-up status of the latest round, and the distinct methods per cell for the CSV); the filters narrow
the same queries. The effects report's Word and PDF include the 19 sections' indicator charts (PDF: the
SVG and the table; Word: the table). Word and PDF build the same document from every activity of the
year and its follow-ups (read in a few prefetching queries, then summed in Python), so that reading is
shared by both; how the time splits between reading and rendering was not measured separately. The
machine's two cores were shared with other developers' test runs during the measurement.
""",
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=YEARS)
    parser.add_argument("--activities", type=int, default=ACTIVITIES_PER_YEAR)
    args = parser.parse_args()
    print(run(ROOT / "bench" / "results", years=args.years, activities=args.activities))
