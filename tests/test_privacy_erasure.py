"""The issue's "done when": one supporter in every installed support type, found, corrected and
erased, and afterwards no table of the database holds their email, phone or name; the money stays.

Everything the person does goes through the site as they would: the pledge forms of every type
(the donation paid with the dummy provider, the petition signature confirmed from its email), a
donor account signed into by link, its story updates switched off, an event registration, a
report; the OMS's editor notes a status change with their name. Emails go through the real task
queue and its worker, so the stored tasks hold what was sent, as in production. Then access
(``service.collect``), correction (``service.correct``) and erasure (``service.erase``), and a scan
of every text and JSON column of every table of the PostgreSQL database.

A plugin author: add your type's pledge to ``PLEDGES`` (how a person supports your ask, through your
form) and its ask to ``ASKS``; ``test_every_installed_type_is_covered`` fails until you do.
"""
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Sum
from django.test import Client, override_settings
from django.utils import timezone
from payments import PaymentStatus

from campaigns.plugins import registry
from events.testing import event_index, make_event  # noqa: F401 - fixtures
from finance.models import LedgerEntry
from privacy import service
from privacy.models import DataSubjectRequest
from privacy.sources import PHONE_SEPARATORS
from privacy.subjects import Subject

NAME = "Ratnasari Wulandewi Kusumaputri"
NEW_NAME = "Sekarwangi Pramudyawardhani"
EMAIL = "ratnasari.kusumaputri@surel-uji.id"
PHONE = "081299887766"
PHONE_DIGITS = "81299887766"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

ASKS = {
    "donation": {"title": "Donasi rak buku", "target": Decimal("2000000"), "minimum": Decimal("10000"),
                 "suggested_amounts": [50000]},
    "inkind": {"title": "Buku dan rak", "description": "", "allows_pick_up": True, "drop_off_details": "Balai desa",
               "items": [{"name": "Rak buku", "unit": "buah", "quantity": 5}]},
    "partnership": {"title": "Mitra perpustakaan", "description": "", "kinds_sought": ["csr"], "target_partners": 2,
                    "offer_in_return": "Nama mitra di papan perpustakaan."},
    "petition": {"title": "Perpustakaan desa", "description": "", "decision_maker": "Bupati Kupang",
                 "demand": "Anggarkan perpustakaan di setiap desa.", "goal": 10},
    "volunteering": {"title": "Relawan baca", "description": "", "roles": [{
        "name": "Pendamping baca", "description": "", "skills": "", "shifts": [{
            "date": timezone.localdate() + datetime.timedelta(days=7), "start_time": datetime.time(8, 0),
            "end_time": datetime.time(12, 0), "place": "Taman Baca", "slots": 5}]}]},
    "bookdrive": {"title": "Buku cerita anak", "description": "Rak kami kosong.", "target": 100,
                  "age_groups": ["0-5", "6-9"], "accepts_used": True, "dropoff": "Taman Baca, Kupang."},
}


def run_worker():
    """What the site's task worker does between requests: every queued email is sent."""
    call_command("worker", "--batch", "--no-schedule", verbosity=0)


def post_pledge(client, campaign, ask, data):
    response = client.post(campaign.pledge_url(ask), data)
    assert response.status_code in (200, 302), f"{ask.type_key}: {response.status_code}\n" + \
        response.content.decode()[:2000]
    assert b"errorlist" not in response.content, response.content.decode()[:3000]
    return response


def pledge_donation(client, campaign, ask):
    response = post_pledge(client, campaign, ask, {
        "amount": "150.000", "name": NAME, "email": EMAIL, "message": f"Salam hangat, {NAME}",
        "prayer": "Semoga berkah", "method": "dummy", "wants_updates": "on"})
    response = client.post(response["Location"], {"status": PaymentStatus.CONFIRMED, "fraud_status": "accept",
                                                  "gateway_response": "3ds-disabled", "verification_result": ""})
    assert response.status_code == 302


def pledge_inkind(client, campaign, ask):
    from plugins.inkind.items import ask_items

    post_pledge(client, campaign, ask, {
        "item": ask_items(ask.value)[0].key, "quantity": "2", "delivery": "pick_up",
        "delivery_date": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
        "name": NAME, "phone": "0812-9988-7766", "email": EMAIL, "address": "Jl. Kenanga No. 9, Oebobo, Kupang",
        "note": f"Hubungi {NAME} sebelum datang", "wants_updates": "on"})


def pledge_partnership(client, campaign, ask):
    post_pledge(client, campaign, ask, {
        "organisation_name": "CV Pustaka Timur", "sector": "business", "kind": "csr", "name": NAME, "email": EMAIL,
        "phone": "+62 812 9988 7766", "website": "pustakatimur.co.id",
        "offer": "Kami menyediakan dua rak buku dan lima puluh buku cerita anak.", "wants_updates": "on"})


def pledge_petition(client, campaign, ask):
    mail.outbox.clear()
    post_pledge(client, campaign, ask, {"name": NAME, "email": EMAIL, "regency": "53.71",
                                        "comment": "Anak-anak butuh buku.", "show_name": "on", "wants_updates": "on"})
    run_worker()
    link = next(re.search(r"http://testserver(/(?:id|en)/dukung/petition/konfirmasi/[^/\s]+/)", message.body)
                for message in mail.outbox if message.to == [EMAIL])
    assert link, [message.body for message in mail.outbox]
    assert client.get(link.group(1)).status_code == 200
    from plugins.petition.models import Signature

    assert Signature.objects.get(email=EMAIL).status == Signature.Status.CONFIRMED


def pledge_volunteering(client, campaign, ask):
    from plugins.volunteering.shifts import iter_shifts

    post_pledge(client, campaign, ask, {
        "shift": next(iter(iter_shifts(ask.value))).id, "name": NAME, "email": EMAIL, "phone": PHONE,
        "note": "Guru SD, libur di akhir pekan.", "wants_updates": "on"})


def pledge_bookdrive(client, campaign, ask):
    post_pledge(client, campaign, ask, {
        "quantity": "12", "titles": "Seri Si Kancil", "age_group": "6-9", "condition": "good", "name": NAME,
        "email": EMAIL, "phone": "0812 9988 7766", "message": f"Dari {NAME} untuk adik-adik", "wants_updates": "on"})


#: How a person supports each type's ask, through its own form (a new type: add it here).
PLEDGES = {"donation": pledge_donation, "inkind": pledge_inkind, "partnership": pledge_partnership,
           "petition": pledge_petition, "volunteering": pledge_volunteering, "bookdrive": pledge_bookdrive}


def installed_keys():
    return {support_type.key for support_type in registry.installed_types()}


def record_model(key):
    return registry.call(key, "records_admin").model


def test_every_installed_type_is_covered():
    missing = installed_keys() - set(PLEDGES)
    assert not missing, (
        f"Support type(s) {sorted(missing)} are installed but tests/test_privacy_erasure.py does not pledge to them: "
        f"add the type's ask to ASKS and a function posting its pledge form to PLEDGES, so the erasure test "
        f"proves your plugin's personal data is found, corrected and erased.")


# -- the scan ------------------------------------------------------------------------------------------


def needles():
    """What must be found nowhere: ``(label, SQL condition on "value", parameter)``."""
    found = [("email", "ILIKE", f"%{EMAIL}%"),
             ("phone", "~", PHONE_SEPARATORS.join(PHONE_DIGITS))]
    for name in (NAME, NEW_NAME):
        found.append((f"name {name!r}", "ILIKE", f"%{name}%"))
        found.extend((f"part of the name {part!r}", "ILIKE", f"%{part}%") for part in name.split())
    return found


def scan():
    """``["table.column: what"]`` for every text or JSON column of every table holding one of ``needles``."""
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('character varying', 'text', 'character', 'json', 'jsonb', 'ARRAY', 'USER-DEFINED')
            ORDER BY c.table_name, c.column_name""")
        columns = cursor.fetchall()
        hits = []
        for table, column in columns:
            checks = ", ".join(f'bool_or("{column}"::text {operator} %s)' for _label, operator, _value in needles())
            cursor.execute(f'SELECT {checks} FROM "{table}"', [value for _label, _operator, value in needles()])
            for (label, _operator, _value), hit in zip(needles(), cursor.fetchone()):
                if hit:
                    hits.append(f"{table}.{column}: {label}")
    return hits


def reconcile():
    out = io.StringIO()
    try:
        call_command("reconcile", stdout=out)
    except CommandError as error:
        raise AssertionError(f"reconcile failed:\n{out.getvalue()}{error}") from error
    return out.getvalue()


def ledger():
    return sorted(LedgerEntry.objects.values("kind", "source_type", "source_id", "reference").annotate(
        total=Sum("amount"), lines=Count("pk")).values_list("kind", "source_type", "source_id", "reference", "total",
                                                             "lines"))


# -- the test ----------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_supporter_of_every_type_is_found_corrected_and_erased_and_only_anonymous_money_stays(
        make_campaign, make_editor, organisation, make_event):
    assert installed_keys() <= set(PLEDGES), "see test_every_installed_type_is_covered"
    campaign = make_campaign(asks=[(key, ASKS[key]) for key in PLEDGES if key in installed_keys()],
                             title="Taman Baca Oebobo")
    person = Client()

    # -- the person supports every type, through the forms ----------------------------------------
    for ask in campaign.get_asks():
        PLEDGES[ask.type_key](person, campaign, ask)
        run_worker()
    covered = {key for key in installed_keys() if record_model(key).objects.filter(email__iexact=EMAIL).exists()}
    assert covered == installed_keys(), f"no record of the person in {sorted(installed_keys() - covered)}"

    # ... signs into a donor account by the emailed link and turns story updates off,
    mail.outbox.clear()
    assert person.post("/id/akun/masuk/", {"email": EMAIL}).status_code == 200
    run_worker()
    (message,) = [message for message in mail.outbox if message.to == [EMAIL]]
    sign_in = re.search(r"http://testserver(/id/akun/masuk/[^/\s]+/)", message.body).group(1)
    assert person.post(sign_in).status_code == 302
    assert person.post("/id/akun/kabar/", {"nothing": "1"}).status_code == 200
    # ... registers for a webinar, and reports a page.
    event = make_event(slug="webinar-literasi", title="Webinar Literasi Anak")
    response = person.post(f"/id/acara-pelatihan/daftar/{event.pk}/", {"name": NAME, "email": EMAIL})
    assert response.status_code == 302, response.content.decode()[:2000]
    response = Client().post(f"/id/laporkan/{campaign.pk}/", {
        "reason": "other", "email": EMAIL,
        "detail": f"Saya {NAME} ({PHONE}) ingin menanyakan penggunaan foto anak-anak di halaman ini."})
    assert response.status_code == 302, response.content.decode()[:2000]
    run_worker()
    # The OMS's editor notes receiving the goods, naming the person; staff record a request by phone.
    if "inkind" in installed_keys():
        editor = Client()
        editor.force_login(make_editor(organisation))
        pledge = record_model("inkind").objects.get(email=EMAIL)
        response = editor.post(f"/admin/galang-daya/inkind/{pledge.pk}/", {
            "status": "received", "received_quantity": "2", "note": f"Diantar sendiri oleh {NAME}, WA {PHONE}."})
        assert response.status_code == 302
    DataSubjectRequest.objects.create(
        kind="access", status="done", channel="staff", email=EMAIL, phone=PHONE, subject=Subject.of(EMAIL).key,
        masked=Subject.of(EMAIL).masked, details=f"Telepon dari {NAME} ({PHONE}) menanyakan datanya.")
    run_worker()

    from plugins.donation.models import Donation

    donation = Donation.objects.get(email=EMAIL)
    assert donation.status == Donation.Status.CONFIRMED and donation.amount == Decimal("150000")
    payment = donation.payment
    money_before, ledger_before = (donation.pk, payment.pk, payment.total, payment.status), ledger()
    assert any(line[0] == "gross" and line[4] == Decimal("150000") for line in ledger_before), ledger_before
    reconcile()
    before = scan()  # the scan itself works: it finds each kind of data, in the sent emails' tasks too
    for what in (": email", ": phone", f": name {NAME!r}"):
        assert any(hit.endswith(what) for hit in before), f"the scan does not find {what} before erasure: {before}"
    assert any(hit.startswith("django_tasks_database_dbtaskresult.") for hit in before), before

    # -- access: every type and every core source -----------------------------------------------
    # What fails is gathered and reported at the end, all of it: a plugin author sees every gap at once.
    problems = []
    subject = Subject.of(email=EMAIL, phone=PHONE)
    held = service.collect(subject)
    references = {item.reference for item in held}
    labels = {key: record_model(key)._meta.label_lower for key in installed_keys()}
    core = ["donors.donoraccount", "editorial.updateoptout", "events.registration", "reports.report",
            "privacy.consent", "privacy.datasubjectrequest"]
    if "inkind" in labels:
        core.append("campaigns.statuschange")  # the editor's note naming the person
    for what, label in [*labels.items(), *((label, label) for label in core)]:
        if not any(reference.startswith(f"{label}:") for reference in references):
            problems.append(f"access: {what} ({label}) is not listed by service.collect")
    if not any(item.kept_after_erasure for item in held if item.reference.startswith("donation.donation:")):
        problems.append("access: the donation is not marked kept_after_erasure")

    # -- correction: the name changes everywhere ------------------------------------------------
    service.correct(subject, {"name": NEW_NAME})
    # Every name field holds the new name; what the person wrote in a message stays as written.
    corrected = service.collect(subject)
    if not any(NEW_NAME in map(str, item.fields.values()) for item in corrected):
        problems.append("correction: service.collect does not show the new name")
    for item in corrected:
        if NAME in map(str, item.fields.values()):
            problems.append(f"correction: {item.reference} still shows the old name as a value")
    for key in installed_keys():
        for record in record_model(key).objects.filter(email__iexact=EMAIL):
            if record.name != NEW_NAME:
                problems.append(f"correction: {key} record {record.pk} is named {record.name!r}")

    # -- erasure ---------------------------------------------------------------------------------
    result = service.erase(subject)
    assert result["records"] > 0
    if result["kept"] < 1:
        problems.append("erasure: no financial record kept")
    if result["left"]:
        problems.append(f"erasure: left as it was: {result['left']}")
    problems.extend(f"erasure: personal data left in {hit}" for hit in scan())

    # The money stays, anonymised, and still adds up.
    donation = Donation.objects.get(pk=donation.pk)
    payment = donation.payment
    assert (donation.pk, payment.pk, payment.total, payment.status) == money_before
    assert donation.amount == Decimal("150000") and donation.status == Donation.Status.CONFIRMED
    assert ledger() == ledger_before
    reconcile()
    if donation.name or not donation.is_anonymous:
        problems.append(f"erasure: the donation is not anonymised ({donation.name!r})")
    left = [item.reference for item in service.collect(subject) if not item.reference.startswith("privacy.")]
    if left:
        problems.append(f"erasure: service.collect still finds {left}")
    assert not problems, "\n".join(problems)
