"""National finance ("Keuangan Nasional") reviews and resolves money flags."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Keuangan Nasional"
CODENAMES = ["view_moneyflag", "change_moneyflag"]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("finance")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="finance", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("finance", "0003_moneyflag")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
