"""Access, correction and erasure across core's own personal data (``privacy.sources``, ``privacy.service``).

The person appears in every core source: a donor account, opt-outs, a story update sent to them, an
event registration (with its attendance certificate), an OMS's invitation to learn, a report, a
consent, an earlier request, a sign-in account, and in free texts (admin logs, a status note, the
worker's tasks). Each test reads the database afterwards: what must go is gone, what must stay
(proof, staff accounts, a queued email) stays and is said.
"""
import datetime
from types import ModuleType

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from campaigns.hookspecs import hookimpl
from campaigns.models import StatusChange
from campaigns.plugins import registry
from certificates.issue import issue_attendance_certificate
from certificates.models import Certificate
from donors.models import DonorAccount
from editorial.models import StoryUpdateDelivery, StoryUpdateDispatch, UpdateOptOut
from events.models import Registration
from events.testing import event_index, make_event  # noqa: F401 - fixtures
from learning.models import LearnerInvitation
from privacy import service, sources
from privacy.models import Consent, DataSubjectRequest
from privacy.subjects import Subject, matching, normalise_phone
from regions.models import Regency
from reports.models import Report

pytestmark = pytest.mark.django_db
User = get_user_model()

NAME = "Kartikasari Puspitaningrum"
EMAIL = "kartika.puspita@contoh-privasi.id"
PHONE = "0813-5566-7788"
NEW_NAME = "Kartika Sari Puspitaningrum"
NEW_EMAIL = "kartika.baru@contoh-privasi.id"


# -- who a request is about -------------------------------------------------------------------------


@pytest.mark.parametrize("written, digits", [
    ("0813-5566-7788", "81355667788"), ("+62 813 5566 7788", "81355667788"), ("6281355667788", "81355667788"),
    ("(0813) 5566.7788", "81355667788"), ("81355667788", "81355667788"), ("+62 (0)813 5566 7788", "81355667788"),
    ("0811", ""), ("", ""), ("nomor saya", ""),
])
def test_a_phone_number_is_its_national_digits(written, digits):
    assert normalise_phone(written) == digits


def test_a_subject_matches_its_number_however_it_was_stored_and_its_address_in_any_case():
    same = ["0813-5566-7788", "+62 813 5566 7788", "6281355667788", "(0813) 5566 7788", "0813.5566.7788",
            "62 813/5566/7788", "+62 (0)813 5566 7788"]
    other = ["0813-5566-7789", "0821-5566-7788", "813556677880"]
    for phone in same + other:
        Consent.objects.create(phone=phone, purpose="processing", granted=True, source="test")
    Consent.objects.create(email="Kartika.Puspita@Contoh-Privasi.ID", purpose="processing", granted=True, source="x")
    by_phone = matching(Consent.objects.all(), Subject.of(phone="+62 813-5566-7788"))
    assert sorted(by_phone.values_list("phone", flat=True)) == sorted(same)
    by_email = matching(Consent.objects.all(), Subject.of(email=" KARTIKA.puspita@contoh-privasi.id "))
    assert list(by_email.values_list("source", flat=True)) == ["x"]
    assert not matching(Consent.objects.all(), Subject.of()).exists()


def test_free_text_loses_the_number_in_any_format_and_the_name_as_a_whole_word_only():
    rewrite = sources.Rewrite(Subject.of(email=EMAIL, phone=PHONE), names={"Kartika Sari", "Budi"})
    text = ("Hubungi +62 (0)813 5566 7788 atau 0813-5566-7788 atau 6281355667788, bukan 0813-5566-77889. "
            "Pesan dari Kartika  Sari <KARTIKA.PUSPITA@contoh-privasi.id> dan Budi, bukan Budiman.")
    assert rewrite.text(text) == ("Hubungi ••• atau ••• atau •••, bukan 0813-5566-77889. "
                                  "Pesan dari ••• <•••> dan •••, bukan Budiman.")
    assert rewrite.data({"to": [EMAIL], "body": "Halo Budi"}) == {"to": ["•••"], "body": "Halo •••"}
    renamed = sources.correction(Subject.of(email=EMAIL), {"name": "Kartika Puspita"}, {"Kartika Sari"})
    assert renamed.text(f"Kartika Sari <{EMAIL}>") == f"Kartika Puspita <{EMAIL}>"


# -- the person, everywhere in core -------------------------------------------------------------------


@pytest.fixture
def person(make_campaign, make_event, organisation):
    """The person in every core source; returns what was made."""
    campaign = make_campaign(asks=[("petition", {"title": "Air bersih", "description": "", "decision_maker": "Bupati",
                                                 "demand": "Bangun sumur.", "goal": 10})], title="Air Bersih Desa")
    made = {"campaign": campaign}
    made["donor"] = DonorAccount.objects.create(email=EMAIL, last_login_at=timezone.now())
    made["optout"] = UpdateOptOut.objects.create(email=EMAIL, campaign=campaign)
    made["optout_all"] = UpdateOptOut.objects.create(email=EMAIL)
    dispatch = StoryUpdateDispatch.objects.create(translation_key="6f1c5a8e-0a39-4d6b-9a55-1b1f0f7b8e11", language="id")
    made["delivery"] = StoryUpdateDelivery.objects.create(dispatch=dispatch, email=EMAIL)
    past = make_event(slug="webinar-lalu", start=timezone.now() - datetime.timedelta(days=10))
    made["past_registration"] = Registration.objects.create(event=past, name=NAME, email=EMAIL,
                                                            attended_at=past.start)
    made["certificate"] = issue_attendance_certificate(event_page=past, name=NAME, email=EMAIL,
                                                       registration_key=made["past_registration"].key)
    made["invitation"] = LearnerInvitation.objects.create(organisation=organisation, email=EMAIL, name=NAME)
    made["report"] = Report.objects.create(page_title=campaign.title, kind="campaign", reason="other", email=EMAIL,
                                           detail=f"Saya {NAME} ({PHONE}) melihat kampanye ini tanpa izin.")
    made["consent"] = Consent.objects.create(email=EMAIL, phone=PHONE, subject=Subject.of(EMAIL).key,
                                             purpose="updates", granted=True, source="petition", campaign=campaign)
    made["request"] = DataSubjectRequest.objects.create(
        kind="access", status="done", email=EMAIL, subject=Subject.of(EMAIL).key, masked=Subject.of(EMAIL).masked,
        details=f"Permintaan dari {NAME} lewat telepon {PHONE}.")
    made["user"] = User.objects.create_user("kartika", EMAIL, "rahasia-sekali-123", first_name="Kartikasari",
                                            last_name="Puspitaningrum")
    user_type = ContentType.objects.get_for_model(User)
    made["admin_log"] = LogEntry.objects.create(
        user=made["user"], content_type=user_type, object_id=str(made["user"].pk),
        object_repr=f"{NAME} <{EMAIL}>", action_flag=ADDITION, change_message="[]")
    made["wagtail_log"] = ModelLogEntry.objects.create(
        content_type=user_type, object_id=str(made["user"].pk), label=NAME, action="wagtail.edit",
        data={"title": f"Akun {NAME}", "email": EMAIL}, timestamp=timezone.now())
    made["sent_task"] = DBTaskResult.objects.create(
        task_path="campaigns.tasks.send_email", backend_name="default", run_after=timezone.now(), status="SUCCESSFUL",
        args_kwargs={"args": ["Terima kasih", f"Halo {NAME}", "noreply@lokadaya.id", [EMAIL]], "kwargs": {}})
    made["queued_task"] = DBTaskResult.objects.create(
        task_path="campaigns.tasks.send_email", backend_name="default", run_after=timezone.now(), status="READY",
        args_kwargs={"args": ["Kabar kampanye", "Halo", "noreply@lokadaya.id", [EMAIL]], "kwargs": {}})
    made["other_task"] = DBTaskResult.objects.create(
        task_path="campaigns.tasks.send_email", backend_name="default", run_after=timezone.now(), status="SUCCESSFUL",
        args_kwargs={"args": ["Halo", "Halo Budi", "noreply@lokadaya.id", ["budi@contoh.id"]], "kwargs": {}})
    return made


def references(items):
    return {item.reference for item in items}


def ref(row):
    return f"{row._meta.label_lower}:{row.pk}"


def test_access_lists_every_core_source(person):
    items = service.collect(Subject.of(email=EMAIL))
    found = references(items)
    for key in ("donor", "optout", "optout_all", "delivery", "past_registration", "certificate", "invitation",
                "report", "consent", "request", "user", "admin_log", "wagtail_log", "sent_task", "queued_task"):
        assert ref(person[key]) in found, key
    assert ref(person["other_task"]) not in found
    registration = next(item for item in items if item.reference == ref(person["past_registration"]))
    assert NAME in registration.fields.values() and EMAIL in registration.fields.values()
    # Oldest first, and the campaign named where there is one.
    stamps = [item.created_at for item in items if item.created_at is not None]
    assert stamps == sorted(stamps)
    optout = next(item for item in items if item.reference == ref(person["optout"]))
    assert optout.campaign == "Air Bersih Desa" and optout.campaign_id == person["campaign"].pk


def test_access_by_phone_finds_what_holds_the_number(person):
    found = references(service.collect(Subject.of(phone="+62 813 5566 7788")))
    assert ref(person["consent"]) in found and ref(person["report"]) in found  # the number in the report's text
    assert ref(person["donor"]) not in found  # an account is an address only


def test_correction_changes_the_name_everywhere_and_the_new_address_is_the_identity(person):
    result = service.correct(Subject.of(email=EMAIL), {"name": NEW_NAME, "email": NEW_EMAIL})
    assert result["records"] >= 8
    old, new = Subject.of(email=EMAIL), Subject.of(email=NEW_EMAIL)
    # Everything but the worker's finished task (deleted) moved to the new address.
    assert not [item for item in service.collect(old) if item.reference != ref(person["queued_task"])]
    moved = references(service.collect(new))
    for key in ("donor", "optout", "delivery", "past_registration", "certificate", "invitation", "report", "consent",
                "request", "user"):
        assert ref(person[key]) in moved, key
    registration = Registration.objects.get(pk=person["past_registration"].pk)
    assert (registration.name, registration.email) == (NEW_NAME, NEW_EMAIL)
    assert Certificate.objects.get(pk=person["certificate"].pk).recipient_name == NEW_NAME
    assert LearnerInvitation.objects.get(pk=person["invitation"].pk).name == NEW_NAME
    user = User.objects.get(pk=person["user"].pk)
    assert (user.get_full_name(), user.email) == (NEW_NAME, NEW_EMAIL)
    consent = Consent.objects.get(pk=person["consent"].pk)
    assert consent.email == NEW_EMAIL and consent.subject == new.key
    # Free texts follow: the old name and address are replaced by the new ones.
    assert LogEntry.objects.get(pk=person["admin_log"].pk).object_repr == f"{NEW_NAME} <{NEW_EMAIL}>"
    log = ModelLogEntry.objects.get(pk=person["wagtail_log"].pk)
    assert log.label == NEW_NAME and log.data == {"title": f"Akun {NEW_NAME}", "email": NEW_EMAIL}
    assert NAME not in DataSubjectRequest.objects.get(pk=person["request"].pk).details
    assert not DBTaskResult.objects.filter(pk=person["sent_task"].pk).exists()


def test_a_correction_of_the_address_onto_an_existing_account_keeps_one_account(person):
    DonorAccount.objects.create(email=NEW_EMAIL)
    UpdateOptOut.objects.create(email=NEW_EMAIL, campaign=person["campaign"])
    service.correct(Subject.of(email=EMAIL), {"email": NEW_EMAIL})
    assert list(DonorAccount.objects.values_list("email", flat=True)) == [NEW_EMAIL]
    assert UpdateOptOut.objects.filter(email=NEW_EMAIL, campaign=person["campaign"]).count() == 1
    assert not UpdateOptOut.objects.filter(email=EMAIL).exists()


def test_erasure_removes_the_person_from_core_and_keeps_the_proof(person, client):
    subject = Subject.of(email=EMAIL, phone=PHONE)
    result = service.erase(subject)
    assert result["records"] >= 10
    assert not DonorAccount.objects.exists() and not UpdateOptOut.objects.exists()
    assert not StoryUpdateDelivery.objects.exists() and not LearnerInvitation.objects.exists()
    registration = Registration.objects.get(pk=person["past_registration"].pk)
    assert registration.name == "" and EMAIL not in registration.email and registration.attended_at is not None
    report = Report.objects.get(pk=person["report"].pk)
    assert report.email == "" and NAME not in report.detail and "5566" not in report.detail
    assert "tanpa izin" in report.detail  # what was reported stays for the moderators
    consent = Consent.objects.get(pk=person["consent"].pk)
    assert (consent.email, consent.phone, consent.subject) == ("", "", Subject.of(EMAIL).key)
    request = DataSubjectRequest.objects.get(pk=person["request"].pk)
    assert (request.email, request.subject, request.masked) == ("", Subject.of(EMAIL).key, subject.masked)
    assert NAME not in request.details and "5566" not in request.details
    user = User.objects.get(pk=person["user"].pk)
    assert not user.is_active and not user.has_usable_password()
    assert (user.email, user.first_name, user.last_name) == ("", "", "") and "kartika" not in user.username
    assert NAME not in LogEntry.objects.get(pk=person["admin_log"].pk).object_repr
    log = ModelLogEntry.objects.get(pk=person["wagtail_log"].pk)
    assert NAME not in log.label and EMAIL not in str(log.data)
    # The certificate is revoked and names nobody; its public page says so.
    certificate = Certificate.objects.get(pk=person["certificate"].pk)
    assert certificate.is_revoked and certificate.recipient_name == sources.ERASED_NAME
    assert certificate.recipient_email == "" and certificate.user is None
    page = client.get(f"/id/sertifikat/{certificate.code}/")
    assert page.status_code == 200 and 'data-status="revoked"' in page.content.decode()
    assert NAME not in page.content.decode()
    # The email already queued is left to run, and the person is told; the sent one is gone.
    assert not DBTaskResult.objects.filter(pk=person["sent_task"].pk).exists()
    assert DBTaskResult.objects.filter(pk=person["queued_task"].pk).exists()
    assert DBTaskResult.objects.filter(pk=person["other_task"].pk).exists()
    assert [item["reference"] for item in result["left"]] == [ref(person["queued_task"])]
    # Nothing of theirs is found again but what was left.
    assert references(service.collect(subject)) <= {ref(person["queued_task"]), ref(person["consent"]),
                                                    ref(person["request"])}


def test_erasure_cancels_a_registration_for_an_event_to_come_and_its_seat_goes_to_the_waiting_list(make_event):
    event = make_event(slug="webinar-besok", capacity=1)
    mine = Registration.objects.create(event=event, name=NAME, email=EMAIL)
    waiting = Registration.objects.create(event=event, name="Budi", email="budi@contoh.id", status="waitlisted")
    service.erase(Subject.of(email=EMAIL))
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == "cancelled" and mine.name == "" and mine.reminder_day_sent_at is not None
    assert waiting.status == "registered"


def test_notes_on_the_persons_records_lose_their_name_and_others_keep_theirs(person):
    from plugins.petition.models import Signature

    campaign = person["campaign"]
    ask_id = campaign.get_asks()[0].id
    mine = Signature.objects.create(campaign=campaign, ask_id=ask_id, name=NAME, email=EMAIL, status="confirmed",
                                    regency=Regency.objects.get(code="53.12"))
    other = Signature.objects.create(campaign=campaign, ask_id=ask_id, name="Budi", email="budi@contoh.id",
                                     status="confirmed", regency=Regency.objects.get(code="53.12"))
    label = Signature._meta.label_lower
    note_mine = StatusChange.objects.create(record_type=label, record_id=mine.pk, old_status="pending",
                                            new_status="confirmed", note=f"Dikonfirmasi oleh {NAME} lewat WA {PHONE}")
    note_other = StatusChange.objects.create(record_type=label, record_id=other.pk, old_status="pending",
                                             new_status="confirmed", note=f"Budi bertanya tentang {NAME}")
    service.erase(Subject.of(email=EMAIL, phone=PHONE))
    note_mine.refresh_from_db()
    note_other.refresh_from_db()
    assert note_mine.note == f"Dikonfirmasi oleh {sources.MASK} lewat WA {sources.MASK}"
    # A name alone never reaches into another person's record (it might be someone else's name too).
    assert note_other.note == f"Budi bertanya tentang {NAME}"


# -- staff accounts stay -------------------------------------------------------------------------------


def test_an_erasure_naming_a_staff_account_leaves_it_and_says_so(db, home_page):
    admin = User.objects.create_superuser("nasional", EMAIL, "rahasia-sekali-123", first_name="Kartikasari",
                                          last_name="Puspitaningrum")
    items = service.collect(Subject.of(email=EMAIL))
    (account,) = [item for item in items if item.reference == ref(admin)]
    assert account.erasure_note
    result = service.erase(Subject.of(email=EMAIL))
    assert result["left"] == [{"source": account.source, "reference": ref(admin), "reason": account.erasure_note}]
    admin.refresh_from_db()
    assert admin.is_active and admin.email == EMAIL and admin.has_usable_password()
    assert admin.get_full_name() == NAME
    browser = Client()
    assert browser.login(username="nasional", password="rahasia-sekali-123")
    assert browser.get("/admin/").status_code == 200
    service.correct(Subject.of(email=EMAIL), {"name": "Orang Lain", "email": NEW_EMAIL})
    admin.refresh_from_db()
    assert (admin.email, admin.get_full_name()) == (EMAIL, NAME)


# -- all or nothing ------------------------------------------------------------------------------------


@pytest.fixture
def failing_plugin():
    """A plugin whose storage fails, called after every other plugin has done its part."""
    plugin = ModuleType("privacy_failing_plugin")

    @hookimpl(trylast=True)
    def erase_personal_data(subject):
        raise RuntimeError("the plugin's storage is down")

    @hookimpl(trylast=True)
    def correct_personal_data(subject, changes):
        raise RuntimeError("the plugin's storage is down")

    plugin.erase_personal_data, plugin.correct_personal_data = erase_personal_data, correct_personal_data
    registry.hook  # loaded
    registry.manager.register(plugin, name="privacy_failing_plugin")
    yield plugin
    registry.manager.unregister(plugin)


def test_a_failing_plugin_rolls_the_whole_erasure_back(person, failing_plugin):
    from plugins.petition.models import Signature

    signature = Signature.objects.create(campaign=person["campaign"], ask_id=person["campaign"].get_asks()[0].id,
                                         name=NAME, email=EMAIL, status="confirmed",
                                         regency=Regency.objects.get(code="53.12"))
    with pytest.raises(RuntimeError):
        service.erase(Subject.of(email=EMAIL))
    signature.refresh_from_db()
    assert (signature.name, signature.email) == (NAME, EMAIL)  # erased by its plugin before the failure: undone
    with pytest.raises(RuntimeError):
        service.correct(Subject.of(email=EMAIL), {"name": NEW_NAME})
    signature.refresh_from_db()
    assert signature.name == NAME


class FailingSource(sources.Source):
    """Fails after every other core source has done its part."""

    def erase(self, subject, held=None):
        raise RuntimeError("disk full")

    def correct(self, subject, changes, held=None):
        raise RuntimeError("disk full")


def test_a_failing_core_source_rolls_back_the_plugins_and_every_source_before_it(person, monkeypatch):
    from plugins.petition.models import Signature

    signature = Signature.objects.create(campaign=person["campaign"], ask_id=person["campaign"].get_asks()[0].id,
                                         name=NAME, email=EMAIL, status="confirmed",
                                         regency=Regency.objects.get(code="53.12"))
    monkeypatch.setattr(sources, "CORE_SOURCES", [*sources.CORE_SOURCES, FailingSource()])
    with pytest.raises(RuntimeError):
        service.erase(Subject.of(email=EMAIL))
    signature.refresh_from_db()
    assert (signature.name, signature.email) == (NAME, EMAIL)
    assert DonorAccount.objects.filter(email=EMAIL).exists() and UpdateOptOut.objects.filter(email=EMAIL).exists()
    assert Consent.objects.get(pk=person["consent"].pk).email == EMAIL
    assert User.objects.get(pk=person["user"].pk).is_active
    assert LogEntry.objects.get(pk=person["admin_log"].pk).object_repr == f"{NAME} <{EMAIL}>"
    assert DBTaskResult.objects.filter(pk=person["sent_task"].pk).exists()
    with pytest.raises(RuntimeError):
        service.correct(Subject.of(email=EMAIL), {"name": NEW_NAME, "email": NEW_EMAIL})
    assert Registration.objects.get(pk=person["past_registration"].pk).name == NAME
    assert DonorAccount.objects.filter(email=EMAIL).exists()
