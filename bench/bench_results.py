"""Results benchmark: the plans benchmark's full city, plus goals of two steering documents with
targets for the city and every district, programme logic for every activity, then the goal tree
(analyst and public), a goal page and the three exports of the rewritten effects report.

Run alone: .venv/bin/python bench/bench_results.py [--years N] [--activities N]
Uses its own database samhandling_bench_results (dropped and created anew).
"""

import argparse
import random
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import bench_plans
import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_results"
SMOKE = bench_plans.SMOKE  # the test suite's tiny run: the plans benchmark's tiny city


def add_goals(seed: int = 15) -> dict:
    from samhandling.catalogue.models import PriorityArea
    from samhandling.indicators.models import Indicator
    from samhandling.organisations.models import District
    from samhandling.plans.models import Activity
    from samhandling.results.models import ActivityLogic, Goal, GoalTarget, SteeringDocument

    rng = random.Random(seed)
    strategy_doc = SteeringDocument.objects.create(
        code="strategi", title="Strategin", kind="strategy", source="Bench", valid_from=date(2024, 1, 1)
    )
    safety = SteeringDocument.objects.create(
        code="trygghet", title="Trygghetsprogrammet", kind="safety", source="Bench", valid_from=date(2019, 1, 1)
    )
    overall = Goal.objects.create(
        document=strategy_doc, number="1", title="Övergripande", source="Bench", valid_from=date(2024, 1, 1)
    )
    area_goals = {
        a.pk: Goal.objects.create(
            document=strategy_doc,
            parent=overall,
            number=a.number,
            title=a.name,
            priority_area=a,
            source="Bench",
            valid_from=date(2024, 1, 1),
        )
        for a in PriorityArea.objects.filter(strategy__start_year__lte=2026, strategy__end_year__gte=2026)
    }
    safety_goal = Goal.objects.create(
        document=safety, number="1", title="Halvera otryggheten", source="Bench", valid_from=date(2019, 1, 1)
    )
    targets = []
    goals = list(area_goals.values()) + [safety_goal]
    for n, indicator in enumerate(Indicator.objects.filter(code__startswith="bench-")):
        goal = goals[n % len(goals)]
        for district in [None, *District.objects.all()]:
            targets.append(
                GoalTarget(
                    goal=goal,
                    indicator=indicator,
                    district=district,
                    baseline_year=2019,
                    baseline_value=Decimal(60),
                    target_year=2028,
                    target_value=Decimal(rng.randint(50, 90)),
                    source="Bench",
                    valid_from=date(2020, 1, 1),
                )
            )
    GoalTarget.objects.bulk_create(targets)
    logics = ActivityLogic.objects.bulk_create(
        [
            ActivityLogic(activity_id=pk, short_term="Genererat", expected_reached=rng.randint(10, 120), version=1)
            for pk in Activity.objects.values_list("pk", flat=True)
        ],
        batch_size=5000,
    )
    through = ActivityLogic.goals.through
    area_of = dict(Activity.objects.values_list("pk", "priority_area_id"))
    links = []
    for logic in logics:
        goal = area_goals.get(area_of[logic.activity_id])
        if goal:
            links.append(through(activitylogic_id=logic.pk, goal_id=goal.pk))
        if rng.random() < 0.5:
            links.append(through(activitylogic_id=logic.pk, goal_id=safety_goal.pk))
    through.objects.bulk_create(links, batch_size=5000)
    return {"targets": len(targets), "logics": len(logics), "links": len(links), "overall": overall.pk}


def run(results_dir, years: int = bench_plans.YEARS, activities: int = bench_plans.ACTIVITIES_PER_YEAR) -> Path:
    benchlib.setup_database(DB_NAME)
    from django.test import Client

    from samhandling.organisations.tests import factories as f
    from samhandling.results.exports.render import FORMATS

    data = bench_plans.generate(years, activities)
    started = time.perf_counter()
    extra = add_goals()
    extra_seconds = time.perf_counter() - started
    year = data["year"]
    analyst = Client()
    analyst.force_login(f.city_analyst(), backend="samhandling.accounts.backends.RoleBackend")
    public = Client()

    def get(client, path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return len(response.content)

    rows = []
    for label, client, path in (
        ("goal tree `/resultat/`, analyst (every target judged)", analyst, "/resultat/"),
        ("goal tree `/resultat/`, public (suppressed figures)", public, "/resultat/"),
        ("the overall goal's page, analyst (its activities listed)", analyst, f"/resultat/mal/{extra['overall']}/"),
        ("open data JSON", public, "/resultat/oppna-data.json"),
        ("report once, per administration", analyst, f"/resultat/rapportera-en-gang/{year}/"),
        ("the effects report page (text, examples to pick)", analyst, f"/resultat/effektrapport/{year}/"),
    ):
        seconds, size = bench_plans._time(lambda client=client, path=path: get(client, path))
        rows.append((label, seconds, size))
    for fmt, label in (("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel annex")):
        seconds, body = bench_plans._time(lambda fmt=fmt: FORMATS[fmt][0](year))
        rows.append((f"rewritten effects report, {label}", seconds, len(body)))

    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"results-{date.today().isoformat()}.md"
    table = "\n".join(f"| {what} | {s * 1000:,.0f} ms | {size / 1024:,.0f} KiB |" for what, s, size in rows)
    path.write_text(
        f"""# Results benchmark, {date.today().isoformat()}

Machine: {benchlib.machine_description()}.
Scale: the plans benchmark's city ({data["plans"]:,} approved plans, {data["activities"]:,} activities, {data["followups"]:,}
follow-ups, two indicators with ten years for the city and every district), plus two steering documents,
{extra["targets"]:,} targets (each indicator for the city and every district), programme logic for every
activity ({extra["links"]:,} goal links); goals added in {extra_seconds:,.0f} s by `bench/bench_results.py`.

Measured for the year {year} ({activities:,} activities), median of {bench_plans.REPEATS} runs:

| what | time | size |
| --- | --- | --- |
{table}

The goal tree reads every target's figures with one query per target (staff) or one suppression pass per
indicator (public). The report's Word file draws one PNG chart per target in a priority area with Pillow,
the PDF embeds the SVG charts. The machine's two cores were shared with other developers' test runs.
""",
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=bench_plans.YEARS)
    parser.add_argument("--activities", type=int, default=bench_plans.ACTIVITIES_PER_YEAR)
    args = parser.parse_args()
    print(run(ROOT / "bench" / "results", years=args.years, activities=args.activities))
