"""Communications staff's files: choose any image, change only their own (issue 11, finding 5).

Before: the "Komunikasi" group had add/change/choose image on the root collection, and Wagtail
treats "change" as "delete", so communications staff could delete any OMS's photos. After:

- "choose image" on the root collection: they may still pick any image for a national story;
- a "Komunikasi" collection under the root where they add, change and choose images and documents;
- no other image or document permission (they see no OMS's documents);
- images they uploaded into the root collection move to their collection, so they keep editing them.

Running it again changes nothing.
"""
from django.db import migrations

GROUP = "Komunikasi"
COLLECTION = "Komunikasi"
EVERYWHERE = (("wagtailimages", "image", "choose_image"),)
OWN = (
    ("wagtailimages", "image", "add_image"), ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"), ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4  # treebeard's steplen for Wagtail's collections


def _step(number):
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEP, "0")


def _child(Collection, parent, name):
    """``parent``'s child called ``name``, added by hand: historical models have no treebeard methods."""
    children = Collection.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
    existing = children.filter(name=name).first()
    if existing is not None:
        return existing
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-STEP:], len(ALPHABET)) + 1 if last else 1
    child = Collection.objects.create(name=name, depth=parent.depth + 1, path=parent.path + _step(number),
                                      numchild=0)
    Collection.objects.filter(pk=parent.pk).update(numchild=children.count())
    return child


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Image = apps.get_model("wagtailimages", "Image")

    root = Collection.objects.filter(depth=1).first()
    group = Group.objects.filter(name=GROUP).first()
    if root is None or group is None:
        return

    def permission(app_label, model, codename):
        content_type = ContentType.objects.get_or_create(app_label=app_label, model=model)[0]
        return Permission.objects.get_or_create(content_type=content_type, codename=codename,
                                                defaults={"name": codename.replace("_", " ").capitalize()})[0]

    own = _child(Collection, root, COLLECTION)
    file_permissions = GroupCollectionPermission.objects.filter(
        group=group, permission__content_type__app_label__in=["wagtailimages", "wagtaildocs"])
    keep = [(root.pk, permission(*spec).pk) for spec in EVERYWHERE] + [(own.pk, permission(*spec).pk) for spec in OWN]
    for row in file_permissions:
        if (row.collection_id, row.permission_id) not in keep:
            row.delete()
    for collection_id, permission_id in keep:
        GroupCollectionPermission.objects.get_or_create(group=group, collection_id=collection_id,
                                                        permission_id=permission_id)
    Image.objects.filter(collection=root, uploaded_by_user__groups=group).update(collection=own)


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0004_verified_status_from_flag"),
        ("editorial", "0002_editorial_setup"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
