"""The publish gate (editorial/gate.py): every door to "live" passes review, and what goes live is what was approved.

Findings of issue 11 with a regression test here: (1) an OMS editor published their own unlaunched
campaign, or a story, with the admin API's publish action, and made a live copy with its copy action
(``keep_live``); (2) approval published the latest revision, so a revision added during review (the
API's revert action) went live unreviewed. Real requests through the admin and its API; the doors
outside any request (code, scheduled publishing) run without the fixtures' permit (``review_gate``).
"""
import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, TaskState, WorkflowState

from campaigns.models import CampaignPage
from editorial.gate import ReviewRequired, publishing_without_review
from editorial.testing import (  # noqa: F401 (fixtures)
    PASSWORD, STORY_STREAMS, admin_form_data, comms_user, make_moderator, make_story, make_user, story_index,
)
from plugins.donation.models import Donation
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def login(client, user):
    client.cookies.pop("messages", None)
    assert client.login(username=user.username, password=PASSWORD)
    return client


def api_action(client, page, action, **data):
    return client.post(f"/admin/api/main/pages/{page.pk}/action/{action}/", data=json.dumps(data),
                       content_type="application/json")


@pytest.fixture
def editor(organisation, make_editor):
    return make_editor(organisation)


@pytest.fixture
def moderator(make_moderator):
    return make_moderator("33", username="moderator-jateng")


@pytest.fixture
def draft_campaign(make_campaign):
    from editorial.testing import every_type_asks

    return make_campaign(title="Kampanye Baik", slug="kampanye-baik", live=False, asks=every_type_asks())


def submit(page, user):
    """Submit ``page`` for review as ``user`` (Wagtail's own start, as the edit view does)."""
    page = page.specific_class.objects.get(pk=page.pk)
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)


def approve(client, page, moderator):
    state = WorkflowState.objects.for_instance(page).get(status=WorkflowState.STATUS_IN_PROGRESS)
    login(client, moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk])
    response = client.post(url)
    assert response.status_code in (200, 302)
    return state


# -- finding 1: the admin API's publish and copy -----------------------------------------------

def test_editor_cannot_publish_an_unlaunched_campaign_through_the_api(client, draft_campaign, editor):
    login(client, editor)
    response = api_action(client, draft_campaign, "publish")
    assert response.status_code == 403
    page = CampaignPage.objects.get(pk=draft_campaign.pk)
    assert not page.live and page.first_published_at is None
    # Nothing to give to: the public page does not exist.
    assert client.get(draft_campaign.url or f"/id/kampanye/{draft_campaign.slug}/").status_code == 404
    assert not Donation.objects.exists()


def test_editor_cannot_publish_a_story_through_the_api(client, make_story, editor):
    story = make_story(title="Cerita Belum Ditinjau", live=False)
    login(client, editor)
    assert api_action(client, story, "publish").status_code == 403
    assert not StoryPage.objects.get(pk=story.pk).live


def test_editor_cannot_publish_new_content_of_a_live_story_through_the_api(client, make_story, editor):
    story = make_story(title="Cerita Tayang", live=True)
    draft = StoryPage.objects.get(pk=story.pk)
    draft.title = "Cerita Diubah Tanpa Tinjauan"
    draft.save_revision(user=editor)
    login(client, editor)
    assert api_action(client, story, "publish").status_code == 403
    assert Page.objects.get(pk=story.pk).title == "Cerita Tayang"


def test_launched_campaigns_are_updated_by_their_oms(client, make_campaign, editor):
    campaign = make_campaign(title="Sudah Diluncurkan", slug="sudah", live=True)
    draft = CampaignPage.objects.get(pk=campaign.pk)
    draft.summary = "Kabar baru dari lapangan."
    draft.save_revision(user=editor)
    login(client, editor)
    assert api_action(client, campaign, "publish").status_code == 200
    assert CampaignPage.objects.get(pk=campaign.pk).summary == "Kabar baru dari lapangan."


def test_a_copy_of_a_live_campaign_is_a_draft(client, make_campaign, editor, organisation):
    campaign = make_campaign(title="Asli", slug="asli", live=True)
    login(client, editor)
    response = api_action(client, campaign, "copy", destination_page_id=organisation.pk, keep_live=True,
                          slug="salinan", title="Salinan")
    assert response.status_code == 201, response.content
    copy = CampaignPage.objects.get(slug="salinan")
    assert not copy.live and copy.first_published_at is None
    assert CampaignPage.objects.get(pk=campaign.pk).live


def test_a_copy_of_a_live_story_is_a_draft(client, make_story, editor, organisation):
    story = make_story(title="Cerita Asli", live=True, slug="cerita-asli")
    login(client, editor)
    response = api_action(client, story, "copy", destination_page_id=story.get_parent().pk, keep_live=True,
                          slug="cerita-salinan")
    assert response.status_code in (201, 403), response.content
    assert not StoryPage.objects.filter(slug="cerita-salinan", live=True).exists()


def test_bulk_publish_is_refused(client, draft_campaign, editor, organisation):
    login(client, editor)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={draft_campaign.pk}&next=/admin/", {"include_descendants": ""})
    assert not CampaignPage.objects.get(pk=draft_campaign.pk).live


def test_converting_an_alias_of_a_story_needs_review(client, make_story, editor):
    story = make_story(title="Cerita Induk", live=True, slug="cerita-induk")
    alias = StoryPage.objects.get(pk=story.pk).create_alias(update_slug="cerita-alias")
    assert alias.live  # an alias shows what was reviewed: allowed
    login(client, editor)
    response = api_action(client, alias, "convert_alias")
    assert response.status_code == 403
    assert Page.objects.get(pk=alias.pk).alias_of_id == story.pk


def test_superusers_still_publish_directly_and_it_is_logged(client, draft_campaign, admin_user):
    from wagtail.models import PageLogEntry

    client.force_login(admin_user)
    assert api_action(client, draft_campaign, "publish").status_code == 200
    assert CampaignPage.objects.get(pk=draft_campaign.pk).live
    assert PageLogEntry.objects.filter(page_id=draft_campaign.pk, action="wagtail.publish",
                                       user=admin_user).exists()


# -- finding 2: what goes live is what was reviewed -------------------------------------------

def test_a_revert_during_review_restarts_the_review(client, draft_campaign, editor, moderator):
    good = draft_campaign
    state = submit(good, editor)
    reviewed = state.current_task_state.revision
    assert reviewed.as_object().title == "Kampanye Baik"

    # An older revision says "Kampanye Jahat"; the editor brings it back while the moderator reviews.
    bad = CampaignPage.objects.get(pk=good.pk)
    bad.title = "Kampanye Jahat"
    bad_revision = bad.save_revision(user=editor)  # itself a change during review: restarts
    page = CampaignPage.objects.get(pk=good.pk)
    page.title = "Kampanye Baik"
    page.save_revision(user=editor)
    login(client, editor)
    response = api_action(client, good, "revert_to_page_revision", revision_id=bad_revision.pk)
    assert response.status_code == 200, response.content

    state.refresh_from_db()
    task_state = state.current_task_state
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task_state.revision.as_object().title == "Kampanye Jahat"
    assert TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_CANCELLED).count() == 3
    # The moderator now reviews what would go live, and approves knowingly.
    approve(client, good, moderator)
    live = CampaignPage.objects.get(pk=good.pk)
    assert live.live and live.live_revision_id == task_state.revision_id


def test_the_approved_revision_goes_live_not_a_later_one(client, draft_campaign, editor, moderator,
                                                         settings):
    """A revision that slipped in without restarting the review is not published by the approval."""
    state = submit(draft_campaign, editor)
    reviewed = state.current_task_state.revision
    later = CampaignPage.objects.get(pk=draft_campaign.pk)
    later.title = "Kampanye Jahat"
    # bulk_create sends no signal: the review is not restarted, the worst case for rule 2.
    Revision.objects.bulk_create([Revision(
        content_type=reviewed.content_type, base_content_type=reviewed.base_content_type,
        object_id=reviewed.object_id, content=later.serializable_data(), user=editor,
        object_str="Kampanye Jahat", created_at=timezone.now())])
    Page.objects.filter(pk=draft_campaign.pk).update(
        latest_revision=Revision.objects.filter(object_str="Kampanye Jahat").get(), has_unpublished_changes=True)
    assert CampaignPage.objects.get(pk=draft_campaign.pk).get_latest_revision().object_str == "Kampanye Jahat"
    approve(client, draft_campaign, moderator)
    # The approval was of another version: nothing goes live, the review goes on for the latest one.
    page = CampaignPage.objects.get(pk=draft_campaign.pk)
    assert not page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision.object_str == "Kampanye Jahat"
    # Approved knowingly, it goes live as approved.
    approve(client, draft_campaign, moderator)
    live = CampaignPage.objects.get(pk=draft_campaign.pk)
    assert live.live and live.live_revision_id == state.current_task_state.revision_id


def test_a_reviewers_own_change_is_what_they_approve(client, make_story, editor, comms_user):
    story = make_story(title="Cerita Untuk Ditinjau", live=False, slug="ditinjau")
    state = submit(story, editor)
    login(client, comms_user)
    url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = admin_form_data(client, url, streams=STORY_STREAMS, title="Cerita Untuk Ditinjau (diperbaiki)")
    assert client.post(url, data).status_code in (200, 302)
    state.refresh_from_db()
    task_state = state.current_task_state
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task_state.revision.as_object().title == "Cerita Untuk Ditinjau (diperbaiki)"
    assert not TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_CANCELLED).exists()


# -- doors outside any request ------------------------------------------------------------------

@pytest.mark.review_gate
def test_code_cannot_publish_an_unreviewed_story(make_story, editor):
    with publishing_without_review("fixture"):
        story = make_story(title="Draf", live=False, slug="draf")
    revision = StoryPage.objects.get(pk=story.pk).save_revision(user=editor)
    with pytest.raises(ReviewRequired):
        revision.publish()
    assert not StoryPage.objects.get(pk=story.pk).live


@pytest.mark.review_gate
def test_a_page_created_live_by_code_starts_as_a_draft(story_index, organisation):
    story = StoryPage(title="Langsung Tayang?", slug="langsung", live=True, organisation=organisation,
                      summary="x", regency=organisation.regency)
    story_index.add_child(instance=story)
    saved = StoryPage.objects.get(pk=story.pk)
    assert not saved.live and saved.has_unpublished_changes


@pytest.mark.review_gate
def test_scheduling_is_publishing(make_story, editor):
    with publishing_without_review("fixture"):
        story = make_story(title="Terjadwal", live=False, slug="terjadwal")
    page = StoryPage.objects.get(pk=story.pk)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(user=editor)
    with pytest.raises(ReviewRequired):
        revision.publish()
    assert not Revision.objects.filter(pk=revision.pk, approved_go_live_at__isnull=False).exists()


@pytest.mark.review_gate
def test_an_approved_schedule_is_published_by_the_scheduler(client, draft_campaign, editor, moderator):
    page = CampaignPage.objects.get(pk=draft_campaign.pk)
    page.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    page.save_revision(user=editor)
    state = page.get_workflow().start(page, editor)
    approve(client, draft_campaign, moderator)
    scheduled = Revision.objects.get(pk=state.current_task_state.revision_id)
    assert scheduled.approved_go_live_at is not None
    assert not CampaignPage.objects.get(pk=page.pk).live
    # Five minutes later (the revision's own go_live_at is what the scheduler reads).
    past = timezone.now() - datetime.timedelta(seconds=1)
    content = {**scheduled.content, "go_live_at": past.isoformat()}
    Revision.objects.filter(pk=scheduled.pk).update(approved_go_live_at=past, content=content)
    call_command("publish_scheduled")
    assert CampaignPage.objects.get(pk=page.pk).live
