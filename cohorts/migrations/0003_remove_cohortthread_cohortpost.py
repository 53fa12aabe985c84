"""The cohorts' own threads are gone: their discussions live in the cohort's forum space (0002 moved them)."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0002_threads_to_forums")]
    operations = [
        migrations.DeleteModel(name="CohortPost"),
        migrations.DeleteModel(name="CohortThread"),
    ]
