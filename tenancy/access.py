"""Who may see which page in the admin: the one rule the tenancy guard applies to every page-scoped URL.

Invariants:
- A non-superuser may open a page-scoped admin screen only for a page inside a subtree where they
  hold a page permission (an OMS editor: their OMS's profile page and below; communications staff:
  the story index and below), or for a page whose current workflow task lets them into the editor
  (a provincial moderator reviewing a launch in their province, a reviewer of a story in review).
- Nothing else about the page is read to decide, and the answer never depends on the page's title,
  owner or state beyond its place in the tree and its current task: the refusal says nothing.
- Ids that name a page's own records (revisions, workflow states, task states) must belong to that
  page: a URL pairing one page with another page's record is refused, whoever asks.
"""
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy


def permitted_paths(user):
    """Tree paths of the pages on which ``user`` holds a page permission (cached per request by Wagtail)."""
    return {perm.page.path for perm in PagePermissionPolicy().get_cached_permissions_for_user(user)}


def may_see_page(user, page):
    """True when ``user`` may open an admin screen about ``page`` (see the module's invariants)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if any(page.path.startswith(path) for path in permitted_paths(user)):
        return True
    # A reviewer of the page's current task (Wagtail's own test for "may open the editor").
    task = page.specific_deferred.current_workflow_task
    return bool(task and task.user_can_access_editor(page.specific_deferred, user))


def _page_content_type():
    return ContentType.objects.get_for_model(Page)


def belongs_to_page(page, name, value):
    """True when the record ``value`` named by the URL argument ``name`` is one of ``page``'s own."""
    object_id = str(page.pk)
    base = _page_content_type()
    if name in ("revision_id", "revision_id_a", "revision_id_b"):
        if not str(value).isdigit():  # "live", "latest", "earliest" in the compare view
            return True
        return Revision.objects.filter(pk=value, base_content_type=base, object_id=object_id).exists()
    if name == "task_state_id":
        return TaskState.objects.filter(pk=value, workflow_state__base_content_type=base,
                                        workflow_state__object_id=object_id).exists()
    if name == "workflow_state_id":
        return WorkflowState.objects.filter(pk=value, base_content_type=base, object_id=object_id).exists()
    return True
