"""Load the 17 Sustainable Development Goals."""
from django.db import migrations


def load(apps, schema_editor):
    from sdgs.loader import load_goals

    load_goals(apps.get_model("sdgs", "SDG"))


class Migration(migrations.Migration):
    dependencies = [("sdgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
