"""Campaign launch approval: only the moderators of the campaign's provincial network approve it.

The OMS (in Kota Semarang, Jawa Tengah, province 33) submits; Jawa Tengah's moderator approves or asks
for changes. Aceh's moderator, the communications team, other OMS's editors and even superusers
cannot act on the task. Real requests through the admin's views.
"""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from campaigns.models import CampaignPage
from editorial.testing import (  # noqa: F401
    PASSWORD, admin_form_data, comms_user, make_image, make_moderator, make_user,
)

pytestmark = pytest.mark.django_db

CAMPAIGN_STREAMS = ("asks",)


def login(client, user):
    client.cookies.pop("messages", None)  # another user's flash messages stay behind in the cookie
    assert client.login(username=user.username, password=PASSWORD)
    return client


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def action_url(page, action, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def post_edit(client, page, action, **fields):
    data = admin_form_data(client, edit_url(page), streams=CAMPAIGN_STREAMS, **fields)
    data[action] = "1"
    return client.post(edit_url(page), data)


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def editor(organisation, make_editor):
    return fresh(make_editor(organisation))


@pytest.fixture
def campaign(make_campaign, make_image):
    # A campaign launches only with its cover photo (campaigns.models.CampaignPageForm).
    return make_campaign(title="Sumur Bor untuk Tembalang", slug="sumur-bor", live=False,
                         hero_image=make_image("Sumur"))


@pytest.fixture
def moderators(make_moderator):
    """The right province's moderator (Jawa Tengah, 33) and another province's (Aceh, 11)."""
    return make_moderator("33", username="moderator-jateng"), make_moderator("11", username="moderator-aceh")


def submit(client, editor, campaign, django_capture_on_commit_callbacks):
    login(client, editor)
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(client, campaign, "action-submit")
    return WorkflowState.objects.for_instance(campaign).get()


def test_campaigns_get_the_launch_workflow(campaign, make_campaign):
    workflow = CampaignPage.objects.get(pk=campaign.pk).get_workflow()
    assert workflow is not None and workflow.name == "Persetujuan peluncuran kampanye"
    assert workflow.tasks.get().specific.__class__.__name__ == "ProvincialModeratorApprovalTask"


def test_oms_editor_cannot_launch_without_approval(client, campaign, editor, organisation):
    login(client, editor)
    add = reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", organisation.pk])
    assert 'name="action-publish"' not in client.get(add).content.decode()
    assert 'name="action-publish"' not in client.get(edit_url(campaign)).content.decode()
    post_edit(client, campaign, "action-publish")
    campaign.refresh_from_db()
    assert not campaign.live and campaign.first_published_at is None


def test_only_the_provinces_moderators_are_told_and_can_approve(
        client, campaign, editor, moderators, comms_user, make_user, django_capture_on_commit_callbacks):
    right, wrong = moderators
    admin = get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    mail.outbox.clear()
    state = submit(client, editor, campaign, django_capture_on_commit_callbacks)
    task_state = state.current_task_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # Only Jawa Tengah's moderator hears of it (not Aceh's, not the superuser, not the submitter).
    assert [message.to for message in mail.outbox] == [[right.email]]
    assert "Sumur Bor untuk Tembalang" in mail.outbox[0].subject

    task = task_state.task.specific
    for outsider in (wrong, fresh(comms_user), editor, admin):
        assert task.get_actions(campaign, outsider) == []
        assert not TaskState.objects.reviewable_by(outsider).filter(pk=task_state.pk).exists()
    assert [name for name, _label, _form in task.get_actions(campaign, fresh(right))] == ["reject", "approve",
                                                                                           "approve"]
    assert TaskState.objects.reviewable_by(fresh(right)).filter(pk=task_state.pk).exists()

    # Through the admin: outsiders can neither open it nor act on it.
    for outsider in (wrong, comms_user, admin):
        login(client, outsider)
        if outsider is not admin:
            assert client.get(edit_url(campaign)).status_code in (302, 403)
            assert "Sumur Bor untuk Tembalang" not in client.get(reverse("wagtailadmin_home")).content.decode()
        client.post(action_url(campaign, "approve", task_state))
        client.post(action_url(campaign, "reject", task_state), {"comment": "Tidak."})
        assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    campaign.refresh_from_db()
    assert not campaign.live

    # While it is in review, the OMS's editor cannot change it.
    login(client, editor)
    revisions = campaign.revisions.count()
    post_edit(client, campaign, "action-save", summary="Diubah diam-diam.")
    assert campaign.revisions.count() == revisions

    # The right moderator sees it, opens it and approves it: the campaign is launched.
    login(client, right)
    assert "Sumur Bor untuk Tembalang" in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(edit_url(campaign)).status_code == 200
    mail.outbox.clear()
    client.post(action_url(campaign, "approve", task_state))
    campaign.refresh_from_db()
    assert campaign.live and campaign.first_published_at is not None
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert client.get(campaign.url).status_code == 200


def test_changes_requested_then_resubmitted(client, campaign, editor, moderators,
                                            django_capture_on_commit_callbacks):
    right, _wrong = moderators
    state = submit(client, editor, campaign, django_capture_on_commit_callbacks)
    login(client, right)
    mail.outbox.clear()
    client.post(action_url(campaign, "reject", state.current_task_state),
                {"comment": "Lengkapi rincian anggaran sumur."})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert "Lengkapi rincian anggaran sumur." in mail.outbox[0].body

    login(client, editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(client, campaign, "action-submit", summary="Dengan rincian anggaran.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert [message.to for message in mail.outbox] == [[right.email]]

    login(client, right)
    client.post(action_url(campaign, "approve", state.current_task_state))
    campaign.refresh_from_db()
    assert campaign.live and campaign.summary == "Dengan rincian anggaran."


def test_after_launch_the_oms_publishes_its_updates(client, campaign, editor, moderators,
                                                     django_capture_on_commit_callbacks):
    right, _wrong = moderators
    state = submit(client, editor, campaign, django_capture_on_commit_callbacks)
    login(client, right)
    client.post(action_url(campaign, "approve", state.current_task_state))
    login(client, editor)
    assert 'name="action-publish"' in client.get(edit_url(campaign)).content.decode()
    post_edit(client, campaign, "action-publish", summary="Sumur sudah dibor 40 meter.")
    campaign.refresh_from_db()
    assert campaign.live and campaign.summary == "Sumur sudah dibor 40 meter."


def test_copies_of_a_campaign_are_not_published(client, make_campaign, editor, organisation):
    live = make_campaign(title="Kampanye Berjalan", slug="berjalan")
    copy_form = {"new_title": "Kampanye Salinan", "new_slug": "salinan", "new_parent_page": organisation.pk,
                 "publish_copies": "on", "alias": ""}
    login(client, editor)
    client.post(reverse("wagtailadmin_pages:copy", args=[live.pk]), copy_form)
    assert not CampaignPage.objects.filter(slug="salinan", live=True).exists()
    # Without "publish copies", the copy is made, as a draft that goes through the launch workflow.
    client.post(reverse("wagtailadmin_pages:copy", args=[live.pk]), {**copy_form, "publish_copies": ""})
    copy = CampaignPage.objects.get(slug="salinan")
    assert not copy.live and copy.get_workflow().name == "Persetujuan peluncuran kampanye"


def test_a_superuser_may_still_publish_directly(client, campaign):
    get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    client.login(username="nasional", password=PASSWORD)
    post_edit(client, campaign, "action-publish")
    campaign.refresh_from_db()
    assert campaign.live
    assert campaign.get_latest_revision().user.username == "nasional"


def test_a_campaign_without_its_own_place_goes_to_its_organisations_province(campaign, editor, moderators):
    """A campaign with no kabupaten/kota of its own takes its OMS's, which decides the reviewers (Jawa Tengah)."""
    right, wrong = moderators
    type(campaign).objects.filter(pk=campaign.pk).update(regency=None)  # e.g. an old draft
    campaign.refresh_from_db()
    assert campaign.regency_id is None
    state = campaign.get_workflow().start(campaign, editor)
    task_state = state.current_task_state
    assert TaskState.objects.reviewable_by(fresh(right)).filter(pk=task_state.pk).exists()
    assert not TaskState.objects.reviewable_by(fresh(wrong)).filter(pk=task_state.pk).exists()
    assert task_state.task.specific.get_actions(campaign, fresh(right))
    assert not task_state.task.specific.get_actions(campaign, fresh(wrong))


def test_submitted_straight_from_the_create_view(client, organisation, editor, moderators, make_image,
                                                 django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Permission
    from wagtail.models import Collection, GroupCollectionPermission

    right, _wrong = moderators
    # The cover photo, required to launch, from a collection the editor may choose from.
    cover = make_image("Perahu")
    GroupCollectionPermission.objects.create(
        group=editor.groups.get(), collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="choose_image"))
    add = reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", organisation.pk])
    login(client, editor)
    data = admin_form_data(client, add, streams=CAMPAIGN_STREAMS, title="Perahu Sekolah", slug="perahu-sekolah",
                           summary="Perahu untuk anak-anak pulau.", hero_image=cover.pk)
    data["action-submit"] = "1"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add, data)
    campaign = CampaignPage.objects.get(slug="perahu-sekolah")
    state = WorkflowState.objects.for_instance(campaign).get()
    assert state.workflow.name == "Persetujuan peluncuran kampanye" and not campaign.live
    assert [message.to for message in mail.outbox] == [[right.email]]
