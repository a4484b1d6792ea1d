"""Places benchmark: a city of places, collaborations, measures, investments, fund applications and
violent events; then the map with every layer for the whole city and a district's place list.

Run alone: .venv/bin/python bench/bench_places.py [--places N]
Uses its own database samhandling_bench_places (dropped and created anew), on the server in
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432).
"""

import argparse
import datetime
import random
import statistics
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_places"

PLACES = 2_000
COLLABORATIONS = 500
MEASURES = 5_000
INVESTMENTS = 1_000
APPLICATIONS = 300
EVENTS = 3_000
REPEATS = 3
SMOKE = {"places": 40}  # the test suite's tiny run (every other count scales with it)


def generate(places: int, seed: int = 13) -> dict:
    """Everything at the scale the issue names, spread over the 117 neighbourhoods (a tenth without a point)."""
    from django.db import transaction
    from django.utils import timezone

    from samhandling.organisations.models import Neighbourhood
    from samhandling.places.models import Collaboration, CrisisEvent, FundApplication, FundCall, Investment, Measure
    from samhandling.places.selectors import neighbourhood_points
    from samhandling.plans.models import Place

    rng = random.Random(seed)
    scale = places / PLACES
    started = time.perf_counter()
    hoods = list(Neighbourhood.objects.select_related("district"))
    points = neighbourhood_points()
    with transaction.atomic():
        rows = []
        for i in range(places):
            hood = hoods[i % len(hoods)]
            lat, lon = points.get(hood.pk, (59.33, 18.06))
            has_point = rng.random() > 0.1
            rows.append(
                Place(
                    name=f"Plats {i}",
                    kind=rng.choice(["square", "park", "centre", "station", "tunnel"]),
                    neighbourhood=hood,
                    latitude=Decimal(f"{lat + rng.uniform(-0.004, 0.004):.6f}") if has_point else None,
                    longitude=Decimal(f"{lon + rng.uniform(-0.006, 0.006):.6f}") if has_point else None,
                )  # fmt: skip
            )
        place_objs = Place.objects.bulk_create(rows, batch_size=2000)
        district_of = {p.pk: hoods[i % len(hoods)].district_id for i, p in enumerate(place_objs)}
        collabs = Collaboration.objects.bulk_create(
            [
                Collaboration(
                    place=p,
                    district_id=district_of[p.pk],
                    title=f"Platssamverkan {i}",
                    aim="Genererad.",
                    kind=rng.choice(["full", "full", "light"]),
                    started_on=date(2024, 1 + i % 12, 1),
                )  # fmt: skip
                for i, p in enumerate(rng.sample(place_objs, int(COLLABORATIONS * scale)))
            ]
        )
        Measure.objects.bulk_create(
            [
                Measure(
                    collaboration=rng.choice(collabs),
                    kind=rng.choice(["police", "field", "physical", "contact"]),
                    description="Genererad åtgärd",
                    responsible="Polisen",
                    status="planned",
                )  # fmt: skip
                for _ in range(int(MEASURES * scale))
            ],
            batch_size=5000,
        )
        Investment.objects.bulk_create(
            [
                Investment(
                    district_id=district_of[p.pk],
                    year=rng.choice([2024, 2025, 2026]),
                    kind="lighting",
                    title=f"Investering {i}",
                    place=p,
                    cost_estimate=Decimal(rng.randint(50, 900) * 1000),
                )  # fmt: skip
                for i, p in enumerate(rng.choices(place_objs, k=int(INVESTMENTS * scale)))
            ],
            batch_size=5000,
        )
        call = FundCall.objects.create(
            name="Trygghetsfonden 2026", budget=Decimal(100_000_000), opens_on=date(2026, 1, 1),
            closes_on=date(2026, 12, 31),
        )  # fmt: skip
        FundApplication.objects.bulk_create(
            [
                FundApplication(
                    call=call,
                    district_id=district_of[p.pk],
                    applicant="SDF",
                    title=f"Ansökan {i}",
                    kind="lighting",
                    purpose="p",
                    measures="m",
                    place=p,
                    amount=Decimal(rng.randint(100, 900) * 1000),
                    status="submitted",
                )  # fmt: skip
                for i, p in enumerate(rng.choices(place_objs, k=int(APPLICATIONS * scale)))
            ]
        )
        now = timezone.now()
        CrisisEvent.objects.bulk_create(
            [
                CrisisEvent(
                    kind=rng.choice(["shooting", "explosion", "violence"]),
                    district_id=district_of[p.pk],
                    place=p,
                    occurred_at=now - datetime.timedelta(hours=rng.randint(1, 24 * 700)),
                    location="Genererad",
                    known="Genererad händelse.",
                    status="closed",
                )  # fmt: skip
                for p in rng.choices(place_objs, k=int(EVENTS * scale))
            ],
            batch_size=5000,
        )
    return {"seconds": time.perf_counter() - started, "scale": scale}


def _time(fn) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(REPEATS):
        t = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), result


def run(results_dir, places: int = PLACES) -> Path:
    benchlib.setup_database(DB_NAME)
    from django.test import Client

    from samhandling.organisations.models import District
    from samhandling.organisations.tests import factories as f

    data = generate(places)
    city = f.city_safety()
    coordinator = f.safety_coordinator("Hägersten-Älvsjö")
    hagersten = District.objects.get(name="Hägersten-Älvsjö")
    rows = []
    for user, label, path in (
        (city, "the map, every layer, the whole city (city safety staff)", "/platser/karta/"),
        (city, "the map, every layer, zoomed to Hägersten-Älvsjö", f"/platser/karta/?district={hagersten.pk}"),
        (coordinator, "a district's place list `/platser/` (Hägersten-Älvsjö's coordinator)", "/platser/"),
        (city, "the place list `/platser/`, the whole city", "/platser/"),
    ):
        client = Client()
        client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")

        def get(path=path, client=client):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return len(response.content)

        seconds, size = _time(get)
        rows.append((label, seconds, size))

    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"places-{date.today().isoformat()}.md"
    s = data["scale"]
    table = "\n".join(f"| {what} | {sec * 1000:,.0f} ms | {size / 1024:,.0f} KiB |" for what, sec, size in rows)
    path.write_text(
        f"""# Places benchmark, {date.today().isoformat()}

Machine: {benchlib.machine_description()}.
Scale: {int(PLACES * s):,} places (a tenth without a point of their own, drawn at the neighbourhood), {int(COLLABORATIONS * s):,}
collaborations, {int(MEASURES * s):,} measures, {int(INVESTMENTS * s):,} investments, {int(APPLICATIONS * s):,} fund
applications and {int(EVENTS * s):,} violent events; generated in {data["seconds"]:,.0f} s by `bench/bench_places.py`.

Median of {REPEATS} runs through the Django test client (no network, no browser):

| what | time | size |
| --- | --- | --- |
{table}

The map draws the 13 district boundaries (or one district's) as SVG with one marker per item and lists every
item in the table beside it; points of places without their own come from a representative point of their
neighbourhood (shapely, computed per request). The machine's two cores were shared with other developers'
test runs during the measurement.
""",
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=PLACES)
    args = parser.parse_args()
    print(run(ROOT / "bench" / "results", places=args.places))
