"""Load the official province, kabupaten/kota and kecamatan codes (regions/data, ODbL)."""
from django.db import migrations


def load(apps, schema_editor):
    from regions.loader import load_regions

    load_regions(apps.get_model("regions", "Province"), apps.get_model("regions", "Regency"),
                 apps.get_model("regions", "District"))


def unload(apps, schema_editor):
    for name in ("District", "Regency", "Province"):
        apps.get_model("regions", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
