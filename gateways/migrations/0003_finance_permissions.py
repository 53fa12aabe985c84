"""National finance ("Keuangan Nasional") may see the gateways' notifications and queue failed ones again."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Keuangan Nasional"
CODENAMES = ["view_inboxitem", "change_inboxitem", "view_gatewaytransaction"]


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("gateways")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="gateways", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("gateways", "0002_inbox"),
        ("finance", "0002_initial_fee_and_finance_group"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
