"""Images and documents stay with their tenant (issue 11, findings 4 and 5; ``partners/files.py``).

Two verified OMS (A in Jawa Tengah, B in Sulawesi Selatan) each with an image and a document in
their own collection, communications staff with a file of their own, a provincial moderator and a
national admin. Every test makes the real request through Django's stack: the admin API's image and
document endpoints, the admin's image and document screens with the other tenant's ids, the choosers,
and ``/documents/<id>/<file>`` for every actor, before and after the document is on a live page.
"""
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import translation
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, GroupCollectionPermission, PageViewRestriction

from editorial.testing import comms_user, make_user  # noqa: F401 - fixtures
from partners.files import COMMUNICATIONS_COLLECTION
from partners.models import OrganisationDocument, OrganisationPage
from partners.testing import *  # noqa: F401,F403 - fixtures

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (20, 110, 70)).save(buffer, "PNG")
    return buffer.getvalue()


class World(dict):
    __getattr__ = dict.__getitem__


@pytest.fixture
def w(make_verified_oms, make_moderator, comms_user):  # noqa: F811 - fixture
    a = make_verified_oms("oms-a", "33.74", title="OMS Semarang A")
    b = make_verified_oms("oms-b", "73.71", title="OMS Makassar B")
    comms_collection = Collection.objects.get(name=COMMUNICATIONS_COLLECTION)
    world = World(
        a=a, b=b, editor_a=a.editor, editor_b=b.editor, comms=comms_user,
        moderator=make_moderator("73", username="moderator-sulsel"),
        admin=get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD),
        image_a=Image.objects.create(title="Foto Milik A", file=ContentFile(png(), name="foto-a.png"),
                                     collection=a.access.collection),
        image_b=Image.objects.create(title="Foto Rahasia B", file=ContentFile(png(), name="foto-b.png"),
                                     collection=b.access.collection),
        document_a=Document.objects.create(title="Laporan Milik A", file=ContentFile(PDF, name="laporan-a.pdf"),
                                           collection=a.access.collection),
        document_b=Document.objects.create(title="Laporan Rahasia B", file=ContentFile(PDF, name="laporan-b.pdf"),
                                           collection=b.access.collection),
        comms_document=Document.objects.create(title="Siaran Pers Nasional", collection=comms_collection,
                                               file=ContentFile(PDF, name="siaran-pers.pdf")),
        comms_image=Image.objects.create(title="Foto Tim Komunikasi", file=ContentFile(png(), name="tim.png"),
                                         collection=comms_collection, uploaded_by_user=comms_user),
    )
    return world


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_titles(client, endpoint):
    response = client.get(f"/admin/api/main/{endpoint}/")
    assert response.status_code == 200, response.status_code
    return {item["title"] for item in response.json()["items"]}


def download(client, document):
    return client.get(document.url)


def assert_denied(response):
    """Wagtail's refusal: back to the dashboard with its "no permission" message."""
    assert response.status_code == 302 and response["Location"] == "/admin/", (response.status_code,
                                                                              response.get("Location"))
    with translation.override("id"):
        message = translation.gettext("Sorry, you do not have permission to access this area.")
    assert message in [str(m).strip() for m in get_messages(response.wsgi_request)]


def publish_on_profile(organisation, document):
    page = OrganisationPage.objects.get(pk=organisation.pk)
    page.documents = [OrganisationDocument(title=document.title, kind="annual_report", year=2025, document=document)]
    page.save_revision().publish()
    return page


# -- finding 4: the admin API lists only what the user may see ----------------------------------


def test_admin_api_lists_only_the_editors_own_files(w):
    client = client_for(w.editor_a)
    assert api_titles(client, "images") == {"Foto Milik A"}
    assert api_titles(client, "documents") == {"Laporan Milik A"}
    # Named by id, B's files do not exist for A: detail and find.
    for url in (f"/admin/api/main/images/{w.image_b.pk}/", f"/admin/api/main/documents/{w.document_b.pk}/",
                f"/admin/api/main/images/find/?id={w.image_b.pk}",
                f"/admin/api/main/documents/find/?id={w.document_b.pk}"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/admin/api/main/documents/{w.document_a.pk}/").json()["title"] == "Laporan Milik A"
    # A search does not find them either.
    response = client.get("/admin/api/main/images/?search=Rahasia")
    assert response.status_code == 200 and response.json()["items"] == []


def test_admin_api_lists_no_files_to_a_moderator(w):
    client = client_for(w.moderator)
    assert api_titles(client, "images") == set()
    assert api_titles(client, "documents") == set()
    assert client.get(f"/admin/api/main/documents/{w.document_b.pk}/").status_code == 404


def test_admin_api_gives_communications_staff_every_image_but_no_oms_document(w):
    client = client_for(w.comms)
    assert api_titles(client, "images") == {"Foto Milik A", "Foto Rahasia B", "Foto Tim Komunikasi"}
    assert api_titles(client, "documents") == {"Siaran Pers Nasional"}
    assert client.get(f"/admin/api/main/documents/{w.document_b.pk}/").status_code == 404


def test_admin_api_lists_everything_to_a_national_admin(w):
    client = client_for(w.admin)
    assert api_titles(client, "documents") == {"Laporan Milik A", "Laporan Rahasia B", "Siaran Pers Nasional"}
    assert len(api_titles(client, "images")) == 3


def test_admin_api_is_closed_to_the_public(w):
    response = client_for().get("/admin/api/main/documents/")
    assert response.status_code in (302, 403), response.status_code
    assert b"Laporan" not in response.content


# -- finding 4: documents download only when public or permitted ---------------------------------


def test_a_private_document_is_a_404_to_everyone_without_permission_on_its_collection(w):
    for user in (None, w.editor_a, w.moderator, w.comms):
        response = download(client_for(user), w.document_b)
        assert response.status_code == 404, user
        assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))
    # A document that does not exist answers the same.
    assert client_for(w.editor_a).get(f"/documents/{w.document_b.pk + 1000}/laporan-b.pdf").status_code == 404


def test_a_private_document_downloads_for_its_oms_and_national_admins(w):
    for user in (w.editor_b, w.admin):
        response = download(client_for(user), w.document_b)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
    assert download(client_for(w.comms), w.comms_document).status_code == 200


def test_the_download_url_from_the_api_no_longer_serves_anyone(w):
    """The attack of finding 4: list the documents, then download them without logging in."""
    items = client_for(w.admin).get("/admin/api/main/documents/?fields=download_url").json()["items"]
    urls = [item["meta"]["download_url"] for item in items]
    assert len(urls) == 3
    for url in urls:
        assert client_for().get(url).status_code == 404, url


def test_a_document_on_the_oms_live_profile_is_public_until_it_leaves_it(w):
    profile = publish_on_profile(w.b, w.document_b)
    response = client_for().get("/id/mitra/oms-b/")
    assert w.document_b.url in response.content.decode()
    for user in (None, w.editor_a, w.moderator):
        assert download(client_for(user), w.document_b).status_code == 200, user
    # Unpublished profile: private again.
    profile.unpublish()
    assert download(client_for(), w.document_b).status_code == 404
    # Published again, then the document taken off the profile.
    profile = OrganisationPage.objects.get(pk=profile.pk)
    profile.save_revision().publish()
    assert download(client_for(), w.document_b).status_code == 200
    profile.documents = []
    profile.save_revision().publish()
    assert download(client_for(), w.document_b).status_code == 404


def test_a_document_only_in_a_draft_stays_private(w):
    page = OrganisationPage.objects.get(pk=w.b.pk)
    page.documents = [OrganisationDocument(title="Draf", kind="annual_report", year=2025, document=w.document_b)]
    page.save_revision()  # not published
    assert download(client_for(), w.document_b).status_code == 404


def test_a_document_linked_from_a_live_campaigns_rich_text_is_public(w, make_campaign):
    campaign = make_campaign(parent=w.b, slug="air-bersih", title="Air Bersih",
                             body=f'<p>Lihat <a linktype="document" id="{w.document_b.pk}">laporan</a>.</p>')
    assert campaign.live
    assert download(client_for(), w.document_b).status_code == 200
    draft = make_campaign(parent=w.a, slug="draf-a", title="Draf A", live=False,
                          body=f'<p><a linktype="document" id="{w.document_a.pk}">laporan</a></p>')
    assert not draft.live
    assert download(client_for(), w.document_a).status_code == 404


def test_another_oms_page_cannot_make_a_document_public_by_naming_its_id(w):
    """Editor A puts B's document id on A's own live profile: B's document stays private."""
    publish_on_profile(w.a, w.document_b)
    assert download(client_for(), w.document_b).status_code == 404
    assert download(client_for(w.editor_a), w.document_b).status_code == 404


def test_a_document_on_a_page_in_a_private_section_stays_private(w):
    publish_on_profile(w.b, w.document_b)
    PageViewRestriction.objects.create(page=OrganisationPage.objects.get(pk=w.b.pk),
                                       restriction_type=PageViewRestriction.LOGIN)
    assert download(client_for(), w.document_b).status_code == 404
    assert download(client_for(w.editor_b), w.document_b).status_code == 200


def test_a_public_download_costs_few_queries(w, django_assert_max_num_queries):
    publish_on_profile(w.b, w.document_b)
    client = client_for()
    # A first request runs the search indexing the publication left for "after the response".
    assert download(client, w.document_b).status_code == 200
    # The document itself, Wagtail's collection restrictions (collection, restrictions), our two.
    with django_assert_max_num_queries(5):
        response = download(client, w.document_b)
    assert response.status_code == 200


# -- finding 5: communications staff ---------------------------------------------------------------


def test_communications_staff_have_choose_everywhere_and_change_only_in_their_collection(w):
    from editorial.roles import communications_group

    rows = set(GroupCollectionPermission.objects.filter(group=communications_group()).values_list(
        "collection__name", "permission__codename"))
    root = Collection.get_first_root_node().name
    assert rows == {(root, "choose_image")} | {(COMMUNICATIONS_COLLECTION, codename) for codename in (
        "add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document")}


def test_communications_staff_cannot_delete_or_edit_an_oms_image(w):
    client = client_for(w.comms)
    before = list(Image.objects.filter(pk=w.image_b.pk).values_list("title", "collection_id"))
    assert_denied(client.post(f"/admin/images/{w.image_b.pk}/delete/"))
    assert_denied(client.get(f"/admin/images/{w.image_b.pk}/"))
    assert_denied(client.post(f"/admin/images/{w.image_b.pk}/",
                              {"title": "Diganti", "collection": w.b.access.collection.pk}))
    client.post(f"/admin/bulk/wagtailimages/image/delete/?id={w.image_b.pk}")
    client.post(f"/admin/images/multiple/{w.image_b.pk}/delete/")
    assert list(Image.objects.filter(pk=w.image_b.pk).values_list("title", "collection_id")) == before
    # Their listing holds their own images only; the chooser offers every image.
    listing = client.get("/admin/images/").content.decode()
    assert "Foto Tim Komunikasi" in listing and "Foto Rahasia B" not in listing
    chooser = client.get("/admin/images/chooser/")
    assert chooser.status_code == 200
    assert "Foto Rahasia B" in chooser.json()["html"]
    assert client.get(f"/admin/images/chooser/chosen/{w.image_b.pk}/").status_code == 200


def test_communications_staff_edit_and_delete_images_in_their_own_collection(w):
    client = client_for(w.comms)
    assert client.get(f"/admin/images/{w.comms_image.pk}/").status_code == 200
    response = client.post(f"/admin/images/{w.comms_image.pk}/delete/")
    assert response.status_code == 302 and not Image.objects.filter(pk=w.comms_image.pk).exists()


def test_communications_staff_see_no_oms_document(w):
    client = client_for(w.comms)
    for url in ("/admin/documents/", "/admin/documents/chooser/", "/admin/documents/chooser/results/?q=Laporan"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Laporan Rahasia B" not in body and "Laporan Milik A" not in body, url
    assert "Siaran Pers Nasional" in client.get("/admin/documents/").content.decode()
    assert_denied(client.get(f"/admin/documents/edit/{w.document_b.pk}/"))
    assert client.get(f"/admin/documents/chooser/chosen/{w.document_b.pk}/").status_code in (302, 403)


# -- the other screens, named with the other tenant's ids ---------------------------------------------


@pytest.mark.parametrize("url", [
    "/admin/images/{image_b}/",
    "/admin/images/{image_b}/delete/",
    "/admin/images/{image_b}/generate_url/",
    "/admin/images/{image_b}/generate_url/output/",
    "/admin/images/{image_b}/preview/original/",
    "/admin/images/usage/{image_b}/",
    "/admin/documents/edit/{document_b}/",
    "/admin/documents/delete/{document_b}/",
    "/admin/documents/usage/{document_b}/",
])
def test_an_oms_editor_is_refused_the_other_tenants_file_screens(w, url):
    url = url.format(image_b=w.image_b.pk, document_b=w.document_b.pk)
    response = client_for(w.editor_a).get(url)
    assert response.status_code in (302, 403, 404), (url, response.status_code)
    if response.status_code == 302:
        assert_denied(response)
    body = response.content.decode()
    assert "Foto Rahasia B" not in body and "Laporan Rahasia B" not in body


def test_an_oms_editor_cannot_change_or_delete_the_other_tenants_files_from_the_multiple_upload_views(w):
    client = client_for(w.editor_a)
    images = list(Image.objects.filter(pk=w.image_b.pk).values_list("title", "collection_id"))
    documents = list(Document.objects.filter(pk=w.document_b.pk).values_list("title", "collection_id"))
    for url, data in (
        (f"/admin/images/multiple/{w.image_b.pk}/", {f"image-{w.image_b.pk}-title": "Diambil alih",
                                                    f"image-{w.image_b.pk}-collection": w.a.access.collection.pk}),
        (f"/admin/images/multiple/{w.image_b.pk}/delete/", {}),
        (f"/admin/documents/multiple/{w.document_b.pk}/",
         {f"doc-{w.document_b.pk}-title": "Diambil alih",
          f"doc-{w.document_b.pk}-collection": w.a.access.collection.pk}),
        (f"/admin/documents/multiple/{w.document_b.pk}/delete/", {}),
    ):
        response = client.post(url, data, headers={"x-requested-with": "XMLHttpRequest"})
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        assert "Rahasia" not in response.content.decode()
    assert list(Image.objects.filter(pk=w.image_b.pk).values_list("title", "collection_id")) == images
    assert list(Document.objects.filter(pk=w.document_b.pk).values_list("title", "collection_id")) == documents


def test_choosers_show_an_oms_editor_only_their_own_files(w):
    client = client_for(w.editor_a)
    images = client.get("/admin/images/chooser/").json()["html"]
    assert "Foto Milik A" in images and "Foto Rahasia B" not in images
    documents = client.get("/admin/documents/chooser/").json()["html"]
    assert "Laporan Milik A" in documents and "Laporan Rahasia B" not in documents
    # Picking B's file by id is refused, without its title.
    for url in (f"/admin/images/chooser/chosen/{w.image_b.pk}/", f"/admin/documents/chooser/chosen/{w.document_b.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        assert "Rahasia" not in response.content.decode()
