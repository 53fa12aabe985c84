"""In a real browser (Debian's chromium): a member of the communications team reviews a submitted story
in Wagtail's admin, approves it, and the story is published.

The migrated data (the "Komunikasi" group, the workflows) is back in place for every transactional
test (the root conftest restores it).
"""
import re

import pytest
from django.test import Client
from django.urls import reverse

from editorial.testing import PASSWORD, STORY_STREAMS, admin_form_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_communications_staff_review_and_publish_a_story(browser_page, live_server, home_page,
                                                        organisation, make_editor, django_user_model):
    from editorial.roles import communications_group
    from stories.models import StoryPage

    reviewer = django_user_model.objects.create_user("komunikasi", "komunikasi@lokadaya.id", PASSWORD)
    reviewer.groups.add(communications_group())
    editor = make_editor(organisation)

    # The OMS's editor writes a story and submits it for review (the admin's own views).
    client = Client()
    client.force_login(editor)
    add = reverse("wagtailadmin_pages:add", args=["stories", "storypage", organisation.pk])
    data = admin_form_data(client, add, streams=STORY_STREAMS, title="Air Bersih untuk Dusun Kali",
                           slug="air-bersih", summary="Warga Dusun Kali kini punya air bersih.")
    data["action-save"] = "1"
    client.post(add, data)
    story = StoryPage.objects.get(slug="air-bersih")
    edit = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = admin_form_data(client, edit, streams=STORY_STREAMS)
    data["action-submit"] = "1"
    client.post(edit, data)
    assert story.current_workflow_state is not None and not StoryPage.objects.get(pk=story.pk).live

    # The reviewer logs in through the admin's login form.
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "komunikasi")
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    # The dashboard shows the story waiting for them; they open it.
    page.get_by_role("link", name="Air Bersih untuk Dusun Kali").first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{story.pk}/edit/$"))
    assert page.locator("#id_summary").input_value() == "Warga Dusun Kali kini punya air bersih."

    # They approve it from the editor's action menu.
    approve = page.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])')
    if not approve.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    approve.click()
    page.wait_for_load_state("networkidle")

    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and story.current_workflow_state is None
    assert story.live_revision.user_id in (reviewer.pk, editor.pk)
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=story, action="wagtail.workflow.approve", user=reviewer).exists()

    # The story is on the public site.
    page.goto(f"{live_server.url}{story.url}")
    assert page.locator("h1").inner_text() == "Air Bersih untuk Dusun Kali"
    assert page.locator("html").get_attribute("lang") == "id"

    # Nothing failed, and nothing was asked of another site (WAGTAIL_GRAVATAR_PROVIDER_URL is None).
    assert page.console_errors == [], page.console_errors
    assert page.outside_requests == [], page.outside_requests
