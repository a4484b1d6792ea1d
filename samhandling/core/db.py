"""Database helpers that the ORM does not give."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import NotSupportedError, connection, transaction
from django.db.backends.signals import connection_created


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


# PostgreSQL refuses a prepared statement whose result columns changed type since it was prepared, on
# every execution, until the statement is dropped (SQLSTATE 0A000).
_STALE_PLAN = "cached plan must not change result type"


def renew_after_stale_plan(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
    """Close the connection at the end of the request when a prepared statement has gone stale.

    A migration that changes a column's type (a new length limit, say) runs while the nodes of the last
    release still serve: their statements prepared before it fail on every request until the connection
    is renewed. This lets one request fail (the error page with its reference) instead of all of them for
    the connection's lifetime: the next request opens a new connection and prepares afresh.
    """
    try:
        return execute(sql, params, many, context)
    except NotSupportedError as exc:
        if _STALE_PLAN in str(exc):
            context["connection"].close_at = time.monotonic()
        raise


def _install(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "postgresql" and renew_after_stale_plan not in connection.execute_wrappers:
        # First, not last: connection.execute_wrapper() pops the last wrapper when its block ends, and a
        # connection opened inside such a block would otherwise lose this one and keep the other.
        connection.execute_wrappers.insert(0, renew_after_stale_plan)


def install_stale_plan_guard() -> None:
    """Every PostgreSQL connection gets renew_after_stale_plan (called once, from CoreConfig.ready)."""
    connection_created.connect(_install, dispatch_uid="samhandling.core.db.stale_plan_guard")
