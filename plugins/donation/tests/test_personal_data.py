"""The donor's rights (UU PDP) across the donation family: a donor who gave once by card through
Xendit, once by bank transfer with a proof, monthly with a saved method, and who runs a fundraiser,
asks what is held, corrects it and is erased; then retention. Everything is made the real way
(the forms, the gateway's signed callback settled by the worker's code, the transfer's services),
and the money must read the same afterwards: the ledger lines, the figures, ``manage.py reconcile``.
"""
import io
import json
from decimal import Decimal

import pytest
import responses
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from payments import PaymentStatus

from banktransfer import services as transfers
from banktransfer.models import BankTransfer
from banktransfer.testing import png_bytes, private_proof_root, set_bank_account, upload  # noqa: F401 (autouse fixture)
from finance.ledger import summary
from finance.models import LedgerEntry
from gateways.models import GatewayTransaction, InboxItem, SavedPaymentMethod
from gateways.testing import (ASK, XENDIT_INVOICES, donate, pay_url, post_json, settle_now, xendit_callback,
                              xendit_headers)
from plugins.donation import hooks
from plugins.donation.fundraisers import service as fundraisers
from plugins.donation.fundraisers.models import Fundraiser
from plugins.donation.models import Donation, Payment
from plugins.donation.recurring.models import RecurringDonation
from plugins.donation.recurring.tasks import charge_due_plans
from privacy.subjects import Subject

pytestmark = pytest.mark.django_db

SITI = Subject.of(email="siti@contoh.id")
XENDIT = "/payments/process/xendit/"
INVOICE_ID = "66a0b1c2d3e4f5a6b7c8d9e0"
DONATION_TABLES = (Donation, Payment, RecurringDonation, Fundraiser, BankTransfer, InboxItem, GatewayTransaction,
                   SavedPaymentMethod)


@pytest.fixture
def gateway():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def campaign(make_campaign, organisation):
    set_bank_account(organisation)
    return make_campaign(asks=[("donation", ASK)], title="Sumur Bor Dusun Wates")


def paid(donation):
    """Confirm ``donation``'s payment as a settlement does: what arrived first, then the status."""
    payment = Payment.objects.get(pk=donation.payment_id)
    payment.received_amount = payment.captured_amount = payment.total
    payment.save(update_fields=["received_amount", "captured_amount"])
    payment.change_status(PaymentStatus.CONFIRMED)
    donation.refresh_from_db()
    return donation


def png():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, "PNG")
    return SimpleUploadedFile("foto.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def siti(client, gateway, campaign, django_capture_on_commit_callbacks):
    """Everything Siti did, and one gift of Andi's through her fundraiser."""
    treasurer = get_user_model().objects.create_user("bendahara-oms")
    with django_capture_on_commit_callbacks(execute=True):
        # By card through Xendit: the invoice, the signed callback naming her, settled by the worker.
        by_card = donate(client, campaign, "xendit", amount="250.000", message="Semoga airnya lancar",
                         prayer="Semoga berkah")
        gateway.post(XENDIT_INVOICES, json={"id": INVOICE_ID, "external_id": by_card.payment.token,
                                            "status": "PENDING",
                                            "invoice_url": f"https://checkout-staging.xendit.co/web/{INVOICE_ID}"})
        assert client.get(pay_url(by_card)).status_code == 302
        by_card.payment.refresh_from_db()
        callback = xendit_callback(by_card.payment, "PAID")
        gateway.upsert(responses.GET, f"{XENDIT_INVOICES}/{INVOICE_ID}", json=callback)
        assert post_json(client, XENDIT, callback, **xendit_headers()).status_code == 200
        settle_now(through_retries=True)
        # By bank transfer, with a proof naming the sending account, confirmed by the OMS.
        by_transfer = donate(client, campaign, "transfer", amount="75.000")
        assert client.get(pay_url(by_transfer)).status_code == 302
        assert upload(client, by_transfer.payment.token, png_bytes(), sender_name="SITI RAHMAWATI").status_code == 302
        transfer = BankTransfer.objects.get(payment=by_transfer.payment)
        assert transfer.status == BankTransfer.Status.PROOF_UPLOADED and transfer.proof
        transfers.confirm(transfer, treasurer)
        # Monthly, with the test payment: the first payment saves the (test) card.
        response = client.post(campaign.url + f"dukung/{campaign.get_asks()[0].id}/", {
            "amount": "50.000", "name": "Siti Rahmawati", "email": "siti@contoh.id", "method": "dummy",
            "frequency": "monthly", "message": "Setiap bulan"})
        assert response.status_code == 302, response.content.decode()[:1500]
        first = paid(Donation.objects.get(recurring__isnull=False))
        # Her own fundraiser, with her photo, approved by the OMS; Andi gives through it.
        response = client.post(reverse("donation:fundraiser_start", kwargs={
            "campaign_id": campaign.pk, "ask_id": campaign.get_asks()[0].id}), {
            "title": "Ulang tahun ke-30 Siti", "occasion": "birthday", "story": "Tahun ini saya minta sumur.",
            "target": "2.000.000", "owner_name": "Siti Rahmawati", "owner_email": "Siti@Contoh.id",
            "consent": "on", "photo": png()})
        assert response.status_code == 200, response.content.decode()[:1500]
        fundraiser = Fundraiser.objects.get()
        fundraisers.decide(fundraiser, Fundraiser.Status.APPROVED, treasurer)
        andi = paid(donate(client, campaign, "dummy", amount="100.000", name="Andi Pratama", email="andi@contoh.id",
                           message="Untuk Siti", penggalang=fundraiser.slug))
        never_paid = donate(client, campaign, "dummy", amount="20.000")
    for record in (by_card, by_transfer):
        record.refresh_from_db()
    assert (by_card.status, by_transfer.status, first.status, andi.status) == ("confirmed",) * 4
    assert andi.fundraiser_id == fundraiser.pk
    plan = RecurringDonation.objects.get()
    assert plan.status == RecurringDonation.Status.ACTIVE and plan.saved_method is not None
    assert "siti@contoh.id" in InboxItem.objects.get(payment=by_card.payment).body
    return {"by_card": by_card, "by_transfer": by_transfer, "first": first, "plan": plan, "fundraiser": fundraiser,
            "andi": andi, "never_paid": never_paid, "transfer": transfer}


def ledger():
    return sorted(LedgerEntry.objects.values_list("source_type", "source_id", "kind", "amount", "reference"))


def reconciles():
    out = io.StringIO()
    call_command("reconcile", stdout=out)  # raises CommandError on any difference
    return out.getvalue()


def holds(text):
    """The donation family's tables (as rows of values) that still contain ``text``."""
    text = text.lower()
    return [model.__name__ for model in DONATION_TABLES
            if text in json.dumps([list(row) for row in model.objects.values_list()], default=str).lower()]


def test_access_lists_every_row_about_the_donor_and_no_one_elses(siti):
    references = {item.reference: item for item in hooks.personal_data(SITI)}
    expected = {
        *(f"donation.donation:{siti[name].pk}" for name in ("by_card", "by_transfer", "first", "never_paid")),
        *(f"donation.payment:{siti[name].payment_id}" for name in ("by_card", "by_transfer", "first", "never_paid")),
        f"donation.recurringdonation:{siti['plan'].pk}", f"donation.fundraiser:{siti['fundraiser'].pk}",
        f"banktransfer.banktransfer:{siti['transfer'].pk}", f"gateways.savedpaymentmethod:{siti['plan'].saved_method_id}",
        f"gateways.inboxitem:{InboxItem.objects.get(payment=siti['by_card'].payment).pk}",
        f"gateways.gatewaytransaction:{siti['by_card'].payment.gateway.pk}",
    }
    assert set(references) == expected
    assert f"donation.donation:{siti['andi'].pk}" not in references
    card = references[f"donation.donation:{siti['by_card'].pk}"]
    assert card.kept_after_erasure and card.campaign_id == siti["by_card"].campaign_id
    assert {"Siti Rahmawati", "siti@contoh.id", "Semoga airnya lancar", "Semoga berkah"} <= set(card.fields.values())
    assert references[f"donation.payment:{siti['by_card'].payment_id}"].kept_after_erasure
    assert "SITI RAHMAWATI" in references[f"banktransfer.banktransfer:{siti['transfer'].pk}"].fields.values()
    inbox = references[f"gateways.inboxitem:{InboxItem.objects.get(payment=siti['by_card'].payment).pk}"]
    assert any("payer_email: siti@contoh.id" in str(value) for value in inbox.fields.values())
    assert not references[f"donation.fundraiser:{siti['fundraiser'].pk}"].kept_after_erasure
    # Andi is found on his own; a number the gateway stored in +62 form is found from 0812-...
    Payment.objects.filter(pk=siti["andi"].payment_id).update(billing_phone="+6281234567890")
    andi = {item.reference for item in hooks.personal_data(Subject.of(phone="0812-3456-7890"))}
    assert andi == {f"donation.donation:{siti['andi'].pk}", f"donation.payment:{siti['andi'].payment_id}"}


def test_correction_follows_everywhere_the_donor_is_written_to(siti):
    changes = {"name": "Siti R. Wulandari", "email": "siti.baru@contoh.id"}
    assert hooks.correct_personal_data(SITI, changes) >= 4 + 4 + 1 + 1 + 1
    assert hooks.personal_data(SITI) == []
    new = Subject.of(email="siti.baru@contoh.id")
    assert len([item for item in hooks.personal_data(new) if item.reference.startswith("donation.donation:")]) == 4
    siti["plan"].refresh_from_db()
    siti["fundraiser"].refresh_from_db()
    assert (siti["plan"].name, siti["plan"].email) == ("Siti R. Wulandari", "siti.baru@contoh.id")
    assert (siti["fundraiser"].owner_name, siti["fundraiser"].owner_email) == ("Siti R. Wulandari",
                                                                              "siti.baru@contoh.id")
    payment = Payment.objects.get(pk=siti["by_card"].payment_id)
    assert (payment.billing_first_name, payment.billing_email) == ("Siti R. Wulandari", "siti.baru@contoh.id")
    assert SavedPaymentMethod.objects.get().email == "siti.baru@contoh.id"
    siti["andi"].refresh_from_db()
    assert siti["andi"].email == "andi@contoh.id"
    # A phone number is stored as the gateways' field wants it, and found again in any format.
    assert hooks.correct_personal_data(new, {"phone": "0812 3456 7890"})
    found = {item.reference for item in hooks.personal_data(Subject.of(phone="+62 812-3456-7890"))}
    assert f"donation.payment:{siti['by_card'].payment_id}" in found


def test_erasure_anonymises_the_money_stops_the_plan_and_keeps_the_books(siti, campaign, client, settings,
                                                                         django_capture_on_commit_callbacks):
    import os

    before_ledger, before_gross = ledger(), summary(campaign=campaign)["gross"]
    (_ask, _type, before), = campaign.get_progress()
    fundraiser = siti["fundraiser"]
    photo = os.path.join(settings.MEDIA_ROOT, fundraiser.photo.name)
    old_url = fundraiser.get_absolute_url()
    assert os.path.exists(photo) and client.get(old_url).status_code == 200
    inbox = InboxItem.objects.get(payment=siti["by_card"].payment)

    with django_capture_on_commit_callbacks(execute=True):
        count = hooks.erase_personal_data(SITI)
    assert count >= 4 + 4 + 1 + 1 + 1 + 1

    # Nothing in the donation family's tables names her any more; Andi is untouched.
    for trace in ("siti@contoh.id", "Siti Rahmawati", "SITI RAHMAWATI", "Semoga airnya lancar", "Semoga berkah",
                  "Setiap bulan", "Ulang tahun ke-30 Siti", "Tahun ini saya minta sumur"):
        assert holds(trace) == [], trace
    assert holds("andi@contoh.id") == ["Donation", "Payment"] and holds("Untuk Siti") == ["Donation"]
    assert hooks.personal_data(SITI) == []

    # The money reads exactly as before.
    for name in ("by_card", "by_transfer", "first", "never_paid"):
        record = Donation.objects.select_related("payment").get(pk=siti[name].pk)
        assert (record.name, record.email, record.message, record.prayer) == ("", "", "", "")
        assert record.is_anonymous and record.amount == siti[name].amount and record.status == siti[name].status
        assert record.received_amount == siti[name].received_amount
        assert (record.payment.billing_email, record.payment.billing_first_name) == ("", "")
        assert record.payment.customer_ip_address is None and record.payment.total == siti[name].amount
    assert ledger() == before_ledger and summary(campaign=campaign)["gross"] == before_gross
    (_ask, _type, after), = campaign.get_progress()
    assert (after.current, after.supporters) == (before.current, before.supporters)
    assert "0 differences" in reconciles()

    # The proof of transfer stays (a financial record), without the sender's name.
    transfer = BankTransfer.objects.get(pk=siti["transfer"].pk)
    assert transfer.sender_name == "" and transfer.proof and transfer.proof.storage.exists(transfer.proof.name)
    assert transfer.status == BankTransfer.Status.CONFIRMED and transfer.amount == Decimal("75000")
    # What Xendit said stays as the audit trail, without her address; a redelivery is still recognised.
    inbox_after = InboxItem.objects.get(pk=inbox.pk)
    assert inbox_after.body_sha256 == inbox.body_sha256 and inbox_after.status == inbox.status
    said = json.loads(inbox_after.body)
    assert said["payer_email"] == "" and said["amount"] == 250000 and said["external_id"] == inbox.order_id
    assert said["status"] == "PAID" and said["paid_amount"] == 250000
    assert GatewayTransaction.objects.get(payment=siti["by_card"].payment).last_notification["payer_email"] == ""

    # The monthly plan was stopped through its service and its card forgotten: no month is charged.
    plan = RecurringDonation.objects.get(pk=siti["plan"].pk)
    assert plan.status == RecurringDonation.Status.STOPPED and plan.next_charge_on is None
    assert (plan.name, plan.email, plan.message, plan.saved_method_id) == ("", "", "", None)
    assert not SavedPaymentMethod.objects.exists()
    RecurringDonation.objects.filter(pk=plan.pk).update(next_charge_on=timezone.localdate())
    charges = Donation.objects.filter(recurring=plan).count()
    assert charge_due_plans.call() == 0 and Donation.objects.filter(recurring=plan).count() == charges

    # Her fundraiser: hidden, its figures kept (Andi's gift still counts there), her photo deleted.
    fundraiser.refresh_from_db()
    assert (fundraiser.owner_name, fundraiser.owner_email, fundraiser.story, fundraiser.photo.name) == ("", "", "", "")
    assert fundraiser.status == Fundraiser.Status.HIDDEN and fundraiser.raised == Decimal("100000")
    assert fundraiser.supporters == 1 and fundraisers.problems() == []
    assert not os.path.exists(photo)
    assert client.get(old_url).status_code == 404 and client.get(fundraiser.get_absolute_url()).status_code == 404
    assert hooks.erase_personal_data(SITI) == 0


def test_retention_keeps_money_with_its_donor_until_include_money(siti, campaign, make_campaign):
    other = make_campaign(asks=[("donation", ASK)], slug="lain", title="Lain")
    before_ledger = ledger()
    count = hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=False)
    # The fundraiser's owner and the never-paid pledge (with its payment) go; money records and the
    # plan that still runs stay.
    assert count == 1 + 2
    fundraiser = Fundraiser.objects.get(pk=siti["fundraiser"].pk)
    assert fundraiser.owner_email == "" and fundraiser.raised == Decimal("100000")
    never_paid = Donation.objects.get(pk=siti["never_paid"].pk)
    assert never_paid.email == "" and never_paid.payment.billing_email == ""
    for name in ("by_card", "by_transfer", "first", "andi"):
        assert Donation.objects.get(pk=siti[name].pk).email, name
    assert BankTransfer.objects.get(pk=siti["transfer"].pk).sender_name == "SITI RAHMAWATI"
    assert "siti@contoh.id" in InboxItem.objects.get(payment=siti["by_card"].payment).body
    plan = RecurringDonation.objects.get(pk=siti["plan"].pk)
    assert plan.status == RecurringDonation.Status.ACTIVE and plan.email == "siti@contoh.id"
    assert SavedPaymentMethod.objects.exists()

    # Past the money period: every money record is anonymised, the books unchanged.
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=True) >= 4 + 4 + 1 + 1
    assert holds("siti@contoh.id") == ["RecurringDonation", "SavedPaymentMethod"]  # the running plan only
    assert holds("andi@contoh.id") == []
    assert BankTransfer.objects.get(pk=siti["transfer"].pk).sender_name == ""
    assert ledger() == before_ledger and "0 differences" in reconciles()
    # Once the plan no longer runs (stopped by the platform after failed months), the next run stops
    # it for good (its link cannot resume it) and takes its contact and its card too.
    RecurringDonation.objects.filter(pk=plan.pk).update(status=RecurringDonation.Status.FAILED, next_charge_on=None)
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk], include_money=False) == 1 + 1
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.STOPPED and plan.email == "" and plan.saved_method_id is None
    assert holds("siti@contoh.id") == []
    assert hooks.expire_personal_data(campaign_ids=[campaign.pk, other.pk], include_money=True) == 0
