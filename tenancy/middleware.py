"""One guard in front of whole families of Wagtail admin views, so that a new view of a family is covered too.

Wagtail's page views each check a permission, but several name the page before (or instead of)
refusing: the workflow preview's "The page '<title>' is not currently awaiting moderation in task
...", the workflow action views' "not currently awaiting moderation" message, the cancellation
confirmation (which task and workflow the page is at). And a workflow action URL pairs a page id
with a task state id that Wagtail never checks belongs to that page. Rather than patch each view,
this middleware decides from the URL alone, before any view runs.

Invariants (for non-superusers; ``tenancy.access`` states the rule):
- Every admin URL that names a page (any URL argument in ``PAGE_ARGUMENTS``, or ``pk`` under the
  ``wagtailadmin_pages`` namespace) answers only when the user may see that page
  (``tenancy.access.may_see_page``); otherwise it answers Wagtail's generic refusal (back to the
  dashboard with "Sorry, you do not have permission to access this area.", or 403 to an XHR),
  which names nothing. ``EXEMPT_URL_NAMES`` are the views that also show the live tree (the
  explorer sends a user back to their own subtree; the page chooser is narrowed by
  ``partners.wagtail_hooks``): there the page must be live or one the user may see.
- Revision, workflow state and task state ids in such a URL belong to the page it names, for
  everyone (superusers included: a mismatch is never a legitimate request).
- The site-wide reports in ``SITE_WIDE_REPORTS`` (counts and latest edits over every OMS's pages)
  answer superusers only; ``tenancy.wagtail_hooks`` hides their menu entries from everyone else.
- Anonymous requests pass through untouched: Wagtail's own ``require_admin_access`` sends them to
  the login page, which says nothing either.
"""
from django.urls import reverse
from wagtail.admin.auth import permission_denied
from wagtail.models import Page

from .access import belongs_to_page, may_see_page

#: URL arguments that name a page, in Wagtail's admin and in ours.
PAGE_ARGUMENTS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
#: Arguments that name one of a page's own records; checked against the page.
PAGE_RECORD_ARGUMENTS = ("revision_id", "revision_id_a", "revision_id_b", "task_state_id", "workflow_state_id")
#: Views that show the live tree to anyone (and narrow themselves): they need the page to be live or visible.
EXEMPT_URL_NAMES = {"wagtailadmin_explore", "wagtailadmin_explore_results", "wagtailadmin_choose_page_child"}
#: Reports over every OMS's pages and people: national admins only. The page-types report names the
#: page edited last anywhere; the site history lists every model change an editor's model permissions
#: reach (images, documents...) and offers every actor of those as a filter, other OMS's editors included.
SITE_WIDE_REPORTS = {"wagtailadmin_reports:page_types_usage", "wagtailadmin_reports:page_types_usage_results",
                     "wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"}


class AdminTenancyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def __call__(self, request):
        return self.get_response(request)

    @property
    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("wagtailadmin_home")
        return self._admin_prefix

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(self.admin_prefix):
            return None
        match = request.resolver_match
        user = getattr(request, "user", None)
        if match is None or user is None or not user.is_authenticated:
            return None
        if match.view_name in SITE_WIDE_REPORTS and not user.is_superuser:
            return permission_denied(request)
        pages = self._named_pages(match, view_kwargs)
        if not pages:
            return None  # names no page, or no such page: the view answers its own 404, which names nothing
        if match.view_name in EXEMPT_URL_NAMES:
            # These show live pages to anyone; a draft they may not see is still not theirs to name.
            visible = all(page.live or may_see_page(user, page) for page in pages)
        else:
            visible = all(may_see_page(user, page) for page in pages)
        if not user.is_superuser and not visible:
            return permission_denied(request)
        # The first page named is the one the view is about (a move names its destination second).
        for name in PAGE_RECORD_ARGUMENTS:
            if name in view_kwargs and not belongs_to_page(pages[0], name, view_kwargs[name]):
                return permission_denied(request)
        return None

    @staticmethod
    def _named_pages(match, view_kwargs):
        """The pages the URL names, in PAGE_ARGUMENTS order; empty if it names none or one does not exist."""
        names = [name for name in PAGE_ARGUMENTS if name in view_kwargs]
        if "pk" in view_kwargs and "wagtailadmin_pages" in match.namespaces:
            names.append("pk")
        pages = []
        for name in names:
            try:
                page = Page.objects.filter(pk=int(view_kwargs[name])).first()
            except (TypeError, ValueError):
                return []
            if page is None:
                return []
            pages.append(page)
        return pages
