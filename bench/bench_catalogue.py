"""Method catalogue benchmark: search, filters, the finder, the public page, the API and exports.

Run alone: .venv/bin/python bench/bench_catalogue.py [--methods N] [--repeats N]
Uses its own database samhandling_bench_catalogue (dropped and created anew) on the server in
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432). The real catalogue (from the
data migration) is measured first; then synthetic methods are added until the catalogue holds
--methods entries, to see how the in-memory Swedish search scales beyond today's size.
"""

import argparse
import random
import statistics
import time
from datetime import date
from pathlib import Path

import benchlib

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "samhandling_bench_catalogue"

# The catalogue from seed 001 has ~135 entries; 10,000 is far beyond what a city would list and
# shows where the in-memory search would need another design.
METHODS = 10_000
REPEATS = 30
SMOKE = {"methods": 60, "repeats": 1}  # the test suite's tiny run

QUERIES = ["bsft", "BFST", "kort strategisk familjeterapi", "familjeterapi", "skolsoc", "föräldraträffar", "zzzqqq"]

NOTES = [
    "",
    "## Reading the numbers",
    "",
    "- The machine is shared (2 CPUs) with other test runs, so p95 values are noisy.",
    "- At today's size every search, filter and finder call answers in tens of milliseconds.",
    "- The list page and the API rank ids only and fetch the one page they show (50 on the page, "
    "`limit` in the API), so they stay well under a second at 10,000 methods.",
    "- `search_methods`, the filters and `find_methods` load every matching method with its relations; "
    "at 10,000 methods that costs about 2 s. Well beyond any real catalogue; if it ever grows that far, "
    "page those selectors the same way.",
]


def _time(fn, repeats: int) -> tuple[float, float]:
    """Median and 95th percentile in milliseconds."""
    fn()  # warm caches (search index, templates)
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def _measure(repeats: int) -> list[tuple[str, float, float]]:
    from django.test import Client

    from samhandling.catalogue import exports
    from samhandling.catalogue.selectors import find_methods, search_methods

    client = Client()
    rows = []
    for q in QUERIES:
        rows.append((f"search_methods({q!r})", *_time(lambda q=q: search_methods(q), repeats)))
    rows.append(
        (
            "filters: priority area 4.2 + age 13",
            *_time(lambda: search_methods("", {"priority_area": "4.2", "age": 13}), repeats),
        )
    )
    rows.append(
        (
            "find_methods(13, skarholmen, 2 factors)",
            *_time(lambda: find_methods(13, "skarholmen", ["risk-school-failure", "risk-family-conflict"]), repeats),
        )
    )
    rows.append(
        ("GET /katalog/?q=familjeterapi", *_time(lambda: client.get("/katalog/", {"q": "familjeterapi"}), repeats))
    )
    rows.append(("GET /katalog/ (whole list)", *_time(lambda: client.get("/katalog/"), max(3, repeats // 5))))
    rows.append(
        ("GET /api/v1/methods/?limit=100", *_time(lambda: client.get("/api/v1/methods/", {"limit": 100}), repeats))
    )
    everything = search_methods("")
    for fmt, fn in [("csv", exports.to_csv), ("xlsx", exports.to_xlsx), ("json", exports.to_json)]:
        rows.append(
            (f"export {fmt} ({len(everything)} methods)", *_time(lambda fn=fn: fn(everything), max(3, repeats // 10)))
        )
    return rows


def _grow(total: int) -> None:
    """Add synthetic methods (bulk) until the catalogue holds `total`, linked like real ones."""
    from samhandling.catalogue.models import Factor, Method, SubArea
    from samhandling.organisations.models import District

    rng = random.Random(20261121)
    words = [
        "stöd",
        "familj",
        "skola",
        "fritid",
        "samverkan",
        "föräldra",
        "ungdoms",
        "trygghet",
        "mentor",
        "grupp",
        "terapi",
        "program",
        "insats",
        "närvaro",
        "fält",
        "läxhjälp",
        "våld",
        "prevention",
        "nätverk",
        "team",
    ]
    existing = Method.objects.count()
    new = []
    for i in range(existing, total):
        name = " ".join(rng.sample(words, 3)).capitalize() + f" {i}"
        new.append(
            Method(
                slug=f"syntetisk-{i}",
                name=name,
                abbreviation=f"S{i}",
                aliases=[f"Alias {i}"],
                description=" ".join(rng.choices(words, k=25)),
                prevention_levels=rng.sample(["främjande", "förebyggande", "åtgärdande"], 1),
                target_groups=rng.sample(["child", "young_person", "parents"], 2),
                age_min=rng.choice([None, 6, 10, 12]),
                age_max=rng.choice([None, 15, 17, 20]),
                availability_known=rng.random() < 0.3,
            )
        )
    Method.objects.bulk_create(new, batch_size=2000)
    subs, factors, districts = list(SubArea.objects.all()), list(Factor.objects.all()), list(District.objects.all())
    through_sub, through_factor, through_district = (
        Method.sub_areas.through,
        Method.factors.through,
        Method.available_in.through,
    )
    created = Method.objects.filter(slug__startswith="syntetisk-")
    through_sub.objects.bulk_create(
        [through_sub(method_id=m.pk, subarea_id=rng.choice(subs).pk) for m in created], batch_size=5000
    )
    through_factor.objects.bulk_create(
        [through_factor(method_id=m.pk, factor_id=f.pk) for m in created for f in rng.sample(factors, 2)],
        batch_size=5000,
    )
    through_district.objects.bulk_create(
        [through_district(method_id=m.pk, district_id=d.pk) for m in created for d in rng.sample(districts, 3)],
        batch_size=5000,
    )


def _table(rows) -> list[str]:
    out = ["| operation | median ms | p95 ms |", "| --- | ---: | ---: |"]
    out += [f"| {name} | {median:.1f} | {p95:.1f} |" for name, median, p95 in rows]
    return out


def run(results_dir, methods: int = METHODS, repeats: int = REPEATS) -> Path:
    benchlib.setup_database(DB_NAME)
    from samhandling.catalogue.models import Method

    real = Method.objects.count()
    lines = [
        f"# Method catalogue benchmark, {date.today().isoformat()}",
        "",
        f"Machine: {benchlib.machine_description()}",
        "",
        f"Times are wall-clock per call in one process (Django test client for pages and API), {repeats} repeats "
        "after one warm-up call. Search is Python over a cached, normalised index (rebuilt when a method changes).",
        "",
        f"## The real catalogue ({real} methods from seed 001, 002, 000, 003, 004)",
        "",
        *_table(_measure(repeats)),
    ]
    started = time.monotonic()
    _grow(methods)
    grow_s = time.monotonic() - started
    lines += [
        "",
        f"## Scaled: {Method.objects.count()} methods ({real} real + synthetic; inserted in {grow_s:.0f} s)",
        "",
        *_table(_measure(max(5, repeats // 3))),
        *NOTES,
    ]
    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"catalogue-{date.today().isoformat()}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--methods", type=int, default=METHODS)
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    print(run(ROOT / "bench" / "results", methods=args.methods, repeats=args.repeats))
