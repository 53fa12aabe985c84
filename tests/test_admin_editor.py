"""The editor's admin (issue 12): Indonesian by default, searchable choosers for places and OMS,
and no "not installed" ask added by hand.

Wagtail's own Indonesian strings are read from its catalogue (wagtail/admin/locale/id_ID): "Save
draft" is "Simpan konsep", "Dashboard" is "Dasbor".
"""
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from campaigns.models import CampaignPage
from editorial.testing import admin_form_data
from regions.models import District, Regency

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = "en-US,en;q=0.9"
DONATION = {"title": "Donasi", "target": Decimal("5000000"), "minimum": Decimal("10000"),
            "suggested_amounts": [50000]}
ORPHAN = {"type": "bookswap", "value": {"title": "Tukar buku", "target": 50}, "id": "orphan-0001"}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@lokadaya.id", "rahasia-123")


@pytest.fixture
def admin(client, superuser):
    client.force_login(superuser)
    return client


def html_lang(response):
    return re.search(r'<html[^>]*\blang="([^"]+)"', response.content.decode()).group(1)


# -- 1. Indonesian admin ------------------------------------------------------------------------

def test_admin_is_indonesian_for_a_user_without_a_preference_even_in_an_english_browser(admin, make_campaign):
    response = admin.get("/admin/", HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)
    assert response.status_code == 200
    assert html_lang(response) == "id"
    assert "Dasbor" in response.content.decode()

    campaign = make_campaign()
    response = admin.get(f"/admin/pages/{campaign.pk}/edit/", HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)
    body = response.content.decode()
    assert html_lang(response) == "id"
    assert "Simpan konsep" in body and "Save draft" not in body


def test_admin_login_page_is_indonesian(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=ENGLISH_BROWSER)
    assert html_lang(response) == "id"
    # The public site still follows its URL prefix.
    assert client.get("/en/", HTTP_ACCEPT_LANGUAGE="id").status_code in (200, 404)


def test_a_user_who_chose_english_gets_english(admin, superuser, make_campaign):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    campaign = make_campaign()
    response = admin.get(f"/admin/pages/{campaign.pk}/edit/")
    body = response.content.decode()
    assert html_lang(response) == "en"
    assert "Save draft" in body and "Simpan konsep" not in body


def test_the_public_site_is_not_changed_by_the_admin_default(client, home_page):
    assert html_lang(client.get("/en/")) == "en"


# -- 2. choosers: kabupaten/kota, kecamatan, OMS -----------------------------------------------

def results(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_regency_chooser_finds_semarang_with_its_province(admin):
    url = reverse("regency_chooser:choose_results")
    body = results(admin, url, q="semarang")
    assert "Kota Semarang, Jawa Tengah" in body and "Kabupaten Semarang, Jawa Tengah" in body
    assert "Surabaya" not in body
    # Every word counts, in the name or the province.
    body = results(admin, url, q="kota jawa tengah")
    assert "Kota Semarang, Jawa Tengah" in body and "Kabupaten Semarang" not in body
    # The modal itself (a modal-workflow JSON answer) has the search box.
    modal = admin.get(reverse("regency_chooser:choose"))
    assert modal.status_code == 200 and 'name="q"' in json.loads(modal.content)["html"]


def test_regency_chooser_is_ordered_by_province_then_name(admin):
    body = results(admin, reverse("regency_chooser:choose_results"), q="kota")
    names = re.findall(r"data-chooser-modal-choice[^>]*>\s*(Kota [^<,]+), ([^<]+?)\s*<", body)
    assert names, body[:2000]
    assert names == sorted(names, key=lambda pair: (pair[1], pair[0]))
    assert names[0][1].startswith("Aceh")


def test_regency_chosen_answer_names_the_province(admin):
    semarang = Regency.objects.get(code="33.74")
    response = admin.get(reverse("regency_chooser:chosen", args=[semarang.pk]))
    result = json.loads(response.content)["result"]
    assert result["id"] == str(semarang.pk) and result["title"] == "Kota Semarang, Jawa Tengah"


def test_district_chooser_searches_kecamatan_by_regency(admin):
    body = results(admin, reverse("district_chooser:choose_results"), q="tembalang")
    assert "Tembalang, Kota Semarang, Jawa Tengah" in body
    body = results(admin, reverse("district_chooser:choose_results"), q="banyumanik kota semarang")
    assert "Banyumanik, Kota Semarang" in body


def test_choosers_need_admin_access(client, django_user_model):
    url = reverse("regency_chooser:choose_results")
    assert client.get(url, {"q": "semarang"}).status_code == 302  # to the login page
    django_user_model.objects.create_user("tamu", "tamu@contoh.id", "rahasia-123")
    client.login(username="tamu", password="rahasia-123")
    response = client.get(url, {"q": "semarang"})
    assert "Kota Semarang" not in response.content.decode()


def test_campaign_form_uses_the_regency_chooser_not_a_514_entry_select(admin, make_campaign):
    campaign = make_campaign()
    body = admin.get(f"/admin/pages/{campaign.pk}/edit/").content.decode()
    assert '<select name="regency"' not in body
    assert reverse("regency_chooser:choose") in body
    # The chosen one is shown with its province.
    assert "Kota Semarang, Jawa Tengah" in body


def test_organisation_form_has_searchable_lists_for_places(admin, organisation):
    response = admin.get(f"/admin/pages/{organisation.pk}/edit/")
    body = response.content.decode()
    assert '<select name="regency"' not in body and reverse("regency_chooser:choose") in body
    # work_regencies: checkboxes with a filter box, labelled with the province, province order.
    block = body[body.index('name="work_regencies"') - 20000:]
    assert "data-searchable-choices" in block
    assert "regions/admin/searchable-choices.js" in body
    assert "Kota Semarang, Jawa Tengah" in body


def test_organisation_form_still_saves_the_chosen_regency(admin, organisation):
    surabaya = Regency.objects.get(name="Kota Surabaya")
    url = f"/admin/pages/{organisation.pk}/edit/"
    data = admin_form_data(admin, url, regency=str(surabaya.pk), work_regencies=[str(surabaya.pk)])
    response = admin.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    latest = type(organisation).objects.get(pk=organisation.pk).get_latest_revision_as_object()
    assert latest.regency_id == surabaya.pk
    assert [regency.pk for regency in latest.work_regencies.all()] == [surabaya.pk]


@pytest.fixture
def english_organisation(organisation):
    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = organisation.copy_for_translation(english, copy_parents=True)
    translation.save_revision().publish()
    return translation


def test_oms_chooser_offers_each_oms_once_in_the_default_language(admin, organisation, english_organisation):
    body = results(admin, reverse("organisation_chooser:choose_results"))
    assert body.count(f"/chosen/{organisation.pk}/") == 1
    assert f"/chosen/{english_organisation.pk}/" not in body
    assert "Kota Semarang, Jawa Tengah" in body  # where it is
    # Choosing the English page by its id is refused.
    assert admin.get(reverse("organisation_chooser:chosen", args=[english_organisation.pk])).status_code == 404
    chosen = admin.get(reverse("organisation_chooser:chosen", args=[organisation.pk]))
    assert json.loads(chosen.content)["result"]["id"] == str(organisation.pk)


def test_oms_chooser_searches_and_leaves_out_drafts(admin, organisation, make_organisation):
    draft = make_organisation(slug="oms-draf", title="Yayasan Draf Sekali")
    draft.unpublish()
    assert organisation.title not in results(admin, reverse("organisation_chooser:choose_results"), q="draf")
    assert "Yayasan Draf" not in results(admin, reverse("organisation_chooser:choose_results"))
    assert organisation.title in results(admin, reverse("organisation_chooser:choose_results"),
                                         q=organisation.title.split()[0].lower())


def test_story_form_uses_the_oms_chooser(admin, home_page, organisation):
    from stories.models import StoryIndexPage

    index = StoryIndexPage(title="Cerita", slug="cerita")
    home_page.add_child(instance=index)
    add = reverse("wagtailadmin_pages:add", args=["stories", "storypage", index.pk])
    body = admin.get(add).content.decode()
    assert reverse("organisation_chooser:choose") in body
    assert '<select name="regency"' not in body


# -- 3. "not installed" asks ----------------------------------------------------------------------

def _stored_asks(page):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT asks FROM campaigns_campaignpage WHERE page_ptr_id = %s", [page.pk])
        value = cursor.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else value


def _with_orphan(page):
    CampaignPage.objects.filter(pk=page.pk).update(asks=_stored_asks(page) + [ORPHAN])
    return CampaignPage.objects.get(pk=page.pk)


def _edit_post(client, page, asks, ids):
    url = f"/admin/pages/{page.pk}/edit/"
    data = admin_form_data(client, url, streams=("asks",))
    for key in [k for k in data if k.startswith("asks-")]:
        data.pop(key)
    data.update(nested_form_data({"asks": streamfield(asks)}))
    for index, block_id in enumerate(ids):
        data[f"asks-{index}-id"] = block_id
    return client.post(url, data)


DONATION_FORM = ("donation", {"title": "Donasi", "description": "", "target": "5000000", "minimum": "10000",
                              "suggested_amounts": streamfield([("item", "50000")])})


def test_editor_script_leaves_unavailable_out_of_the_add_menu(admin, make_campaign):
    campaign = make_campaign(asks=[("donation", DONATION)])
    body = admin.get(f"/admin/pages/{campaign.pk}/edit/").content.decode()
    assert "campaigns.blocks.AsksStreamBlock" in body
    assert "campaigns/admin/asks.js" in body


def test_a_new_unavailable_ask_is_refused(admin, make_campaign):
    campaign = make_campaign(asks=[("donation", DONATION)])
    donation_id = _stored_asks(campaign)[0]["id"]
    response = _edit_post(admin, campaign, [
        DONATION_FORM,
        ("unavailable", {"original_type": "bookswap", "data": json.dumps(ORPHAN["value"])}),
    ], [donation_id, "new-block-1"])
    assert response.status_code == 200
    assert "tidak terpasang" in response.content.decode() or "not installed" in response.content.decode()
    # Nothing saved.
    latest = CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object()
    assert latest.get_unavailable_asks() == []


def test_an_existing_unavailable_ask_is_kept_but_cannot_be_changed_or_copied(admin, make_campaign):
    campaign = _with_orphan(make_campaign(asks=[("donation", DONATION)]))
    donation_id = _stored_asks(campaign)[0]["id"]
    body = admin.get(f"/admin/pages/{campaign.pk}/edit/").content.decode()
    assert "bookswap" in body and 'role="alert"' in body  # the help panel explains it

    orphan_form = ("unavailable", {"original_type": "bookswap", "data": json.dumps(ORPHAN["value"])})
    changed = ("unavailable", {"original_type": "bookswap", "data": json.dumps({"title": "Diubah"})})
    # Changed content: refused.
    assert _edit_post(admin, campaign, [DONATION_FORM, changed], [donation_id, ORPHAN["id"]]).status_code == 200
    # A copy of it as a second block: refused.
    assert _edit_post(admin, campaign, [DONATION_FORM, orphan_form, orphan_form],
                      [donation_id, ORPHAN["id"], "copy-1"]).status_code == 200
    # Unchanged: kept.
    response = _edit_post(admin, campaign, [DONATION_FORM, orphan_form], [donation_id, ORPHAN["id"]])
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object()
    assert latest.get_unavailable_asks() == ["bookswap"]
    latest.save_revision().publish()  # and it publishes
    assert ORPHAN in _stored_asks(campaign)


def test_a_new_campaign_cannot_start_with_an_unavailable_ask(admin, organisation):
    add = reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", organisation.pk])
    data = admin_form_data(admin, add, streams=("asks",), title="Baru", slug="baru", summary="Ringkas")
    for key in [k for k in data if k.startswith("asks-")]:
        data.pop(key)
    data.update(nested_form_data({"asks": streamfield([
        ("unavailable", {"original_type": "bookswap", "data": json.dumps(ORPHAN["value"])})])}))
    response = admin.post(add, data)
    assert response.status_code == 200
    assert not CampaignPage.objects.filter(slug="baru").exists()


def test_translation_of_a_campaign_with_an_unavailable_ask_still_saves(make_campaign):
    campaign = _with_orphan(make_campaign(asks=[("donation", DONATION)]))
    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = campaign.copy_for_translation(english, copy_parents=True)
    translation.save_revision().publish()
    assert CampaignPage.objects.get(pk=translation.pk).get_unavailable_asks() == ["bookswap"]
