"""Profil Mitra: the public profile of an OMS (everything but its bank account), the Mitra index and
its filters, and the profile's editing form in the admin (kecamatan of its own places only)."""
import io

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Locale
from wagtail.test.utils.form_data import querydict_from_html

from partners.models import (OrganisationDocument, OrganisationLink, OrganisationPage, OrganisationPhoto,
                             TeamMember)
from partners.testing import *  # noqa: F401,F403 - fixtures
from regions.models import District, Regency
from sdgs.models import SDG

pytestmark = pytest.mark.django_db
BANK = {"bank_name": "Bank Rakyat Indonesia", "bank_account_number": "0123-01-004567-50-9",
        "bank_account_holder": "Yayasan Terang Desa"}


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), (200, 120, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def profile(make_verified_oms):
    page = make_verified_oms("yayasan-terang-desa", "53.10", title="Yayasan Terang Desa",
                             legal_name="Yayasan Terang Desa Manggarai",
                             legal_registration_number="AHU-0008123.AH.01.04.Tahun 2012", founded_year=2012,
                             vision="Setiap desa di Manggarai terang.",
                             mission="<ol><li>Memasang lampu jalan.</li><li>Melatih pemuda.</li></ol>",
                             about="<p>Kami bekerja bersama warga desa.</p>", whatsapp="0812 3456 7890",
                             website="https://terangdesa.contoh.id", **BANK)
    editor = page.editor
    page = OrganisationPage.objects.get(pk=page.pk)
    image = Image.objects.create(title="Pemasangan lampu", file=ContentFile(png(), name="lampu.png"),
                                 collection=page.access.collection)
    report = Document.objects.create(title="Laporan 2024", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="lap.pdf"),
                                     collection=page.access.collection)
    page.logo = image
    page.gallery_photos = [OrganisationPhoto(image=image, caption="Warga memasang lampu di Wae Rebo")]
    page.team_members = [TeamMember(name="Yohanes Jehamat", role="Ketua")]
    page.links = [OrganisationLink(kind="instagram", url="https://instagram.com/terangdesa")]
    page.documents = [OrganisationDocument(title="Laporan Tahunan 2024", kind="annual_report", year=2024,
                                           document=report)]
    page.sdgs.set(SDG.objects.filter(number__in=[7, 11]))
    page.districts.set(District.objects.filter(regency__code="53.10", name__in=["Satar Mese", "Langke Rembong"]))
    page.work_regencies.set(Regency.objects.filter(code="53.19"))
    page.issues.set(["energi terbarukan", "keselamatan jalan"])
    page.save_revision().publish()
    page = OrganisationPage.objects.get(pk=page.pk)
    page.editor = editor
    return page


def test_the_public_profile_shows_everything_but_the_bank_account(client, profile, make_campaign):
    make_campaign(parent=profile, slug="lampu-jalan", title="Lampu Jalan Tenaga Surya")
    response = client.get("/id/mitra/yayasan-terang-desa/")
    assert response.status_code == 200
    body = response.content.decode()
    for expected in (
        "Yayasan Terang Desa Manggarai", "Yayasan", "sejak 2012", "AHU-0008123.AH.01.04.Tahun 2012",
        "Setiap desa di Manggarai terang.", "<li>Memasang lampu jalan.</li>", "Kami bekerja bersama warga desa.",
        "Warga memasang lampu di Wae Rebo", "Yohanes Jehamat", "Ketua",
        "Kabupaten Manggarai", "Satar Mese", "Langke Rembong", "Kabupaten Manggarai Timur",
        "energi terbarukan", "keselamatan jalan", "https://wa.me/6281234567890", "mailto:",
        "https://instagram.com/terangdesa", "https://terangdesa.contoh.id", "Laporan Tahunan 2024",
        "Laporan tahunan", "Terverifikasi", "Jejaring Lokadaya Provinsi Nusa Tenggara Timur",
        "Lampu Jalan Tenaga Surya", "/transparansi/mitra/",
    ):
        assert expected in body, expected
    assert body.count('class="sdg sdg-') == 2
    # The bank account is private: on no public page, in no form.
    for secret in BANK.values():
        if secret != "Yayasan Terang Desa":
            assert secret not in body
    assert BANK["bank_account_number"].replace("-", "") not in body


def test_the_profile_is_public_only_once_verified(client, make_pending_oms):
    pending = make_pending_oms()
    assert client.get("/id/mitra/yayasan-lentera-pesisir/").status_code == 404
    assert pending.title not in client.get("/id/mitra/").content.decode()


def test_an_unverified_live_profile_says_so(client, make_organisation):
    page = make_organisation(slug="lama", title="OMS Lama")
    OrganisationPage.objects.filter(pk=page.pk).update(is_verified=False, verification_status="pending")
    body = client.get("/id/mitra/lama/").content.decode()
    assert "Belum diverifikasi" in body and "Terverifikasi" not in body


def test_the_english_profile(client, profile):
    english = profile.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    response = client.get("/en/mitra/yayasan-terang-desa/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body and "Verified" in body and "Where it works" in body
    assert BANK["bank_account_number"] not in body


# -- the Mitra index ----------------------------------------------------------------------------


@pytest.fixture
def many(make_verified_oms, make_organisation, profile):
    semarang = make_verified_oms("bank-sampah", "33.74", title="Bank Sampah Berseri")
    semarang.sdgs.set(SDG.objects.filter(number=12))
    semarang.save_revision().publish()
    makassar = make_verified_oms("taman-baca", "73.71", title="Taman Baca Pelangi")
    makassar.work_regencies.set(Regency.objects.filter(code="33.74"))  # also works in Semarang
    makassar.sdgs.set(SDG.objects.filter(number=4))
    makassar.save_revision().publish()
    old = make_organisation(slug="oms-lama", title="OMS Lama Medan", regency_code="12.71")
    OrganisationPage.objects.filter(pk=old.pk).update(is_verified=False, verification_status="pending")
    return {"semarang": semarang, "makassar": makassar, "old": old}


def titles(response):
    return sorted(o.title for o in response.context["organisations"])


def test_the_index_lists_and_filters(client, many):
    everyone = client.get("/id/mitra/")
    assert titles(everyone) == ["Bank Sampah Berseri", "OMS Lama Medan", "Taman Baca Pelangi", "Yayasan Terang Desa"]
    assert "4 mitra" in everyone.content.decode() and "Daftar sebagai Mitra" in everyone.content.decode()
    assert titles(client.get("/id/mitra/?province=jawa-tengah")) == ["Bank Sampah Berseri", "Taman Baca Pelangi"]
    assert titles(client.get("/id/mitra/?regency=73.71")) == ["Taman Baca Pelangi"]
    assert titles(client.get("/id/mitra/?regency=33.74")) == ["Bank Sampah Berseri", "Taman Baca Pelangi"]
    assert titles(client.get("/id/mitra/?sdg=7")) == ["Yayasan Terang Desa"]
    assert titles(client.get("/id/mitra/?verification=unverified")) == ["OMS Lama Medan"]
    assert titles(client.get("/id/mitra/?verification=verified&province=nusa-tenggara-timur")) == [
        "Yayasan Terang Desa"]
    none = client.get("/id/mitra/?sdg=14")
    assert titles(none) == [] and "Tidak ada mitra yang cocok" in none.content.decode()


def test_bad_filter_values_are_refused_not_crashed(client, many):
    response = client.get("/id/mitra/?province=atlantis&sdg=99&regency=<script>")
    assert response.status_code == 200
    assert len(titles(response)) == 4  # no filter applied
    assert "<script>" not in response.content.decode()
    assert response.context["filter_form"].errors


def test_the_index_paginates_and_keeps_the_filter(client, partner_index):
    from partners.listing import PER_PAGE
    from regions.models import Regency as R

    regency = R.objects.get(code="33.74")
    for n in range(PER_PAGE + 2):
        page = OrganisationPage(title=f"OMS {n:02d}", slug=f"oms-{n:02d}", regency=regency, is_verified=True)
        partner_index.add_child(instance=page)
    first = client.get("/id/mitra/?province=jawa-tengah")
    assert len(first.context["organisations"]) == PER_PAGE
    assert 'href="?province=jawa-tengah&amp;page=2"' in first.content.decode()
    second = client.get("/id/mitra/?province=jawa-tengah&page=2")
    assert len(second.context["organisations"]) == 2


# -- the admin form -----------------------------------------------------------------------------


def test_the_admin_form_offers_only_the_oms_kecamatan(profile):
    client = Client()
    client.force_login(profile.editor)
    response = client.get(f"/admin/pages/{profile.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Satar Mese" in html and "Borong" in html  # Manggarai, and Manggarai Timur (worked in)
    assert "Tembalang" not in html  # Kota Semarang's
    assert 'name="bank_account_number"' in html  # the editor keeps their own bank account


def test_the_admin_form_refuses_a_kecamatan_elsewhere(profile):
    client = Client()
    client.force_login(profile.editor)
    url = f"/admin/pages/{profile.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    elsewhere = District.objects.get(regency__code="33.74", name="Tembalang")
    data.setlist("districts", [str(elsewhere.pk)])
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "tidak termasuk kabupaten/kota yang dipilih: Tembalang" in response.content.decode()
    assert list(OrganisationPage.objects.get(pk=profile.pk).districts.values_list("name", flat=True)) != ["Tembalang"]

    mine = District.objects.get(regency__code="53.10", name="Cibal")
    data.setlist("districts", [str(mine.pk)])
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    page = OrganisationPage.objects.get(pk=profile.pk)
    assert list(page.districts.values_list("name", flat=True)) == ["Cibal"]
    assert page.is_verified and page.live
