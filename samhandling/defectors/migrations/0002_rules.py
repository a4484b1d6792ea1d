from django.db import migrations

from samhandling.defectors import rules


def load(apps, schema_editor):
    rules.load(apps.get_model("defectors", "FirstContactRule"))


class Migration(migrations.Migration):
    dependencies = [("defectors", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
