"""The demo's editorial part: a story and a campaign waiting in their workflows, created once, mailing no one."""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import WorkflowState

from campaigns.models import CampaignPage
from editorial import demo
from editorial.testing import make_moderator, make_user  # noqa: F401 - fixtures
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def test_review_examples_are_created_once(make_organisation, make_moderator, django_capture_on_commit_callbacks):
    organisation = make_organisation(slug="bank-sampah-berseri", regency_code="33.74")
    make_moderator("33")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        lines = demo.seed({"bank-sampah-berseri": organisation})
        demo.seed({"bank-sampah-berseri": organisation})
    assert mail.outbox == []
    story = StoryPage.objects.get(slug=demo.REVIEW_STORY[0])
    campaign = CampaignPage.objects.get(slug=demo.LAUNCH_CAMPAIGN[0])
    for page in (story, campaign):
        assert not page.live
        states = WorkflowState.objects.for_instance(page)
        assert states.count() == 1 and states.get().status == WorkflowState.STATUS_IN_PROGRESS
    assert story.get_workflow().name == "Tinjauan cerita perubahan"
    assert campaign.get_workflow().name == "Persetujuan peluncuran kampanye"
    reviewer = get_user_model().objects.get(username=demo.COMMUNICATIONS_USERNAME)
    assert reviewer.check_password(demo.COMMUNICATIONS_PASSWORD)
    assert reviewer.groups.filter(name="Komunikasi").exists()
    assert any(demo.COMMUNICATIONS_USERNAME in line for line in lines)


def test_demo_story_fields():
    fields = demo.story_fields("tabungan-sampah-bu-sri", "Ringkasan.")
    assert fields["author"] == demo.AUTHOR
    assert [kind for kind, _value in fields["body"]] == ["paragraph", "figure"]
    assert fields["evidence"][0][1]["after"] == 2000 and fields["evidence"][0][1]["unit"] == "kg"
    assert fields["voices"][0][1]["name"] == "Bu Sri"
    assert demo.story_fields("cerita-gen-1", "Ringkasan.")["evidence"] == []
