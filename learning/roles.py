"""The training team ("Tim Pelatihan"): they write, review and publish the training portal's pages.

Invariants:
- The group is created by migration (``0003_training_team``) with admin access, submitting
  translations, and images and documents (lesson pictures and materials) in the root collection.
- Its page permissions sit on every training portal index (``LearningIndexPage``, each language),
  so they reach courses, modules, lessons and the portal's events and library; nothing else of the
  site. Provincial moderators and OMS editors hold no permission there.
- Every portal index is assigned the training review workflow (one group approval task for the
  training team): an edit is submitted for review and published when a reviewer approves it.
"""
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage

TRAINING_GROUP = "Tim Pelatihan"
TRAINING_WORKFLOW = "Tinjauan materi pelatihan"
TRAINING_TASK = "Tinjauan tim pelatihan"
PORTAL_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def training_group():
    group, _created = Group.objects.get_or_create(name=TRAINING_GROUP)
    return group


def training_workflow():
    """The review workflow of the portal (made by the migration; recreated if an admin deleted it)."""
    workflow = Workflow.objects.filter(name=TRAINING_WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=TRAINING_WORKFLOW, active=True)
        task = GroupApprovalTask.objects.create(name=TRAINING_TASK, active=True)
        task.groups.add(training_group())
        workflow.workflow_tasks.create(task=task, sort_order=0)
    return workflow


def set_up_portal_index(page):
    """A new portal index: the training team's permissions and the review workflow (once each)."""
    group = training_group()
    for codename in PORTAL_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(group=group, page_id=page.pk, permission=permission)
    WorkflowPage.objects.get_or_create(page_id=page.pk, defaults={"workflow": training_workflow()})
