"""Profile the workload view and a case page in process (cProfile and query counts) on an existing bench database.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/samhandling_bench_load .venv/bin/python bench/profile_pages.py [N]
Picks the social worker with the most open cases, requests each page N times (default 30) through Django's
test client and prints the queries per page and the functions where the time goes.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main(n: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import override_settings

    from samhandling.accounts.models import User
    from samhandling.cases.models import Case

    counts = Case.objects.exclude(status="closed").values("assigned_to").annotate(n=Count("id")).order_by("-n").first()
    user = User.objects.get(pk=counts["assigned_to"])
    case_id = Case.objects.filter(assigned_to=user).exclude(status="closed").values_list("id", flat=True).first()
    client = Client()
    client.force_login(user, backend="samhandling.accounts.backends.RoleBackend")
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        for path in ("/arenden/", f"/arenden/{case_id}/"):
            client.get(path)
            # Counted with an execute wrapper: CaptureQueriesContext saw none here (the client's
            # request_finished signal and the persistent connection lose its log).
            queries: list[str] = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                assert client.get(path).status_code == 200
            profile = cProfile.Profile()
            started = time.perf_counter()
            profile.enable()
            for _ in range(n):
                client.get(path)
            profile.disable()
            ms = (time.perf_counter() - started) / n * 1000
            print(f"== {path}: {ms:.1f} ms per request, {len(queries)} queries ({counts['n']} open cases)")
            for sql in queries:
                print(f"   {sql[:160]}")
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(45)
            print(out.getvalue())
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(30)
            print(out.getvalue())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
