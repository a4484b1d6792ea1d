"""Test support: record which URL patterns the test suite requested."""

REQUESTED_ROUTES: set[str] = set()


class UrlCoverageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None:
            REQUESTED_ROUTES.add(match.route)
        return response


# Data migrations whose content every database must have (reference data, catalogue, rules).
DATA_MIGRATIONS = [
    ("organisations", "0002_reference_data"),
    ("organisations", "0010_login_inactivity_rule_data"),
    ("catalogue", "0002_catalogue_content"),
    ("cases", "0002_rules"),
    ("cases", "0005_retention_exception_data"),
    ("cases", "0006_lifecycle_schema"),
    ("cases", "0008_leaks_access_data"),
    ("collaboration", "0002_rules"),
    ("collaboration", "0005_consent_notices_member_removal"),
    ("welfare", "0002_rules_and_checklist"),
    ("defectors", "0002_rules"),
    ("defectors", "0006_needs_investigation"),
]


def ensure_migration_data() -> None:
    """Re-run the idempotent data migrations when their tables have been emptied.

    Transactional tests (browser tests with live_server) end with a flush of every table, and
    pytest-django's serialized rollback does not reliably restore the data that migrations
    loaded (seen with pytest-django 4.14 on PostgreSQL). The loaders are idempotent, so the
    check is cheap when the data is there.
    """
    from importlib import import_module

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.operations.special import RunPython

    from samhandling.organisations.models import District

    if District.objects.exists():
        return
    with connection.schema_editor(atomic=True) as schema_editor:
        for app_label, name in DATA_MIGRATIONS:
            migration = import_module(f"samhandling.{app_label}.migrations.{name}").Migration
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, schema_editor)
