"""Izin PUB admin (issue 17): OMS editors record permits of their own campaigns only; the campaign's
province's moderators and national staff verify or reject (emailed); the document is shown only to
whom it may be; the policy is national staff's.
"""
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from partners.testing import PASSWORD, make_moderator, make_verified_oms  # noqa: F401 - fixtures
from permits.models import FundraisingPermit, PermitPolicy

pytestmark = pytest.mark.django_db
DONATION = ("donation", {"title": "Donasi lampu", "target": Decimal("2000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def permit_root(settings, tmp_path):
    settings.PERMIT_FILES_ROOT = str(tmp_path / "permits")
    settings.LOKADAYA_PAGE_CACHE = False


@pytest.fixture
def w(make_verified_oms, make_campaign, make_moderator):
    class World:
        pass

    w = World()
    w.oms_a = make_verified_oms("oms-a", "33.74")
    w.oms_c = make_verified_oms("oms-c", "73.71")
    w.camp_a = make_campaign(asks=[DONATION], parent=w.oms_a, slug="kampanye-a", title="Lampu Semarang")
    w.camp_c = make_campaign(asks=[DONATION], parent=w.oms_c, slug="kampanye-c", title="Lampu Makassar")
    w.mod_33, w.mod_73 = make_moderator("33"), make_moderator("73")
    w.admin = get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    return w


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 20, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def data(campaign, **overrides):
    today = timezone.localdate()
    values = {"campaign": campaign.pk, "number": "123/HUK/2026", "issuer": "Dinas Sosial Provinsi Jawa Tengah",
              "scope": "province", "province": "", "regency": "", "valid_from": today.isoformat(),
              "valid_until": (today + datetime.timedelta(days=180)).isoformat(),
              "document": SimpleUploadedFile("izin.pdf", PDF, content_type="application/pdf")}
    from regions.models import Province

    values["province"] = Province.objects.get(code="33").pk
    values.update(overrides)
    return values


def make_permit(campaign, status="submitted", **fields):
    today = timezone.localdate()
    permit = FundraisingPermit(campaign=campaign, number=fields.pop("number", "9/PUB"), issuer="Kemensos",
                               scope="national", valid_from=today, valid_until=today + datetime.timedelta(days=90),
                               status=status, **fields)
    permit.document.save("izin.pdf", ContentFile(PDF), save=False)
    permit.save()
    return permit


def test_an_editor_records_a_permit_for_their_campaign(w):
    client = as_user(w.oms_a.editor)
    assert client.get("/admin/izin-pub/baru/").status_code == 200
    response = client.post("/admin/izin-pub/baru/", data(w.camp_a))
    assert response.status_code == 302, response.content.decode()[:3000]
    permit = FundraisingPermit.objects.get()
    assert permit.status == "submitted" and permit.submitted_by == w.oms_a.editor
    assert permit.province.code == "33"
    listing = client.get("/admin/izin-pub/").content.decode()
    assert "123/HUK/2026" in listing
    # A picture is accepted too; a regency permit takes its province from the kabupaten/kota.
    response = client.post("/admin/izin-pub/baru/", data(
        w.camp_a, scope="regency", regency="33.74", province="",
        document=SimpleUploadedFile("izin.png", png(), content_type="image/png")))
    assert response.status_code == 302
    assert FundraisingPermit.objects.latest("pk").province.code == "33"


@pytest.mark.parametrize("overrides, field", [
    ({"number": ""}, "number"),
    ({"province": ""}, "province"),
    ({"scope": "regency", "province": ""}, "regency"),
    ({"valid_until": "2020-01-01", "valid_from": "2019-01-01"}, "valid_until"),
    ({"valid_until": "2020-01-01"}, "valid_until"),
    ({"document": SimpleUploadedFile("izin.pdf", b"<html><script>alert(1)</script></html>")}, "document"),
    ({"document": SimpleUploadedFile("izin.png", b"not a picture at all")}, "document"),
    ({"document": SimpleUploadedFile("izin.exe", b"MZ\x90\x00")}, "document"),
    ({"document": SimpleUploadedFile("izin.pdf", b"%PDF-1.4\n" + b"0" * (10 * 2**20 + 1))}, "document"),
    ({"scope": "regency", "regency": "73.71", "province": ""}, "scope"),  # does not cover Semarang
])
def test_bad_input_is_refused_with_an_error_and_nothing_is_saved(w, overrides, field):
    response = as_user(w.oms_a.editor).post("/admin/izin-pub/baru/", data(w.camp_a, **overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not FundraisingPermit.objects.exists()
    if field != "number":
        assert "Dinas Sosial Provinsi Jawa Tengah" in response.content.decode()  # what was typed stays


def test_others_cannot_record_see_or_decide(w):
    permit_a = make_permit(w.camp_a)
    # Another OMS's editor: not their campaign, not their permit.
    other = as_user(w.oms_c.editor)
    assert other.post("/admin/izin-pub/baru/", data(w.camp_a)).status_code == 400
    assert other.get(f"/admin/izin-pub/baru/?campaign={w.camp_a.pk}").status_code == 404
    assert other.get(f"/admin/izin-pub/{permit_a.pk}/").status_code == 404
    assert "9/PUB" not in other.get("/admin/izin-pub/").content.decode()
    # Another province's moderator.
    mod_73 = as_user(w.mod_73)
    assert mod_73.get(f"/admin/izin-pub/{permit_a.pk}/").status_code == 404
    assert mod_73.post(f"/admin/izin-pub/{permit_a.pk}/", {"action": "verify"}).status_code == 404
    # The OMS's own editor sees it but may not verify it.
    own = as_user(w.oms_a.editor)
    assert own.get(f"/admin/izin-pub/{permit_a.pk}/").status_code == 200
    # (Wagtail's admin turns a 403 into a redirect to the dashboard with a message.)
    assert own.post(f"/admin/izin-pub/{permit_a.pk}/", {"action": "verify"}).status_code in (302, 403)
    # Anyone else: refused.
    nobody = get_user_model().objects.create_user("warga", password=PASSWORD)
    assert as_user(nobody).get("/admin/izin-pub/").status_code in (302, 403)
    assert Client().get("/admin/izin-pub/").status_code == 302
    for user in (w.oms_a.editor, w.mod_33):
        response = as_user(user).get("/admin/izin-pub/kebijakan/")
        assert response.status_code in (302, 403) and "UU 9/1961" not in response.content.decode()
    permit_a.refresh_from_db()
    assert permit_a.status == "submitted" and permit_a.verified_by is None


def test_moderator_verifies_and_rejects_with_a_reason_emailed_and_the_oms_replaces(w,
                                                                                   django_capture_on_commit_callbacks):
    permit_a = make_permit(w.camp_a, number="1/PUB")
    verified_c = make_permit(w.camp_c, number="2/PUB", status="verified")
    mod = as_user(w.mod_33)
    queue = mod.get("/admin/izin-pub/").content.decode()
    assert "1/PUB" in queue and "2/PUB" not in queue
    assert "2/PUB" in as_user(w.admin).get("/admin/izin-pub/").content.decode()
    # Rejecting needs a reason.
    response = mod.post(f"/admin/izin-pub/{permit_a.pk}/", {"action": "reject", "reason": ""})
    assert response.status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = mod.post(f"/admin/izin-pub/{permit_a.pk}/", {"action": "reject",
                                                                 "reason": "Nomor tidak sama dengan dokumen."})
    assert response.status_code == 302
    permit_a.refresh_from_db()
    assert permit_a.status == "rejected" and permit_a.verified_by == w.mod_33
    assert len(mail.outbox) == 1 and "Nomor tidak sama dengan dokumen." in mail.outbox[0].body
    assert w.oms_a.editor.email in mail.outbox[0].to
    # The OMS replaces it; it waits again.
    editor = as_user(w.oms_a.editor)
    form = data(w.camp_a, number="1/PUB-REV")
    form.pop("campaign")
    response = editor.post(f"/admin/izin-pub/{permit_a.pk}/ganti/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    permit_a.refresh_from_db()
    assert permit_a.status == "submitted" and permit_a.number == "1/PUB-REV" and not permit_a.rejection_reason
    # A waiting permit cannot be "replaced".
    assert editor.post(f"/admin/izin-pub/{permit_a.pk}/ganti/", form).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert mod.post(f"/admin/izin-pub/{permit_a.pk}/", {"action": "verify"}).status_code == 302
    permit_a.refresh_from_db()
    assert permit_a.status == "verified" and permit_a.verified_at is not None
    assert "1/PUB-REV" in Client().get(w.camp_a.url).content.decode()
    assert verified_c.status == "verified"


def test_document_visibility(w):
    waiting = make_permit(w.camp_a)
    url = f"/id/izin-pub/{waiting.pk}/dokumen/"
    assert Client().get(url).status_code == 404
    assert as_user(w.oms_c.editor).get(url).status_code == 404
    assert as_user(w.mod_73).get(url).status_code == 404
    for user in (w.oms_a.editor, w.mod_33, w.admin):
        response = as_user(user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content) == PDF
    FundraisingPermit.objects.filter(pk=waiting.pk).update(status="verified")
    assert Client().get(url).status_code == 200
    assert Client().get("/id/izin-pub/999999/dokumen/").status_code == 404


def test_national_staff_set_the_policy_and_it_is_logged(w):
    client = as_user(w.admin)
    page = client.get("/admin/izin-pub/kebijakan/").content.decode()
    assert "PP 29/1980" in page and "UU 9/1961" in page
    response = client.post("/admin/izin-pub/kebijakan/", {"require_regional": "on"})
    assert response.status_code == 302
    policy = PermitPolicy.objects.get()
    assert policy.require_regional and not policy.require_national
    assert policy.updated_by == w.admin and policy.updated_at is not None
