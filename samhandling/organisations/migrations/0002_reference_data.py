from django.db import migrations


def load(apps, schema_editor):
    from samhandling.organisations.reference import load_reference_data

    names = ["District", "Neighbourhood", "Committee", "Administration", "Agency", "PoliceArea"]
    load_reference_data(*(apps.get_model("organisations", n) for n in names))


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
