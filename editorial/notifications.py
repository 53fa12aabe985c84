"""Reviewers hear of a submission by email; submitters hear the outcome.

Wagtail already mails the members of a group approval task's groups when a page reaches it, and
the submitter when the workflow is approved or changes are requested. This adds the same
submission email for the provincial approval task, to the moderators of the page's province.
Every email goes out once the transaction has committed: a rolled-back submission mails no one.
"""
import contextlib
import threading

from django.db import transaction
from wagtail.admin.mail import EmailNotificationMixin, Notifier
from wagtail.models import AbstractPage, TaskState

from .moderation import ProvincialModeratorApprovalTask


class ProvincialTaskSubmissionEmailNotifier(EmailNotificationMixin, Notifier):
    """Wagtail's "submitted for approval" email (its templates, the reader's language) to the moderators."""

    notification = "submitted"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and isinstance(
            instance.task.specific, ProvincialModeratorApprovalTask)

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["task"] = task_state.task.specific
        context["object"] = task_state.workflow_state.content_object
        context["model_name"] = context["object"]._meta.verbose_name
        if isinstance(context["object"], AbstractPage):
            context["page"] = context["object"].specific
        return context

    def get_recipient_users(self, task_state, **kwargs):
        triggering_user = kwargs.get("user")
        reviewers = task_state.task.specific.reviewers_for(task_state.workflow_state.content_object)
        if triggering_user is not None:
            reviewers = reviewers.exclude(pk=triggering_user.pk)
        return set(reviewers)


provincial_submission_notifier = ProvincialTaskSubmissionEmailNotifier()
_state = threading.local()


@contextlib.contextmanager
def reviewer_emails_muted():
    """Submit without mailing the moderators (demo content)."""
    previous = getattr(_state, "muted", False)
    _state.muted = True
    try:
        yield
    finally:
        _state.muted = previous


def notify_provincial_reviewers(sender, instance, user=None, **kwargs):
    """``task_submitted`` receiver: mail the province's moderators after commit."""
    if getattr(_state, "muted", False):
        return
    task_state_id = instance.pk

    def send():
        state = TaskState.objects.filter(pk=task_state_id).select_related("task").first()
        if state is not None and state.status == TaskState.STATUS_IN_PROGRESS:
            provincial_submission_notifier(instance=state, user=user)

    transaction.on_commit(send)
