"""Progress, the wall, the OMS's records (list, status, CSV), emails on milestones, demo content."""
import csv
import io
import random

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from campaigns import events
from campaigns.models import StatusChange
from campaigns.plugins import registry
from campaigns.types import DemoInitiative
from plugins.petition.models import MilestoneNotice, Signature
from regions.models import Regency

from .helpers import ASK, indonesian

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/galang-daya/petition/"


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("petition", ASK), ("petition", {**ASK, "title": "Petisi kedua", "goal": 1000})])


@pytest.fixture
def make_signature(campaign):
    regencies = {code: Regency.objects.get(code=code) for code in ("53.12", "33.74")}

    def make(name="Maria Goreti", email=None, status=Signature.Status.CONFIRMED, ask=0, regency="53.12",
             **fields):
        from django.utils import timezone

        if status == Signature.Status.CONFIRMED:
            fields.setdefault("confirmed_at", timezone.now())
        return Signature.objects.create(
            campaign=campaign, ask_id=campaign.get_asks()[ask].id, name=name,
            email=email or f"{name.lower().replace(' ', '.')}@contoh.id", status=status,
            regency=regencies[regency], **fields)

    return make


def test_progress_counts_confirmed_signatures_in_one_query(campaign, make_signature):
    for n in range(3):
        make_signature(f"Penanda {n}")
    make_signature("Menunggu", status=Signature.Status.PENDING)
    make_signature("Spam", status=Signature.Status.REMOVED)
    make_signature("Ditarik", status=Signature.Status.WITHDRAWN)
    make_signature("Kedua", ask=1)
    asks = campaign.get_asks()
    with CaptureQueriesContext(connection) as queries:
        progress = registry.call("petition", "ask_progress", campaign=campaign, asks=asks)
    assert len(queries) == 1
    first, second = progress[asks[0].id], progress[asks[1].id]
    assert (first.current, first.target, first.supporters, first.money) == (3, 4, 3, None)
    assert first.percentage == 75 and first.is_money is False
    assert (second.current, second.target) == (1, 1000)
    with translation.override("id"):
        assert str(first.unit) == indonesian("signatures")
    with translation.override("en"):
        assert str(first.unit) == "signatures"


def test_progress_query_count_does_not_grow(campaign, make_signature):
    asks = campaign.get_asks()
    make_signature("Satu")
    with CaptureQueriesContext(connection) as few:
        registry.call("petition", "ask_progress", campaign=campaign, asks=asks)
    Signature.objects.bulk_create([
        Signature(campaign=campaign, ask_id=asks[0].id, name=f"P{n}", email=f"p{n}@contoh.id",
                  regency_id=Regency.objects.get(code="33.74").pk, status="confirmed") for n in range(300)])
    with CaptureQueriesContext(connection) as many:
        progress = registry.call("petition", "ask_progress", campaign=campaign, asks=asks)
    assert len(few) == len(many) == 1
    assert progress[asks[0].id].current == 301


def test_wall_is_one_query_and_respects_anonymity_and_hidden_comments(campaign, make_signature):
    make_signature("Publik", comment="Dukung!")
    make_signature("Rahasia", is_anonymous=True, comment="Jangan tampil")
    make_signature("Tersembunyi", comment="Komentar kasar", hide_comment=True)
    make_signature("Belum", status=Signature.Status.PENDING)
    with CaptureQueriesContext(connection) as queries:
        wall = registry.call("petition", "supporter_wall", campaign=campaign, limit=10)
    assert len(queries) == 1
    names = [entry.name for entry in wall]
    assert names == ["Tersembunyi", "Publik"]
    assert wall[1].message == "Dukung!" and wall[0].message == ""
    assert "Kabupaten Sumba Barat" in wall[1].summary
    assert all("Jangan tampil" not in entry.message for entry in wall)
    assert len(registry.call("petition", "supporter_wall", campaign=campaign, limit=1)) == 1


# --- The OMS's records -----------------------------------------------------------------------


def test_superuser_lists_changes_status_and_exports(admin_client, campaign, make_signature,
                                                     django_capture_on_commit_callbacks):
    confirmed = make_signature("Maria Goreti", comment="=SUM(A1:A9) untuk desa", is_anonymous=True)
    spam = make_signature("Beli Obat Murah", email="spam@contoh.id")
    pending = make_signature("Agus Salim", status=Signature.Status.PENDING, regency="33.74")

    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Maria Goreti", "maria.goreti@contoh.id", "Beli Obat Murah", "Agus Salim", "Kota Semarang"):
        assert text in body

    # The OMS removes spam, with a note.
    status_url = f"{LIST_URL}{spam.pk}/"
    assert admin_client.get(status_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(status_url, {"status": "removed", "note": "Iklan obat"})
    assert response.status_code == 302
    spam.refresh_from_db()
    assert spam.status == "removed"
    change = StatusChange.objects.get(record_id=spam.pk, record_type="petition.signature")
    assert change.note == "Iklan obat" and change.user.is_superuser
    assert mail.outbox == []  # removing spam tells nobody

    # Confirming by hand sets the confirmation date and thanks the signer.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{LIST_URL}{pending.pk}/", {"status": "confirmed", "note": ""})
    pending.refresh_from_db()
    assert pending.status == "confirmed" and pending.confirmed_at is not None
    assert any(m.to == ["agus.salim@contoh.id"] for m in mail.outbox)

    # Hiding an abusive comment keeps the signature.
    admin_client.post(f"{LIST_URL}{confirmed.pk}/", {"status": "confirmed", "hide_comment": "on", "note": ""})
    confirmed.refresh_from_db()
    assert confirmed.hide_comment is True and confirmed.status == "confirmed"

    # The CSV for delivery: the confirmed signatures only.
    response = admin_client.get(LIST_URL, {"export": "csv", "status": "confirmed"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(content)))
    header = rows[0]

    def column(name):
        return header.index(indonesian(name, strict=False))

    for name in ("Name", "Kabupaten/kota", "Province", "Date confirmed", "Comment", "Email"):
        assert indonesian(name, strict=False) in header
    assert header.index(indonesian("Date confirmed")) < header.index(indonesian("Email", strict=False))
    by_name = {row[column("Name")]: row for row in rows[1:]}
    assert set(by_name) == {"Maria Goreti", "Agus Salim"}
    maria = by_name["Maria Goreti"]
    assert maria[column("Kabupaten/kota")] == "Kabupaten Sumba Barat"
    assert maria[column("Province")] == "Nusa Tenggara Timur"
    assert maria[column("Comment")] == "'=SUM(A1:A9) untuk desa"  # not a spreadsheet formula
    assert maria[column("Email")] == "maria.goreti@contoh.id"
    assert maria[column("Public")] == indonesian("no")
    assert maria[column("Petition")] == ASK["title"]
    assert len(maria[column("Date confirmed")]) == len("2026-01-31 10:00")
    assert by_name["Agus Salim"][column("Province")] == "Jawa Tengah"


def test_editor_of_another_oms_sees_nothing(client, campaign, make_signature, make_organisation, make_editor,
                                            organisation):
    signature = make_signature("Maria Goreti")
    other = make_organisation(slug="oms-lain", regency_code="73.71")
    client.force_login(make_editor(other))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Maria Goreti" not in response.content.decode()
    assert client.get(f"{LIST_URL}{signature.pk}/").status_code == 404
    assert client.post(f"{LIST_URL}{signature.pk}/", {"status": "removed"}).status_code == 404
    signature.refresh_from_db()
    assert signature.status == "confirmed"
    export = client.get(LIST_URL, {"export": "csv"})
    assert "Maria Goreti" not in b"".join(export.streaming_content).decode()

    # The campaign's own OMS does see it.
    client.force_login(make_editor(organisation))
    assert "Maria Goreti" in client.get(LIST_URL).content.decode()
    assert client.get(f"{LIST_URL}{signature.pk}/").status_code == 200


# --- Emails ------------------------------------------------------------------------------------


def test_the_oms_hears_of_each_milestone_once(campaign, make_signature, django_capture_on_commit_callbacks):
    signatures = [make_signature(f"Penanda {n}", status=Signature.Status.PENDING) for n in range(5)]

    def confirm(signature):
        with django_capture_on_commit_callbacks(execute=True):
            events.change_status(signature, Signature.Status.CONFIRMED)

    def notices():
        return [m for m in mail.outbox if m.to == ["oms@contoh.id"]]

    confirm(signatures[0])  # 1 of 4: 25%
    assert len(notices()) == 1 and "25%" in notices()[0].subject
    assert "/admin/galang-daya/petition/?campaign=" in notices()[0].body
    confirm(signatures[1])  # 50%
    events.change_status(signatures[1], Signature.Status.WITHDRAWN)
    confirm(signatures[1])  # back to 50%: already announced
    assert len(notices()) == 2
    confirm(signatures[2])
    confirm(signatures[3])  # goal reached
    assert len(notices()) == 4
    assert ASK["title"] in notices()[-1].subject
    confirm(signatures[4])  # beyond the goal: nothing more
    assert len(notices()) == 4
    assert sorted(MilestoneNotice.objects.values_list("milestone", flat=True)) == [25, 50, 75, 100]
    # Each signer got one thank-you.
    assert len([m for m in mail.outbox if m.to == ["penanda.0@contoh.id"]]) == 1


def test_emails_go_out_in_the_signers_language(campaign, make_signature):
    from plugins.petition import notify

    signature = make_signature("Jane Doe", status=Signature.Status.PENDING, language="en")
    notify.send_confirmation(signature)
    message = mail.outbox[-1]
    assert message.subject.startswith("Confirm your signature")
    assert "http://testserver/en/dukung/petition/konfirmasi/" in message.body
    signature.language = "id"
    notify.send_confirmation(signature)
    assert mail.outbox[-1].subject.startswith(indonesian("Confirm your signature: %(petition)s",
                                                         petition=ASK["title"]))
    assert "http://testserver/id/dukung/petition/konfirmasi/" in mail.outbox[-1].body


def test_other_types_records_are_ignored():
    from plugins.petition import hooks

    class Other:
        status = "confirmed"

    assert hooks.pledge_recorded(record=Other()) is None
    assert hooks.pledge_status_changed(record=Other(), old_status="pending", user=None) is None
    assert mail.outbox == []


# --- Demo content ------------------------------------------------------------------------------


def test_demo_ask_fits_the_initiative_and_is_a_valid_block(make_campaign):
    initiative = DemoInitiative(slug="paralegal", title="Paralegal Desa untuk Sumba Barat",
                                keywords=("hukum", "advokasi"))
    value = registry.call("petition", "demo_ask", initiative=initiative)
    assert value["decision_maker"] == "Bupati Sumba Barat" and value["goal"] > 0
    block = registry.call("petition", "ask_block")
    block.clean(block.to_python(value))  # valid as an editor would save it
    campaign = make_campaign(asks=[("petition", value)], slug="demo")
    ask = campaign.get_asks()[0]
    registry.call("petition", "demo_records", campaign=campaign, ask=ask, count=60, rng=random.Random(7))
    assert Signature.objects.filter(campaign=campaign).count() == 60
    assert Signature.objects.filter(status="confirmed").count() > 30
    assert all(s.email == s.email.lower() for s in Signature.objects.all())
    # Running it again adds nothing (same addresses).
    registry.call("petition", "demo_records", campaign=campaign, ask=ask, count=60, rng=random.Random(7))
    assert Signature.objects.filter(campaign=campaign).count() == 60
    for keywords in (("lampu",), ("sampah",), ("jelantah",), ("buku",), ("tb",), ("gambut",), ("tikus",),
                     ("air",)):
        assert registry.call("petition", "demo_ask",
                             initiative=DemoInitiative(slug="x", title="X", keywords=keywords))
