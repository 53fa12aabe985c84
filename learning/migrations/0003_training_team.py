"""The training team group ("Tim Pelatihan") and the training portal's review workflow.

- the group: admin access, submitting translations, images and documents in the root collection;
  add/edit/publish/lock on every training portal index that exists (new ones: ``learning.roles``);
- the workflow "Tinjauan materi pelatihan": one group approval task for the training team,
  assigned to every training portal index (its courses, modules and lessons inherit it).

Names are data: admins may rename them. Running it again creates nothing twice.
"""
from django.db import migrations

TRAINING_GROUP = "Tim Pelatihan"
TRAINING_WORKFLOW = "Tinjauan materi pelatihan"
TRAINING_TASK = "Tinjauan tim pelatihan"
PORTAL_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (("wagtailimages", "image", ("add_image", "change_image", "choose_image")),
                          ("wagtaildocs", "document", ("add_document", "change_document", "choose_document")))


def set_up(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    LearningIndexPage = apps.get_model("learning", "LearningIndexPage")

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    def permission(app_label, model, codename):
        return Permission.objects.get_or_create(content_type=content_type(app_label, model), codename=codename,
                                                defaults={"name": codename.replace("_", " ").capitalize()})[0]

    group, _created = Group.objects.get_or_create(name=TRAINING_GROUP)
    group.permissions.add(permission("wagtailadmin", "admin", "access_admin"),
                          permission("wagtail_localize", "translation", "submit_translation"))
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model, codenames in COLLECTION_PERMISSIONS:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission(app_label, model, codename))

    workflow = Workflow.objects.filter(name=TRAINING_WORKFLOW).first()
    if workflow is None:
        task = GroupApprovalTask.objects.create(
            name=TRAINING_TASK, active=True, content_type=content_type("wagtailcore", "groupapprovaltask"))
        task.groups.add(group)
        workflow = Workflow.objects.create(name=TRAINING_WORKFLOW, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page_id in LearningIndexPage.objects.values_list("pk", flat=True):
        for codename in PORTAL_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission=permission("wagtailcore", "page", codename))
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow_id": workflow.pk})


class Migration(migrations.Migration):

    dependencies = [
        ("learning", "0002_alter_lessonpage_body"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(set_up, migrations.RunPython.noop)]
