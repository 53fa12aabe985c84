"""The initial management fee (5%) and the "National finance" group with its permissions."""
import datetime
from decimal import Decimal

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Keuangan Nasional"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("finance", "feesetting", "add_feesetting"),
    ("finance", "feesetting", "view_feesetting"),
    ("finance", "disbursement", "add_disbursement"),
    ("finance", "disbursement", "view_disbursement"),
    ("finance", "ledgerentry", "view_ledgerentry"),
]


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    FeeSetting = apps.get_model("finance", "FeeSetting")
    if not FeeSetting.objects.exists():
        FeeSetting.objects.create(percentage=Decimal("5.00"), note="Initial setting",
                                  effective_from=datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc))
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, model, codename in PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission:
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
