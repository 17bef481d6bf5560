"""Reference data: the opgaven and maatregelen of Overzicht 1 of the handreiking."""

from django.db import migrations

from prestatieafspraken import catalogus


def load(apps, schema_editor):
    catalogus.laad(
        apps.get_model("prestatieafspraken", "Opgave"),
        apps.get_model("prestatieafspraken", "Maatregel"),
    )


class Migration(migrations.Migration):
    dependencies = [("prestatieafspraken", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
