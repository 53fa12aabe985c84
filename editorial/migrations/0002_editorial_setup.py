"""The editorial set-up every database starts with.

- the "Komunikasi" group (communications staff): admin access, submitting translations, images;
  add/edit/publish/lock on every story index;
- the story review workflow: one group approval task for "Komunikasi", assigned to the story type;
- the campaign launch workflow: one provincial network approval task, assigned to the campaign
  type and to every campaign page that already exists.

Names are data: admins may rename them. Running it again creates nothing twice.
"""
from django.db import migrations

COMMUNICATIONS_GROUP = "Komunikasi"
STORY_WORKFLOW = "Tinjauan cerita perubahan"
STORY_TASK = "Tinjauan tim komunikasi"
CAMPAIGN_WORKFLOW = "Persetujuan peluncuran kampanye"
CAMPAIGN_TASK = "Persetujuan moderator jejaring provinsi"
STORY_INDEX_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


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
    ProvincialTask = apps.get_model("editorial", "ProvincialModeratorApprovalTask")
    PageTypeWorkflow = apps.get_model("editorial", "PageTypeWorkflow")
    CampaignPage = apps.get_model("campaigns", "CampaignPage")
    StoryIndexPage = apps.get_model("stories", "StoryIndexPage")

    def content_type(app_label, model):
        return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]

    def permission(app_label, model, codename):
        return Permission.objects.get_or_create(content_type=content_type(app_label, model), codename=codename,
                                                defaults={"name": codename.replace("_", " ").capitalize()})[0]

    group, _created = Group.objects.get_or_create(name=COMMUNICATIONS_GROUP)
    group.permissions.add(permission("wagtailadmin", "admin", "access_admin"),
                          permission("wagtail_localize", "translation", "submit_translation"))
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for codename in IMAGE_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission("wagtailimages", "image", codename))
    for page_id in StoryIndexPage.objects.values_list("pk", flat=True):
        for codename in STORY_INDEX_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission=permission("wagtailcore", "page", codename))

    def workflow(name, task):
        flow = Workflow.objects.create(name=name, active=True)
        WorkflowTask.objects.create(workflow=flow, task=task, sort_order=0)
        return flow

    story_type = content_type("stories", "storypage")
    if not PageTypeWorkflow.objects.filter(content_type=story_type).exists():
        task = GroupApprovalTask.objects.create(
            name=STORY_TASK, active=True, content_type=content_type("wagtailcore", "groupapprovaltask"))
        task.groups.add(group)
        PageTypeWorkflow.objects.create(content_type=story_type, workflow=workflow(STORY_WORKFLOW, task))

    campaign_type = content_type("campaigns", "campaignpage")
    row = PageTypeWorkflow.objects.filter(content_type=campaign_type).first()
    if row is None:
        task = ProvincialTask.objects.create(
            name=CAMPAIGN_TASK, active=True,
            content_type=content_type("editorial", "provincialmoderatorapprovaltask"))
        row = PageTypeWorkflow.objects.create(content_type=campaign_type, workflow=workflow(CAMPAIGN_WORKFLOW, task))
    for page_id in CampaignPage.objects.values_list("pk", flat=True):
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow_id": row.workflow_id})


class Migration(migrations.Migration):

    dependencies = [
        ("editorial", "0001_initial"),
        ("stories", "0002_story_shape"),
        ("campaigns", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(set_up, migrations.RunPython.noop)]
