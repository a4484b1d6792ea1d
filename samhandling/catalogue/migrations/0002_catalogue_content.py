"""The strategy's own description field, then the catalogue content from data/catalogue.json."""

from django.db import migrations, models


def load(apps, schema_editor):
    from samhandling.catalogue.loader import load_catalogue

    models_ = [apps.get_model("catalogue", n) for n in ["Strategy", "PriorityArea", "SubArea", "Factor", "Method"]]
    load_catalogue(*models_, apps.get_model("organisations", "District"), apps.get_model("organisations", "Committee"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial"), ("organisations", "0002_reference_data")]
    operations = [
        migrations.AddField(
            model_name="strategy",
            name="description",
            field=models.TextField(blank=True, verbose_name="description"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
