"""The public pledge form: the happy path, every bad input, capacity, emails, ended campaigns."""
import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import Locale

from lokadaya_bookdrive.models import BookPledge

pytestmark = pytest.mark.django_db


def test_form_shows_what_is_needed_and_where_to_bring_books(client, pledge_url, make_pledge):
    make_pledge(quantity=30)
    response = client.get(pledge_url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Masih dibutuhkan: 70 dari 100 buku." in body
    assert "Jl. Tallo Lama No. 12" in body
    assert 'name="quantity"' in body and 'name="titles"' in body
    # Only the age groups the ask wants are offered.
    assert 'value="6-9"' in body and 'value="0-5"' in body and 'value="13-17"' not in body


def test_pledge_is_recorded_and_announced(client, campaign, ask, pledge_url, valid_data,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pledge_url, valid_data)
    assert response.status_code == 302
    pledge = BookPledge.objects.get()
    assert response["Location"] == f"/id/dukung/bookdrive/terima-kasih/{pledge.token}/"
    assert pledge.campaign_id == campaign.pk and pledge.ask_id == ask.id
    assert (pledge.quantity, pledge.age_group, pledge.condition) == (12, "6-9", "good")
    assert pledge.titles == "Seri Si Kancil dan 5 buku bergambar"
    assert pledge.status == BookPledge.Status.PLEDGED and pledge.language == "id"
    assert pledge.wants_updates and not pledge.is_anonymous and pledge.phone == "0812 3456 7890"

    # One email to the supporter (with where to bring the books), one to the OMS.
    assert sorted(m.to[0] for m in mail.outbox) == ["oms@contoh.id", "rina@contoh.id"]
    to_supporter = next(m for m in mail.outbox if m.to == ["rina@contoh.id"])
    assert "Perpustakaan Anak Tallo" in to_supporter.subject
    assert "12 buku" in to_supporter.body and "Jl. Tallo Lama No. 12" in to_supporter.body
    to_oms = next(m for m in mail.outbox if m.to == ["oms@contoh.id"])
    assert "Rina Marlina" in to_oms.body and "rina@contoh.id" in to_oms.body

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    body = thanks.content.decode()
    assert "12 buku" in body and "Jl. Tallo Lama No. 12" in body
    assert "rina@contoh.id" not in body  # no personal data on the token page


def test_anonymous_pledge_needs_no_name(client, pledge_url, valid_data):
    valid_data.update(name="", is_anonymous="on")
    assert client.post(pledge_url, valid_data).status_code == 302
    assert BookPledge.objects.get().is_anonymous


def test_english_visitors_pledge_in_english_and_count_on_the_source(client, campaign, ask, valid_data,
                                                                    django_capture_on_commit_callbacks):
    english = campaign.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Children's library in Tallo"
    english.save_revision().publish()
    english_url = english.url + f"dukung/{ask.id}/"
    assert english_url.startswith("/en/")
    response = client.get(english_url)
    assert response.status_code == 200
    assert "Still needed: 100 books of 100." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(english_url, valid_data).status_code == 302
    pledge = BookPledge.objects.get()
    assert pledge.language == "en" and pledge.campaign_id == campaign.pk  # the source page
    to_supporter = next(m for m in mail.outbox if m.to == ["rina@contoh.id"])
    assert "thank you for pledging 12 books" in to_supporter.body


def indonesian(msgid, **params):
    """A message as the Indonesian site shows it: from the merged catalogues, and translated.

    Django merges every app's catalogue; a msgid that another app also uses (e.g. “Pledge
    anonymously”) shows that app's wording, so the expected text is read from the catalogues.
    """
    with translation.override("id"):
        text = translation.gettext(msgid)
    assert text != msgid, f"no Indonesian translation for {msgid!r}"
    return text % params if params else text


def test_the_plugins_own_messages_are_in_indonesian():
    assert indonesian("Enter how many books you will bring.") == "Tulis berapa buku yang akan Anda bawa."
    assert indonesian("Only %(needed)s more books are needed. Please pledge %(needed)s or fewer.", needed=3) == (
        "Hanya 3 buku lagi yang dibutuhkan. Silakan janjikan 3 buku atau kurang.")


@pytest.mark.parametrize("field, value, message", [
    ("quantity", "", "Enter how many books you will bring."),
    ("quantity", "dua belas", "Write the number of books as a whole number, e.g. 12."),
    ("quantity", "0", "Pledge at least one book."),
    ("quantity", "-3", "Pledge at least one book."),
    ("quantity", "5001", "That is more than one pledge can hold (at most %(limit_value)s books). "
                         "Please contact the organisation directly."),
    ("titles", "   ", "Tell us which books, so the organisation can plan the shelves."),
    ("age_group", "", "Choose the age group the books are for."),
    ("age_group", "13-17", "This book drive does not collect books for that age group."),
    ("condition", "rusak", "Choose one of the conditions in the list."),
    ("email", "", "Enter your email so we can tell you where to bring the books."),
    ("email", "rina-at-contoh", "Enter a valid email address, e.g. nama@contoh.id, so we can send you the "
                                "drop-off details."),
    ("name", "", "Write your name, or tick “Pledge anonymously”."),
    ("phone", "telepon saya", "Write the phone number with digits only, e.g. 0812 3456 7890."),
])
def test_bad_input_is_refused_with_a_message_and_kept(client, pledge_url, valid_data, field, value, message):
    valid_data[field] = value
    response = client.post(pledge_url, valid_data)
    assert response.status_code == 400
    body = response.content.decode()
    assert indonesian(message, limit_value=5000) in body
    assert 'role="alert"' in body
    assert BookPledge.objects.count() == 0
    assert mail.outbox == []
    # What was typed is kept.
    if field != "titles":
        assert "Seri Si Kancil dan 5 buku bergambar" in body
    if field != "email":
        assert 'value="rina@contoh.id"' in body


def test_new_only_drive_offers_and_takes_only_new_books(client, make_campaign, ask_value, valid_data):
    ask_value["accepts_used"] = False
    campaign = make_campaign(asks=[("bookdrive", ask_value)])
    url = campaign.url + f"dukung/{campaign.get_asks()[0].id}/"
    body = client.get(url).content.decode()
    assert 'value="new"' in body and 'value="good"' not in body
    response = client.post(url, dict(valid_data, condition="good"))
    assert response.status_code == 400
    assert indonesian("This book drive only takes new books.") in response.content.decode()
    assert client.post(url, dict(valid_data, condition="new")).status_code == 302


def test_a_drive_with_no_age_groups_chosen_takes_every_age(client, make_campaign, ask_value, valid_data):
    ask_value["age_groups"] = []
    campaign = make_campaign(asks=[("bookdrive", ask_value)])
    url = campaign.url + f"dukung/{campaign.get_asks()[0].id}/"
    assert client.post(url, dict(valid_data, age_group="13-17")).status_code == 302


def test_no_more_books_than_still_needed(client, pledge_url, valid_data, make_pledge):
    make_pledge(quantity=90)
    make_pledge(quantity=50, status="rejected")  # turned down: does not take room
    response = client.post(pledge_url, dict(valid_data, quantity="12"))
    assert response.status_code == 400
    assert "Hanya 10 buku lagi yang dibutuhkan. Silakan janjikan 10 buku atau kurang." in response.content.decode()
    assert BookPledge.objects.count() == 2

    assert client.post(pledge_url, dict(valid_data, quantity="10")).status_code == 302
    response = client.post(pledge_url, dict(valid_data, quantity="1"))
    assert response.status_code == 400
    assert "Donasi buku ini sudah mendapatkan semua buku yang dibutuhkan." in response.content.decode()
    assert BookPledge.objects.filter(status="pledged").count() == 2
    # A full drive shows why, not a form that cannot be sent.
    full = client.get(pledge_url).content.decode()
    assert "Masih dibutuhkan: 0 dari 100 buku." in full and 'name="quantity"' not in full


def test_received_books_count_as_they_arrived(client, pledge_url, valid_data, make_pledge):
    make_pledge(quantity=95, status="received", received_quantity=80)  # 80 arrived, 20 still needed
    assert client.post(pledge_url, dict(valid_data, quantity="20")).status_code == 302
    assert client.post(pledge_url, dict(valid_data, quantity="1")).status_code == 400


def test_ended_campaign_takes_no_pledges(client, make_campaign, ask_value, valid_data):
    campaign = make_campaign(asks=[("bookdrive", ask_value)],
                             end_date=timezone.localdate() - datetime.timedelta(days=1))
    url = campaign.url + f"dukung/{campaign.get_asks()[0].id}/"
    response = client.post(url, valid_data)
    assert response.status_code == 409
    assert BookPledge.objects.count() == 0
    assert 'name="quantity"' not in client.get(url).content.decode()


def test_unknown_token_is_404(client, campaign):
    assert client.get("/id/dukung/bookdrive/terima-kasih/00000000-0000-0000-0000-000000000000/").status_code == 404
