"""The training team (group "Tim Pelatihan", coordinated by name with learning) manages packages."""
from django.db import migrations

TRAINING_GROUP = "Tim Pelatihan"
PERMISSIONS = {"add_package": "Can add e-learning package", "change_package": "Can change e-learning package",
               "delete_package": "Can delete e-learning package", "view_package": "Can view e-learning package"}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, created = Group.objects.get_or_create(name=TRAINING_GROUP)
    if created:
        access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()
        if access is not None:
            group.permissions.add(access)
    content_type, _ = ContentType.objects.get_or_create(app_label="elearning", model="package")
    for codename, name in PERMISSIONS.items():
        permission, _ = Permission.objects.get_or_create(content_type=content_type, codename=codename,
                                                         defaults={"name": name})
        group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ("elearning", "0002_attempts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
