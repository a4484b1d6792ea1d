"""Database helpers that the ORM does not give."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def generic_plans() -> Iterator[None]:
    """Run the block's queries with PostgreSQL's generic plan for each prepared statement.

    The connection prepares a statement after its fifth use (config/settings.py), but PostgreSQL still
    plans it again for every execution while it judges a custom plan cheaper. For the workload list's
    query, with five joins and a grouping, that planning cost four times the execution (about 6 ms of
    8; bench/results/load-*). Use it for list queries whose best plan does not depend on the values,
    not for reports over ranges of dates. Elsewhere than PostgreSQL it does nothing.
    """
    if connection.vendor != "postgresql":
        yield
        return
    # SET LOCAL ends with the transaction, so the setting never reaches another request on this connection.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        yield
