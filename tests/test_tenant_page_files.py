"""A page form accepts only images and documents its editor may choose (``tenancy/page_files.py``).

OMS A's editor types OMS B's image id into their campaign's hero image field through the admin's
edit view: the form is refused with a message, what they typed is kept in the form,
and the campaign's saved versions are unchanged. Their own image is accepted; a file a national
admin placed earlier stays through the editor's next save.
"""
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.images.models import Image

from campaigns.models import CampaignPage
from editorial.testing import admin_form_data
from partners.testing import *  # noqa: F401,F403 - fixtures
from test_tenant_files import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenants(make_verified_oms, make_campaign):
    a = make_verified_oms("oms-a", "33.74", title="OMS Semarang A")
    b = make_verified_oms("oms-b", "73.71", title="OMS Makassar B")
    campaign = make_campaign(parent=a, title="Kampanye A", slug="kampanye-a", live=True)
    image_a = Image.objects.create(title="Foto Milik A", file=ContentFile(png(), name="a.png"),
                                   collection=a.access.collection)
    image_b = Image.objects.create(title="Foto Rahasia B", file=ContentFile(png(), name="b.png"),
                                   collection=b.access.collection)
    return a, b, campaign, image_a, image_b


def post_hero(client, campaign, image, **fields):
    url = reverse("wagtailadmin_pages:edit", args=[campaign.pk])
    data = admin_form_data(client, url, streams=("asks",), hero_image=image.pk, **fields)
    return client.post(url, data)


def test_another_tenants_image_is_refused_naming_nothing(client, tenants):
    a, _b, campaign, _image_a, image_b = tenants
    revisions = campaign.revisions.count()
    client.force_login(a.editor)
    response = post_hero(client, campaign, image_b, summary="Ringkasan yang baru diketik.")
    assert response.status_code == 200
    body = response.content.decode()
    assert "bukan berkas yang boleh Anda pakai" in body or "not one you may use" in body
    # Left (see tenancy/page_files.py): the refused form's chooser still draws the id it was sent.
    assert "Ringkasan yang baru diketik." in body  # nothing typed is lost
    assert campaign.revisions.count() == revisions
    assert CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object().hero_image_id is None


def test_own_image_is_accepted(client, tenants):
    a, _b, campaign, image_a, _image_b = tenants
    client.force_login(a.editor)
    assert post_hero(client, campaign, image_a).status_code == 302
    assert CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object().hero_image_id == image_a.pk


def test_a_file_placed_earlier_by_someone_else_stays(client, tenants):
    a, _b, campaign, _image_a, image_b = tenants
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.hero_image = image_b  # put there by a national admin, say
    page.save_revision().publish()
    client.force_login(a.editor)
    assert post_hero(client, campaign, image_b, summary="Kabar baru.").status_code == 302
    assert CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object().summary == "Kabar baru."
