"""Admin wiring of the editorial workflow: no way around a review, in any admin view.

The publish button is hidden where the rule forbids it, and every path that could still publish
(the create and edit views, wagtail-localize's translation editor, bulk publishing, copying with
"publish copies") is refused with a message. What the editor typed is saved as a draft first
(Wagtail saves the revision before it runs ``before_publish_page``), so nothing is lost.
"""
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem

from .publishing import direct_publish_refusal
from .workflows import PageTypeWorkflowMixin, workflow_of


def _page_of_menu(request, context):
    """The page the menu is for; in the create view, an unsaved page of the type being created."""
    page = context.get("page")
    if page is None and context.get("view") == "create" and request.resolver_match is not None:
        from django.apps import apps

        kwargs = request.resolver_match.kwargs
        try:
            model = apps.get_model(kwargs["content_type_app_name"], kwargs["content_type_model_name"])
        except (KeyError, LookupError):
            return None
        page = model()
    return page


@hooks.register("construct_page_action_menu")
def hide_direct_publish(menu_items, request, context):
    page = _page_of_menu(request, context)
    if page is None or request.user.is_superuser:
        return
    if direct_publish_refusal(page, request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


class TypeWorkflowSubmitMenuItem(SubmitForModerationMenuItem):
    """"Submit to <workflow>" naming the workflow the page really goes to: its type's, if it has one.

    Wagtail names the workflow of the parent page in the create view, and the parent of a story is
    an OMS's profile, which inherits the tree's default ("Moderators approval"), while the story
    goes to the communications review its type is assigned (``editorial.workflows``).
    """

    def __init__(self, workflow, order=None):
        super().__init__(order=order)
        self.workflow = workflow

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page is not None and page.pk else None
        if state is None or state.status != state.STATUS_NEEDS_CHANGES:  # "Resubmit to <task>" stays
            context["label"] = _("Submit to %(workflow_name)s") % {"workflow_name": self.workflow.name}
        return context


@hooks.register("construct_page_action_menu")
def name_the_type_workflow(menu_items, request, context):
    page = _page_of_menu(request, context)
    if page is None or not isinstance(page, PageTypeWorkflowMixin):
        return
    workflow = workflow_of(page)
    if workflow is None:
        return
    menu_items[:] = [TypeWorkflowSubmitMenuItem(workflow, order=item.order)
                     if item.name == "action-submit" and not isinstance(item, TypeWorkflowSubmitMenuItem) else item
                     for item in menu_items]


@hooks.register("before_publish_page")
def refuse_direct_publish(request, page):
    reason = direct_publish_refusal(page, request.user)
    if reason:
        if page.live and page.live_revision_id is None:
            # The create view adds the page as live before publishing it: keep it a draft.
            type(page).objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
        messages.error(request, reason)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_edit_page", order=-10)
def refuse_publishing_translation(request, page):
    """wagtail-localize's translation editor publishes with ``action=publish``, not through the edit view."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    reason = direct_publish_refusal(page, request.user)
    if reason:
        messages.error(request, reason)
        return redirect(request.path)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish(request, action_type, objects, action_class_instance):
    if action_type != "publish" or request.user.is_superuser:
        return None
    for page in objects:
        candidates = [page.specific]
        if request.POST.get("include_descendants"):
            candidates += list(page.get_descendants().not_live().specific())
        for candidate in candidates:
            reason = direct_publish_refusal(candidate, request.user)
            if reason:
                messages.error(request, reason)
                return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_copy_page")
def refuse_publishing_copies(request, page):
    """A copy is a new page: a copied campaign was never launched, a copied story never reviewed."""
    if request.method != "POST" or not request.POST.get("publish_copies") or request.user.is_superuser:
        return None
    from campaigns.models import CampaignPage
    from stories.models import StoryPage

    subtree = [page.specific]
    if request.POST.get("copy_subpages"):
        subtree += list(page.get_descendants().specific())
    if any(isinstance(candidate, CampaignPage | StoryPage) for candidate in subtree):
        messages.error(request, _("Copies of campaigns and stories cannot be published straight away: "
                                  "untick “publish copies”, then submit the copies for review."))
        return redirect("wagtailadmin_pages:copy", page.pk)
    return None
