""""Daftar sebagai Mitra": the public registration of an OMS and its first editor, the email confirmation,
the applicant's own status page, and every refusal of bad input (nothing is created on a refusal)."""
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client

from partners.models import OrganisationPage, VerificationEvent
from partners.testing import *  # noqa: F401,F403 - fixtures
from partners.testing import PASSWORD, confirm_link, register_via_form, registration_data

pytestmark = pytest.mark.django_db
User = get_user_model()


def counts():
    return (User.objects.count(), OrganisationPage.objects.count(), VerificationEvent.objects.count())


def test_the_form_is_in_indonesian_and_offers_every_regency(client, partner_index):
    response = client.get("/id/daftar-mitra/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Daftar sebagai Mitra" in body
    assert "Kabupaten/kota" in body and 'name="regency"' in body
    assert '<optgroup label="Sulawesi Tenggara">' in body and '<option value="74.71">Kota Kendari</option>' in body
    assert body.count("<option value=\"") >= 514 + 5  # every regency, plus the legal forms
    english = client.get("/en/daftar-mitra/").content.decode()
    assert "Register as a partner" in english


def test_registration_creates_a_pending_hidden_oms_and_an_inactive_account(client, partner_index,
                                                                        django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = register_via_form(client, about="Kami <script>alert(1)</script> mendampingi nelayan kecil "
                                                   "di Teluk Kendari sejak 2017.")
    assert response.status_code == 302 and response["Location"] == "/id/daftar-mitra/terkirim/"

    user = User.objects.get(email="rahma@lenterapesisir.or.id")
    assert not user.is_active and user.check_password(PASSWORD)
    assert (user.first_name, user.last_name) == ("Wa", "Ode Sitti Rahma")
    page = OrganisationPage.objects.get(owner=user)
    assert page.live is False and page.is_verified is False
    assert page.verification_status == OrganisationPage.Verification.UNCONFIRMED
    assert page.get_parent().pk == partner_index.pk and page.slug == "yayasan-lentera-pesisir"
    assert (page.title, page.legal_name, page.form, page.founded_year) == (
        "Yayasan Lentera Pesisir", "Yayasan Lentera Pesisir Kendari", "yayasan", 2017)
    assert page.regency.code == "74.71"
    assert sorted(d.name for d in page.districts.all()) == ["Mandonga", "Poasia"]
    assert sorted(s.number for s in page.sdgs.all()) == [4, 14]
    assert sorted(t.name for t in page.issues.all()) == ["nelayan", "pendidikan anak pesisir"]
    # The about text is escaped into paragraphs: no HTML from the public gets through.
    assert "<script>" not in page.about and "&lt;script&gt;" in page.about and page.about.startswith("<p>")
    assert page.revisions.count() == 1
    assert list(page.verification_events.values_list("action", flat=True)) == ["registered"]

    # Not public: no page, not in the index.
    assert client.get("/id/mitra/yayasan-lentera-pesisir/").status_code == 404
    assert "Lentera Pesisir" not in client.get("/id/mitra/").content.decode()

    # The confirmation email, in Indonesian, with a one-time link.
    [message] = mail.outbox
    assert message.to == ["rahma@lenterapesisir.or.id"]
    assert "Konfirmasi" in message.subject and "Yayasan Lentera Pesisir" in message.subject
    assert confirm_link(message).startswith("/id/daftar-mitra/konfirmasi/")
    page_after = client.get("/id/daftar-mitra/terkirim/").content.decode()
    assert "rahma@lenterapesisir.or.id" in page_after


def test_confirming_the_email_submits_the_oms_to_its_province(client, partner_index, make_moderator,
                                                             django_capture_on_commit_callbacks):
    moderator = make_moderator("74")
    elsewhere = make_moderator("33")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register_via_form(client)
    link = confirm_link(mail.outbox[0])
    page = OrganisationPage.objects.get(slug="yayasan-lentera-pesisir")

    # Opening the link changes nothing (mail scanners open links): it shows a button.
    response = client.get(link)
    assert response.status_code == 200 and "Konfirmasi email saya" in response.content.decode()
    page.refresh_from_db()
    assert page.verification_status == "unconfirmed" and not page.owner.is_active

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/id/daftar-mitra/status/"
    page.refresh_from_db()
    assert page.verification_status == "pending" and page.owner.is_active and not page.live
    assert list(page.verification_events.values_list("action", flat=True)) == ["registered", "submitted"]
    # The province's moderators are told; the other province's are not.
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert elsewhere.email not in mail.outbox[0].to
    assert "Yayasan Lentera Pesisir" in mail.outbox[0].subject
    assert f"/admin/mitra/verifikasi/{page.pk}/" in mail.outbox[0].body

    # The applicant is logged in and sees the status of their application.
    status = client.get("/id/daftar-mitra/status/").content.decode()
    assert "Yayasan Lentera Pesisir" in status and "Menunggu verifikasi" in status

    # The link works once.
    again = Client().post(link)
    assert again.status_code == 400 and "Tautan ini tidak berlaku" in again.content.decode()
    assert page.verification_events.count() == 2


def test_without_moderators_the_national_admins_are_told(client, partner_index, django_capture_on_commit_callbacks):
    User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register_via_form(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(mail.outbox[0]))
    assert mail.outbox[-1].to == ["nasional@lokadaya.id"]


def test_a_forged_or_foreign_token_confirms_nothing(client, partner_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_via_form(client)
    link = confirm_link(mail.outbox[-1])
    uid = link.split("/")[-3]
    for bad in (f"/id/daftar-mitra/konfirmasi/{uid}/abc-123/", "/id/daftar-mitra/konfirmasi/xx/abc-123/"):
        assert Client().post(bad).status_code == 400
    assert OrganisationPage.objects.get(slug="yayasan-lentera-pesisir").verification_status == "unconfirmed"
    assert not User.objects.get(email="rahma@lenterapesisir.or.id").is_active


def test_an_unconfirmed_applicant_cannot_log_in(client, partner_index):
    register_via_form(client)
    response = client.post("/id/daftar-mitra/masuk/", {"username": "rahma@lenterapesisir.or.id",
                                                      "password": PASSWORD})
    assert response.status_code == 200 and "email belum dikonfirmasi" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_resending_the_link_answers_the_same_for_unknown_addresses(client, partner_index,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register_via_form(client)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/id/daftar-mitra/terkirim/", {"email": "rahma@lenterapesisir.or.id"}, follow=True)
        unknown = client.post("/id/daftar-mitra/terkirim/", {"email": "siapa@contoh.id"}, follow=True)
    message = "tautannya sudah kami kirim ulang"
    assert message in known.content.decode() and message in unknown.content.decode()
    assert [m.to for m in mail.outbox] == [["rahma@lenterapesisir.or.id"]]


# -- bad input: a clear message, nothing created -----------------------------------------------


@pytest.mark.parametrize("overrides, field, message", [
    ({"account_email": "rahma@lentera"}, "account_email", "Masukkan alamat email yang benar"),
    ({"email": "bukan email"}, "email", "Masukkan alamat email yang benar"),
    ({"regency": ""}, "regency", "Pilih kabupaten atau kota tempat organisasi bekerja."),
    ({"regency": "99.99"}, "regency", "Pilih kabupaten atau kota dari daftar."),
    ({"districts": "Mandonga, Kuta Selatan"}, "districts", "Kota Kendari tidak punya kecamatan bernama: Kuta Selatan."),
    ({"name": ""}, "name", "harus diisi"),
    ({"summary": ""}, "summary", "harus diisi"),
    ({"about": "Pendek."}, "about", "minimal 30 karakter"),
    ({"whatsapp": "telepon saya"}, "whatsapp", "Masukkan nomor telepon"),
    ({"founded_year": "2999"}, "founded_year", "lebih kecil dari atau sama dengan"),
    ({"website": "bukan situs"}, "website", "Masukkan URL yang valid"),
    ({"password2": "Lain-Sekali-99"}, "password2", "Kedua kata sandi tidak sama."),
    ({"password1": "12345678", "password2": "12345678"}, "password1", "terlalu umum"),
    ({"agree": None}, "agree", "Mohon konfirmasi bahwa Anda mewakili organisasi ini."),
])
def test_bad_input_is_refused_with_a_clear_message(client, partner_index, overrides, field, message):
    before = counts()
    response = register_via_form(client, **overrides)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field]), form.errors[field]
    assert message in response.content.decode().replace("&#x27;", "'")
    assert counts() == before
    # What was typed is kept, so nothing is lost.
    if field != "name":
        assert 'value="Yayasan Lentera Pesisir"' in response.content.decode()


@pytest.mark.parametrize("name, extra", [
    ("Yayasan Terang Desa", {}),
    ("yayasan  terang-desa", {}),
    ("YAYASAN TERANG DESA.", {}),
    ("Nama Lain Sama Sekali", {"legal_registration_number": "AHU-777.AH.01.04.2012"}),
])
def test_a_duplicate_organisation_is_refused(client, make_organisation, name, extra):
    make_organisation(slug="yayasan-terang-desa", title="Yayasan Terang Desa", regency_code="53.10",
                      legal_registration_number="AHU-777.AH.01.04.2012")
    before = counts()
    response = register_via_form(client, name=name, legal_name="", **extra)
    assert response.status_code == 400
    assert "sudah terdaftar di Lokadaya" in " ".join(response.context["form"].errors["name"])
    assert counts() == before


def test_an_existing_account_email_gets_the_same_answer_and_its_owner_an_email(
        client, partner_index, django_capture_on_commit_callbacks):
    """The form does not tell whether an address has an account (issue 11): the same "check your email"."""
    User.objects.create_user("lama", email="Rahma@LenteraPesisir.or.id", password=PASSWORD, first_name="Rahma")
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = register_via_form(client)
    assert response.status_code == 302 and response["Location"] == "/id/daftar-mitra/terkirim/"
    assert counts() == before  # nothing created
    (notice,) = mail.outbox
    assert notice.to == ["rahma@lenterapesisir.or.id"]
    assert "/id/daftar-mitra/masuk/" in notice.body and "/konfirmasi/" not in notice.body
    assert "rahma@lenterapesisir.or.id" in client.get(response["Location"]).content.decode()


def test_a_rejected_organisation_may_register_again(client, make_pending_oms, make_moderator):
    from partners.verification import reject

    first = make_pending_oms()
    reject(first, make_moderator("74"), "Dokumen tidak lengkap.")
    response = register_via_form(client, account_email="rahma.baru@lenterapesisir.or.id")
    assert response.status_code == 302
    second = OrganisationPage.objects.get(owner__email="rahma.baru@lenterapesisir.or.id")
    assert second.slug == "yayasan-lentera-pesisir-2"


@pytest.mark.django_db(transaction=True)
def test_two_identical_registrations_at_once_create_one(partner_index):
    """Sent at the same moment, the duplicate check still holds: the index row is locked."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    results, barrier = [], threading.Barrier(2)

    def send(email):
        try:
            barrier.wait()
            results.append(register_via_form(Client(), account_email=email).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(f"orang{i}@lenterapesisir.or.id",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [302, 400]
    assert OrganisationPage.objects.filter(title="Yayasan Lentera Pesisir").count() == 1
    assert User.objects.filter(email__endswith="@lenterapesisir.or.id").count() == 1


# -- the applicant's own pages -------------------------------------------------------------------


def test_the_status_page_needs_a_login_and_shows_only_ones_own(client, make_pending_oms):
    mine = make_pending_oms()
    other = make_pending_oms(name="Komunitas Kebun Sekolah", legal_name="", legal_registration_number="",
                             account_email="kebun@contoh.id", regency="35.73", districts="Klojen")
    response = client.get("/id/daftar-mitra/status/")
    assert response.status_code == 302 and response["Location"].startswith("/id/daftar-mitra/masuk/")

    assert client.login(username="rahma@lenterapesisir.or.id", password=PASSWORD)
    body = client.get("/id/daftar-mitra/status/").content.decode()
    assert mine.title in body and other.title not in body
    assert client.get(f"/id/daftar-mitra/status/{mine.pk}/ubah/").status_code == 200
    # Someone else's application is not found, and cannot be changed.
    assert client.get(f"/id/daftar-mitra/status/{other.pk}/ubah/").status_code == 404
    data = registration_data(name="Diambil Alih", regency="35.73", districts="")
    assert client.post(f"/id/daftar-mitra/status/{other.pk}/ubah/", data).status_code == 404
    other.refresh_from_db()
    assert other.title == "Komunitas Kebun Sekolah"
