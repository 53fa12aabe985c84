"""The OMS's records: list, status change (received / rejected), CSV export, and who may see what."""
import csv
import io

import pytest
from django.core import mail
from django.utils import translation

from campaigns.models import StatusChange
from lokadaya_bookdrive.models import BookPledge

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/galang-daya/bookdrive/"


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text)))


def test_superuser_lists_and_filters_records(admin_client, make_pledge):
    make_pledge(quantity=12, name="Rina Marlina", titles="Si Kancil")
    make_pledge(quantity=3, name="Andi Baso", status="received", received_quantity=3)
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rina Marlina" in body and "Andi Baso" in body
    assert "Donasi Buku Anak" in body
    filtered = admin_client.get(LIST_URL, {"status": "received"}).content.decode()
    assert "Andi Baso" in filtered and "Rina Marlina" not in filtered
    searched = admin_client.get(LIST_URL, {"q": "kancil"}).content.decode()
    assert "Rina Marlina" in searched and "Andi Baso" not in searched


def test_csv_export_has_every_record_and_column(admin_client, make_pledge):
    first = make_pledge(quantity=12, name="Rina Marlina", titles="Si Kancil, Timun Mas", phone="0812 1111 2222")
    make_pledge(quantity=3, name="=HYPERLINK(\"x\")", is_anonymous=True)
    rows = csv_rows(admin_client.get(LIST_URL, {"export": "csv"}))
    header, data = rows[0], rows[1:]
    assert len(data) == 2
    with translation.override("id"):
        expected = [translation.gettext(h) for h in ("Date", "Titles", "Age group", "Books")]
    assert header[0] == "id" and set(expected) <= set(header)
    by_id = {row[0]: dict(zip(header, row)) for row in data}
    row = list(by_id[str(first.pk)].values())
    assert "Rina Marlina" in row and "Si Kancil, Timun Mas" in row and "12" in row and "0812 1111 2222" in row
    assert "6-9" in row and "good" in row and "pledged" in row
    # A formula typed as a name is neutralised for spreadsheets.
    assert any(value.startswith("'=HYPERLINK") for row in data for value in row)


def test_marking_received_records_books_audits_and_thanks_the_supporter(
        admin_client, admin_user, make_pledge, django_capture_on_commit_callbacks):
    pledge = make_pledge(quantity=12, email="rina@contoh.id", name="Rina Marlina")
    url = f"{LIST_URL}{pledge.pk}/"
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"status": "received", "received_quantity": "10",
                                           "note": "2 buku sobek"})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == "received" and pledge.received_quantity == 10
    change = StatusChange.objects.get(record_type="bookdrive.bookpledge", record_id=pledge.pk)
    assert (change.old_status, change.new_status, change.note, change.user) == (
        "pledged", "received", "2 buku sobek", admin_user)
    (message,) = mail.outbox
    assert message.to == ["rina@contoh.id"] and "10 buku" in message.body


def test_received_without_a_number_means_everything_arrived(admin_client, make_pledge):
    pledge = make_pledge(quantity=7)
    admin_client.post(f"{LIST_URL}{pledge.pk}/", {"status": "received", "received_quantity": ""})
    pledge.refresh_from_db()
    assert pledge.status == "received" and pledge.received_quantity == 7


def test_received_with_zero_books_is_refused(admin_client, make_pledge):
    pledge = make_pledge(quantity=7)
    response = admin_client.post(f"{LIST_URL}{pledge.pk}/", {"status": "received", "received_quantity": "0"})
    assert response.status_code == 200
    assert "Tidak ada buku yang datang: tandai janji ini sebagai ditolak." in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == "pledged" and pledge.received_quantity is None


def test_rejecting_tells_the_supporter_and_frees_the_room(
        admin_client, make_pledge, django_capture_on_commit_callbacks, campaign, ask):
    pledge = make_pledge(quantity=100, email="rina@contoh.id")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{LIST_URL}{pledge.pk}/", {"status": "rejected", "note": "buku pelajaran lama"})
    pledge.refresh_from_db()
    assert pledge.status == "rejected" and pledge.received_quantity is None
    (message,) = mail.outbox
    assert message.to == ["rina@contoh.id"] and "tidak dapat menerima" in message.body
    progress = campaign.get_progress()[0][2]
    assert progress.current == 0


def test_editor_of_the_campaign_sees_its_records(client, organisation, make_editor, make_pledge):
    make_pledge(quantity=4, name="Rina Marlina")
    client.force_login(make_editor(organisation))
    assert "Rina Marlina" in client.get(LIST_URL).content.decode()


def test_editor_of_another_oms_sees_nothing_and_gets_404(client, make_organisation, make_editor, make_pledge):
    pledge = make_pledge(quantity=4, name="Rina Marlina", email="rina@contoh.id")
    other = make_organisation(slug="oms-lain", email="lain@contoh.id")
    client.force_login(make_editor(other))
    listing = client.get(LIST_URL)
    assert listing.status_code == 200 and "Rina Marlina" not in listing.content.decode()
    assert client.get(f"{LIST_URL}{pledge.pk}/").status_code == 404
    assert client.post(f"{LIST_URL}{pledge.pk}/", {"status": "rejected"}).status_code == 404
    pledge.refresh_from_db()
    assert pledge.status == "pledged"
    rows = csv_rows(client.get(LIST_URL, {"export": "csv"}))
    assert len(rows) == 1 and not any("rina@contoh.id" in value for value in rows[0])


def test_anonymous_visitor_is_sent_to_login(client, make_pledge):
    make_pledge()
    response = client.get(LIST_URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert BookPledge.objects.count() == 1
