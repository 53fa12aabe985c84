"""Which workflow a page goes through, and what happens when it is approved.

Stories read their workflow from their type (``PageTypeWorkflowMixin``). Campaign pages live in
the ``campaigns`` app; each gets a ``WorkflowPage`` row for the launch workflow when it is created,
which is Wagtail's own per-page assignment and needs nothing from the campaign model.
"""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType


def workflow_for_type(model):
    """The active workflow assigned to a page type, or None."""
    from .models import PageTypeWorkflow

    content_type = ContentType.objects.get_for_model(model)
    row = PageTypeWorkflow.objects.select_related("workflow").filter(content_type=content_type).first()
    if row is None or not row.workflow.active:
        return None
    return row.workflow


class PageTypeWorkflowMixin:
    """A page whose workflow is its type's (see ``PageTypeWorkflow``), else Wagtail's tree assignment."""

    def get_workflow(self):
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return None
        if "_type_workflow" not in self.__dict__:
            self.__dict__["_type_workflow"] = workflow_for_type(type(self))
        return self.__dict__["_type_workflow"] or super().get_workflow()

    @property
    def has_workflow(self):
        # Wagtail's looks for a WorkflowPage up the tree only.
        return self.get_workflow() is not None


def workflow_of(page):
    """The workflow of a page, also for a page not saved yet (the create view)."""
    if page.pk is None:
        return workflow_for_type(type(page))
    return page.get_workflow()


def assign_type_workflow(page):
    """Give ``page`` its type's workflow as a ``WorkflowPage`` row (once; an admin's choice stays)."""
    from wagtail.models import WorkflowPage

    workflow = workflow_for_type(type(page))
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page_id=page.pk, defaults={"workflow": workflow})


def publish_workflow_state(workflow_state, user=None):
    """``WAGTAIL_FINISH_WORKFLOW_ACTION``: publish the revision that was approved.

    The approval is the permission: a provincial moderator or a communications reviewer publishes
    what they approved although they hold no publish permission on the OMS's pages. Wagtail's own
    action checks that permission and would refuse. Wagtail publishes the latest revision; an
    editor may have added one after the reviewers looked, so the gate's ``approved_revision`` is
    published instead (editorial/gate.py).
    """
    from .gate import approved_revision

    approved_revision(workflow_state).publish(user=user, skip_permission_checks=True)
