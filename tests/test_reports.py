""""Laporkan" and freeze (issue 11): reports reach their province only; a frozen campaign takes nothing.

Every request goes through Django's stack on PostgreSQL. Each refusal is made by the actor who must
be refused (a moderator of another province, the campaign's own OMS editor, the public) and checks
that nothing changed. Pledges of every built-in support type are refused while frozen and go
through with the same data once cleared, so the refusal is the freeze's and not bad data's.
"""
import datetime
import threading
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone, translation
from payments import PaymentStatus
from wagtail.models import PageLogEntry

from finance.ledger import DisbursementRefused, record_disbursement, summary
from finance.models import Disbursement
from partners.testing import PASSWORD, make_moderator, make_verified_oms  # noqa: F401 - fixtures
from plugins.donation.models import Donation, Payment
from reports.models import CampaignStanding, ModerationAction, Report
from reports.moderation import ModerationError, decide
from reports.support import FROZEN, lock_for_support, support_verdict

User = get_user_model()

DONATION = ("donation", {"title": "Donasi lampu", "target": Decimal("2000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})
INKIND = ("inkind", {"title": "Semen untuk tandon", "description": "", "allows_pick_up": False,
                     "drop_off_details": "Balai desa", "items": [{"name": "Semen", "unit": "sak", "quantity": 20}]})
PARTNERSHIP = ("partnership", {"title": "Mitra lampu", "description": "", "kinds_sought": ["csr"],
                               "target_partners": 2, "offer_in_return": "Nama di papan proyek."})
PETITION = ("petition", {"title": "Paralegal desa", "description": "", "decision_maker": "Bupati",
                         "demand": "Terbitkan perbup paralegal.", "goal": 10})
VOLUNTEERING = ("volunteering", {"title": "Relawan baca", "description": "", "roles": [{
    "name": "Pendamping baca", "description": "", "skills": "", "shifts": [{
        "date": timezone.localdate() + datetime.timedelta(days=7), "start_time": datetime.time(8, 0),
        "end_time": datetime.time(12, 0), "place": "Taman Baca", "slots": 5}]}]})


def donation_data(**overrides):
    return {"amount": "150.000", "name": "Siti Rahmawati", "email": "siti@contoh.id", "method": "dummy", **overrides}


def pledge_data(campaign, ask):
    """A valid POST of ``ask``'s pledge form, whatever its type."""
    value = ask.value
    if ask.type_key == "donation":
        return donation_data()
    if ask.type_key == "inkind":
        from plugins.inkind.items import ask_items

        return {"item": ask_items(value)[0].key, "quantity": "2", "delivery": "drop_off",
                "delivery_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
                "name": "Budi", "phone": "0812 3456 7890", "email": "budi@contoh.id"}
    if ask.type_key == "partnership":
        return {"organisation_name": "PT Cahaya Timur", "sector": "business", "kind": "csr", "name": "Andi",
                "email": "andi@cahaya.co.id", "phone": "0812 3456 7890",
                "offer": "Kami menyediakan 20 lampu tenaga surya dan pemasangannya."}
    if ask.type_key == "petition":
        return {"name": "Yohanes Lake", "email": "yohanes@contoh.id", "regency": "53.12", "show_name": "on"}
    if ask.type_key == "volunteering":
        from plugins.volunteering.shifts import iter_shifts

        shift_id = next(iter(iter_shifts(value))).id
        return {"shift": shift_id, "name": "Siti", "email": "siti@contoh.id", "phone": "0812 3456 7890"}
    raise AssertionError(ask.type_key)


def records_of(campaign):
    """How many support records of every type the campaign has."""
    from plugins.inkind.models import InKindPledge
    from plugins.partnership.models import Proposal
    from plugins.petition.models import Signature
    from plugins.volunteering.models import VolunteerSignup

    return sum(model.objects.filter(campaign=campaign).count()
               for model in (Donation, InKindPledge, Proposal, Signature, VolunteerSignup))


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(make_verified_oms, make_moderator, make_campaign):
    """OMS A (Semarang, Central Java 33) with a campaign, OMS C (Makassar, South Sulawesi 73) with one;
    a moderator of each province, a national admin."""

    class World:
        pass

    w = World()
    w.oms_a = make_verified_oms("oms-a", "33.74")
    w.oms_c = make_verified_oms("oms-c", "73.71")
    w.campaign_a = make_campaign(asks=[DONATION], parent=w.oms_a, slug="kampanye-a", title="Lampu Semarang")
    w.campaign_c = make_campaign(asks=[DONATION], parent=w.oms_c, slug="kampanye-c", title="Lampu Makassar")
    w.mod_33 = make_moderator("33")
    w.mod_73 = make_moderator("73")
    w.admin = User.objects.create_superuser("nasional", "nasional@lokadaya.id", PASSWORD)
    return w


def report(client, page, **overrides):
    data = {"reason": "fraud", "detail": "Uang donasi dipakai untuk keperluan pribadi pengurus.",
            "email": "pelapor@contoh.id", **overrides}
    return client.post(f"/id/laporkan/{page.pk}/", data)


# -- the public report form --------------------------------------------------------------------


def test_campaign_oms_and_story_pages_link_to_the_report_form(client, world):
    from stories.models import StoryPage

    story = StoryPage(title="Cerita Lampu", slug="cerita-lampu", summary="Ringkasan.")
    world.oms_a.add_child(instance=story)
    story.save_revision().publish()
    for page in (world.campaign_a, world.oms_a, story):
        body = client.get(page.url).content.decode()
        assert f'href="/id/laporkan/{page.pk}/"' in body, page
        assert "Laporkan" in body
        form = client.get(f"/id/laporkan/{page.pk}/")
        assert form.status_code == 200 and page.title in form.content.decode()
        assert 'name="email"' in form.content.decode()


@pytest.mark.parametrize("overrides, field, message", [
    ({"reason": ""}, "reason", "Pilih apa yang salah."),
    ({"reason": "bohong"}, "reason", "Pilih salah satu alasan dalam daftar."),
    ({"detail": ""}, "detail", "Jelaskan masalahnya agar moderator dapat memeriksanya."),
    ({"detail": "jelek"}, "detail", "paling sedikit 10 karakter"),
    ({"detail": "x" * 4001}, "detail", "4000"),
    ({"email": "bukan-email"}, "email", "Masukkan alamat email yang benar, atau kosongkan."),
])
def test_bad_report_input_gets_a_translated_error_and_stores_nothing(client, world, overrides, field, message):
    mail.outbox.clear()
    response = report(client, world.campaign_a, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    # What was typed is kept for the visitor to correct.
    if "detail" not in overrides:
        assert "keperluan pribadi pengurus" in response.content.decode()
    assert not Report.objects.exists() and not mail.outbox


def test_only_live_campaigns_oms_and_stories_can_be_reported(client, world, make_campaign, home_page):
    draft = make_campaign(asks=[DONATION], parent=world.oms_a, slug="draf", live=False)
    for page_id in (draft.pk, home_page.pk, 999999):
        assert client.get(f"/id/laporkan/{page_id}/").status_code == 404
        assert client.post(f"/id/laporkan/{page_id}/", {"reason": "fraud", "detail": "x" * 20}).status_code == 404
    assert not Report.objects.exists()


def test_a_report_reaches_its_provinces_moderators_and_national_admins_only(
        client, world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = report(client, world.campaign_a)
    assert response.status_code == 302 and response["Location"] == "/id/laporkan/terima-kasih/"
    saved = Report.objects.get()
    assert saved.page_id == world.campaign_a.pk and saved.kind == "campaign"
    assert saved.province.code == "33" and saved.email == "pelapor@contoh.id"
    recipients = sorted(address for message in mail.outbox for address in message.to)
    # One email each, so no one learns who else was told; never the reporter, never province 73.
    assert recipients == sorted([world.mod_33.email, world.admin.email])
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert "Lampu Semarang" in message.subject and "keperluan pribadi pengurus" in message.body
    assert f"/admin/laporan/kampanye/{world.campaign_a.pk}/" in message.body
    assert "pelapor@contoh.id" not in message.body


def test_a_report_on_an_english_page_is_about_the_indonesian_page(client, world, partner_index,
                                                                   django_capture_on_commit_callbacks):
    from wagtail.models import Locale

    partner_index.copy_for_translation(Locale.objects.get(language_code="en")).save_revision().publish()
    english_oms = world.oms_c.copy_for_translation(Locale.objects.get(language_code="en"))
    english_oms.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/laporkan/{english_oms.pk}/",
                               {"reason": "false_information", "detail": "The address is made up."})
    assert response.status_code == 302
    saved = Report.objects.get()
    assert saved.page_id == world.oms_c.pk and saved.kind == "organisation" and saved.province.code == "73"
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([world.mod_73.email, world.admin.email])


# -- the admin list ----------------------------------------------------------------------------


def test_the_admin_list_shows_each_moderator_their_provinces_reports_only(client, world, make_editor):
    report(client, world.campaign_a, detail="Laporan tentang Semarang yang rahasia.")
    report(client, world.oms_c, detail="Laporan tentang Makassar yang rahasia.")
    a, c = Report.objects.get(province__code="33"), Report.objects.get(province__code="73")

    body_33 = logged_in(world.mod_33).get("/admin/laporan/?status=all").content.decode()
    assert "Laporan tentang Semarang" in body_33 and "Laporan tentang Makassar" not in body_33
    body_73 = logged_in(world.mod_73).get("/admin/laporan/?status=all").content.decode()
    assert "Laporan tentang Makassar" in body_73 and "Laporan tentang Semarang" not in body_73
    national = logged_in(world.admin).get("/admin/laporan/?status=all").content.decode()
    assert "Laporan tentang Semarang" in national and "Laporan tentang Makassar" in national

    # Marking another province's report as handled: 404, and it stays open.
    response = logged_in(world.mod_73).post("/admin/laporan/", {"report": a.pk, "note": "Selesai"})
    assert response.status_code == 404
    a.refresh_from_db()
    assert a.status == "open"
    assert logged_in(world.mod_73).post("/admin/laporan/", {"report": c.pk, "note": "Dicek"}).status_code == 302
    c.refresh_from_db()
    assert c.status == "handled" and c.handled_by == world.mod_73 and c.handling_note == "Dicek"

    # Editors (even of the reported OMS) and the public do not get in (Wagtail's "no permission"
    # redirect to the dashboard).
    refused = logged_in(world.oms_a.editor).get("/admin/laporan/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert Client().get("/admin/laporan/").status_code == 302


# -- freeze, clear, close ----------------------------------------------------------------------


def freeze(client, campaign, reason="Diduga penyalahgunaan dana; sedang dicek.", **extra):
    return client.post(f"/admin/laporan/kampanye/{campaign.pk}/",
                       {"decision-action": "freeze", "decision-reason": reason, **extra})


def test_only_the_campaigns_provincial_moderator_or_a_national_admin_may_freeze(client, world):
    campaign = world.campaign_a
    # A moderator of another province: 404 on the page and on the POST; nothing changes.
    assert logged_in(world.mod_73).get(f"/admin/laporan/kampanye/{campaign.pk}/").status_code == 404
    assert freeze(logged_in(world.mod_73), campaign).status_code == 404
    # The campaign's own OMS editor: no entry to the reports at all.
    refused = freeze(logged_in(world.oms_a.editor), campaign)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert freeze(Client(), campaign).status_code == 302  # to the login page
    assert not CampaignStanding.objects.exists() and not ModerationAction.objects.exists()
    with pytest.raises(ModerationError):
        decide(campaign, "freeze", world.mod_73, "Coba-coba")
    assert support_verdict(campaign).open

    response = freeze(logged_in(world.mod_33), campaign)
    assert response.status_code == 302
    assert CampaignStanding.objects.get(campaign=campaign).state == "frozen"
    # A national admin may decide anywhere.
    assert freeze(logged_in(world.admin), world.campaign_c).status_code == 302
    assert CampaignStanding.objects.get(campaign=world.campaign_c).state == "frozen"


def test_decisions_need_a_reason_and_closing_needs_a_public_note(world):
    moderator = logged_in(world.mod_33)
    url = f"/admin/laporan/kampanye/{world.campaign_a.pk}/"
    response = moderator.post(url, {"decision-action": "freeze", "decision-reason": "  "})
    assert response.status_code == 400 and "Sebutkan alasannya" in response.content.decode()
    response = moderator.post(url, {"decision-action": "close", "decision-reason": "Terbukti fiktif",
                                    "decision-public_note": ""})
    assert response.status_code == 400 and "Tulis catatan publik" in response.content.decode()
    # Clearing a campaign that is not frozen is refused with the state named.
    response = moderator.post(url, {"decision-action": "clear", "decision-reason": "Aman"})
    assert response.status_code == 400
    assert not CampaignStanding.objects.exclude(state="normal").exists() and not ModerationAction.objects.exists()


@pytest.mark.parametrize("ask", [DONATION, INKIND, PARTNERSHIP, PETITION, VOLUNTEERING],
                         ids=lambda ask: ask[0])
def test_a_frozen_campaign_refuses_every_support_types_pledge(client, world, make_campaign, ask):
    campaign = make_campaign(asks=[ask], parent=world.oms_a, slug=f"kampanye-{ask[0]}")
    the_ask = campaign.get_asks()[0]
    decide(campaign, "freeze", world.mod_33, "Laporan penipuan")
    page = client.get(campaign.url).content.decode()
    assert "Sedang ditinjau" in page and campaign.pledge_url(the_ask) not in page

    response = client.post(campaign.pledge_url(the_ask), pledge_data(campaign, the_ask))
    assert response.status_code == 409
    assert "Sedang ditinjau" in response.content.decode()
    assert records_of(campaign) == 0
    assert client.get(campaign.pledge_url(the_ask)).status_code == 200  # the refusal page, not the form
    assert 'method="post"' not in client.get(campaign.pledge_url(the_ask)).content.decode()

    # Cleared: the very same POST goes through, so the refusal above was the freeze's.
    decide(campaign, "clear", world.mod_33, "Laporan tidak terbukti")
    response = client.post(campaign.pledge_url(the_ask), pledge_data(campaign, the_ask))
    # A redirect to the thank-you page, or (petition) the "check your email" page.
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    assert records_of(campaign) == 1
    assert "Sedang ditinjau" not in client.get(campaign.url).content.decode()


def test_a_frozen_campaign_starts_no_payment_but_keeps_and_refunds_money_received(client, world, admin_client):
    campaign = world.campaign_a
    # Confirmed before the freeze: it stays in the ledger.
    response = client.post(campaign.pledge_url(campaign.get_asks()[0]), donation_data())
    pay_url = response["Location"]
    assert client.post(pay_url, {"status": PaymentStatus.CONFIRMED, "fraud_status": "accept",
                                 "gateway_response": "3ds-disabled", "verification_result": ""}).status_code == 302
    confirmed = Donation.objects.get()
    assert confirmed.status == "confirmed" and summary(campaign=campaign)["gross"] == Decimal("150000")
    # Pledged before the freeze, not paid yet.
    response = Client().post(campaign.pledge_url(campaign.get_asks()[0]), donation_data(name="Budi"))
    waiting_pay_url = response["Location"]
    waiting = Donation.objects.get(name="Budi")

    decide(campaign, "freeze", world.mod_33, "Laporan penipuan")
    for method in ("get", "post"):
        response = getattr(Client(), method)(waiting_pay_url, {"status": PaymentStatus.CONFIRMED,
                                                               "fraud_status": "accept"})
        assert response.status_code == 409 and "Sedang ditinjau" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == "pending" and waiting.payment.status == PaymentStatus.WAITING

    # Money received stays; a refund still works and writes its ledger lines.
    assert summary(campaign=campaign)["gross"] == Decimal("150000")
    response = admin_client.post(f"/admin/galang-daya/donation/{confirmed.pk}/",
                                 {"status": "refunded", "note": "Dikembalikan selama peninjauan"})
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.status == "refunded" and summary(campaign=campaign)["gross"] == 0


def test_a_frozen_campaign_opens_no_bank_transfer(client, world):
    from banktransfer.models import BankTransfer
    from banktransfer.services import TransferError, open_transfer
    from banktransfer.testing import set_bank_account

    set_bank_account(world.oms_a)
    campaign = world.campaign_a
    response = client.post(campaign.pledge_url(campaign.get_asks()[0]), donation_data(method="transfer"))
    assert response.status_code == 302
    payment = Payment.objects.get()
    decide(campaign, "freeze", world.mod_33, "Laporan penipuan")
    with pytest.raises(TransferError) as refused:
        open_transfer(payment, 48)
    assert "Sedang ditinjau" in str(refused.value.message)
    assert client.get(response["Location"]).status_code == 409
    assert not BankTransfer.objects.exists()


def _fund(client, campaign, amount="500.000"):
    response = client.post(campaign.pledge_url(campaign.get_asks()[0]), donation_data(amount=amount))
    client.post(response["Location"], {"status": PaymentStatus.CONFIRMED, "fraud_status": "accept",
                                       "gateway_response": "3ds-disabled", "verification_result": ""})
    assert summary(campaign=campaign)["balance"] > 0


def _proof():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bukti.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_a_frozen_campaign_is_not_paid_out_in_the_ledger_nor_in_its_admin_view(client, world):
    campaign = world.campaign_a
    _fund(client, campaign)
    decide(campaign, "freeze", world.mod_33, "Laporan penipuan")
    with pytest.raises(DisbursementRefused):
        record_disbursement(campaign, Decimal("100000"), timezone.localdate(), _proof(), user=world.admin)
    response = logged_in(world.admin).post("/admin/keuangan/disbursements/", {
        "campaign": campaign.pk, "amount": "100.000", "paid_on": timezone.localdate().isoformat(),
        "proof": _proof(), "note": "Tahap 1"})
    assert response.status_code == 400 and "Sedang ditinjau" in response.content.decode()
    assert not Disbursement.objects.exists()

    decide(campaign, "clear", world.mod_33, "Tidak terbukti")
    record_disbursement(campaign, Decimal("100000"), timezone.localdate(), _proof(), user=world.admin)
    assert Disbursement.objects.count() == 1


def test_close_shows_the_public_note_and_takes_nothing_more_and_everything_is_audited(client, world):
    campaign = world.campaign_a
    decide(campaign, "freeze", world.mod_33, "Laporan penipuan", report=None)
    response = logged_in(world.mod_33).post(f"/admin/laporan/kampanye/{campaign.pk}/", {
        "decision-action": "close", "decision-reason": "Penerima manfaat fiktif (cek lapangan 3 Mei).",
        "decision-public_note": "Kampanye ini ditutup setelah peninjauan. Donasi dikembalikan."})
    assert response.status_code == 302
    page = client.get(campaign.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kampanye ini ditutup setelah peninjauan. Donasi dikembalikan." in body
    assert campaign.pledge_url(campaign.get_asks()[0]) not in body
    assert client.post(campaign.pledge_url(campaign.get_asks()[0]), donation_data()).status_code == 409
    assert not Donation.objects.exists()
    verdict = support_verdict(campaign)
    assert verdict.reason == "closed" and verdict.money_blocked

    actions = list(ModerationAction.objects.filter(campaign=campaign).order_by("created_at", "pk"))
    assert [(a.action, a.user) for a in actions] == [("freeze", world.mod_33), ("close", world.mod_33)]
    assert actions[1].reason == "Penerima manfaat fiktif (cek lapangan 3 Mei)."
    logged = list(PageLogEntry.objects.filter(page=campaign, action__startswith="reports.")
                  .order_by("timestamp", "pk").values_list("action", "user_id", "data"))
    assert [(action, user) for action, user, _data in logged] == [("reports.freeze", world.mod_33.pk),
                                                                 ("reports.close", world.mod_33.pk)]
    assert logged[1][2]["reason"] == "Penerima manfaat fiktif (cek lapangan 3 Mei)."
    # The moderator's page shows the history.
    history = logged_in(world.mod_33).get(f"/admin/laporan/kampanye/{campaign.pk}/").content.decode()
    assert "Penerima manfaat fiktif" in history


def test_publishing_an_old_revision_does_not_lift_a_freeze(client, world):
    campaign = world.campaign_a
    decide(campaign, "freeze", world.mod_33, "Laporan penipuan")
    campaign.title = "Lampu Semarang (revisi)"
    campaign.save_revision().publish()
    assert support_verdict(campaign).reason == FROZEN
    assert "Sedang ditinjau" in client.get(campaign.url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_freeze_waits_for_a_pledge_in_flight_and_refuses_the_next(world):
    """A pledge holding the campaign's lock commits before the freeze; none commits after it."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    campaign = world.campaign_a
    locked, release, frozen = threading.Event(), threading.Event(), threading.Event()

    def pledge_in_flight():
        try:
            with transaction.atomic():
                assert lock_for_support(campaign).open
                locked.set()
                release.wait(10)
                Payment.objects.create(variant="dummy", currency="IDR", total=Decimal("10000"))
        finally:
            connection.close()

    def moderator():
        try:
            decide(campaign, "freeze", world.mod_33, "Laporan penipuan")
            frozen.set()
        finally:
            connection.close()

    first = threading.Thread(target=pledge_in_flight)
    first.start()
    assert locked.wait(10)
    second = threading.Thread(target=moderator)
    second.start()
    # The freeze waits for the pledge's transaction.
    assert not frozen.wait(1)
    release.set()
    first.join(10)
    second.join(10)
    assert frozen.is_set() and Payment.objects.count() == 1
    with transaction.atomic():
        assert lock_for_support(campaign).reason == FROZEN


def test_messages_are_in_indonesian_and_english():
    from reports.support import Verdict

    with translation.override("id"):
        assert "ditinjau" in str(Verdict(FROZEN).message)
    with translation.override("en"):
        assert "Under review" in str(Verdict(FROZEN).message)
