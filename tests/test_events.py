"""Webinars and trainings: registration, the link for registrants only, attendance, .ics, emails, permissions."""
import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from events import registrations
from events.ics import calendar
from events.models import EventPage, Registration
from events.tasks import send_recording_notices, send_reminders
from events.testing import event_index, make_event
from partners.testing import make_moderator, make_verified_oms

FIXTURES = (event_index, make_event, make_moderator, make_verified_oms)
LINK = "https://meet.jit.si/rahasia-lokadaya-123"

pytestmark = pytest.mark.django_db


def register_via_form(client, event, name="Rahma", email="rahma@contoh.id", **extra):
    return client.post(f"/id/acara-pelatihan/daftar/{event.pk}/", {"name": name, "email": email, **extra})


# -- registering ---------------------------------------------------------------------------------


def test_registering_needs_no_account_and_leads_to_the_personal_page(client, make_event,
                                                                     django_capture_on_commit_callbacks):
    event = make_event()
    with django_capture_on_commit_callbacks(execute=True):
        response = register_via_form(client, event, email="Rahma@Contoh.ID")
    registration = Registration.objects.get()
    assert registration.email == "rahma@contoh.id" and registration.status == "registered"
    assert response.status_code == 302 and response["Location"] == f"/id/acara-pelatihan/{registration.token}/"
    # The confirmation carries the calendar file and the personal page, not the meeting link itself.
    (message,) = mail.outbox
    assert message.to == ["rahma@contoh.id"] and registration.token in message.body
    assert LINK not in message.body
    (filename, content, mimetype) = message.attachments[0]
    assert filename == "acara.ics" and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content


def test_registering_twice_with_one_address_keeps_one_registration_and_reveals_nothing(
        client, make_event, django_capture_on_commit_callbacks):
    event = make_event()
    register_via_form(client, event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = register_via_form(client, event, name="Orang Lain", email=" RAHMA@contoh.id ")
    assert Registration.objects.count() == 1
    assert Registration.objects.get().name == "Rahma"  # the first registration is unchanged
    # Whoever typed the address does not get its personal page; its owner gets the link again.
    assert response.status_code == 200
    assert Registration.objects.get().token not in response.content.decode()
    assert [m.to for m in mail.outbox] == [["rahma@contoh.id"]]


def test_a_bad_registration_is_refused_with_a_translated_error_and_nothing_saved(client, make_event):
    event = make_event()
    response = register_via_form(client, event, name="", email="bukan-email")
    assert response.status_code == 400
    assert "Masukkan alamat email yang valid." in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_closes(client, make_event):
    event = make_event(registration_closes=timezone.now() - datetime.timedelta(minutes=1))
    response = register_via_form(client, event)
    assert response.status_code == 400 and not Registration.objects.exists()
    with pytest.raises(registrations.RegistrationClosed):
        registrations.register(event, name="A", email="a@contoh.id")


def test_a_full_event_puts_people_on_the_waiting_list_and_a_cancellation_promotes_the_first(
        make_event, django_capture_on_commit_callbacks):
    event = make_event(capacity=2)
    people = [registrations.register(event, name=f"P{i}", email=f"p{i}@contoh.id")[0] for i in range(5)]
    assert [p.status for p in people] == ["registered", "registered", "waitlisted", "waitlisted", "waitlisted"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registrations.cancel(people[1])
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"p0@contoh.id": "registered", "p1@contoh.id": "cancelled", "p2@contoh.id": "registered",
                        "p3@contoh.id": "waitlisted", "p4@contoh.id": "waitlisted"}
    # The promoted one is told, with the calendar file.
    assert [m.to for m in mail.outbox] == [["p2@contoh.id"]] and mail.outbox[0].attachments
    # Cancelling a waiting registration frees no seat.
    registrations.cancel(people[4])
    assert Registration.objects.filter(status="registered").count() == 2


def test_a_signed_in_learner_gets_their_oms_prefilled(client, make_event, make_verified_oms):
    event = make_event()
    oms = make_verified_oms("oms-belajar")
    client.force_login(oms.editor)
    form = client.get(f"/id/acara-pelatihan/daftar/{event.pk}/").context["form"]
    assert form["organisation"].value() == oms.pk and form["email"].value() == oms.editor.email
    response = register_via_form(client, event, name="Editor", email=oms.editor.email, organisation=oms.pk)
    registration = Registration.objects.get()
    assert registration.user == oms.editor and registration.organisation_id == oms.pk
    assert response["Location"].endswith(f"/{registration.token}/")


# -- the link: registrants only ------------------------------------------------------------------


def test_the_online_link_is_on_the_personal_page_only(client, make_event):
    event = make_event()
    registration, _created = registrations.register(event, name="Rahma", email="rahma@contoh.id")
    for url in (event.url, f"/id/acara-pelatihan/daftar/{event.pk}/", event.get_parent().url):
        body = client.get(url).content.decode()
        assert event.title in body and LINK not in body
    personal = client.get(f"/id/acara-pelatihan/{registration.token}/")
    assert personal.status_code == 200 and LINK in personal.content.decode()
    assert "no-store" in personal["Cache-Control"]
    # A key without its signature, or with a forged one, is not found.
    assert client.get(f"/id/acara-pelatihan/{registration.key}/").status_code == 404
    assert client.get(f"/id/acara-pelatihan/{registration.key}:forged/").status_code == 404
    # A waiting or cancelled registrant does not see it either.
    registrations.cancel(registration)
    assert LINK not in client.get(f"/id/acara-pelatihan/{registration.token}/").content.decode()


def test_the_event_page_stays_cacheable_for_anonymous_visitors(client, make_event):
    event = make_event()
    response = client.get(event.url)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "private" not in response.get("Cache-Control", "")


def test_join_records_attendance_and_redirects_to_the_meeting(client, make_event):
    event = make_event(start=timezone.now() + datetime.timedelta(minutes=20))
    registration, _created = registrations.register(event, name="Rahma", email="rahma@contoh.id")
    response = client.get(f"/id/acara-pelatihan/{registration.token}/gabung/")
    assert response.status_code == 302 and response["Location"] == LINK
    registration.refresh_from_db()
    first = registration.attended_at
    assert first is not None
    client.get(f"/id/acara-pelatihan/{registration.token}/gabung/")
    registration.refresh_from_db()
    assert registration.attended_at == first  # the first arrival is kept


def test_join_too_early_records_nothing(client, make_event):
    event = make_event(start=timezone.now() + datetime.timedelta(days=2))
    registration, _created = registrations.register(event, name="Rahma", email="rahma@contoh.id")
    response = client.get(f"/id/acara-pelatihan/{registration.token}/gabung/")
    assert response.status_code == 302 and response["Location"] == f"/id/acara-pelatihan/{registration.token}/"
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_cancel_from_the_personal_page(client, make_event):
    event = make_event(capacity=1)
    first, _ = registrations.register(event, name="A", email="a@contoh.id")
    second, _ = registrations.register(event, name="B", email="b@contoh.id")
    assert client.get(f"/id/acara-pelatihan/{first.token}/batal/").status_code == 405
    client.post(f"/id/acara-pelatihan/{first.token}/batal/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "cancelled" and second.status == "registered"


# -- the calendar file ---------------------------------------------------------------------------


def unfold(text):
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    for line in lines:
        assert len(line.encode("utf-8")) <= 75, line
    unfolded = []
    for line in lines:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    return unfolded


def unescape(value):
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def test_the_calendar_file_is_valid_rfc5545(client, make_event):
    title = "Webinar: anggaran, arus kas; laporan \\ keuangan — untuk OMS di Nusa Tenggara Timur dan sekitarnya"
    start = datetime.datetime(2030, 3, 5, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    event = make_event(title=title, start=start, time_zone="Asia/Makassar",
                       summary="Baris satu,\nbaris dua; dengan titik koma")
    registration, _created = registrations.register(event, name="Rahma", email="rahma@contoh.id")
    response = client.get(f"/id/acara-pelatihan/{registration.token}/kalender.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    lines = unfold(response.content.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == 1 and lines.count("END:VEVENT") == 1
    props = dict(line.split(":", 1) for line in lines)
    assert props["VERSION"] == "2.0" and props["PRODID"]
    assert props["UID"].startswith(f"event-{event.pk}-{registration.pk}@")
    assert props["DTSTART"] == "20300305T010000Z" and props["DTEND"] == "20300305T030000Z"
    assert re.fullmatch(r"\d{8}T\d{6}Z", props["DTSTAMP"])
    assert unescape(props["SUMMARY"]) == title
    description = unescape(props["DESCRIPTION"])
    assert "Baris satu,\nbaris dua; dengan titik koma" in description
    assert f"/id/acara-pelatihan/{registration.token}/" in description
    # A long title was folded (continuation lines begin with one space).
    assert "\r\n " in response.content.decode("utf-8")


def test_folding_never_splits_a_character():
    from events.ics import fold

    line = "SUMMARY:" + "é" * 100
    folded = fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_calendar_is_for_registered_people_only(client, make_event):
    event = make_event(capacity=0)
    waiting, _created = registrations.register(event, name="A", email="a@contoh.id")
    assert waiting.status == "waitlisted"
    assert client.get(f"/id/acara-pelatihan/{waiting.token}/kalender.ics").status_code == 404
    assert "VEVENT" in calendar(waiting, "https://contoh/x/")  # the builder itself does not judge


# -- scheduled emails ----------------------------------------------------------------------------


def test_reminders_go_once_a_day_and_an_hour_before(make_event):
    now = timezone.now()
    event = make_event(start=now + datetime.timedelta(hours=23))
    Registration.objects.create(event=event, name="Lama", email="lama@contoh.id", created=now - datetime.timedelta(days=3))
    Registration.objects.create(event=event, name="Baru", email="baru@contoh.id", created=now)
    Registration.objects.create(event=event, name="Antre", email="antre@contoh.id", status="waitlisted",
                                created=now - datetime.timedelta(days=3))
    assert send_reminders(now) == 1
    assert [m.to for m in mail.outbox] == [["lama@contoh.id"]]
    assert send_reminders(now) == 0 and len(mail.outbox) == 1
    # An hour before: everyone registered, once.
    later = event.start - datetime.timedelta(minutes=50)
    assert send_reminders(later) == 2 and send_reminders(later) == 0
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["baru@contoh.id", "lama@contoh.id"]
    # After the start nothing more.
    assert send_reminders(event.start + datetime.timedelta(minutes=1)) == 0


def test_the_recording_notice_goes_once_after_the_recording_is_added(make_event):
    start = timezone.now() - datetime.timedelta(days=2)
    event = make_event(start=start)
    Registration.objects.create(event=event, name="A", email="a@contoh.id", created=start - datetime.timedelta(days=1))
    assert send_recording_notices() == 0
    event.recording_url = "https://youtu.be/aqz-KE-bpKQ"
    event.save_revision().publish()
    assert send_recording_notices() == 1 and send_recording_notices() == 0
    assert "rekaman" in mail.outbox[0].subject.lower() or "recording" in mail.outbox[0].subject.lower()


def test_the_recording_loads_only_on_click(client, make_event):
    start = timezone.now() - datetime.timedelta(days=2)
    event = make_event(start=start, recording_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    body = client.get(event.url).content.decode()
    assert "<iframe" not in body
    assert 'data-video-player="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1"' in body


def test_a_recording_must_be_youtube_or_vimeo(make_event):
    from django.core.exceptions import ValidationError

    event = make_event()
    event.recording_url = "https://contoh.id/video.mp4"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "recording_url" in error.value.message_dict


# -- the index -----------------------------------------------------------------------------------


def test_the_index_lists_upcoming_and_past_and_filters(client, make_event, event_index):
    make_event(slug="akan-datang", title="Akan Datang Nasional")
    make_event(slug="sudah-lewat", title="Sudah Lewat", start=timezone.now() - datetime.timedelta(days=5))
    make_event(slug="ntt", title="Pelatihan NTT", province_code="53", aspect="financial_resilience")
    body = client.get(event_index.url).content.decode()
    assert body.index("Akan Datang Nasional") < body.index("Sudah Lewat")
    body = client.get(event_index.url + "?provinsi=nusa-tenggara-timur").content.decode()
    assert "Pelatihan NTT" in body and "Akan Datang Nasional" not in body
    body = client.get(event_index.url + "?provinsi=nasional&aspek=communication").content.decode()
    assert "Akan Datang Nasional" in body and "Pelatihan NTT" not in body
    response = client.get(event_index.url + "?aspek=tidak-ada")
    assert response.status_code == 200


# -- organisers ----------------------------------------------------------------------------------


@pytest.fixture
def organisers(make_moderator, django_user_model):
    return {
        "ntt": make_moderator("53", username="moderator-ntt"),
        "jateng": make_moderator("33", username="moderator-jateng"),
        "national": django_user_model.objects.create_superuser("nasional", "nasional@contoh.id", "x"),
    }


def test_only_the_events_organisers_open_its_attendance_admin(client, make_event, organisers):
    event = make_event(province_code="53")
    registrations.register(event, name="Rahma", email="rahma@contoh.id")
    url = f"/admin/acara/{event.pk}/peserta/"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in
    for who, status in (("ntt", 200), ("national", 200), ("jateng", 404)):
        client.force_login(organisers[who])
        assert client.get(url).status_code == status, who
        assert client.get(f"/admin/acara/{event.pk}/peserta.csv").status_code == status, who
    client.force_login(organisers["jateng"])
    registration = Registration.objects.get()
    assert client.post(f"/admin/acara/{event.pk}/peserta/{registration.pk}/hadir/", {"attended": "1"}).status_code == 404
    registration.refresh_from_db()
    assert registration.attended_at is None
    # A national event belongs to national staff only.
    national = make_event(slug="nasional")
    client.force_login(organisers["ntt"])
    assert client.get(f"/admin/acara/{national.pk}/peserta/").status_code == 404


def test_marking_attendance_and_the_csv(client, make_event, organisers):
    event = make_event(province_code="53")
    registration, _ = registrations.register(event, name="=HYPERLINK(1)", email="rahma@contoh.id")
    client.force_login(organisers["ntt"])
    client.post(f"/admin/acara/{event.pk}/peserta/{registration.pk}/hadir/", {"attended": "1"})
    registration.refresh_from_db()
    assert registration.attended_at is not None
    csv_text = client.get(f"/admin/acara/{event.pk}/peserta.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv_text and "rahma@contoh.id" in csv_text
    client.post(f"/admin/acara/{event.pk}/peserta/{registration.pk}/hadir/", {"attended": "0"})
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_issuing_certificates_calls_the_certificates_app_once_per_attendee(
        client, make_event, organisers, monkeypatch, django_capture_on_commit_callbacks):
    import certificates.issue

    calls = []

    class Issued:
        code = "ABCDEFGHJKLMNPQR"

        def get_absolute_url(self):
            return "/id/sertifikat/ABCDEFGHJKLMNPQR/"

    def fake_issue(**kwargs):
        calls.append(kwargs)
        return Issued()

    monkeypatch.setattr(certificates.issue, "issue_attendance_certificate", fake_issue)
    event = make_event(province_code="53")
    came, _ = registrations.register(event, name="Datang", email="datang@contoh.id")
    registrations.register(event, name="Absen", email="absen@contoh.id")
    registrations.set_attended(came, True)
    mail.outbox.clear()
    client.force_login(organisers["ntt"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/acara/{event.pk}/sertifikat/")
    assert len(calls) == 1
    call = calls[0]
    assert call["event_page"].pk == event.pk and call["name"] == "Datang" and call["email"] == "datang@contoh.id"
    assert call["registration_key"] == came.key and call["user"] is None
    assert [m.to for m in mail.outbox] == [["datang@contoh.id"]]
    assert "/id/sertifikat/ABCDEFGHJKLMNPQR/" in mail.outbox[0].body
    client.post(f"/admin/acara/{event.pk}/sertifikat/")
    assert len(calls) == 1
    # Another province's moderator cannot issue them.
    client.force_login(organisers["jateng"])
    assert client.post(f"/admin/acara/{event.pk}/sertifikat/").status_code == 404


def test_moderators_edit_only_their_provinces_events(make_event, organisers, event_index):
    ntt_event = make_event(slug="ntt", province_code="53")
    national_event = make_event(slug="nasional")
    ntt, jateng, national = organisers["ntt"], organisers["jateng"], organisers["national"]
    assert ntt_event.permissions_for_user(ntt).can_edit()
    assert ntt_event.permissions_for_user(ntt).can_publish()
    assert not ntt_event.permissions_for_user(jateng).can_edit()
    assert not ntt_event.permissions_for_user(jateng).can_delete()
    assert not national_event.permissions_for_user(ntt).can_edit()
    assert national_event.permissions_for_user(national).can_edit()
    # Both may add events under the index (the group's grant), but not change the index itself.
    index = EventPage.objects.get(pk=ntt_event.pk).get_parent().specific
    assert index.permissions_for_user(ntt).can_add_subpage()
    assert not index.permissions_for_user(ntt).can_edit()


def test_the_event_form_offers_a_moderator_only_their_provinces(client, organisers, event_index):
    from regions.models import Province
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    client.force_login(organisers["ntt"])
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    choices = list(response.context["form"].fields["province"].queryset)
    assert choices == [Province.objects.get(code="53")]
    data = nested_form_data({
        "title": "Pelatihan Jateng", "slug": "pelatihan-jateng", "kind": "training", "aspect": "communication",
        "province": Province.objects.get(code="33").pk, "time_zone": "Asia/Makassar",
        "start": "2030-01-10 09:00", "end": "2030-01-10 12:00", "capacity": "20", "body": rich_text(""),
        "materials": streamfield([]), "action-publish": "publish",
    })
    response = client.post(url, data)
    assert response.status_code == 200 and not EventPage.objects.filter(slug="pelatihan-jateng").exists()
    data["province"] = Province.objects.get(code="53").pk
    response = client.post(url, data)
    event = EventPage.objects.get(slug="pelatihan-jateng")
    # Typed in WITA (UTC+8): stored as 01:00 UTC.
    assert event.start == datetime.datetime(2030, 1, 10, 1, 0, tzinfo=datetime.timezone.utc)


def test_the_demo_is_idempotent(home_page):
    from events import demo
    from events.models import EventIndexPage
    from learning.models import LearningIndexPage

    assert demo.seed(home_page, {}) == ["Events: skipped (no training portal page)."]
    portal = LearningIndexPage(title="Belajar", slug="belajar")
    home_page.add_child(instance=portal)
    portal.save_revision().publish()
    lines = demo.seed(home_page, {})
    assert len(lines) == 4
    assert demo.seed(home_page, {}) == []
    index = EventIndexPage.objects.get(locale__language_code="id")
    events = EventPage.objects.filter(locale__language_code="id").child_of(index)
    assert events.count() == 3 and EventPage.objects.filter(locale__language_code="en").count() == 3
    past = events.get(slug="webinar-cerita-perubahan")
    assert past.recording_url and len(past.materials) == 1
    assert past.registrations.filter(attended_at__isnull=False).count() == 3
    assert events.get(slug="pelatihan-pengelolaan-keuangan-ntt").province.code == "53"
    # The moderators' group may add events under the new index.
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    group = Group.objects.get(name="Moderator Jejaring Provinsi")
    assert set(GroupPagePermission.objects.filter(group=group, page=index)
               .values_list("permission__codename", flat=True)) == {"add_page", "change_page", "publish_page"}
    # Nothing is emailed to the demo's made-up registrants by the scheduled jobs.
    assert send_recording_notices() == 0 and send_reminders() == 0
