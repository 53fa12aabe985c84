"""Money that is never wrong: one regression test per finding of the review of the gateways'
notification path, the donation's ledger and bank transfers.

No test reaches a gateway: every HTTP call is intercepted by ``responses`` (a call to a URL that
is not registered raises). Notifications are stored by the webhook and settled by
``settle_now()``, the worker's settlement run inline.
"""
import datetime
import sys
from decimal import Decimal

import pytest
import responses
from django.utils import timezone
from payments import PaymentStatus

from banktransfer import services
from banktransfer.models import BankTransfer
from banktransfer.testing import bank_campaign, give_by_transfer  # noqa: F401,F811 - a fixture
from campaigns.models import StatusChange
from finance.ledger import split
from finance.models import FeeSetting, LedgerEntry, MoneyFlag
from gateways import settlement
from gateways.models import GatewayTransaction, InboxItem
from gateways.settlement import LAG_RETRIES
from gateways.testing import (ASK, MIDTRANS_API, XENDIT_INVOICES, donate, midtrans_notification, midtrans_status,
                              pay_url, post_json, settle_now, xendit_callback, xendit_headers)
from lokadaya.money import format_rupiah
from plugins.donation.models import Donation
from plugins.donation.signals import apply_payment_status

MIDTRANS = "/payments/process/midtrans/"
XENDIT = "/payments/process/xendit/"
XENDIT_API = "https://api.xendit.co"
INVOICE_ID = "65f1c0de2a1b3c4d5e6f7a8b"
KINDS = ("gross", "fee", "provincial", "national", "net")


@pytest.fixture
def gateway():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", ASK)], title="Air Bersih Dusun Krajan")


# -- helpers -------------------------------------------------------------------------------------

def status_api(gateway, payment, transaction_status, **fields):
    """Midtrans' status API answering about ``payment`` (replacing an earlier answer)."""
    return gateway.upsert(responses.GET, f"{MIDTRANS_API}/v2/{payment.token}/status",
                          json=midtrans_status(payment, transaction_status, **fields))


def notify(client, payment, transaction_status, **fields):
    """A signed Midtrans notification, then the worker's settlement; the webhook's answer."""
    response = post_json(client, MIDTRANS, midtrans_notification(payment, transaction_status, **fields))
    settle_now()
    return response


def confirmed_by_midtrans(client, gateway, campaign, amount="100.000", transaction_status="settlement", **fields):
    donation = donate(client, campaign, "midtrans", amount=amount)
    status_api(gateway, donation.payment, transaction_status, **fields)
    assert notify(client, donation.payment, transaction_status, **fields).json() == {"status": "ok"}
    assert refresh(donation).status == Donation.Status.CONFIRMED
    return donation


def midtrans_says(client, gateway, donation, transaction_status, **fields):
    """The status API and a notification both say ``transaction_status``; settled."""
    status_api(gateway, donation.payment, transaction_status, **fields)
    response = notify(client, donation.payment, transaction_status, **fields)
    assert response.status_code == 200, response.content
    return refresh(donation)


def refresh(donation):
    donation.refresh_from_db()
    donation.payment.refresh_from_db()
    return donation


def ledger(record):
    """``{kind: net amount}`` of a donation's ledger lines (every kind, 0 when none)."""
    totals = dict.fromkeys(KINDS, 0)
    for kind, amount in LedgerEntry.objects.filter(source_type="donation.donation", source_id=record.pk) \
            .values_list("kind", "amount"):
        totals[kind] += amount
    return totals


def references(record):
    return set(LedgerEntry.objects.filter(source_type="donation.donation", source_id=record.pk)
               .values_list("reference", flat=True))


def raised(campaign):
    (_ask, _type, progress), = campaign.get_progress()
    return progress.current


def transparency(client, campaign):
    """The campaign's public transparency figures (JSON), as Decimals."""
    response = client.get(f"/id/transparansi/kampanye/{campaign.pk}/?format=json")
    assert response.status_code == 200
    return {key: Decimal(value) for key, value in response.json().items() if key in KINDS}


def status_changes(donation):
    return list(StatusChange.objects.filter(record_type="donation.donation", record_id=donation.pk)
                .order_by("created_at", "pk").values_list("old_status", "new_status"))


def split_at(amount, percentage="5"):
    return {kind: value for kind, value in split(Decimal(amount), Decimal(percentage)).items()}


# -- #1 a partial refund, then the full refund ---------------------------------------------------

def test_1_partial_then_full_refund_reverses_exactly_the_donation(client, gateway, campaign):
    confirmed_by_midtrans(client, gateway, campaign, amount="250.000")  # another donation, untouched
    donation = confirmed_by_midtrans(client, gateway, campaign, amount="100.000")
    before, raised_before = transparency(client, campaign), raised(campaign)
    midtrans_says(client, gateway, donation, "partial_refund", refund_amount="30000.00")
    assert donation.status == Donation.Status.CONFIRMED and donation.counted_amount == 70000
    assert ledger(donation) == split_at(70000)
    assert raised(campaign) == raised_before - 30000
    midtrans_says(client, gateway, donation, "refund", refund_amount="100000.00")
    assert donation.status == Donation.Status.REFUNDED and donation.payment.status == PaymentStatus.REFUNDED
    assert ledger(donation) == dict.fromkeys(KINDS, 0)  # every kind nets to 0
    after = transparency(client, campaign)
    assert before["gross"] - after["gross"] == 100000
    assert {kind: before[kind] - after[kind] for kind in KINDS} == split_at(100000)
    assert raised_before - raised(campaign) == 100000
    assert after["gross"] == 250000 and raised(campaign) == 250000


def test_1_admin_marks_refunded_after_a_partial_refund(client, gateway, campaign, admin_user):
    confirmed_by_midtrans(client, gateway, campaign, amount="250.000")
    donation = confirmed_by_midtrans(client, gateway, campaign, amount="100.000")
    before, raised_before = transparency(client, campaign), raised(campaign)
    midtrans_says(client, gateway, donation, "partial_refund", refund_amount="30000.00")
    apply_payment_status(donation, "refunded", note="Sisanya dikembalikan lewat transfer", user=admin_user)
    donation.refresh_from_db()
    assert donation.status == Donation.Status.REFUNDED and donation.refunded_amount == donation.received_amount
    assert ledger(donation) == dict.fromkeys(KINDS, 0)
    after = transparency(client, campaign)
    assert {kind: before[kind] - after[kind] for kind in KINDS} == split_at(100000)
    assert raised_before - raised(campaign) == 100000


# -- #2 two partial refunds: the split of what remains, rounded once -----------------------------

@pytest.mark.parametrize("percentage", ["5", "7.33"])
def test_2_two_partial_refunds_leave_exactly_the_split_of_what_remains(client, gateway, campaign, percentage):
    FeeSetting.objects.create(percentage=Decimal(percentage), effective_from=timezone.now(), note="test")
    donation = confirmed_by_midtrans(client, gateway, campaign, amount="100.000")
    first, second = Decimal("30010"), Decimal("20010")
    remaining = Decimal("100000") - first - second
    # Rounding each part on its own would be off (the reason for this test).
    per_part = {kind: split_at(100000, percentage)[kind] - split_at(first, percentage)[kind]
                - split_at(second, percentage)[kind] for kind in KINDS}
    assert per_part["fee"] != split_at(remaining, percentage)["fee"]
    midtrans_says(client, gateway, donation, "partial_refund", refund_amount=f"{first:.2f}")
    assert ledger(donation) == split_at(100000 - first, percentage)
    midtrans_says(client, gateway, donation, "partial_refund", refund_amount=f"{first + second:.2f}")
    assert donation.status == Donation.Status.CONFIRMED and donation.counted_amount == remaining
    assert ledger(donation) == split_at(remaining, percentage)
    assert set(LedgerEntry.objects.filter(source_id=donation.pk).values_list("fee_percentage", flat=True)) == {
        Decimal(percentage)}


# -- #3 a card capture cancelled (voided) before settlement --------------------------------------

def test_3_capture_then_cancel_stops_counting(client, gateway, campaign):
    card = {"payment_type": "credit_card"}
    donation = confirmed_by_midtrans(client, gateway, campaign, transaction_status="capture", **card)
    assert raised(campaign) == 100000 and ledger(donation)["gross"] == 100000
    midtrans_says(client, gateway, donation, "cancel", **card)
    assert donation.payment.status == PaymentStatus.CANCELLED and donation.status == Donation.Status.FAILED
    assert raised(campaign) == 0 and ledger(donation) == dict.fromkeys(KINDS, 0)
    assert "void" in references(donation)
    assert status_changes(donation) == [("pending", "confirmed"), ("confirmed", "failed")]


def test_3_deny_after_settlement_confirmed_by_the_status_api_voids_it(client, gateway, campaign):
    donation = confirmed_by_midtrans(client, gateway, campaign)
    midtrans_says(client, gateway, donation, "deny", fraud_status="deny", status_code="202")
    assert donation.payment.status == PaymentStatus.REJECTED and donation.status == Donation.Status.FAILED
    assert raised(campaign) == 0 and ledger(donation) == dict.fromkeys(KINDS, 0)
    assert InboxItem.objects.filter(claimed_status="deny").get().status == InboxItem.Status.APPLIED


def test_3_chargeback_reverses_everything(client, gateway, campaign):
    donation = confirmed_by_midtrans(client, gateway, campaign)
    midtrans_says(client, gateway, donation, "chargeback", refund_amount="100000.00")
    assert donation.status == Donation.Status.REFUNDED and donation.payment.status == PaymentStatus.REFUNDED
    assert raised(campaign) == 0 and ledger(donation) == dict.fromkeys(KINDS, 0)
    assert any("chargeback" in reference for reference in references(donation))


def test_3_partial_chargeback_reverses_what_it_takes_back(client, gateway, campaign):
    donation = confirmed_by_midtrans(client, gateway, campaign)
    midtrans_says(client, gateway, donation, "partial_chargeback", refund_amount="40000.00")
    assert donation.status == Donation.Status.CONFIRMED and donation.counted_amount == 60000
    assert raised(campaign) == 60000 and ledger(donation) == split_at(60000)
    chargeback = [r for r in references(donation) if "chargeback" in r]
    assert len(chargeback) == 1
    lines = LedgerEntry.objects.filter(source_id=donation.pk, reference=chargeback[0])
    assert {line.kind: line.amount for line in lines} == {k: -v for k, v in split_at(40000).items()}
    # National finance sees every chargeback flagged.
    from finance.models import MoneyFlag

    flag = MoneyFlag.objects.get(source_id=donation.pk, kind=MoneyFlag.Kind.CHARGEBACK)
    assert (flag.expected, flag.received) == (100000, 60000)


def test_3_authorize_leaves_the_donation_pending(client, gateway, campaign):
    donation = donate(client, campaign, "midtrans", amount="100.000")
    midtrans_says(client, gateway, donation, "authorize", payment_type="credit_card")
    assert donation.status == Donation.Status.PENDING and donation.payment.status == PaymentStatus.WAITING
    assert raised(campaign) == 0 and not LedgerEntry.objects.exists()


# -- #4 overruled, then delivered again once the status API caught up ---------------------------

def test_4_overruled_notification_is_queued_again_when_delivered_again(client, gateway, campaign):
    donation = donate(client, campaign, "midtrans", amount="100.000")
    api = status_api(gateway, donation.payment, "pending", status_code="201")
    body = midtrans_notification(donation.payment, "settlement")
    assert post_json(client, MIDTRANS, body).json() == {"status": "ok"}
    settle_now(through_retries=True)
    item = InboxItem.objects.get()
    assert item.status == InboxItem.Status.OVERRULED and item.attempts == LAG_RETRIES
    assert len(api.calls) == LAG_RETRIES
    assert refresh(donation).status == Donation.Status.PENDING and raised(campaign) == 0
    # Midtrans delivers the identical body again; the status API has caught up meanwhile.
    status_api(gateway, donation.payment, "settlement")
    assert post_json(client, MIDTRANS, body).json() == {"status": "ok"}  # not a duplicate: queued again
    item.refresh_from_db()
    assert item.status == InboxItem.Status.PENDING and item.attempts == 0
    settle_now()
    item.refresh_from_db()
    assert item.status == InboxItem.Status.APPLIED and InboxItem.objects.count() == 1
    assert refresh(donation).status == Donation.Status.CONFIRMED and raised(campaign) == 100000
    assert post_json(client, MIDTRANS, body).json() == {"status": "duplicate"}  # applied now


# -- #5 bank transfers: the unique code, late money, other amounts --------------------------------

def _transfer(client, campaign, amount="150.000"):
    token, _response = give_by_transfer(client, campaign, amount=amount)
    return BankTransfer.objects.select_related("payment__donation").get(payment__token=token)


def test_5_unique_code_is_in_the_ledger_and_on_the_receipt(client, bank_campaign, admin_user):  # noqa: F811
    transfer = _transfer(client, bank_campaign)
    assert services.confirm(transfer, admin_user) is True
    donation = Donation.objects.get(payment=transfer.payment)
    assert donation.status == Donation.Status.CONFIRMED
    assert donation.received_amount == transfer.amount_to_pay == 150000 + transfer.unique_code
    assert ledger(donation)["gross"] == transfer.amount + transfer.unique_code
    assert ledger(donation) == split_at(transfer.amount_to_pay)
    assert raised(bank_campaign) == transfer.amount_to_pay
    receipt = client.get(donation.get_receipt_url())
    assert receipt.status_code == 200
    assert format_rupiah(transfer.amount_to_pay) in receipt.content.decode()
    assert not MoneyFlag.objects.exists()


def test_5_expired_transfer_confirmed_late_only_with_a_note(client, bank_campaign, admin_user):  # noqa: F811
    transfer = _transfer(client, bank_campaign)
    BankTransfer.objects.filter(pk=transfer.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    assert services.expire_if_due(transfer) is True
    transfer.refresh_from_db()
    donation = Donation.objects.get(payment=transfer.payment)
    assert transfer.status == BankTransfer.Status.EXPIRED and donation.status == Donation.Status.FAILED
    with pytest.raises(services.TransferError) as refused:
        services.confirm(transfer, admin_user)
    assert refused.value.code == "note_required" and "catatan" in str(refused.value.message)  # "a note"
    with pytest.raises(services.TransferError):
        services.confirm(transfer, admin_user, note="   ")  # blank is no note
    assert BankTransfer.objects.get(pk=transfer.pk).status == BankTransfer.Status.EXPIRED
    assert not LedgerEntry.objects.exists() and raised(bank_campaign) == 0
    assert services.confirm(transfer, admin_user, note="Dana masuk 3 hari setelah batas waktu") is True
    transfer.refresh_from_db()
    donation.refresh_from_db()
    assert transfer.status == BankTransfer.Status.CONFIRMED and "3 hari" in transfer.review_note
    assert donation.status == Donation.Status.CONFIRMED and raised(bank_campaign) == transfer.amount_to_pay
    assert ledger(donation) == split_at(transfer.amount_to_pay) and references(donation) == {"late"}
    flag = MoneyFlag.objects.get(source_id=donation.pk)
    assert flag.kind == MoneyFlag.Kind.LATE and flag.received == transfer.amount_to_pay


@pytest.mark.parametrize("difference, kind", [(5000, MoneyFlag.Kind.OVERPAYMENT),
                                              (-50000, MoneyFlag.Kind.UNDERPAYMENT)])
def test_5_another_amount_received_is_recorded_and_flagged(client, bank_campaign, admin_user,  # noqa: F811
                                                           difference, kind):
    transfer = _transfer(client, bank_campaign)
    received = transfer.amount_to_pay + difference
    services.confirm(transfer, admin_user, received=received, note="Dari mutasi rekening")
    donation = Donation.objects.get(payment=transfer.payment)
    assert donation.received_amount == received and BankTransfer.objects.get(pk=transfer.pk).received_amount == received
    assert ledger(donation) == split_at(received) and raised(bank_campaign) == received
    flag = MoneyFlag.objects.get(source_id=donation.pk)
    assert flag.kind == kind and (flag.expected, flag.received) == (transfer.amount_to_pay, received)


# -- #6 Xendit: more paid than asked, and refunds one by one -------------------------------------

def xendit_donation(client, gateway, campaign):
    """A Xendit donation whose invoice was created (the donor went to the payment step)."""
    donation = donate(client, campaign, "xendit", amount="150.000")
    gateway.upsert(responses.POST, XENDIT_INVOICES, json={
        "id": INVOICE_ID, "external_id": donation.payment.token, "status": "PENDING", "amount": 150000,
        "invoice_url": f"https://checkout-staging.xendit.co/web/{INVOICE_ID}"})
    assert client.get(pay_url(donation)).status_code == 302
    return refresh(donation)


def invoice_api(gateway, payment, status, **fields):
    return gateway.upsert(responses.GET, f"{XENDIT_INVOICES}/{INVOICE_ID}",
                          json=xendit_callback(payment, status, **fields))


def xendit_paid(client, gateway, donation, **fields):
    invoice_api(gateway, donation.payment, "PAID", **fields)
    response = post_json(client, XENDIT, xendit_callback(donation.payment, "PAID", **fields), **xendit_headers())
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    settle_now()
    return refresh(donation)


def refund_event(refund_id, amount, status="SUCCEEDED"):
    event = "refund.succeeded" if status == "SUCCEEDED" else "refund.failed"
    return {"event": event, "business_id": "5f4708b7bd394b0400b96276", "created": "2026-12-01T03:00:00.000Z",
            "data": {"id": refund_id, "invoice_id": INVOICE_ID, "amount": amount, "currency": "IDR",
                     "status": status, "reason": "REQUESTED_BY_CUSTOMER", "payment_id": "py-1",
                     "reference_id": f"ref-{refund_id}", "created": "2026-12-01T03:00:00.000Z"}}


def refunds_api(gateway, refund_id, amount, status="SUCCEEDED"):
    return gateway.upsert(responses.GET, f"{XENDIT_API}/refunds/{refund_id}", json={
        "id": refund_id, "invoice_id": INVOICE_ID, "amount": amount, "currency": "IDR", "status": status,
        "reason": "REQUESTED_BY_CUSTOMER"})


def deliver_refund(client, refund_id, amount, webhook_id=None, status="SUCCEEDED"):
    response = post_json(client, XENDIT, refund_event(refund_id, amount, status), **xendit_headers(webhook_id=webhook_id))
    settle_now()
    return response


def test_6_xendit_overpayment_is_recorded_and_flagged(client, gateway, campaign):
    donation = xendit_donation(client, gateway, campaign)
    donation = xendit_paid(client, gateway, donation, paid_amount=155000)
    assert donation.status == Donation.Status.CONFIRMED and donation.received_amount == 155000
    assert ledger(donation)["gross"] == 155000 and raised(campaign) == 155000
    flag = MoneyFlag.objects.get(source_id=donation.pk)
    assert flag.kind == MoneyFlag.Kind.OVERPAYMENT and (flag.expected, flag.received) == (150000, 155000)


def test_6_xendit_refund_events_count_once_and_up_to_everything(client, gateway, campaign):
    donation = xendit_paid(client, gateway, xendit_donation(client, gateway, campaign), paid_amount=155000)
    api = refunds_api(gateway, "rfd-1", 50000)
    assert deliver_refund(client, "rfd-1", 50000, webhook_id="whk-r1").json() == {"status": "ok"}
    refresh(donation)
    assert donation.status == Donation.Status.CONFIRMED and donation.refunded_amount == 50000
    assert raised(campaign) == 105000 and ledger(donation) == split_at(105000)
    assert len(api.calls) == 1  # Xendit's refunds API was asked
    # The same refund delivered again: as the same delivery, and as another one.
    assert deliver_refund(client, "rfd-1", 50000, webhook_id="whk-r1").json() == {"status": "duplicate"}
    assert deliver_refund(client, "rfd-1", 50000, webhook_id="whk-r1-again").json() == {"status": "ok"}
    assert refresh(donation).refunded_amount == 50000 and raised(campaign) == 105000
    assert GatewayTransaction.objects.get(payment=donation.payment).refunds == {"rfd-1": "50000"}
    # A failed refund gives nothing back.
    refunds_api(gateway, "rfd-x", 20000, status="FAILED")
    deliver_refund(client, "rfd-x", 20000, status="FAILED")
    assert refresh(donation).refunded_amount == 50000
    # Refunds adding up to everything that arrived: refunded.
    refunds_api(gateway, "rfd-2", 105000)
    deliver_refund(client, "rfd-2", 105000)
    refresh(donation)
    assert donation.status == Donation.Status.REFUNDED and donation.payment.status == PaymentStatus.REFUNDED
    assert raised(campaign) == 0 and ledger(donation) == dict.fromkeys(KINDS, 0)


# -- #7 the fee never above its percentage --------------------------------------------------------

def test_7_fee_of_ten_percent_on_10005_is_1000(client, gateway, campaign):
    FeeSetting.objects.create(percentage=Decimal("10"), effective_from=timezone.now(), note="batas PP 29/1980")
    donation = confirmed_by_midtrans(client, gateway, campaign, amount="10.005")
    assert donation.amount == 10005
    assert ledger(donation) == {"gross": 10005, "fee": 1000, "provincial": 750, "national": 250, "net": 9005}


# -- #8 the webhook never calls out ---------------------------------------------------------------

def test_8_webhook_makes_no_outgoing_call_and_money_counts_only_when_settled(client, campaign):
    donation = donate(client, campaign, "midtrans", amount="100.000")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as nothing:  # any call would raise
        response = post_json(client, MIDTRANS, midtrans_notification(donation.payment, "settlement"))
        assert response.status_code == 200 and response.json() == {"status": "ok"}
        assert not nothing.calls
    assert InboxItem.objects.get().status == InboxItem.Status.PENDING
    assert refresh(donation).status == Donation.Status.PENDING and raised(campaign) == 0
    assert not LedgerEntry.objects.exists()
    with responses.RequestsMock() as gateway:
        status_api(gateway, donation.payment, "settlement")
        assert settle_now() == {InboxItem.Status.APPLIED: 1}
    assert refresh(donation).status == Donation.Status.CONFIRMED and raised(campaign) == 100000


# -- #9 money changed by a notification without asking the status API ---------------------------

def test_9_later_callback_with_another_paid_amount_asks_the_invoice_api(client, gateway, campaign):
    donation = xendit_paid(client, gateway, xendit_donation(client, gateway, campaign))
    assert donation.received_amount == 150000
    api = invoice_api(gateway, donation.payment, "SETTLED")  # Xendit: 150.000 was paid
    post_json(client, XENDIT, xendit_callback(donation.payment, "SETTLED", paid_amount=900000), **xendit_headers())
    settle_now(through_retries=True)
    refresh(donation)
    assert len(api.calls) >= 1  # asked before the money could change
    assert donation.received_amount == 150000 and donation.payment.received_amount == 150000
    assert raised(campaign) == 150000 and ledger(donation)["gross"] == 150000
    assert not MoneyFlag.objects.exists()


# -- #10 a payment that moved between the read and the row lock ----------------------------------

def test_10_payment_voided_while_a_notification_is_settled_is_asked_about_again(client, gateway, campaign,
                                                                              monkeypatch):
    card = {"payment_type": "credit_card"}
    donation = confirmed_by_midtrans(client, gateway, campaign, transaction_status="capture", **card)
    status_api(gateway, donation.payment, "cancel", **card)  # the capture was voided
    post_json(client, MIDTRANS, midtrans_notification(donation.payment, "settlement", **card))
    post_json(client, MIDTRANS, midtrans_notification(donation.payment, "cancel", **card))
    late, void = InboxItem.objects.filter(status=InboxItem.Status.PENDING).order_by("pk")
    # Another worker settles the void after this one read the (confirmed) payment, before it locks it.
    lock = settlement.lock_for_settlement
    raced = []

    def racing_lock(payment, provider_name):
        if not raced:
            raced.append(True)
            assert settlement.settle_item(void.pk) == InboxItem.Status.APPLIED
        return lock(payment, provider_name)

    monkeypatch.setattr(settlement, "lock_for_settlement", racing_lock)
    assert sorted(item.pk for item in settlement.claim()) == [late.pk, void.pk]  # one batch, two workers
    assert settlement.settle_item(late.pk) == InboxItem.Status.PENDING  # not applied unasked: asked again
    monkeypatch.setattr(settlement, "lock_for_settlement", lock)
    settle_now(through_retries=True)
    refresh(donation)
    assert donation.payment.status == PaymentStatus.CANCELLED and donation.status == Donation.Status.FAILED
    assert raised(campaign) == 0 and ledger(donation) == dict.fromkeys(KINDS, 0)
    late.refresh_from_db()
    assert late.status == InboxItem.Status.OVERRULED and late.gateway_status == "cancel"


# -- #11 a refund asked through the provider is not recorded before the gateway says so ----------

def test_11_refund_asked_through_the_provider_waits_for_the_gateway(client, gateway, campaign):
    donation = xendit_paid(client, gateway, xendit_donation(client, gateway, campaign))
    asked = gateway.post(f"{XENDIT_API}/refunds", json={"id": "rfd-9", "status": "PENDING", "amount": 150000})
    donation.payment.refund()
    assert len(asked.calls) == 1
    refresh(donation)
    assert donation.payment.status == PaymentStatus.CONFIRMED and donation.payment.captured_amount == 150000
    assert donation.status == Donation.Status.CONFIRMED and raised(campaign) == 150000
    refunds_api(gateway, "rfd-9", 150000)
    deliver_refund(client, "rfd-9", 150000)
    refresh(donation)
    assert donation.status == Donation.Status.REFUNDED and raised(campaign) == 0
    assert ledger(donation) == dict.fromkeys(KINDS, 0)



# -- the worker's own path: a batch of rows, the gateway asked from a thread pool -----------------

def test_a_batch_reads_its_payments_at_once_and_settles_every_row(client, gateway, campaign, settings):
    """With several threads (as in production), the claimed rows' payments are read in one query;
    an order notified twice in the batch reads its own, and every row ends as it would alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.GATEWAY_SETTLEMENT_THREADS = 4
    first, second, twice = (donate(client, campaign, "midtrans") for _ in range(3))
    for donation in (first, second, twice):
        status_api(gateway, donation.payment, "settlement")
        post_json(client, MIDTRANS, midtrans_notification(donation.payment, "settlement"))
    # Midtrans notifies an order again (another body: not a duplicate delivery)
    post_json(client, MIDTRANS, midtrans_notification(twice.payment, "settlement", settlement_time="2026-11-30 10:06:00"))
    switch_interval = sys.getswitchinterval()
    with CaptureQueriesContext(connection) as queries:
        counts = settlement.drain()
    assert counts == {InboxItem.Status.APPLIED: 3, InboxItem.Status.UNCHANGED: 1}
    assert sys.getswitchinterval() == switch_interval  # shortened only while the pool ran
    for donation in (first, second, twice):
        assert refresh(donation).status == Donation.Status.CONFIRMED
        assert ledger(donation) == split_at("150000")
    batch_reads = [q["sql"] for q in queries.captured_queries
                   if q["sql"].startswith('SELECT "donation_payment"') and '"token" IN' in q["sql"]]
    assert [first.payment.token in sql and second.payment.token in sql for sql in batch_reads].count(True) == 1
    assert sum(first.payment.token in sql or second.payment.token in sql for sql in batch_reads) == 1
    assert sum(twice.payment.token in sql for sql in batch_reads) == 2  # each of its rows on its own


def test_a_confirmation_settles_within_its_query_budget(client, gateway, campaign):
    """The worker's cost per confirmation is mostly its queries: a budget, and the campaign's page
    row (body, asks) is never read to settle a donation."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for email in ("first@contoh.id", "second@contoh.id"):  # the second: caches warm, as in the worker
        donation = donate(client, campaign, "midtrans", email=email)
        status_api(gateway, donation.payment, "settlement")
        post_json(client, MIDTRANS, midtrans_notification(donation.payment, "settlement"))
        with CaptureQueriesContext(connection) as queries:
            settle_now()
        assert refresh(donation).status == Donation.Status.CONFIRMED
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(sql) <= 13, "\n".join(sql)
    assert not any('"campaigns_campaignpage"."body"' in q or '"campaigns_campaignpage"."asks"' in q for q in sql)
    # The OMS the lines are booked under is read with the locked donation, not asked for again;
    # a first confirmation has no match to read.
    assert not any(q.startswith('SELECT "partners_organisationpage"') for q in sql), "\n".join(sql)
    assert not any(q.startswith('SELECT "donation_match"') for q in sql), "\n".join(sql)
    organisation = campaign.get_parent().specific
    province = (campaign.regency or organisation.regency).province_id
    assert set(LedgerEntry.objects.filter(source_id=donation.pk, source_type="donation.donation")
               .values_list("organisation_id", "province_id")) == {(organisation.pk, province)}


def test_the_worker_claims_the_next_rows_while_it_applies_answers(client, gateway, campaign, settings, monkeypatch):
    """Answers that arrive together are applied one by one; meanwhile the next rows are claimed and
    their gateway asked, so the worker never waits out a gateway's latency after each batch."""
    import concurrent.futures

    settings.GATEWAY_SETTLEMENT_THREADS = 4
    donations = [donate(client, campaign, "midtrans") for _ in range(6)]
    for donation in donations:
        status_api(gateway, donation.payment, "settlement")
        post_json(client, MIDTRANS, midtrans_notification(donation.payment, "settlement"))
    events, real_claim, real_apply = [], settlement.claim, settlement._apply

    def claim(limit=None):
        items = real_claim(limit)
        events.append(("claim", len(items)))
        return items

    def apply(work):
        events.append(("apply", work.item.pk))
        return real_apply(work)

    monkeypatch.setattr(settlement, "claim", claim)
    monkeypatch.setattr(settlement, "_apply", apply)
    # Every answer of a batch is in before the first is applied.
    monkeypatch.setattr(settlement, "wait", lambda futures, timeout=None, return_when=None:
                        concurrent.futures.wait(futures, timeout=timeout))
    assert settlement.drain() == {InboxItem.Status.APPLIED: 6}
    assert events[0] == ("claim", 4)
    applies = [i for i, event in enumerate(events) if event[0] == "apply"]
    assert len(applies) == 6
    between = events[applies[0]:applies[3]]
    assert ("claim", 1) in between, events  # claimed before the first batch's answers were all applied
    assert sum(count for kind, count in events if kind == "claim") == 6
    for donation in donations:
        assert refresh(donation).status == Donation.Status.CONFIRMED
        assert ledger(donation) == split_at("150000")
