"""The privacy centre (privacy/centre/): a person proves an email address by link and sees, downloads,
corrects and erases everything held about it; requests are registered with their deadline; links are
single-use and expire; the form is throttled and tells nobody what is held; no other browser sees it."""
import csv
import datetime
import io
import json
import re
from decimal import Decimal

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from donors.models import DonorAccount
from gateways.testing import ASK
from plugins.donation.models import Donation, Payment
from plugins.inkind.items import ask_items
from plugins.inkind.models import InKindPledge
from privacy import service
from privacy.centre import links
from privacy.centre.forms import ErasureForm, StartForm
from privacy.models import (
    SETTINGS_CACHE_KEY,
    Consent,
    DataSubjectRequest,
    PrivacySettings,
)
from privacy.subjects import Subject

pytestmark = pytest.mark.django_db

SITI = "siti@contoh.id"
BUDI = "budi@contoh.id"
START = "/id/privasi/data-saya/"
SUBJECT_PAGE = "/id/privasi/data-saya/data/"
GOODS = {"title": "Bahan bangunan tandon air", "description": "",
         "items": [{"name": "Semen Portland", "unit": "sak", "quantity": 10}],
         "drop_off_address": "Balai Dusun Ngelo, Sleman", "drop_off_hours": "Senin–Sabtu, 09.00–16.00",
         "drop_off_details": "", "allows_pick_up": True}
Status = DataSubjectRequest.Status
Kind = DataSubjectRequest.Kind


@pytest.fixture(autouse=True)
def _fresh_privacy_settings():
    cache.delete(SETTINGS_CACHE_KEY)
    yield
    cache.delete(SETTINGS_CACHE_KEY)


def in_indonesian(text):
    """A message as an Indonesian page shows it (a lazy or plain msgid, translated when compiled)."""
    with translation.override("id"):
        return translation.gettext(str(text))


def give(campaign, email=SITI, name="Siti Rahmawati", amount=150_000, phone=""):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount),
                                     received_amount=Decimal(amount), status="confirmed", billing_email=email)
    return Donation.objects.create(
        campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount), payment=payment, name=name,
        email=email, phone=phone, status=Donation.Status.CONFIRMED, received_amount=Decimal(amount),
        message="Semoga lampunya cepat menyala")


def pledge_goods(campaign, email=SITI, name="Siti Rahmawati", phone=""):
    ask = campaign.get_asks()[0]
    item = ask_items(ask.value)[0]
    return InKindPledge.objects.create(
        campaign=campaign, ask_id=ask.id, item_key=item.key, item_name=item.name, unit=item.unit, quantity=3,
        delivery=InKindPledge.Delivery.PICK_UP, delivery_date=timezone.localdate(), name=name, email=email,
        phone=phone, address="Jl. Kaliurang Km 12 No. 7, Sleman")


@pytest.fixture
def world(make_organisation, make_campaign):
    """Siti gave money to one OMS and goods to another, and has a donor account; Budi gave too."""
    class World:
        pass

    w = World()
    lamp_oms = make_organisation(slug="oms-lampu", title="Yayasan Lampu")
    water_oms = make_organisation(slug="oms-air", title="Komunitas Air Bersih", email="air@contoh.id")
    w.lamps = make_campaign(asks=[("donation", ASK)], parent=lamp_oms, title="Lampu Jalan Kampung Nelayan")
    w.tank = make_campaign(asks=[("inkind", GOODS)], parent=water_oms, title="Tandon Air Desa Oebelo")
    w.donation = give(w.lamps)
    w.goods = pledge_goods(w.tank, phone="0812-3456-7890")
    w.account = DonorAccount.objects.create(email=SITI, language="id")
    w.budi = give(w.lamps, email=BUDI, name="Budi Santoso", amount=75_000)
    PrivacySettings.objects.create(request_deadline_hours=48, controller_contact="dpo@lokadaya.id")
    mail.outbox.clear()
    return w


def link_path(message, kind="tautan"):
    found = re.search(rf"http://testserver(/\w+/privasi/data-saya/{kind}/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def ask_for_link(client, email=SITI, kind="access"):
    mail.outbox.clear()
    response = client.post(START, {"email": email, "kind": kind})
    assert response.status_code == 200, response.content.decode()[:500]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [email]
    return link_path(mail.outbox[0])


def verified_client(email=SITI, kind="access"):
    client = Client()
    path = ask_for_link(client, email, kind)
    response = client.post(path)
    assert response.status_code == 302 and response["Location"].startswith(SUBJECT_PAGE)
    return client


def assert_private(response):
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]


# -- the whole flow ------------------------------------------------------------------------------


def test_the_whole_flow_ask_verify_see_download_correct_erase(world):
    client = Client()
    start = client.get(START)
    assert start.status_code == 200
    body = start.content.decode()
    assert 'name="email"' in body and 'name="homepage_url"' in body  # the honeypot, like every public form
    assert "dpo@lokadaya.id" in body  # phone-only requests: the controller's contact
    assert_private(start)

    # 1. The request: a link by email, a request row waiting for the address.
    path = ask_for_link(client)
    assert path.startswith("/id/privasi/data-saya/tautan/")
    row = DataSubjectRequest.objects.get()
    assert (row.status, row.kind, row.channel, row.email) == (Status.UNVERIFIED, Kind.ACCESS, "self_service", SITI)
    assert row.subject == Subject.of(email=SITI).key and row.masked == "s•••@contoh.id"
    assert row.verified_at is None and row.due_at is None

    # 2. Opening the link (a mail scanner, twice) spends nothing and shows nobody's data.
    for _ in range(2):
        page = client.get(path)
        assert page.status_code == 200 and 'method="post"' in page.content.decode()
        assert_private(page)
    row.refresh_from_db()
    assert row.status == Status.UNVERIFIED
    assert client.get(SUBJECT_PAGE)["Location"] == START

    # 3. Its button proves the address: a new session key, the request open with its deadline.
    before = client.session.session_key
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == SUBJECT_PAGE
    assert client.cookies["sessionid"].value != before
    row.refresh_from_db()
    assert row.status in (Status.OPEN, Status.DONE) and row.verified_at is not None
    assert row.due_at == row.verified_at + datetime.timedelta(hours=48)

    # 4. The subject page: Siti's records across both OMS, none of Budi's.
    page = client.get(SUBJECT_PAGE)
    assert page.status_code == 200
    assert_private(page)
    text = page.content.decode()
    for expected in ("Yayasan Lampu", "Komunitas Air Bersih", "Lampu Jalan Kampung Nelayan", "Tandon Air Desa Oebelo",
                     "Siti Rahmawati", "Jl. Kaliurang Km 12 No. 7, Sleman"):
        assert expected in text, expected
    assert "Budi" not in text and BUDI not in text
    held = service.collect(Subject.of(email=SITI))
    references = {item.reference for item in held}
    assert f"donation.donation:{world.donation.pk}" in references
    assert f"inkind.inkindpledge:{world.goods.pk}" in references
    assert f"donation.donation:{world.budi.pk}" not in references
    row.refresh_from_db()
    assert row.status == Status.DONE and row.completed_at is not None and row.outcome["held"] == len(held)

    # 5. The downloads: JSON with every record, CSV one row per field; attachments, never cached.
    response = client.get(SUBJECT_PAGE + "unduh.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert_private(response)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="lokadaya-data-saya-{today}.json"'
    document = json.loads(response.content)
    assert document["subject"]["email"] == SITI and document["record_count"] == len(held)
    by_reference = {record["reference"]: record for record in document["records"]}
    assert set(by_reference) == references
    donation = by_reference[f"donation.donation:{world.donation.pk}"]
    assert donation["organisation"] == "Yayasan Lampu" and donation["kept_after_erasure"] is True
    assert datetime.datetime.fromisoformat(donation["created_at"])  # ISO dates
    assert "Siti Rahmawati" in donation["fields"].values()
    assert "Budi" not in response.content.decode()

    response = client.get(SUBJECT_PAGE + "unduh.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="lokadaya-data-saya-{today}.csv"'
    assert_private(response)
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert len(rows[0]) == 8
    assert {row_[3] for row_ in rows[1:]} == references  # every record, one row per field
    assert any(row_[7] == "Siti Rahmawati" and row_[0] == "Yayasan Lampu" for row_ in rows[1:])
    assert "Budi" not in content
    access = DataSubjectRequest.objects.get(kind=Kind.ACCESS)
    assert access.outcome["downloads"] == ["csv", "json"]

    # 6. Correction: the name and phone at once, everywhere; a confirmation email.
    mail.outbox.clear()
    response = client.post("/id/privasi/data-saya/koreksi/", {"name": "Siti Aminah", "email": "", "phone": "0813 1111 2222"})
    assert response.status_code == 302
    world.donation.refresh_from_db()
    world.goods.refresh_from_db()
    assert world.donation.name == world.goods.name == "Siti Aminah"
    assert world.goods.phone == "0813 1111 2222"
    world.budi.refresh_from_db()
    assert world.budi.name == "Budi Santoso"
    correction = DataSubjectRequest.objects.get(kind=Kind.CORRECTION)
    assert correction.status == Status.DONE and correction.outcome["fields"] == ["name", "phone"]
    assert correction.outcome["corrected"] >= 2 and correction.due_at is not None
    assert [m.to for m in mail.outbox] == [[SITI]]

    # 7. A new email address: applied only when the link sent to it is used.
    mail.outbox.clear()
    new = "siti.aminah@contoh.id"
    response = client.post("/id/privasi/data-saya/koreksi/", {"name": "", "email": new, "phone": ""})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[new]]
    confirm = link_path(mail.outbox[0], "koreksi")
    world.donation.refresh_from_db()
    assert world.donation.email == SITI
    assert client.get(confirm).status_code == 200  # GET changes nothing
    world.donation.refresh_from_db()
    assert world.donation.email == SITI
    response = client.post(confirm)
    assert response.status_code == 200
    world.donation.refresh_from_db()
    world.goods.refresh_from_db()
    assert world.donation.email == world.goods.email == new
    assert mail.outbox[-1].to == [SITI]  # the old address is told
    assert Client().post(confirm).status_code == 400  # once
    # This browser now follows the new address.
    assert "Siti Aminah" in client.get(SUBJECT_PAGE).content.decode()

    # 8. Erasure: explained, confirmed, done; the money stays, anonymised.
    page = client.get("/id/privasi/data-saya/hapus/")
    assert page.status_code == 200 and "Lampu Jalan Kampung Nelayan" in page.content.decode()
    refused = client.post("/id/privasi/data-saya/hapus/", {})
    assert refused.status_code == 400
    assert in_indonesian(ErasureForm.base_fields["confirm"].error_messages["required"]) in refused.content.decode()
    world.donation.refresh_from_db()
    assert world.donation.email == new
    mail.outbox.clear()
    response = client.post("/id/privasi/data-saya/hapus/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/id/privasi/data-saya/dihapus/"
    assert client.get(response["Location"]).status_code == 200
    assert [m.to for m in mail.outbox] == [[new]]

    world.donation.refresh_from_db()
    assert world.donation.amount == Decimal(150_000) and world.donation.status == Donation.Status.CONFIRMED
    assert (world.donation.name, world.donation.email, world.donation.phone) == ("", "", "")
    assert not InKindPledge.objects.filter(email=new).exists()
    assert not InKindPledge.objects.filter(name="Siti Aminah").exists()
    # What stays is the proof of the requests (and consents), without the address.
    remaining = service.collect(Subject.of(email=new))
    assert all(item.reference.startswith(("privacy.datasubjectrequest:", "privacy.consent:")) for item in remaining)
    assert new not in json.dumps([item.fields for item in remaining], default=str)
    assert "Siti" not in json.dumps([item.fields for item in remaining], default=str)
    world.budi.refresh_from_db()
    assert world.budi.email == BUDI and world.budi.name == "Budi Santoso"

    # The register: every request with its deadline; none keeps the addresses.
    erasure = DataSubjectRequest.objects.get(kind=Kind.ERASURE)
    assert erasure.status == Status.DONE and erasure.completed_at and erasure.due_at
    assert erasure.outcome["erased"] >= 1 and erasure.outcome["kept"] >= 1
    assert erasure.subject and erasure.masked
    for request_row in DataSubjectRequest.objects.all():
        assert request_row.email not in (SITI, new) and request_row.phone == ""
        assert request_row.due_at is None or request_row.status == Status.UNVERIFIED or request_row.verified_at

    # The session ended: the subject page is the start again.
    assert client.get(SUBJECT_PAGE)["Location"] == START


# -- links -----------------------------------------------------------------------------------------


def test_a_used_link_is_refused_in_words(world):
    client = Client()
    path = ask_for_link(client)
    assert client.post(path).status_code == 302
    for again in (Client().post(path), Client().get(path)):
        assert again.status_code == 400
        body = again.content.decode()
        assert in_indonesian("This link is not valid or has already been used. Each link works once; ask for a "
                             "new one below.") in body
        assert 'name="email"' in body  # ask for a new link


def test_an_expired_link_is_refused_and_verifies_nothing(world, monkeypatch):
    client = Client()
    path = ask_for_link(client)
    later = timezone.now() + datetime.timedelta(minutes=31)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    response = client.post(path)
    assert response.status_code == 410
    assert in_indonesian("This link has expired: links work for 30 minutes. Ask for a new one below.") in \
        response.content.decode()
    monkeypatch.undo()
    assert DataSubjectRequest.objects.get().status == Status.UNVERIFIED
    assert client.get(SUBJECT_PAGE).status_code == 302


def test_forged_links_are_refused(world):
    client = Client()
    path = ask_for_link(client)
    row = DataSubjectRequest.objects.get()
    # Budi's own request, with Siti's address put in a token signed under another salt, or edited.
    budi_row = DataSubjectRequest.objects.create(kind=Kind.ACCESS, email=BUDI, subject="x", masked="b")
    for token in (
        signing.TimestampSigner(salt="lokadaya.donors.sign_in").sign_object({"r": row.pk, "e": SITI}, compress=True),
        signing.TimestampSigner(salt=links.EMAIL_SALT).sign_object({"r": row.pk, "e": SITI, "n": SITI}, compress=True),
        signing.TimestampSigner(salt="other").sign_object({"r": budi_row.pk, "e": SITI}, compress=True),
        path.rstrip("/").rsplit("/", 1)[1][:-2] + "xx",
    ):
        response = client.post(f"/id/privasi/data-saya/tautan/{token}/")
        assert response.status_code == 400
    # Signed with the right salt (as a leaked secret would allow) but naming Budi's row for Siti's address.
    budi_token = signing.TimestampSigner(salt=links.VERIFY_SALT).sign_object({"r": budi_row.pk, "e": SITI},
                                                                           compress=True)
    assert client.post(f"/id/privasi/data-saya/tautan/{budi_token}/").status_code == 400
    assert DataSubjectRequest.objects.filter(status=Status.UNVERIFIED).count() == 2
    assert client.get(SUBJECT_PAGE).status_code == 302
    # The real link still works afterwards.
    assert client.post(path)["Location"] == SUBJECT_PAGE


def test_the_link_of_a_new_address_works_once_and_not_as_an_entry_link(world):
    client = verified_client()
    client.post("/id/privasi/data-saya/koreksi/", {"name": "", "email": "baru@contoh.id", "phone": ""})
    confirm = link_path(mail.outbox[-1], "koreksi")
    token = confirm.rstrip("/").rsplit("/", 1)[1]
    # Not usable to enter the centre as the new address.
    assert Client().post(f"/id/privasi/data-saya/tautan/{token}/").status_code == 400
    assert Client().post(confirm).status_code == 200
    assert Client().post(confirm).status_code == 400
    world.donation.refresh_from_db()
    assert world.donation.email == "baru@contoh.id"


# -- the form: limits, no enumeration, honeypot, errors ---------------------------------------------


def test_the_answer_is_the_same_whether_or_not_anything_is_held(world):
    unknown = Client().post(START, {"email": "nobody@contoh.id", "kind": "access"})
    known = Client().post(START, {"email": SITI, "kind": "access"})
    assert unknown.status_code == known.status_code == 200

    def strip(response):
        text = response.content.decode().replace("nobody@contoh.id", "X").replace(SITI, "X")
        return re.sub(r'value="[^"]{40,}"', "", text)

    assert strip(unknown) == strip(known)
    # Both get a link; the one for an unknown address says nothing is held.
    assert sorted(m.to[0] for m in mail.outbox) == ["nobody@contoh.id", SITI]
    client = verified_client("nobody@contoh.id")
    page = client.get(SUBJECT_PAGE).content.decode()
    assert in_indonesian("Nothing is held about this address, apart from your requests in this privacy "
                         "centre.") in page
    assert "Siti" not in page


def test_form_errors_are_translated_and_nothing_is_sent(world):
    response = Client().post(START, {"email": "siti@", "kind": "access"})
    assert response.status_code == 400
    body = response.content.decode()
    assert in_indonesian(StartForm.base_fields["email"].error_messages["invalid"]) in body and 'value="siti@"' in body
    response = Client().post(START, {"email": SITI, "kind": "everything"})
    assert response.status_code == 400
    assert in_indonesian(StartForm.base_fields["kind"].error_messages["invalid_choice"]) in response.content.decode()
    assert not mail.outbox and not DataSubjectRequest.objects.exists()


def test_honeypot_sends_nothing(world):
    response = Client().post(START, {"email": SITI, "kind": "access", "homepage_url": "http://spam.example"})
    assert response.status_code == 303
    assert not mail.outbox and not DataSubjectRequest.objects.exists()


@pytest.fixture
def limits_on(settings):
    settings.THROTTLE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def test_the_form_is_limited_per_address_and_per_ip(limits_on, world):
    for n in range(5):
        assert Client(REMOTE_ADDR=f"10.0.0.{n + 1}").post(START, {"email": SITI, "kind": "access"}).status_code == 200
    over = Client(REMOTE_ADDR="10.0.0.99").post(START, {"email": SITI, "kind": "access"})
    assert over.status_code == 429 and "Retry-After" in over
    assert len(mail.outbox) == 5 and DataSubjectRequest.objects.count() == 5
    client = Client(REMOTE_ADDR="10.0.1.1")
    statuses = [client.post(START, {"email": f"orang{n}@contoh.id", "kind": "access"}).status_code for n in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    assert DataSubjectRequest.objects.count() == 15


# -- privacy of the pages ----------------------------------------------------------------------------


def test_another_browser_sees_nothing_and_changes_nothing(world):
    verified_client()
    stranger = Client()
    for path in (SUBJECT_PAGE, SUBJECT_PAGE + "unduh.json", SUBJECT_PAGE + "unduh.csv", "/id/privasi/data-saya/koreksi/",
                 "/id/privasi/data-saya/hapus/"):
        response = stranger.get(path)
        assert response.status_code == 302 and response["Location"] == START, path
    assert stranger.post("/id/privasi/data-saya/hapus/", {"confirm": "on"})["Location"] == START
    assert stranger.post("/id/privasi/data-saya/koreksi/", {"name": "Penyusup"})["Location"] == START
    world.donation.refresh_from_db()
    assert world.donation.name == "Siti Rahmawati" and world.donation.email == SITI
    assert not DataSubjectRequest.objects.filter(kind__in=[Kind.ERASURE, Kind.CORRECTION]).exists()
    # Budi, verified for his own address, sees his own donation only.
    budi = verified_client(BUDI)
    document = json.loads(budi.get(SUBJECT_PAGE + "unduh.json").content)
    assert {record["reference"] for record in document["records"]} >= {f"donation.donation:{world.budi.pk}"}
    assert SITI not in json.dumps(document) and "Siti" not in json.dumps(document)


def test_the_verified_session_lasts_thirty_minutes(world, monkeypatch):
    client = verified_client()
    assert client.get(SUBJECT_PAGE).status_code == 200
    later = timezone.now() + datetime.timedelta(minutes=31)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    assert client.get(SUBJECT_PAGE)["Location"] == START


def test_closing_the_centre_ends_the_session(world):
    client = verified_client()
    response = client.post("/id/privasi/data-saya/keluar/")
    assert response.status_code == 302 and response["Location"] == START
    assert client.get(SUBJECT_PAGE)["Location"] == START


def test_the_choice_on_the_form_opens_its_section_and_stays_open_until_done(world):
    client = Client()
    path = ask_for_link(client, kind="erasure")
    response = client.post(path)
    assert response["Location"] == SUBJECT_PAGE + "#hapus"
    anchor = DataSubjectRequest.objects.get(kind=Kind.ERASURE)
    assert anchor.status == Status.OPEN and anchor.due_at == anchor.verified_at + datetime.timedelta(hours=48)
    client.get(SUBJECT_PAGE)
    anchor.refresh_from_db()
    assert anchor.status == Status.OPEN  # seeing the data is an access of its own
    assert DataSubjectRequest.objects.get(kind=Kind.ACCESS).status == Status.DONE
    client.post("/id/privasi/data-saya/hapus/", {"confirm": "on"})
    anchor.refresh_from_db()
    assert anchor.status == Status.DONE and anchor.outcome["erased"] >= 1 and anchor.email == ""
    assert DataSubjectRequest.objects.filter(kind=Kind.ERASURE).count() == 1


def test_withdrawing_consents(world):
    Donation.objects.filter(pk__in=[world.donation.pk, world.budi.pk]).update(wants_updates=True)
    mine = Consent.objects.create(email=SITI, purpose=Consent.Purpose.UPDATES, granted=True, source="donation",
                                  campaign=world.lamps)
    processing = Consent.objects.create(email=SITI, purpose=Consent.Purpose.PROCESSING, granted=True,
                                        source="donation", campaign=world.lamps)
    budis = Consent.objects.create(email=BUDI, purpose=Consent.Purpose.UPDATES, granted=True, source="donation",
                                   campaign=world.lamps)
    client = Client()
    assert client.post(ask_for_link(client, kind="withdrawal"))["Location"] == SUBJECT_PAGE + "#persetujuan"
    page = client.get(SUBJECT_PAGE).content.decode()
    assert "/id/privasi/data-saya/persetujuan/tarik/" in page
    assert in_indonesian(Consent.Purpose.UPDATES.label).capitalize() in page
    assert client.get("/id/privasi/data-saya/persetujuan/tarik/").status_code == 405
    response = client.post("/id/privasi/data-saya/persetujuan/tarik/")
    assert response.status_code == 302
    for row in (mine, processing, budis, world.donation, world.budi, world.goods):
        row.refresh_from_db()
    assert mine.withdrawn_at is not None
    assert processing.withdrawn_at is None and budis.withdrawn_at is None
    # The records themselves: no more news, no more name on the wall; Budi's unchanged.
    assert not world.donation.wants_updates and world.donation.is_anonymous and world.goods.is_anonymous
    assert world.budi.wants_updates and not world.budi.is_anonymous
    row = DataSubjectRequest.objects.get(kind=Kind.WITHDRAWAL)
    assert row.status == Status.DONE and row.outcome["withdrawn"] >= 3 and row.outcome["changed"] >= 2
    # Nothing left to withdraw; another browser cannot withdraw anything.
    assert in_indonesian("No optional consent (updates, your name shown in public) is active for this "
                         "address.") in client.get(SUBJECT_PAGE).content.decode()
    assert Client().post("/id/privasi/data-saya/persetujuan/tarik/")["Location"] == START


def test_what_erasure_leaves_as_it_is_is_told_before_and_after(world):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_user("siti-staf", email=SITI, password="rahasia-123", is_staff=True)
    client = verified_client()
    page = client.get("/id/privasi/data-saya/hapus/").content.decode()
    note = in_indonesian("Staff accounts are handled by the national admin.")
    assert note in page
    mail.outbox.clear()
    response = client.post("/id/privasi/data-saya/hapus/", {"confirm": "on"})
    done = client.get(response["Location"]).content.decode()
    assert note in done and note in mail.outbox[-1].body
    staff.refresh_from_db()
    assert staff.is_active and staff.email == SITI  # nobody is locked out of the admin
    erasure = DataSubjectRequest.objects.get(kind=Kind.ERASURE)
    assert erasure.outcome["left"] == 1


def test_an_address_nobody_proved_is_forgotten_after_a_day(world):
    """The daily job deletes requests still unconfirmed a day after they were sent; a proved one stays."""
    from privacy.centre.tracking import forget_unconfirmed
    from privacy.tasks import forget_unconfirmed_requests

    Client().post(START, {"email": "ketik-saja@contoh.id", "kind": "access"})
    verified_client()
    unproved = DataSubjectRequest.objects.get(email="ketik-saja@contoh.id")
    assert unproved.status == DataSubjectRequest.Status.UNVERIFIED
    assert forget_unconfirmed() == 0  # not a day old yet
    later = timezone.now() + datetime.timedelta(hours=25)
    assert forget_unconfirmed(now=later) == 1
    assert not DataSubjectRequest.objects.filter(pk=unproved.pk).exists()
    assert DataSubjectRequest.objects.filter(email=SITI, status=DataSubjectRequest.Status.OPEN).exists()
    assert forget_unconfirmed_requests.call() == 0  # the scheduled task runs the same
