"""The public signup form: happy path, every refusal, the volunteer's own page."""
import datetime
import html
import re

import pytest
from django.core import mail

from plugins.volunteering.models import VolunteerSignup
from plugins.volunteering.views import _signup_from_token

from .conftest import form_data, pledge_url, shifts_of

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(response.content.decode())


def signup_link():
    """The volunteer's own page, as their email gives it (the form's answer never names it)."""
    from plugins.volunteering.views import signup_url

    return signup_url(VolunteerSignup.objects.get())


def test_form_offers_only_future_shifts_with_slots_left(client, campaign):
    reading_next_week, reading_later, reading_past, patrol = shifts_of(campaign)
    response = client.get(pledge_url(campaign))
    assert response.status_code == 200
    body = text(response)
    assert f'value="{reading_next_week.id}"' in body
    assert f'value="{reading_later.id}"' in body
    assert f'value="{patrol.id}"' in body
    assert reading_past.id not in body  # past shifts are not offered
    assert "2 dari 2 slot tersisa" in body  # in Indonesian, the default language
    assert "4 dari 4 slot tersisa" in body
    assert '<optgroup label="Patroli malam">' in body
    assert "Keahlian yang dibutuhkan:" in body and "tahan begadang" in body
    assert 'name="phone"' in body and 'name="is_anonymous"' in body and 'name="wants_updates"' in body


def test_shift_ids_are_the_listblock_child_ids_and_stay_stable(campaign):
    from wagtail.models import Page

    ask = campaign.get_asks()[0]
    ids = [child.id for role in ask.value["roles"] for child in role["shifts"].bound_blocks]
    assert [s.id for s in shifts_of(campaign)] == ids
    assert len(set(ids)) == 4 and all(ids)
    # Saving a new revision and reloading keeps the ids.
    page = Page.objects.get(pk=campaign.pk).specific
    page.save_revision().publish()
    page = Page.objects.get(pk=campaign.pk).specific
    assert [s.id for s in shifts_of(page)] == ids


def test_happy_path_records_the_signup_and_emails_both_sides(client, campaign, django_capture_on_commit_callbacks):
    shift = shifts_of(campaign)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pledge_url(campaign), form_data(shift.id))
    assert response.status_code == 302
    signup = VolunteerSignup.objects.get()
    assert response["Location"] == pledge_url(campaign) + "?terkirim=1"
    sent = client.get(response["Location"])
    assert sent.status_code == 200 and "siti@contoh.id" in text(sent)
    assert signup.campaign_id == campaign.pk
    assert signup.ask_id == campaign.get_asks()[0].id
    assert signup.shift_id == shift.id
    assert signup.role_name == "Pendamping baca"
    assert signup.shift_date == shift.date and signup.shift_start == datetime.time(8, 0)
    assert signup.shift_place == "Taman Baca Pelangi"
    assert (signup.name, signup.email, signup.phone) == ("Siti Rahmawati", "siti@contoh.id", "0812 3456 7890")
    assert signup.note == "Guru SD, libur di akhir pekan."
    assert signup.wants_updates is True and signup.is_anonymous is False
    assert signup.status == VolunteerSignup.Status.REGISTERED and signup.hours is None
    assert signup.language == "id"

    assert len(mail.outbox) == 2
    to_volunteer, to_oms = mail.outbox
    assert to_volunteer.to == ["siti@contoh.id"]
    assert "Kampanye Contoh" in to_volunteer.subject
    assert "Pendamping baca" in to_volunteer.body and "Taman Baca Pelangi" in to_volunteer.body
    assert "08.00–12.00" in to_volunteer.body and "WIB" in to_volunteer.body
    assert "http://testserver/id/dukung/volunteering/pendaftaran/" in to_volunteer.body
    assert to_oms.to == ["oms@contoh.id"]
    assert "Siti Rahmawati" in to_oms.body and "0812 3456 7890" in to_oms.body
    assert "1 dari 2" in to_oms.body  # slots filled

    page = client.get(signup_link())
    assert page.status_code == 200
    assert "Pendamping baca" in text(page) and "siti@contoh.id" in text(page)


def test_email_keeps_special_characters_unescaped(client, campaign, django_capture_on_commit_callbacks):
    shift = shifts_of(campaign)[0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pledge_url(campaign), form_data(shift.id, name="Rudi & Ayu O'Neil"))
    assert "Rudi & Ayu O'Neil" in mail.outbox[0].body


@pytest.mark.parametrize("overrides, field, message", [
    ({"shift": ""}, "shift", "Pilih satu jadwal."),
    ({"shift": "bukan-jadwal"}, "shift", "Jadwal itu bukan bagian dari permintaan ini."),
    ({"name": "   "}, "name", "Tulis nama Anda."),
    ({"name": None}, "name", "Tulis nama Anda."),
    ({"email": ""}, "email", "Tulis alamat email Anda."),
    ({"email": "siti-at-contoh"}, "email", "Masukkan alamat email yang benar"),
    ({"phone": ""}, "phone", "Tulis nomor telepon atau WhatsApp."),
    ({"phone": "123"}, "phone", "Masukkan nomor telepon atau WhatsApp"),
    ({"phone": "0812-ABC-7890"}, "phone", "Masukkan nomor telepon atau WhatsApp"),
    ({"note": "x" * 1001}, "note", "Tulis kurang dari 1000 karakter."),
])
def test_bad_input_is_refused_with_a_message_and_kept(client, campaign, overrides, field, message):
    shift = shifts_of(campaign)[0]
    data = form_data(shift.id, **overrides)
    response = client.post(pledge_url(campaign), data)
    assert response.status_code == 400
    body = text(response)
    assert message in body
    assert 'role="alert"' in body
    assert response.context["form"].errors[field]
    for kept in ("name", "email", "phone"):
        if kept != field and data.get(kept):
            assert f'value="{data[kept]}"' in body  # what was typed is kept
    assert not VolunteerSignup.objects.exists()


def test_past_shift_is_refused(client, campaign):
    past = shifts_of(campaign)[2]
    response = client.post(pledge_url(campaign), form_data(past.id))
    assert response.status_code == 400
    assert "Jadwal ini sudah dimulai. Pilih jadwal lain." in text(response)
    assert not VolunteerSignup.objects.exists()


def test_full_shift_is_refused_with_a_clear_message_and_the_form_kept(client, campaign):
    one_slot = shifts_of(campaign)[1]
    assert client.post(pledge_url(campaign), form_data(one_slot.id)).status_code == 302
    response = client.post(pledge_url(campaign), form_data(one_slot.id, name="Budi Santoso",
                                                           email="budi@contoh.id", phone="0813 1111 2222"))
    assert response.status_code == 400
    body = text(response)
    assert "Jadwal ini sudah penuh. Pilih jadwal lain." in body
    assert 'value="Budi Santoso"' in body and 'value="budi@contoh.id"' in body and 'value="0813 1111 2222"' in body
    # The full shift is listed but cannot be chosen.
    assert f'<option value="{one_slot.id}" disabled>' in body
    assert "(penuh)" in body
    assert VolunteerSignup.objects.count() == 1


def test_shift_filling_up_between_form_and_submit_is_refused_under_the_lock(client, campaign, monkeypatch):
    """The form's check passed (stale count), but the locked recount finds the shift full: 409."""
    from plugins.volunteering import views

    one_slot = shifts_of(campaign)[1]
    assert client.post(pledge_url(campaign), form_data(one_slot.id)).status_code == 302
    monkeypatch.setattr(views, "taken_counts", lambda *args, **kwargs: {})
    response = client.post(pledge_url(campaign), form_data(one_slot.id, email="budi@contoh.id"))
    assert response.status_code == 409
    assert "Jadwal ini sudah penuh. Pilih jadwal lain." in text(response)
    assert 'value="budi@contoh.id"' in text(response)
    assert VolunteerSignup.objects.count() == 1


def test_same_email_twice_on_one_shift_answers_the_same_and_writes_nothing(
        client, campaign, django_capture_on_commit_callbacks):
    """The form does not tell who already volunteers: the same answer; the address's owner gets their link."""
    shift = shifts_of(campaign)[0]
    first = client.post(pledge_url(campaign), form_data(shift.id))
    assert first.status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pledge_url(campaign), form_data(shift.id, email="SITI@contoh.id", name="Orang Lain"))
    assert response.status_code == 302 and response["Location"] == first["Location"]
    assert "sudah terdaftar" not in text(client.get(response["Location"]))
    assert VolunteerSignup.objects.count() == 1 and VolunteerSignup.objects.get().name == "Siti Rahmawati"
    (notice,) = mail.outbox
    assert notice.to == ["siti@contoh.id"]
    # The link to their signup page (signed with a timestamp: compare what it opens, not its text).
    link = re.search(r"/id/dukung/volunteering/pendaftaran/[^/\s]+/", notice.body)
    assert link and link.group(0).split("/")[:-2] == signup_link().split("/")[:-2]
    assert _signup_from_token(link.group(0).split("/")[-2]) == VolunteerSignup.objects.get()
    # The same person may take another shift.
    other = shifts_of(campaign)[3]
    assert client.post(pledge_url(campaign), form_data(other.id)).status_code == 302
    assert VolunteerSignup.objects.count() == 2


def test_signing_up_again_after_cancelling_is_allowed(client, campaign):
    shift = shifts_of(campaign)[0]
    client.post(pledge_url(campaign), form_data(shift.id))
    VolunteerSignup.objects.update(status=VolunteerSignup.Status.CANCELLED)
    assert client.post(pledge_url(campaign), form_data(shift.id)).status_code == 302
    assert VolunteerSignup.objects.filter(status=VolunteerSignup.Status.REGISTERED).count() == 1


def test_all_shifts_full_or_past_shows_a_notice(client, volunteer_campaign):
    from .conftest import shift

    campaign = volunteer_campaign({"name": "Penjaga stan", "shifts": [shift(days=-1)]})
    response = client.get(pledge_url(campaign))
    assert response.status_code == 200
    assert "Semua jadwal untuk permintaan ini sudah penuh atau sudah lewat." in text(response)


def test_ended_campaign_refuses_signups(client, campaign):
    campaign.end_date = datetime.date.today() - datetime.timedelta(days=1)
    campaign.save_revision().publish()
    campaign.refresh_from_db()
    shift = shifts_of(campaign)[0]
    response = client.post(pledge_url(campaign), form_data(shift.id))
    assert response.status_code == 409
    assert not VolunteerSignup.objects.exists()


def test_english_page_counts_on_the_source_campaign(client, campaign):
    from wagtail.models import Locale

    english = campaign.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision().publish()
    english.refresh_from_db()
    shift = shifts_of(campaign)[0]
    assert shifts_of(english)[0].id == shift.id  # translation keeps the shift ids
    response = client.get(pledge_url(english))
    assert "2 of 2 slots left" in text(response)
    response = client.post(pledge_url(english), form_data(shift.id))
    assert response.status_code == 302
    assert response["Location"] == pledge_url(english) + "?terkirim=1"
    signup = VolunteerSignup.objects.get()
    assert signup.campaign_id == campaign.pk and signup.language == "en"
    assert "1 of 2 slots left" in text(client.get(pledge_url(english)))
    assert "1 dari 2 slot tersisa" in text(client.get(pledge_url(campaign)))


def test_volunteer_cancels_through_their_link_and_frees_the_slot(client, campaign, django_capture_on_commit_callbacks):
    one_slot = shifts_of(campaign)[1]
    client.post(pledge_url(campaign), form_data(one_slot.id))
    link = signup_link()
    assert "Batalkan pendaftaran saya" in text(client.get(link))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"action": "cancel"}, follow=True)
    assert "Pendaftaran Anda dibatalkan" in text(response)
    signup = VolunteerSignup.objects.get()
    assert signup.status == VolunteerSignup.Status.CANCELLED
    from campaigns.models import StatusChange

    change = StatusChange.objects.get(record_id=signup.pk)
    assert change.user is None and change.new_status == "cancelled"
    assert [m.to for m in mail.outbox] == [["oms@contoh.id"]]
    assert "Slotnya kembali kosong" in mail.outbox[0].body
    # The slot is free again.
    response = client.post(pledge_url(campaign), form_data(one_slot.id, email="budi@contoh.id"))
    assert response.status_code == 302


def test_a_forged_signup_link_is_404(client, campaign):
    shift = shifts_of(campaign)[0]
    client.post(pledge_url(campaign), form_data(shift.id))
    signup = VolunteerSignup.objects.get()
    assert client.get(f"/id/dukung/volunteering/pendaftaran/{signup.pk}/").status_code == 404
    assert client.post(f"/id/dukung/volunteering/pendaftaran/{signup.pk}/", {"action": "cancel"}).status_code == 404
    signup.refresh_from_db()
    assert signup.status == VolunteerSignup.Status.REGISTERED


def test_an_attended_signup_cannot_be_cancelled_by_its_link(client, campaign):
    shift = shifts_of(campaign)[0]
    client.post(pledge_url(campaign), form_data(shift.id))
    link = signup_link()
    VolunteerSignup.objects.update(status=VolunteerSignup.Status.ATTENDED)
    assert "Batalkan pendaftaran saya" not in text(client.get(link))
    response = client.post(link, {"action": "cancel"}, follow=True)
    assert "tidak bisa lagi dibatalkan" in text(response)
    assert VolunteerSignup.objects.get().status == VolunteerSignup.Status.ATTENDED
