from django.db import migrations

from samhandling.collaboration import rules


def load(apps, schema_editor):
    rules.load(apps.get_model("collaboration", "ForumRule"), apps.get_model("collaboration", "LegalBasis"))


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
