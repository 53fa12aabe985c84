"""The OMS's records: list, status changes (attendance and hours), CSV export, permissions."""
import csv
import io
from decimal import Decimal

import pytest
from django.core import mail

from campaigns.models import StatusChange
from plugins.volunteering.models import VolunteerSignup

from .conftest import form_data, pledge_url, shifts_of

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/galang-daya/volunteering/"


@pytest.fixture
def signup(client, campaign):
    shift = shifts_of(campaign)[0]
    assert client.post(pledge_url(campaign), form_data(shift.id, name="Fajar Nugroho", email="fajar@contoh.id",
                                                      note="=HYPERLINK(\"x\")")).status_code == 302
    return VolunteerSignup.objects.get()


def test_records_list_shows_the_signup(admin_client, signup):
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fajar Nugroho" in body and "fajar@contoh.id" in body and "0812 3456 7890" in body
    assert "Pendamping baca" in body and "Taman Baca Pelangi" in body
    assert f"{LIST_URL}{signup.pk}/" in body


def test_records_list_filters_and_searches(admin_client, signup):
    assert "Fajar" in admin_client.get(LIST_URL, {"q": "pendamping"}).content.decode()
    assert "Fajar" not in admin_client.get(LIST_URL, {"q": "patroli"}).content.decode()
    assert "Fajar" in admin_client.get(LIST_URL, {"status": "registered"}).content.decode()
    assert "Fajar" not in admin_client.get(LIST_URL, {"status": "attended"}).content.decode()


def test_confirm_then_record_attendance_with_hours(admin_client, signup, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    url = f"{LIST_URL}{signup.pk}/"
    assert admin_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"status": "confirmed", "hours": "", "note": "Sudah ditelepon."})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == "confirmed" and signup.hours is None
    assert [m.to for m in mail.outbox] == [["fajar@contoh.id"]]
    assert "mengonfirmasi" in mail.outbox[0].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"status": "attended", "hours": "3,5"})
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == "attended" and signup.hours == Decimal("3.5")
    assert [m.to for m in mail.outbox] == [["fajar@contoh.id"]]
    assert "3,5 jam" in mail.outbox[0].body
    changes = list(StatusChange.objects.filter(record_id=signup.pk).order_by("created_at")
                   .values_list("old_status", "new_status", "note"))
    assert changes == [("registered", "confirmed", "Sudah ditelepon."), ("confirmed", "attended", "")]


def test_attended_without_hours_takes_the_shift_length(admin_client, signup):
    admin_client.post(f"{LIST_URL}{signup.pk}/", {"status": "attended", "hours": ""})
    signup.refresh_from_db()
    assert signup.status == "attended" and signup.hours == Decimal("4.0")  # 08:00-12:00


def test_hours_are_dropped_for_other_statuses(admin_client, signup):
    admin_client.post(f"{LIST_URL}{signup.pk}/", {"status": "attended", "hours": "4"})
    admin_client.post(f"{LIST_URL}{signup.pk}/", {"status": "no_show", "hours": "4"})
    signup.refresh_from_db()
    assert signup.status == "no_show" and signup.hours is None


@pytest.mark.parametrize("hours, message", [
    ("empat", "Tulis jumlah jam sebagai angka"),
    ("0", "Jumlah jam harus lebih dari nol."),
    ("-2", "Jumlah jam harus lebih dari nol."),
    ("25", "Satu jadwal tidak bisa lebih dari 24 jam."),
    ("3,25", "Gunakan paling banyak satu angka desimal"),
])
def test_bad_hours_are_refused(admin_client, signup, hours, message):
    response = admin_client.post(f"{LIST_URL}{signup.pk}/", {"status": "attended", "hours": hours})
    assert response.status_code == 200
    assert message in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == "registered" and signup.hours is None


def test_taking_back_a_cancelled_signup_into_a_full_shift_is_refused(client, admin_client, campaign):
    one_slot = shifts_of(campaign)[1]
    client.post(pledge_url(campaign), form_data(one_slot.id, email="a@contoh.id"))
    first = VolunteerSignup.objects.get()
    admin_client.post(f"{LIST_URL}{first.pk}/", {"status": "cancelled"})
    assert client.post(pledge_url(campaign), form_data(one_slot.id, email="b@contoh.id")).status_code == 302
    response = admin_client.post(f"{LIST_URL}{first.pk}/", {"status": "confirmed"})
    assert response.status_code == 200
    assert "Jadwal ini sudah penuh" in response.content.decode()
    first.refresh_from_db()
    assert first.status == "cancelled"


def test_taking_back_a_cancelled_signup_whose_email_signed_up_again_is_refused(client, admin_client, campaign):
    shift = shifts_of(campaign)[0]
    client.post(pledge_url(campaign), form_data(shift.id))
    first = VolunteerSignup.objects.get()
    admin_client.post(f"{LIST_URL}{first.pk}/", {"status": "cancelled"})
    assert client.post(pledge_url(campaign), form_data(shift.id)).status_code == 302
    response = admin_client.post(f"{LIST_URL}{first.pk}/", {"status": "registered"})
    assert response.status_code == 200
    assert "Email ini sudah mendaftar lagi" in response.content.decode()
    first.refresh_from_db()
    assert first.status == "cancelled"


def test_csv_export(admin_client, signup):
    admin_client.post(f"{LIST_URL}{signup.pk}/", {"status": "attended", "hours": "4,5"})
    response = admin_client.get(LIST_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(content)))
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    record = dict(zip(header, row))
    assert record["id"] == str(signup.pk)
    assert record["ID Jadwal"] == signup.shift_id
    assert record["Peran"] == "Pendamping baca"
    assert record["Tanggal jadwal"] == signup.shift_date.isoformat()
    assert record["Jam mulai"] == "08:00" and record["Jam selesai"] == "12:00"
    assert record["Email"] == "fajar@contoh.id"
    assert record["Status"] == "attended"
    assert record["Jam yang diberikan"] == "4.5"
    assert record["Keahlian dan motivasi"].startswith("'=")  # a formula is neutralised


def test_editor_of_another_oms_sees_nothing_and_gets_404(client, signup, make_organisation, make_editor):
    other = make_organisation(slug="oms-lain", email="lain@contoh.id")
    editor = make_editor(other)
    client.force_login(editor)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Fajar" not in response.content.decode()
    assert client.get(f"{LIST_URL}{signup.pk}/").status_code == 404
    assert client.post(f"{LIST_URL}{signup.pk}/", {"status": "cancelled"}).status_code == 404
    csv_body = b"".join(client.get(LIST_URL, {"export": "csv"}).streaming_content).decode()
    assert "fajar@contoh.id" not in csv_body
    signup.refresh_from_db()
    assert signup.status == "registered"


def test_editor_of_the_oms_manages_its_signups(client, signup, organisation, make_editor):
    client.force_login(make_editor(organisation))
    assert "Fajar" in client.get(LIST_URL).content.decode()
    assert client.post(f"{LIST_URL}{signup.pk}/", {"status": "confirmed"}).status_code == 302
    signup.refresh_from_db()
    assert signup.status == "confirmed"


def test_event_hooks_ignore_other_types_records(signup):
    from campaigns.plugins import registry

    class OtherRecord:
        status = "confirmed"

    mail.outbox.clear()
    registry.call("volunteering", "pledge_recorded", record=OtherRecord())
    registry.call("volunteering", "pledge_status_changed", record=OtherRecord(), old_status="pending", user=None)
    assert mail.outbox == []
