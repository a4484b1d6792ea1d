"""Run every benchmark: each bench/bench_*.py module's run(results_dir).

Usage: .venv/bin/python bench/run.py [--smoke] [--results DIR] [name ...]
--smoke runs each at the tiny scale of its SMOKE settings (the test suite does this so that no benchmark rots).
"""

import importlib.util
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"


def main(argv: list[str]) -> int:
    smoke = "--smoke" in argv
    results_dir = RESULTS_DIR
    if "--results" in argv:
        results_dir = Path(argv[argv.index("--results") + 1])
        argv = [a for i, a in enumerate(argv) if a != "--results" and (i == 0 or argv[i - 1] != "--results")]
    names = [a for a in argv if not a.startswith("--")]
    results_dir.mkdir(exist_ok=True, parents=True)
    modules = sorted(BENCH_DIR.glob("bench_*.py"))
    if names:
        modules = [m for m in modules if m.stem.removeprefix("bench_") in names or m.stem in names]
    if not modules:
        print("No benchmarks found.", file=sys.stderr)
        return 1
    failed = []
    for path in modules:
        print(f"== {path.stem}", flush=True)
        started = time.monotonic()
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
            if smoke and not hasattr(module, "SMOKE"):
                raise RuntimeError(f"{path.stem} defines no SMOKE (the tiny arguments the test suite runs it with)")
            written = module.run(results_dir, **(module.SMOKE if smoke else {}))
            print(f"   done in {time.monotonic() - started:.0f} s{f': {written}' if written else ''}", flush=True)
        except Exception as exc:  # noqa: BLE001 - report every failing benchmark, then fail
            failed.append(path.stem)
            print(f"   FAILED: {exc!r}", file=sys.stderr, flush=True)
    if failed:
        print(f"Failed benchmarks: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
