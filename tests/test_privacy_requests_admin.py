"""The requests register in the admin (/admin/privasi/permintaan/): national admins and data protection
officers (a group given privacy.change_datasubjectrequest) list requests by deadline, add the ones
received by staff (phone numbers too), run access, correction and erasure for the person (each in the
access log) and answer them; everyone else is refused and nothing changes."""
import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from gateways.testing import ASK
from partners.testing import PASSWORD, make_moderator, make_verified_oms  # noqa: F401 - fixtures
from plugins.donation.models import Donation, Payment
from plugins.inkind.items import ask_items
from plugins.inkind.models import InKindPledge
from privacy.centre import tracking
from privacy.centre.forms import StaffRequestForm
from privacy.models import (
    SETTINGS_CACHE_KEY,
    AccessLogEntry,
    DataSubjectRequest,
    PrivacySettings,
)
from privacy.subjects import Subject

pytestmark = pytest.mark.django_db

LIST = "/admin/privasi/permintaan/"
Status = DataSubjectRequest.Status
Kind = DataSubjectRequest.Kind
SITI = "siti@contoh.id"
PHONE = "0812-3456-7890"
GOODS = {"title": "Bahan bangunan tandon air", "description": "",
         "items": [{"name": "Semen Portland", "unit": "sak", "quantity": 10}],
         "drop_off_address": "Balai Dusun Ngelo, Sleman", "drop_off_hours": "Senin–Sabtu, 09.00–16.00",
         "drop_off_details": "", "allows_pick_up": True}


@pytest.fixture(autouse=True)
def _fresh_privacy_settings():
    cache.delete(SETTINGS_CACHE_KEY)
    yield
    cache.delete(SETTINGS_CACHE_KEY)


def in_indonesian(text):
    """A message as an Indonesian page shows it (a lazy or plain msgid, translated when compiled)."""
    with translation.override("id"):
        return translation.gettext(str(text))


@pytest.fixture
def w(make_verified_oms, make_moderator, make_campaign):
    class World:
        pass

    w = World()
    oms = make_verified_oms("oms-a", "33.74")
    w.editor = oms.editor
    w.moderator = make_moderator("33")
    w.admin = get_user_model().objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    group = Group.objects.create(name="Pelindungan Data Pribadi")
    group.permissions.add(Permission.objects.get(codename="access_admin"),
                          Permission.objects.get(codename="change_datasubjectrequest"))
    w.officer = get_user_model().objects.create_user("petugas-pdp", "pdp@lokadaya.id", PASSWORD)
    w.officer.groups.add(group)

    lamps = make_campaign(asks=[("donation", ASK)], parent=oms, title="Lampu Jalan Kampung Nelayan")
    tank = make_campaign(asks=[("inkind", GOODS)], parent=oms, title="Tandon Air Desa Oebelo")
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(150_000),
                                     received_amount=Decimal(150_000), status="confirmed", billing_email=SITI)
    w.donation = Donation.objects.create(
        campaign=lamps, ask_id=lamps.get_asks()[0].id, amount=Decimal(150_000), payment=payment,
        name="Siti Rahmawati", email=SITI, status=Donation.Status.CONFIRMED, received_amount=Decimal(150_000))
    ask = tank.get_asks()[0]
    item = ask_items(ask.value)[0]
    # Pak Wahyu pledged goods with his phone number only: the register is his only way in.
    w.phone_pledge = InKindPledge.objects.create(
        campaign=tank, ask_id=ask.id, item_key=item.key, item_name=item.name, unit=item.unit, quantity=2,
        delivery=InKindPledge.Delivery.PICK_UP, delivery_date=timezone.localdate(), name="Wahyu Hidayat",
        phone=PHONE, address="Dusun Ngelo RT 02, Sleman")
    PrivacySettings.objects.create(request_deadline_hours=48, controller_contact="dpo@lokadaya.id")
    w.siti_request = tracking.open_by_staff(w.admin, email=SITI, kind=Kind.ERASURE, details="Surat tertanggal 1 Mei")
    mail.outbox.clear()
    return w


def as_user(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def refused(response):
    """403, or Wagtail's way of showing it: back to the dashboard (with a message)."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def paths(row):
    base = f"{LIST}{row.pk}/"
    return [LIST, LIST + "baru/", base, base + "data/", base + "unduh.json", base + "unduh.csv", base + "koreksi/",
            base + "hapus/"]


# -- who may ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "officer"])
def test_national_admins_and_officers_see_every_screen(w, who):
    client = as_user(getattr(w, who))
    for path in paths(w.siti_request):
        response = client.get(path)
        assert response.status_code == 200, path
    # The screens that show the person's data were logged, each once.
    logged = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.PRIVACY, user=getattr(w, who))
    assert logged.count() == 4  # data, JSON, CSV, the erasure page's count
    assert all(f"#{w.siti_request.pk}" in entry.what for entry in logged)
    # The menu item is theirs.
    assert "privacy-requests" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["editor", "moderator", "anonymous"])
def test_everyone_else_is_refused_and_nothing_changes(w, who):
    user = None if who == "anonymous" else getattr(w, who)
    client = as_user(user)
    row = w.siti_request
    for path in paths(row):
        response = client.get(path)
        if user is None:
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), path
        else:
            assert refused(response), path
    posts = [
        (LIST + "baru/", {"email": "x@contoh.id", "kind": "access"}),
        (f"{LIST}{row.pk}/", {"action": "refused", "note": "tidak"}),
        (f"{LIST}{row.pk}/koreksi/", {"name": "Penyusup"}),
        (f"{LIST}{row.pk}/hapus/", {"confirm": "on"}),
    ]
    for path, data in posts:
        response = client.post(path, data)
        if user is None:
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), path
        else:
            assert refused(response), path
    row.refresh_from_db()
    w.donation.refresh_from_db()
    assert row.status == Status.OPEN and row.email == SITI and row.outcome == {}
    assert w.donation.name == "Siti Rahmawati" and w.donation.email == SITI
    assert DataSubjectRequest.objects.count() == 1
    assert not AccessLogEntry.objects.exists() and not mail.outbox
    if user is not None:
        assert "privacy-requests" not in client.get("/admin/").content.decode()


# -- the list --------------------------------------------------------------------------------------


def make_request(kind=Kind.ACCESS, status=Status.OPEN, due_in_hours=None, email="orang@contoh.id", **fields):
    subject = Subject.of(email=email)
    now = timezone.now()
    return DataSubjectRequest.objects.create(
        kind=kind, status=status, email=email, subject=subject.key, masked=subject.masked,
        due_at=now + datetime.timedelta(hours=due_in_hours) if due_in_hours is not None else None, **fields)


def test_open_requests_come_first_by_deadline_and_the_overdue_stand_out(w):
    later = make_request(due_in_hours=40, email="later@contoh.id")
    late = make_request(kind=Kind.CORRECTION, due_in_hours=-5, email="late@contoh.id")
    done = make_request(status=Status.DONE, due_in_hours=-100, email="done@contoh.id")
    waiting = make_request(status=Status.UNVERIFIED, email="waiting@contoh.id")
    client = as_user(w.officer)
    body = client.get(LIST).content.decode()
    order = [body.index(f'id="permintaan-{row.pk}"') for row in (late, later, w.siti_request, done)]
    assert order == sorted(order)
    assert f'id="permintaan-{waiting.pk}"' not in body  # never confirmed: only when asked for
    row_html = body[body.index(f'id="permintaan-{late.pk}"'):][:800]
    assert "privacy-overdue" in row_html and in_indonesian("overdue") in row_html
    assert "privacy-overdue" not in body[body.index(f'id="permintaan-{later.pk}"'):][:300]
    assert 'id="overdue"' in body
    # The menu item counts the overdue requests.
    with translation.override("id"):
        label = str(translation.gettext("Personal data requests"))
    assert f"{label} (1)" in body

    unconfirmed = client.get(LIST + "?status=unverified").content.decode()
    assert f'id="permintaan-{waiting.pk}"' in unconfirmed and f'id="permintaan-{late.pk}"' not in unconfirmed
    corrections = client.get(LIST + "?kind=correction").content.decode()
    assert f'id="permintaan-{late.pk}"' in corrections and f'id="permintaan-{later.pk}"' not in corrections
    assert tracking.overdue().count() == 1


# -- a request received by staff: a phone number -----------------------------------------------------


def test_staff_handle_a_phone_only_request_from_start_to_end(w):
    client = as_user(w.officer)
    received = timezone.localtime() - datetime.timedelta(hours=3)
    response = client.post(LIST + "baru/", {
        "email": "", "phone": "+62 812 3456 7890", "kind": "erasure",
        "details": "Telepon 2 Mei; nomor dicek dengan menelepon balik.",
        "received_at": received.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    row = DataSubjectRequest.objects.exclude(pk=w.siti_request.pk).get()
    assert response["Location"] == f"{LIST}{row.pk}/"
    assert (row.channel, row.status, row.kind, row.handled_by) == ("staff", Status.OPEN, Kind.ERASURE, w.officer)
    assert row.due_at == row.received_at + datetime.timedelta(hours=48)
    assert timezone.localtime(row.received_at).strftime("%Y-%m-%d %H:%M") == received.strftime("%Y-%m-%d %H:%M")
    assert row.masked == "•••••7890" and row.subject == Subject.of(phone=PHONE).key

    # What is held under the number: Wahyu's pledge, not Siti's donation. Logged.
    page = client.get(f"{LIST}{row.pk}/data/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Wahyu Hidayat" in text and "Dusun Ngelo RT 02" in text and "Siti" not in text
    download = client.get(f"{LIST}{row.pk}/unduh.json")
    assert download["Content-Disposition"].startswith('attachment; filename="lokadaya-data-saya-')
    assert {"private", "no-store"} <= {part.strip() for part in download["Cache-Control"].split(",")}
    document = json.loads(download.content)
    assert f"inkind.inkindpledge:{w.phone_pledge.pk}" in {record["reference"] for record in document["records"]}
    assert SITI not in download.content.decode()
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.PRIVACY, user=w.officer).count() == 2

    # Correction by staff: the name everywhere the number is held.
    response = client.post(f"{LIST}{row.pk}/koreksi/", {"name": "Wahyu Hidayatullah", "email": "", "phone": ""})
    assert response.status_code == 302
    w.phone_pledge.refresh_from_db()
    assert w.phone_pledge.name == "Wahyu Hidayatullah"
    row.refresh_from_db()
    assert row.outcome["corrected"] >= 1 and row.outcome["fields"] == ["name"] and row.status == Status.OPEN

    # Erasure: refused without the box ticked, then done; the request answered and forgetting the number.
    unticked = client.post(f"{LIST}{row.pk}/hapus/", {})
    assert unticked.status_code == 400
    w.phone_pledge.refresh_from_db()
    assert w.phone_pledge.phone == PHONE
    response = client.post(f"{LIST}{row.pk}/hapus/", {"confirm": "on"})
    assert response.status_code == 302
    assert not InKindPledge.objects.filter(name__startswith="Wahyu").exists()
    assert not InKindPledge.objects.filter(phone=PHONE).exists()
    row.refresh_from_db()
    assert row.status == Status.DONE and row.completed_at and row.handled_by == w.officer
    assert row.phone == "" and row.email == "" and row.masked == "•••••7890" and row.subject
    assert row.outcome["erased"] >= 1
    w.donation.refresh_from_db()
    assert w.donation.name == "Siti Rahmawati"  # another person's data untouched
    actions = list(AccessLogEntry.objects.filter(action=AccessLogEntry.Action.PRIVACY).values_list("what", flat=True))
    assert len(actions) == 5  # data, JSON, correction, the erasure page, the erasure
    # Answered: no more actions on it.
    for path in (f"{LIST}{row.pk}/data/", f"{LIST}{row.pk}/unduh.csv", f"{LIST}{row.pk}/hapus/"):
        assert refused(client.get(path)), path


def test_staff_correct_an_address_and_the_request_follows(w):
    client = as_user(w.admin)
    row = w.siti_request
    response = client.post(f"{LIST}{row.pk}/koreksi/", {"name": "", "email": "siti.baru@contoh.id", "phone": ""})
    assert response.status_code == 302
    w.donation.refresh_from_db()
    row.refresh_from_db()
    assert w.donation.email == "siti.baru@contoh.id" and row.email == "siti.baru@contoh.id"
    assert mail.outbox and mail.outbox[-1].to == [SITI]  # the old address is told
    document = json.loads(client.get(f"{LIST}{row.pk}/unduh.json").content)
    assert f"donation.donation:{w.donation.pk}" in {record["reference"] for record in document["records"]}


def test_answering_and_refusing(w):
    client = as_user(w.officer)
    row = w.siti_request
    response = client.post(f"{LIST}{row.pk}/", {"action": "refused", "note": ""})
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.status == Status.OPEN and not mail.outbox
    response = client.post(f"{LIST}{row.pk}/", {"action": "refused", "note": "Data keuangan wajib disimpan 10 tahun."})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Status.REFUSED and row.completed_at and row.handled_by == w.officer
    assert row.staff_note == "Data keuangan wajib disimpan 10 tahun."
    assert [m.to for m in mail.outbox] == [[SITI]] and "Data keuangan wajib disimpan 10 tahun." in mail.outbox[0].body
    # An answered request stays answered.
    client.post(f"{LIST}{row.pk}/", {"action": "done", "note": "x"})
    row.refresh_from_db()
    assert row.status == Status.REFUSED

    other = make_request()
    assert client.post(f"{LIST}{other.pk}/", {"action": "done", "note": "Salinan dikirim lewat email."}).status_code == 302
    other.refresh_from_db()
    assert other.status == Status.DONE and other.staff_note == "Salinan dikirim lewat email."


def test_adding_a_request_needs_an_address_or_a_number_and_a_past_date(w):
    client = as_user(w.officer)
    response = client.post(LIST + "baru/", {"email": "", "phone": "", "kind": "access"})
    assert response.status_code == 400
    assert in_indonesian("Give the email address or the phone number the request is about.") in \
        response.content.decode()
    future = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(LIST + "baru/", {"email": SITI, "kind": "access", "received_at": future})
    assert response.status_code == 400
    response = client.post(LIST + "baru/", {"phone": "12", "kind": "access"})
    assert response.status_code == 400
    assert in_indonesian(StaffRequestForm.base_fields["phone"].label) in response.content.decode()
    assert DataSubjectRequest.objects.count() == 1
