"""The OMS's side: the records list, the status form (what arrived), the CSV, the emails."""
import pytest

from campaigns.models import StatusChange
from plugins.inkind.forms import StatusForm
from plugins.inkind.models import InKindPledge

LIST = "/admin/galang-daya/inkind/"


@pytest.fixture
def editor(client, organisation, make_editor):
    user = make_editor(organisation)
    client.force_login(user)
    return user


def status_url(record):
    return f"{LIST}{record.pk}/"


@pytest.mark.parametrize("status, received, valid, stored", [
    ("received", None, True, 4),
    ("received", 4, True, 4),
    ("received", 6, True, 6),  # more came than promised
    ("received", 3, False, None),
    ("partly_received", 2, True, 2),
    ("partly_received", None, False, None),
    ("partly_received", 0, False, None),
    ("partly_received", 4, False, None),
    ("not_received", 3, True, None),  # a stray number is dropped
    ("cancelled", None, True, None),
    ("pledged", None, True, None),
])
def test_status_form_rules(make_pledge, status, received, valid, stored):
    record = make_pledge("Semen", 4)
    form = StatusForm({"status": status, "received_quantity": "" if received is None else received},
                      instance=record)
    assert form.is_valid() is valid, form.errors
    if valid:
        assert form.cleaned_data["received_quantity"] == stored


def test_editor_records_receipt_and_the_pledger_hears(client, editor, make_pledge, campaign,
                                                     django_capture_on_commit_callbacks, mailoutbox):
    record = make_pledge("Semen", 4, name="Budi", email="budi@contoh.id", language="id")
    assert client.get(LIST).status_code == 200
    assert "Budi" in client.get(LIST).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(status_url(record), {"status": "partly_received", "received_quantity": "3",
                                                    "note": "Satu sak rusak."})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.received_quantity) == ("partly_received", 3)
    change = StatusChange.objects.get(record_type="inkind.inkindpledge", record_id=record.pk)
    assert (change.old_status, change.new_status, change.user, change.note) == (
        "pledged", "partly_received", editor, "Satu sak rusak.")
    (mail,) = mailoutbox
    assert mail.to == ["budi@contoh.id"] and "3" in mail.body and "4 sak Semen" in mail.body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(status_url(record), {"status": "received", "received_quantity": ""})
    record.refresh_from_db()
    assert (record.status, record.received_quantity) == ("received", 4)
    assert len(mailoutbox) == 2 and "4 sak Semen" in mailoutbox[1].body


def test_no_email_when_nothing_arrived(client, editor, make_pledge, django_capture_on_commit_callbacks,
                                       mailoutbox):
    record = make_pledge("Semen", 4)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(status_url(record), {"status": "not_received"})
    assert InKindPledge.objects.get().status == "not_received" and not mailoutbox


def test_invalid_status_change_is_shown_and_not_saved(client, editor, make_pledge):
    record = make_pledge("Semen", 4)
    response = client.post(status_url(record), {"status": "partly_received", "received_quantity": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert InKindPledge.objects.get().status == "pledged"


def test_csv_export_lists_the_goods(client, editor, make_pledge):
    make_pledge("Talang PVC", 12, name="=HYPERLINK()", phone="0812 1111 2222", delivery="pick_up",
                address="Jl. Kaliurang")
    response = client.get(LIST, {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    header, row = body.lstrip("\ufeff").strip().splitlines()
    assert "Talang PVC" in row and "meter" in row and ",12," in row and "pick_up" in row
    assert "Jl. Kaliurang" in row and "0812 1111 2222" in row
    assert "'=HYPERLINK()" in row  # neutralised for spreadsheets


def test_search_finds_by_item_and_phone(client, editor, make_pledge):
    make_pledge("Talang PVC", 12, name="Agus", phone="0812 1111 2222")
    make_pledge("Semen", 1, name="Wulandari")
    assert "Agus" in client.get(LIST, {"q": "talang"}).content.decode()
    assert "Wulandari" not in client.get(LIST, {"q": "1111"}).content.decode()


def test_other_organisations_editors_see_nothing(client, make_pledge, make_organisation, make_editor):
    record = make_pledge("Semen", 4, name="Budi")
    client.force_login(make_editor(make_organisation(slug="oms-lain")))
    assert client.get(status_url(record)).status_code == 404
    assert "Budi" not in client.get(LIST).content.decode()
