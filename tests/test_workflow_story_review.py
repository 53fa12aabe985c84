"""Story review: an OMS editor submits, communications staff request changes or approve, then it is live.

Everything goes through the admin's own views (create, edit, workflow actions, bulk actions, copy)
with Django's test client, as OMS editors, communications staff and outsiders.
"""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from editorial.testing import (  # noqa: F401 - fixtures
    PASSWORD, STORY_STREAMS, add_story_url, admin_form_data, admin_login, comms_user, edit_url, make_story,
    make_user, story_index,
)
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def post_edit(client, page, action, **fields):
    data = admin_form_data(client, edit_url(page), streams=STORY_STREAMS, **fields)
    data[action] = "1"
    return client.post(edit_url(page), data)


@pytest.fixture
def editor(organisation, make_editor):
    from django.contrib.auth import get_user_model

    user = make_editor(organisation)
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def draft(make_story):
    return make_story("Air Bersih untuk Dusun Kali", live=False)


def current_task_state(page):
    return WorkflowState.objects.for_instance(page).get(status__in=["in_progress", "needs_changes"]).current_task_state


def test_stories_have_the_review_workflow(draft, story_index, make_story):
    national = make_story("Cerita Nasional", parent=story_index, live=False)
    for story in (draft, national):
        workflow = StoryPage.objects.get(pk=story.pk).get_workflow()
        assert workflow is not None and workflow.name == "Tinjauan cerita perubahan"
        task = workflow.tasks.get().specific
        assert [group.name for group in task.groups.all()] == ["Komunikasi"]


def test_oms_editor_cannot_publish_a_story_without_review(client, organisation, editor):
    admin_login(client, editor)
    page = client.get(add_story_url(organisation)).content.decode()
    assert 'name="action-publish"' not in page
    data = admin_form_data(client, add_story_url(organisation), streams=STORY_STREAMS, title="Sumur Baru",
                           slug="sumur-baru", summary="Warga kini punya sumur.")
    data["action-publish"] = "1"
    response = client.post(add_story_url(organisation), data, follow=True)
    story = StoryPage.objects.get(slug="sumur-baru")
    assert not story.live and story.first_published_at is None
    # What they typed is kept as a draft, and they are told why and what to do.
    assert story.get_latest_revision().as_object().summary == "Warga kini punya sumur."
    assert "tim komunikasi" in response.content.decode()
    # The story is its OMS's, in its OMS's place.
    assert story.organisation_id == organisation.pk and story.regency_id == organisation.regency_id

    # Nor from the edit view...
    assert 'name="action-publish"' not in client.get(edit_url(story)).content.decode()
    post_edit(client, story, "action-publish")
    story.refresh_from_db()
    assert not story.live
    # ...nor by bulk publishing it, or its OMS's profile with its drafts.
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{bulk}?id={story.pk}", {"include_descendants": ""})
    client.post(f"{bulk}?id={organisation.pk}", {"include_descendants": "on"})
    story.refresh_from_db()
    assert not story.live
    # (The same request from a superuser does publish: the refusal above is the rule, not a bad request.)
    get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    admin_login(client, get_user_model().objects.get(username="nasional"))
    client.post(f"{bulk}?id={story.pk}", {"include_descendants": ""})
    story.refresh_from_db()
    assert story.live


def test_copying_a_story_does_not_publish_the_copy(client, editor, make_story, organisation):
    story = make_story("Cerita Terbit")
    copy_form = {"new_title": "Salinan", "new_slug": "salinan", "new_parent_page": organisation.pk,
                 "publish_copies": "on", "alias": ""}
    admin_login(client, editor)
    response = client.post(reverse("wagtailadmin_pages:copy", args=[story.pk]), copy_form, follow=True)
    assert not StoryPage.objects.filter(slug="salinan", live=True).exists()
    assert "terbitkan salinan" in response.content.decode()
    # Without "publish copies", the copy is made, as a draft to submit.
    client.post(reverse("wagtailadmin_pages:copy", args=[story.pk]), {**copy_form, "publish_copies": ""})
    assert not StoryPage.objects.get(slug="salinan").live


def test_review_request_changes_resubmit_approve(client, draft, editor, comms_user, make_user, make_organisation,
                                                 make_editor):
    outsider = make_editor(make_organisation(slug="oms-lain", regency_code="11.01"), username="editor-lain")
    admin_login(client, editor)
    mail.outbox.clear()
    post_edit(client, draft, "action-submit", summary="Warga Dusun Kali kini punya air bersih.")
    state = WorkflowState.objects.for_instance(draft).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == editor
    task_state = state.current_task_state
    # The communications team is told, and nobody else.
    assert [message.to for message in mail.outbox] == [[comms_user.email]]
    assert draft.title in mail.outbox[0].subject

    # The submitter cannot approve their own story; another OMS's editor cannot even open it.
    # (Wagtail's admin answers a refusal with a redirect to its dashboard and a message.)
    assert client.get(action_url(draft, "approve", task_state)).status_code in (302, 403)
    client.post(action_url(draft, "approve", task_state))
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    admin_login(client, outsider)
    assert client.get(edit_url(draft)).status_code in (302, 403)
    assert client.post(action_url(draft, "approve", task_state)).status_code in (302, 403)
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS

    # The reviewer sees it waiting, previews it, comments are on, and asks for changes.
    admin_login(client, comms_user)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Air Bersih untuk Dusun Kali" in dashboard
    preview = client.get(reverse("wagtailadmin_pages:workflow_preview", args=[draft.pk, task_state.task_id]))
    assert preview.status_code == 200 and "Warga Dusun Kali kini punya air bersih." in preview.content.decode()
    editor_page = client.get(edit_url(draft))
    assert editor_page.status_code == 200 and 'id="comments-data"' in editor_page.content.decode()
    mail.outbox.clear()
    client.post(action_url(draft, "reject", task_state), {"comment": "Tambahkan angka sebelum dan sesudah."})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    draft.refresh_from_db()
    assert not draft.live
    # The submitter hears the outcome, with the reviewer's comment.
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "Tambahkan angka sebelum dan sesudah." in mail.outbox[0].body

    # The editor makes the changes and resubmits.
    admin_login(client, editor)
    mail.outbox.clear()
    post_edit(client, draft, "action-submit", change=None)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [message.to for message in mail.outbox] == [[comms_user.email]]

    # The reviewer approves: the story is published, and the submitter is told.
    admin_login(client, comms_user)
    mail.outbox.clear()
    client.post(action_url(draft, "approve", state.current_task_state))
    draft.refresh_from_db()
    state.refresh_from_db()
    assert draft.live and state.status == WorkflowState.STATUS_APPROVED
    assert client.get(draft.url).status_code == 200
    assert [message.to for message in mail.outbox] == [[editor.email]]
    # Every step is in the audit log.
    actions = set(PageLogEntry.objects.filter(page=draft).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.reject", "wagtail.workflow.resume",
            "wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_reviewer_can_lock_and_the_editor_cannot_unlock(client, draft, editor, comms_user):
    admin_login(client, editor)
    post_edit(client, draft, "action-submit")
    admin_login(client, comms_user)
    client.post(reverse("wagtailadmin_pages:lock", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.locked and draft.locked_by == comms_user
    admin_login(client, editor)
    client.post(reverse("wagtailadmin_pages:unlock", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.locked


def test_communications_staff_publish_national_stories_directly(client, story_index, comms_user):
    admin_login(client, comms_user)
    data = admin_form_data(client, add_story_url(story_index), streams=STORY_STREAMS, title="Kabar Nasional",
                           slug="kabar-nasional", summary="Ringkasan.")
    data["action-publish"] = "1"
    client.post(add_story_url(story_index), data)
    story = StoryPage.objects.get(slug="kabar-nasional")
    assert story.live


def test_scheduled_publication_after_approval(client, draft, editor, comms_user):
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    admin_login(client, editor)
    post_edit(client, draft, "action-submit", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    admin_login(client, comms_user)
    client.post(action_url(draft, "approve", current_task_state(draft)))
    draft.refresh_from_db()
    revision = draft.get_latest_revision()
    assert not draft.live and revision.approved_go_live_at is not None
    assert abs(revision.approved_go_live_at - go_live) < datetime.timedelta(minutes=1)

    call_command("publish_scheduled")  # not yet
    draft.refresh_from_db()
    assert not draft.live

    # Two days later, the periodic `manage.py publish_scheduled` publishes it.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    StoryPage.objects.filter(pk=draft.pk).update(go_live_at=past)
    call_command("publish_scheduled")
    draft.refresh_from_db()
    assert draft.live
