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
