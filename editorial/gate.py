"""The publish gate: no story or unlaunched campaign goes live with content nobody approved.

Invariants kept here, whatever the door (the admin's views, the admin API's publish, copy, revert,
convert-alias and move actions, bulk actions, scheduled publishing, wagtail-localize's sync,
management commands):

1. A page of a reviewed type (``publishing.requires_review``: every story, a campaign until its
   launch), read from the database and not from the instance being saved, becomes live or changes
   its live revision only when one of these holds:

   a. the revision going live is the one its workflow approved: an approved ``WorkflowState`` of
      the page whose last task state approved exactly that revision;
   b. the revision was scheduled (``approved_go_live_at``), which passed this gate when it was set;
   c. the request's user is a superuser or one of the page's reviewers (publishing is then their
      review; Wagtail logs it);
   d. trusted code opened ``publishing_without_review(reason)`` (demo data, test fixtures). Every
      request closes it, so no view inherits it.

   Otherwise an existing page's publication raises ``ReviewRequired`` (a 403), and a new page
   created live (a copy with ``keep_live``, an alias, code) is saved as a draft instead.
2. What goes live after approval is the revision the reviewers approved (``approved_revision``),
   never a later one.
3. A revision added while a page is in review restarts the review on it (``restart_review``) unless
   one of the page's reviewers made it, in which case their change is what they are approving.

The permission tester (``ReviewGatedPermissionTester``) applies rule 1c earlier, so Wagtail's views
and API refuse cleanly (no publish button, a 403) instead of failing at save.
"""
import contextlib
import contextvars
import logging

from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext
from wagtail.models import Page, PagePermissionTester, Revision, TaskState, WorkflowState

from .publishing import direct_publish_refusal, is_reviewer_of

logger = logging.getLogger(__name__)

#: The request being served in this context (set by ``ReviewGateMiddleware``).
_request = contextvars.ContextVar("lokadaya_publish_gate_request", default=None)
#: Why trusted code publishes without review here, or None.
_permit = contextvars.ContextVar("lokadaya_publish_gate_permit", default=None)


class ReviewRequired(PermissionDenied):
    """A page of a reviewed type was about to go live without an approved review."""

    def __init__(self, page):
        super().__init__(gettext("“%(title)s” goes live only after it has been reviewed and approved.")
                         % {"title": page.title})


@contextlib.contextmanager
def publishing_without_review(reason):
    """Let trusted code (demo data, fixtures) publish reviewed pages directly; ``reason`` is logged."""
    token = _permit.set(reason)
    try:
        yield
    finally:
        _permit.reset(token)


@contextlib.contextmanager
def enforcing_review():
    """Close any permit of the surrounding code (every request does; tests of the gate too)."""
    token = _permit.set(None)
    try:
        yield
    finally:
        _permit.reset(token)


class ReviewGateMiddleware:
    """Remember the request for the gate; no permit of the surrounding code reaches a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            with enforcing_review():
                return self.get_response(request)
        finally:
            _request.reset(token)


def acting_user():
    """The signed-in user of the request being served, or None (worker, command, no request)."""
    request = _request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class ReviewGatedPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, without "publish" where the page must be reviewed first."""

    def can_publish(self):
        return super().can_publish() and direct_publish_refusal(self.page, self.user) is None


class ReviewGatedPage:
    """Mixin for page types that go through review: their permissions come from the gate."""

    def permissions_for_user(self, user):
        return ReviewGatedPermissionTester(user, self)


# -- the rule ------------------------------------------------------------------------------------

def needs_review_now(page):
    """``requires_review`` read from the database: the instance may already say "first published"."""
    from campaigns.models import CampaignPage
    from stories.models import StoryPage

    if isinstance(page, StoryPage):
        return True
    if isinstance(page, CampaignPage):
        from wagtail.models import Locale

        launched = (CampaignPage.objects.filter(translation_key=page.translation_key, locale=Locale.get_default())
                    .values_list("first_published_at", flat=True).first())
        return launched is None
    return False


def is_approved(page, revision):
    """Did the page's workflow approve exactly ``revision`` (rule 1a)?"""
    return WorkflowState.objects.filter(
        base_content_type_id=_page_content_type_id(),
        object_id=str(page.pk), status=WorkflowState.STATUS_APPROVED,
        current_task_state__status=TaskState.STATUS_APPROVED, current_task_state__revision_id=revision.pk,
    ).exists()


def _page_content_type_id():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Page).pk


def _waiver(page):
    """Rules 1c and 1d: who or what may publish ``page`` without an approved workflow, or None."""
    reason = _permit.get()
    if reason:
        return reason
    user = acting_user()
    if user is not None and (user.is_superuser or (page.pk and is_reviewer_of(page, user))):
        return f"user {user.pk}"
    return None


def _goes_live(page, update_fields):
    """Is this save making ``page`` live, or changing its live revision?"""
    if not page.live:
        return False
    if update_fields is not None and not {"live", "live_revision", "live_revision_id"} & set(update_fields):
        return False
    if page.pk is None:
        return True
    row = Page.objects.filter(pk=page.pk).values("live", "live_revision_id").first()
    return row is None or not row["live"] or row["live_revision_id"] != page.live_revision_id


def _converted_alias(page, update_fields):
    """Is this save turning an alias into a page of its own (which then publishes its own revision)?"""
    if page.pk is None or page.alias_of_id is not None:
        return False
    if update_fields is not None and not {"alias_of", "alias_of_id"} & set(update_fields):
        return False
    return Page.objects.filter(pk=page.pk, alias_of__isnull=False).exists()


def _alias_of_live_page(page):
    """An alias shows its source's content, which passed this gate when the source went live."""
    return page.alias_of_id is not None and Page.objects.filter(pk=page.alias_of_id, live=True).exists()


def _never_published(page):
    return not Page.objects.filter(pk=page.pk, first_published_at__isnull=False).exists()


def gate_page_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """``pre_save`` of every page model: rule 1."""
    if raw or not isinstance(instance, ReviewGatedPage):
        return
    if not instance.live and instance.pk and instance.first_published_at and _never_published(instance):
        # A draft that never went live (a copy demoted below) is not "first published": its
        # launch is still ahead of it, and still needs its review.
        instance.first_published_at = instance.last_published_at = None
        instance.live_revision = None
        return
    if _converted_alias(instance, update_fields) and needs_review_now(instance) and not _waiver(instance):
        raise ReviewRequired(instance)
    if not _goes_live(instance, update_fields):
        return
    if not needs_review_now(instance) or _alias_of_live_page(instance):
        return
    revision = instance.live_revision if instance.live_revision_id else None
    if revision is not None and (is_approved(instance, revision) or revision.approved_go_live_at):
        return
    waiver = _waiver(instance)
    if waiver:
        logger.info("Published without workflow approval: page %s (%s)", instance.pk, waiver)
        return
    if instance.pk is None:
        # A new page made live (a copy keeping its state, code): it starts as a draft instead.
        instance.live = False
        instance.has_unpublished_changes = True
        instance.live_revision = None
        instance.first_published_at = instance.last_published_at = None
        return
    raise ReviewRequired(instance)


def gate_scheduling(sender, instance, raw=False, update_fields=None, **kwargs):
    """``pre_save`` of revisions: scheduling a publication is publishing (rule 1b's premise)."""
    if raw or instance.approved_go_live_at is None or instance.pk is None:
        return
    if instance.base_content_type_id != _page_content_type_id():
        return
    if Revision.objects.filter(pk=instance.pk, approved_go_live_at__isnull=False).exists():
        return
    page = Page.objects.filter(pk=instance.object_id).first()
    page = page.specific_deferred if page is not None else None
    if page is None or not isinstance(page, ReviewGatedPage) or not needs_review_now(page):
        return
    if is_approved(page, instance) or _waiver(page):
        return
    raise ReviewRequired(page)


def approved_revision(workflow_state):
    """The revision the workflow's last task approved: what goes live (rule 2)."""
    task_state = workflow_state.current_task_state
    if task_state is None or task_state.revision_id is None:
        return workflow_state.content_object.get_latest_revision()
    return task_state.revision


def restart_review(sender, instance, created, raw=False, **kwargs):
    """``post_save`` of revisions: rule 3."""
    if not created or raw or instance.base_content_type_id != _page_content_type_id():
        return
    state = (WorkflowState.objects.select_related("current_task_state")
             .filter(base_content_type_id=instance.base_content_type_id, object_id=instance.object_id,
                     status=WorkflowState.STATUS_IN_PROGRESS).first())
    task_state = state.current_task_state if state is not None else None
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return
    if task_state.revision_id == instance.pk:
        return
    user = acting_user()
    page = Page.objects.get(pk=instance.object_id).specific_deferred
    if user is not None and task_state.task.specific.get_actions(page, user):
        # A reviewer's own change: it is part of what they approve.
        TaskState.objects.filter(pk=task_state.pk).update(revision=instance)
        return
    logger.info("Page %s changed during review: the review restarts on revision %s", page.pk, instance.pk)
    task_state.specific.cancel(
        user=user, comment=gettext("Changed during review: the review starts again on the new version."))
    # The restarted task took the page's ``latest_revision``, which ``save_revision`` updates only
    # after this signal: point it at the new revision.
    state.refresh_from_db(fields=["current_task_state"])
    TaskState.objects.filter(pk=state.current_task_state_id, status=TaskState.STATUS_IN_PROGRESS).update(
        revision=instance)


def connect():
    """Connect the gate to every page model and to revisions (``EditorialConfig.ready``)."""
    pre_save.connect(gate_page_save, dispatch_uid="lokadaya_publish_gate_pages")
    pre_save.connect(gate_scheduling, sender=Revision, dispatch_uid="lokadaya_publish_gate_scheduling")
    post_save.connect(restart_review, sender=Revision, dispatch_uid="lokadaya_publish_gate_restart")

