"""Provincial moderators may add, change and publish events below an existing events index."""
from django.db import migrations

MODERATOR_GROUP = "Moderator Jejaring Provinsi"  # network.roles.MODERATOR_GROUP
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    EventIndexPage = apps.get_model("events", "EventIndexPage")
    indexes = list(EventIndexPage.objects.values_list("pk", flat=True))
    if not indexes:
        return  # events.roles grants it when the index is created
    group, created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    if created:  # as network.roles.moderator_group() makes it
        group.permissions.add(*Permission.objects.filter(content_type__app_label="wagtailadmin",
                                                         codename="access_admin"))
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.filter(codename=codename, content_type__app_label="wagtailcore").first()
        if permission is None:
            continue
        for pk in indexes:
            GroupPagePermission.objects.get_or_create(group=group, page_id=pk, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_eventindexpage_intro_eventpage_registration"),
        ("network", "0002_a_network_per_province"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
