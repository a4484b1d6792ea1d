from django.db import migrations


def load(apps, schema_editor):
    from samhandling.welfare.rules_data import load as load_rules

    load_rules(apps.get_model("welfare", "CheckCriterion"), apps.get_model("welfare", "FlagRule"))


class Migration(migrations.Migration):
    dependencies = [("welfare", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
