import datetime

from django.db import migrations


def load(apps, schema_editor):
    """The first rule: 90 days without a login (issue 16). Idempotent, also re-run by core.testing."""
    rule = apps.get_model("organisations", "LoginInactivityRule")
    rule.objects.get_or_create(
        valid_from=datetime.date(2020, 1, 1),
        defaults={"days": 90, "source": "Issue 16: users without a login for 90 days are to be ended."},
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0009_login_inactivity_rule")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
