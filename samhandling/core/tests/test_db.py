"""generic_plans(): forced generic plans inside the block only; statements prepared on the server."""

import pytest
from django.db import connection

from samhandling.core.db import generic_plans

pytestmark = pytest.mark.django_db(transaction=True)


def _plan_cache_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="plan_cache_mode is PostgreSQL's")
def test_generic_plans_inside_the_block_only():
    assert _plan_cache_mode() == "auto"
    with generic_plans():
        assert _plan_cache_mode() == "force_generic_plan"
    # SET LOCAL ended with the block's transaction: the next request on this connection plans as usual.
    assert _plan_cache_mode() == "auto"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_repeated_query_is_prepared_on_the_server():
    from samhandling.accounts.models import User

    for _ in range(7):
        list(User.objects.filter(username="nobody-by-this-name"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ['%"accounts_user"%'])
        assert cursor.fetchone()[0] >= 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_statement_gone_stale_by_a_migration_fails_once_then_the_connection_is_renewed():
    import psycopg
    from django.db import NotSupportedError, close_old_connections

    settings_dict = connection.settings_dict
    select = "SELECT id, name FROM core_test_stale_plan WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE core_test_stale_plan (id integer, name varchar(10))")
        cursor.execute("INSERT INTO core_test_stale_plan VALUES (1, 'a')")
        for _ in range(7):  # prepared after the fifth use
            cursor.execute(select, [1])
    # Another node's deploy step widens the column, as a migration that raises a length limit does.
    with psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,
    ) as other:
        other.execute("ALTER TABLE core_test_stale_plan ALTER COLUMN name TYPE varchar(20)")
    try:
        with pytest.raises(NotSupportedError), connection.cursor() as cursor:
            cursor.execute(select, [1])
        close_old_connections()  # what the end of the request does
        with connection.cursor() as cursor:
            cursor.execute(select, [1])
            assert cursor.fetchall() == [(1, "a")]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE core_test_stale_plan")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the guard is installed on PostgreSQL connections")
def test_the_guard_survives_a_wrapper_block_in_which_the_connection_was_opened():
    from samhandling.core.db import renew_after_stale_plan

    def count(execute, sql, params, many, context):
        return execute(sql, params, many, context)

    connection.close()
    with connection.execute_wrapper(count), connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # opens the connection inside the block
    assert connection.execute_wrappers == [renew_after_stale_plan]
