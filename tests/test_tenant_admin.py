"""Issue 11's tenant findings, each through real requests: no admin screen names another OMS's pages or people.

- (3) The workflow preview, the workflow action views and the workflow-cancel confirmation, given
  another OMS's page, refuse with Wagtail's generic refusal: no title, no task, no workflow.
  A workflow action pairing one page with another page's task state is refused too.
- (3) The page-types usage report (which names the page edited last, anywhere) is for national
  admins only, and is not in anyone else's menu; the per-type listing lists only their own drafts.
- (low) The workflow reports list only rows of pages the user may edit, and their "requested by"
  filter names no other OMS's editor.
- (6) An OMS editor cannot delete, move or unpublish their OMS's profile page, through the admin's
  views or the admin API's actions; its campaigns stay theirs to delete.

The world is the permission matrix's (``tests/test_permissions_matrix.py``), with launch reviews in
progress (``tenancy/testing.py``), built once for the module inside a rolled-back transaction.
"""
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from wagtail.models import Page, TaskState

from tenancy.testing import secrets, w, world  # noqa: F401 (fixtures: the tenants' world)
from test_permissions_matrix import denied  # the matrix's refusal




def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def says_nothing_of_b(response, w):
    """Neither the answer nor the messages it leaves behind name anything of OMS B."""
    texts = [response.content.decode(errors="replace")]
    texts += [str(message) for message in get_messages(response.wsgi_request)]
    for label, secret in secrets(w).items():
        for text in texts:
            assert secret not in text, f"{label} revealed: {secret!r}"


REFUSED = ("editor_a", "moderator", "comms")


# -- (3) workflow views ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("task", ["launch_task", "other_task"])
def test_workflow_preview_of_another_oms_names_nothing(w, role, task):
    response = as_user(w[role]).get(f"/admin/pages/workflow/preview/{w.draft_b.pk}/{w[task].pk}/")
    denied(response, w)
    says_nothing_of_b(response, w)


@pytest.mark.parametrize("role", REFUSED)
def test_workflow_cancel_confirmation_of_another_oms_names_nothing(w, role):
    response = as_user(w[role]).get(f"/admin/pages/workflow/confirm_cancellation/{w.draft_b.pk}/")
    denied(response, w)
    says_nothing_of_b(response, w)
    assert w.launch_task.name not in response.content.decode()


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("view", ["action", "collect_action_data"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_workflow_actions_on_another_oms_name_nothing_and_change_nothing(w, role, view, method):
    url = f"/admin/pages/workflow/{view}/{w.draft_b.pk}/approve/{w.task_state_b.pk}/"
    response = getattr(as_user(w[role]), method)(url)
    denied(response, w)
    says_nothing_of_b(response, w)
    assert TaskState.objects.get(pk=w.task_state_b.pk).status == TaskState.STATUS_IN_PROGRESS


def test_a_workflow_action_cannot_pair_a_page_with_another_pages_task(w):
    """Jawa Tengah's moderator reviews A's draft; B's task state, paired with A's page, is refused."""
    client = as_user(w.moderator)
    response = client.post(f"/admin/pages/workflow/action/{w.draft_a.pk}/approve/{w.task_state_b.pk}/")
    denied(response, w)
    assert TaskState.objects.get(pk=w.task_state_b.pk).status == TaskState.STATUS_IN_PROGRESS
    # Even a national admin's mismatched URL is refused: it is never a legitimate request.
    response = as_user(w.admin).post(f"/admin/pages/workflow/action/{w.draft_a.pk}/approve/{w.task_state_b.pk}/")
    denied(response, w)
    assert TaskState.objects.get(pk=w.task_state_b.pk).status == TaskState.STATUS_IN_PROGRESS


def test_reviewers_still_review(w):
    """The controls: each province's moderator previews and approves the draft of their own province."""
    client = as_user(w.moderator_b)
    response = client.get(f"/admin/pages/workflow/preview/{w.draft_b.pk}/{w.launch_task.pk}/")
    assert response.status_code == 200 and w.draft_b.title in response.content.decode()
    client = as_user(w.moderator)
    response = client.get(f"/admin/pages/workflow/action/{w.draft_a.pk}/approve/{w.task_state_a.pk}/")
    assert response.status_code == 200
    response = client.post(f"/admin/pages/workflow/action/{w.draft_a.pk}/approve/{w.task_state_a.pk}/")
    assert response.status_code == 302
    assert TaskState.objects.get(pk=w.task_state_a.pk).status == TaskState.STATUS_APPROVED
    # B's editor, whose page it is, sees the cancellation step of their own review.
    response = as_user(w.editor_b).get(f"/admin/pages/workflow/confirm_cancellation/{w.draft_b.pk}/")
    assert response.status_code == 200


# -- (3) page types usage -------------------------------------------------------------------------


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("url", ["/admin/reports/page-types-usage/", "/admin/reports/page-types-usage/results/",
                                 "/admin/reports/site-history/", "/admin/reports/site-history/results/"])
def test_site_wide_reports_are_for_national_admins(w, role, url):
    """The page-types report names the page edited last anywhere; the site history, other OMS's editors."""
    response = as_user(w[role]).get(url)
    denied(response, w)
    says_nothing_of_b(response, w)


def test_page_types_usage_report_is_not_in_the_menu(w):
    body = as_user(w.editor_a).get("/admin/").content.decode()
    assert "/admin/reports/page-types-usage/" not in body
    assert "/admin/reports/site-history/" not in body
    assert "/admin/reports/workflow/" in body  # the other reports stay
    admin = as_user(w.admin)
    assert "/admin/reports/page-types-usage/" in admin.get("/admin/").content.decode()
    response = admin.get("/admin/reports/page-types-usage/")
    assert response.status_code == 200 and w.draft_b.title in response.content.decode()


def test_per_type_listing_shows_only_own_drafts(w):
    for url in ("/admin/pages/usage/campaigns/campaignpage/", "/admin/pages/usage/stories/storypage/"):
        response = as_user(w.editor_a).get(url)
        assert response.status_code == 200
        says_nothing_of_b(response, w)
    body = as_user(w.editor_a).get("/admin/pages/usage/campaigns/campaignpage/").content.decode()
    assert w.draft_a.title in body


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("draft", ["draft_b", "story_b"])
def test_page_chooser_does_not_open_another_oms_draft(w, role, draft):
    """Browsing "into" B's draft would name it in the chooser's header; B's live profile stays browsable."""
    client = as_user(w[role])
    response = client.get(f"/admin/choose-page/{w[draft].pk}/")
    denied(response, w)
    says_nothing_of_b(response, w)
    response = client.get(f"/admin/choose-page/{w.b.pk}/")
    assert response.status_code == 200
    says_nothing_of_b(response, w)


# -- (low) workflow reports -----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/admin/reports/workflow/", "/admin/reports/workflow/results/",
                                 "/admin/reports/workflow_tasks/", "/admin/reports/workflow_tasks/results/",
                                 "/admin/reports/workflow/?export=csv", "/admin/reports/workflow_tasks/?export=csv"])
def test_workflow_reports_show_only_own_rows_and_people(w, url):
    response = as_user(w.editor_a).get(url)
    assert response.status_code == 200
    body = (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")
    for label, secret in secrets(w).items():
        assert secret not in body, f"{label} revealed: {secret!r}"
    assert w.draft_a.title in body or "?export" not in url and "results" not in url and w.draft_a.title in body


def test_workflow_report_requested_by_is_narrowed(w):
    body = as_user(w.editor_a).get("/admin/reports/workflow/").content.decode()
    assert w.draft_a.title in body
    assert f">{w.editor_a.username}<" in body  # A's own requester stays a choice
    assert w.editor_b.username not in body
    body = as_user(w.admin).get("/admin/reports/workflow/").content.decode()
    assert w.editor_b.username in body and w.draft_b.title in body


# -- (6) the OMS's profile page -------------------------------------------------------------------


def profile_state(page):
    page = Page.objects.get(pk=page.pk)
    return page.path, page.live, page.get_parent().pk


@pytest.mark.parametrize("action, data", [("delete", {}), ("unpublish", {}),
                                          ("move", lambda w: {"destination_page_id": w.story_index.pk})])
@pytest.mark.parametrize("role, page", [("editor_leaf", "leaf"), ("editor_a", "a")])
def test_editor_cannot_remove_own_profile_through_the_api(w, action, data, role, page):
    before = profile_state(w[page])
    response = as_user(w[role]).post(f"/admin/api/main/pages/{w[page].pk}/action/{action}/",
                                      data(w) if callable(data) else data, content_type="application/json")
    assert response.status_code in (400, 403, 404), (response.status_code, response.content[:300])
    assert profile_state(w[page]) == before


@pytest.mark.parametrize("role, page", [("editor_leaf", "leaf"), ("editor_a", "a")])
@pytest.mark.parametrize("url", ["/admin/pages/{pk}/delete/", "/admin/pages/{pk}/unpublish/",
                                 "/admin/pages/{pk}/move/", "/admin/pages/{pk}/move/{index}/confirm/"])
def test_editor_cannot_remove_own_profile_in_the_admin(w, role, page, url):
    before = profile_state(w[page])
    client = as_user(w[role])
    url = url.format(pk=w[page].pk, index=w.index.pk)
    denied(client.get(url), w)
    denied(client.post(url), w)
    assert profile_state(w[page]) == before


def test_bulk_delete_of_own_profile_changes_nothing(w):
    before = profile_state(w.leaf)
    response = as_user(w.editor_leaf).post(f"/admin/bulk/wagtailcore/page/delete/?id={w.leaf.pk}")
    assert response.status_code in (200, 302, 403)
    assert profile_state(w.leaf) == before


def test_profile_buttons_and_own_campaigns(w):
    """The editor keeps their campaigns (Wagtail's own rules below the profile); admins keep the profile's."""
    client = as_user(w.editor_a)
    assert w.draft_a.permissions_for_user(w.editor_a).can_delete()
    assert not w.a.permissions_for_user(w.editor_a).can_delete()
    assert not Page.objects.get(pk=w.a.pk).permissions_for_user(w.editor_a).can_unpublish()  # a base Page too
    response = client.post(f"/admin/api/main/pages/{w.camp_a.pk}/action/unpublish/", {},
                           content_type="application/json")
    assert response.status_code == 200
    assert not Page.objects.get(pk=w.camp_a.pk).live
    response = as_user(w.admin).post(f"/admin/api/main/pages/{w.leaf.pk}/action/delete/", {},
                                     content_type="application/json")
    assert response.status_code == 204
    assert not Page.objects.filter(pk=w.leaf.pk).exists()
