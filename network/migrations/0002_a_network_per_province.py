"""A provincial network for each of the 38 provinces (Jejaring Lokadaya Provinsi <name>)."""
from django.db import migrations


def create(apps, schema_editor):
    Province = apps.get_model("regions", "Province")
    ProvincialNetwork = apps.get_model("network", "ProvincialNetwork")
    for province in Province.objects.all():
        ProvincialNetwork.objects.get_or_create(
            province=province, defaults={"name": f"Jejaring Lokadaya Provinsi {province.name}"})


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial"), ("regions", "0002_load_regions")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
