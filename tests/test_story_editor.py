"""The story editor (issue 12, "Found, editors"): the fields, the OMS choice and the submit button.

- No story field may be named like a property of the browser's form element: a field named
  ``action`` shadowed ``form.action`` and the admin's autosave posted to ".../[object HTMLInputElement]".
  The field is ``what_was_done`` now, and its text survives the rename, the search and translation.
- The OMS field accepts default-language (Indonesian) profiles only, each once, named with its place,
  and only those the editor may use; the English profile is refused with a message, not a 500.
- The submit button names the workflow the story goes to (the communications review), not the
  tree's default ("Moderators approval").
"""
import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from editorial.testing import (  # noqa: F401 - fixtures
    PASSWORD, STORY_STREAMS, add_story_url, admin_form_data, admin_login, comms_user, edit_url, make_story,
    make_user, story_index,
)
from partners.models import OrganisationPage
from stories.forms import usable_organisations
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

#: Properties of HTMLFormElement a form control's name would shadow (form.action, form.submit...).
#: (Wagtail's own page field "title" shadows form.title, which no script reads.)
FORM_PROPERTIES = {"action", "method", "target", "submit", "reset", "elements", "length", "name", "id",
                   "enctype", "encoding", "acceptCharset", "noValidate", "autocomplete", "requestSubmit",
                   "checkValidity", "reportValidity"}
STORY_WORKFLOW = "Tinjauan cerita perubahan"


def page_form(html):
    match = re.search(r'<form[^>]*id="page-edit-form".*?</form>', html, re.S)
    assert match, "no page edit form"
    return match.group(0)


def organisation_options(response):
    """``[(pk, label)]`` the story form's OMS field accepts (its widget, the OMS chooser, searches them)."""
    field = response.context["form"].fields["organisation"]
    return [(page.pk, field.label_from_instance(page)) for page in field.queryset]


def submit_label(html):
    match = re.search(r'<button[^>]*name="action-submit"[^>]*>(.*?)</button>', html, re.S)
    assert match, "no submit-for-review button"
    return re.sub(r"<[^>]+>|\s+", " ", match.group(1)).strip()


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)


@pytest.fixture
def editor(organisation, make_editor):
    return get_user_model().objects.get(pk=make_editor(organisation).pk)


@pytest.fixture
def english_organisation(organisation):
    """The OMS's English profile: the page the old chooser offered first, under the same name."""
    english = organisation.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    return english


@pytest.fixture
def other_organisation(make_organisation):
    return make_organisation(slug="oms-makassar", title="Yayasan Pesisir Makassar", regency_code="73.71")


# -- the field formerly named "action" ------------------------------------------------------------

def test_no_story_form_field_shadows_a_form_property(client, superuser, organisation, make_story):
    story = make_story("Sumur Baru", what_was_done="<p>Kami mengebor sumur.</p>")
    html = page_form(admin_login(client, superuser).get(edit_url(story)).content.decode())
    names = set(re.findall(r'\sname="([^"]+)"', html))
    assert "what_was_done" in names
    assert not names & FORM_PROPERTIES, names & FORM_PROPERTIES


def test_what_was_done_is_saved_shown_and_searched(client, superuser, organisation, make_story):
    story = make_story("Sumur Baru", what_was_done="<p>Kami mengebor sumur.</p>")
    admin_login(client, superuser)
    data = admin_form_data(client, edit_url(story), streams=STORY_STREAMS,
                           what_was_done='{"blocks": [{"key": "a", "text": "Kami memasang pipa.", "type": "unstyled", '
                                         '"depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}')
    data["action-publish"] = "1"
    assert client.post(edit_url(story), data).status_code == 302
    story = StoryPage.objects.get(pk=story.pk)
    assert "Kami memasang pipa." in story.what_was_done
    public = client.get(story.url).content.decode()
    assert "Kami memasang pipa." in public
    assert "what_was_done" in {field.field_name for field in StoryPage.search_fields}
    assert not hasattr(StoryPage, "action")


# -- choosing the OMS --------------------------------------------------------------------------------

def test_the_oms_list_offers_each_indonesian_profile_once_named_with_its_place(
        client, superuser, story_index, organisation, english_organisation, other_organisation):
    admin_login(client, superuser)
    options = organisation_options(client.get(add_story_url(story_index)))
    assert sorted(pk for pk, _label in options) == sorted([organisation.pk, other_organisation.pk])
    assert english_organisation.pk not in {pk for pk, _label in options}
    labels = dict(options)
    assert labels[organisation.pk] == f"{organisation.title} ({organisation.regency.name})"
    assert labels[other_organisation.pk] == "Yayasan Pesisir Makassar (Kota Makassar)"


def test_a_story_saved_with_the_oms_chosen_links_the_indonesian_profile(
        client, superuser, story_index, organisation, english_organisation):
    admin_login(client, superuser)
    data = admin_form_data(client, add_story_url(story_index), streams=STORY_STREAMS, title="Cerita Nasional",
                           slug="cerita-nasional", organisation=organisation.pk)
    assert client.post(add_story_url(story_index), data).status_code == 302
    story = StoryPage.objects.get(slug="cerita-nasional")
    assert story.get_latest_revision_as_object().organisation_id == organisation.pk
    # The English profile (which the old chooser offered first) is refused with a message, not a 500.
    data = admin_form_data(client, add_story_url(story_index), streams=STORY_STREAMS, title="Cerita Lain",
                           slug="cerita-lain", organisation=english_organisation.pk)
    response = client.post(add_story_url(story_index), data)
    assert response.status_code == 200
    assert 'name="organisation"' in response.content.decode()
    assert not StoryPage.objects.filter(slug="cerita-lain").exists()


def test_communications_staff_choose_any_oms_for_a_national_story(
        client, comms_user, story_index, organisation, english_organisation, other_organisation):
    admin_login(client, comms_user)
    values = {pk for pk, _label in organisation_options(client.get(add_story_url(story_index)))}
    assert values == {organisation.pk, other_organisation.pk}


def test_an_oms_editor_may_use_only_their_own_oms(client, editor, organisation, other_organisation,
                                                 english_organisation):
    assert set(usable_organisations(editor)) == {organisation}
    assert set(usable_organisations(editor, parent=organisation)) == {organisation}
    # A story under their profile is their OMS's: shown, not a choice, and nothing else is offered.
    admin_login(client, editor)
    response = client.get(add_story_url(organisation))
    assert [pk for pk, _label in organisation_options(response)] == [organisation.pk]
    assert response.context["form"].fields["organisation"].disabled
    # Whatever they post, the story is their OMS's.
    data = admin_form_data(client, add_story_url(organisation), streams=STORY_STREAMS, title="Cerita Kami",
                           slug="cerita-kami", organisation=other_organisation.pk)
    assert client.post(add_story_url(organisation), data).status_code == 302
    assert StoryPage.objects.get(slug="cerita-kami").organisation_id == organisation.pk


def test_nobody_without_page_permissions_may_use_any_oms(make_user, organisation):
    assert not usable_organisations(make_user("tamu")).exists()


def test_the_current_oms_stays_a_choice_when_editing(client, comms_user, story_index, make_story, organisation):
    # An OMS no longer live (unpublished since) is still the story's: editing must not drop it.
    story = make_story("Cerita Lama", parent=story_index, organisation=organisation)
    OrganisationPage.objects.filter(pk=organisation.pk).update(live=False)
    admin_login(client, comms_user)
    values = [pk for pk, _label in organisation_options(client.get(edit_url(story)))]
    assert values == [organisation.pk]


# -- the submit button -------------------------------------------------------------------------------

def test_the_submit_button_names_the_story_review_when_creating_under_an_oms(client, editor, organisation):
    admin_login(client, editor)
    label = submit_label(client.get(add_story_url(organisation)).content.decode())
    assert STORY_WORKFLOW in label
    assert "Moderators approval" not in label


def test_the_submit_button_names_the_story_review_when_editing(client, editor, organisation, make_story):
    story = make_story("Cerita Draf", live=False)
    admin_login(client, editor)
    label = submit_label(client.get(edit_url(story)).content.decode())
    assert STORY_WORKFLOW in label and "Moderators approval" not in label


def test_submitting_from_the_create_view_starts_the_story_review(client, editor, organisation):
    admin_login(client, editor)
    data = admin_form_data(client, add_story_url(organisation), streams=STORY_STREAMS, title="Cerita Baru",
                           slug="cerita-baru")
    data["action-submit"] = "1"
    assert client.post(add_story_url(organisation), data).status_code == 302
    story = StoryPage.objects.get(slug="cerita-baru")
    assert story.current_workflow_state is not None
    assert story.current_workflow_state.workflow.name == STORY_WORKFLOW
