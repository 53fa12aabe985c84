"""Midtrans Snap: the donor's redirect and the HTTP notifications. No test reaches Midtrans: every
HTTP call is intercepted by ``responses``, and notifications are signed with the test server key."""
import base64
import json
from decimal import Decimal

import pytest
import requests
import responses
from django.db import connection
from django.test import Client
from payments import PaymentStatus

from campaigns.models import StatusChange
from finance.models import LedgerEntry
from gateways.models import GatewayTransaction, InboxItem
from gateways.settlement import BACKOFF, LAG_RETRIES, retry
from gateways.testing import (ASK, MIDTRANS_API, MIDTRANS_KEY, MIDTRANS_SNAP, LogCapture, deliver_at_once, donate,
                              midtrans_notification, midtrans_status, pay_url, post_json, settle_now)
from plugins.donation.models import Donation, Payment

URL = "/payments/process/midtrans/"
REDIRECT = "https://app.sandbox.midtrans.com/snap/v4/redirection/66e4fa55-fdac-4ef9-91b5-733b97d1b862"


@pytest.fixture
def gateway():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def payments_log(caplog):
    with LogCapture(caplog.handler) as log:
        yield log


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Kampung Nelayan")


@pytest.fixture
def donation(client, campaign):
    return donate(client, campaign, "midtrans")


def status_api(gateway, payment, transaction_status, **fields):
    """Midtrans' status API answering about ``payment``."""
    return gateway.get(f"{MIDTRANS_API}/v2/{payment.token}/status",
                       json=midtrans_status(payment, transaction_status, **fields))


def notify(client, payment, transaction_status, **fields):
    """Deliver a notification, then let the worker settle it; the webhook's answer."""
    response = post_json(client, URL, midtrans_notification(payment, transaction_status, **fields))
    settle_now()
    return response


def refresh(donation):
    donation.refresh_from_db()
    donation.payment.refresh_from_db()
    return donation


def status_changes(donation):
    return list(StatusChange.objects.filter(record_type="donation.donation", record_id=donation.pk)
                .order_by("created_at", "pk").values_list("old_status", "new_status"))


def raised(campaign):
    (_ask, _type, progress), = campaign.get_progress()
    return progress.current


def ledger(donation):
    """``{kind: net amount}`` of the donation's ledger lines."""
    totals = {}
    for kind, amount in LedgerEntry.objects.filter(source_type="donation.donation", source_id=donation.pk) \
            .values_list("kind", "amount"):
        totals[kind] = totals.get(kind, 0) + amount
    return totals


# -- the donor's way -----------------------------------------------------------------------------

def test_paying_creates_the_snap_transaction_and_redirects_the_donor(client, donation, gateway):
    create = gateway.post(MIDTRANS_SNAP, status=201, json={"token": "66e4fa55-fdac-4ef9-91b5-733b97d1b862",
                                                           "redirect_url": REDIRECT})
    response = client.get(pay_url(donation))
    assert response.status_code == 302 and response["Location"] == REDIRECT
    request = create.calls[0].request
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{MIDTRANS_KEY}:".encode()).decode()
    body = json.loads(request.body)
    payment = donation.payment
    assert body["transaction_details"] == {"order_id": payment.token, "gross_amount": 150000}
    assert isinstance(body["transaction_details"]["gross_amount"], int)
    assert body["customer_details"] == {"email": "siti@contoh.id", "first_name": "Siti Rahmawati"}
    assert body["callbacks"]["finish"] == f"http://testserver/id/dukung/donation/terima-kasih/{payment.token}/"
    record = GatewayTransaction.objects.get(payment=payment)
    assert record.provider == "midtrans" and record.redirect_url == REDIRECT
    # Coming back to pay later sends the donor to the same Snap page; no second transaction.
    again = client.get(pay_url(donation))
    assert again.status_code == 302 and again["Location"] == REDIRECT
    assert len(create.calls) == 1
    assert refresh(donation).status == Donation.Status.PENDING


@pytest.mark.parametrize("failure", [{"status": 500, "json": {"error_messages": ["Sorry. Our system is busy"]}},
                                     {"body": requests.ConnectionError("no route to host")}])
def test_gateway_down_shows_a_clear_page_and_the_donor_can_retry(client, donation, gateway, payments_log, failure):
    gateway.post(MIDTRANS_SNAP, **failure)
    response = client.get(pay_url(donation))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in body and "Kami tidak dapat menghubungi Midtrans saat ini." in body
    assert "Tidak ada yang ditagih dan donasi Anda tersimpan." in body
    assert refresh(donation).status == Donation.Status.PENDING
    assert donation.payment.status == PaymentStatus.WAITING
    assert not GatewayTransaction.objects.exists()
    assert any("could not start the payment" in m for m in payments_log.messages)
    gateway.replace(responses.POST, MIDTRANS_SNAP, status=201, json={"token": "t", "redirect_url": REDIRECT})
    retry = client.post(pay_url(donation))
    assert retry.status_code == 302 and retry["Location"] == REDIRECT


# -- notifications: every status -------------------------------------------------------------

@pytest.mark.parametrize("transaction_status, fraud_status, status_code, payment_status, donation_status", [
    ("capture", "accept", "200", PaymentStatus.CONFIRMED, Donation.Status.CONFIRMED),
    ("capture", "challenge", "201", PaymentStatus.WAITING, Donation.Status.PENDING),
    ("capture", "deny", "202", PaymentStatus.REJECTED, Donation.Status.FAILED),
    ("settlement", "accept", "200", PaymentStatus.CONFIRMED, Donation.Status.CONFIRMED),
    ("pending", "accept", "201", PaymentStatus.WAITING, Donation.Status.PENDING),
    ("deny", "deny", "202", PaymentStatus.REJECTED, Donation.Status.FAILED),
    ("cancel", "accept", "200", PaymentStatus.CANCELLED, Donation.Status.FAILED),
    ("expire", "accept", "407", PaymentStatus.CANCELLED, Donation.Status.FAILED),
    ("failure", "accept", "202", PaymentStatus.ERROR, Donation.Status.FAILED),
])  # refunds: see test_refund_after_settlement_reverses_what_was_counted
def test_every_transaction_status_maps_onto_the_payment(client, donation, gateway, transaction_status, fraud_status,
                                                        status_code, payment_status, donation_status):
    payment = donation.payment
    status_api(gateway, payment, transaction_status, fraud_status=fraud_status, status_code=status_code)
    response = notify(client, payment, transaction_status, fraud_status=fraud_status, status_code=status_code)
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    refresh(donation)
    assert donation.payment.status == payment_status and donation.status == donation_status
    assert donation.payment.transaction_id == "9aed5972-5b6a-401e-894b-a32c91ed1a3a"
    assert GatewayTransaction.objects.get(payment=payment).gateway_status.startswith(transaction_status)
    rechecked = payment_status != PaymentStatus.WAITING
    assert len(gateway.calls) == (1 if rechecked else 0)  # the status API is asked before anything changes


def test_settlement_counts_the_money_and_emails_once(client, campaign, donation, gateway,
                                                    django_capture_on_commit_callbacks, mailoutbox):
    status_api(gateway, donation.payment, "settlement")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(client, donation.payment, "settlement").json() == {"status": "ok"}
    refresh(donation)
    assert donation.payment.captured_amount == Decimal("150000")
    assert raised(campaign) == Decimal("150000")
    assert status_changes(donation) == [("pending", "confirmed")]
    assert sorted(m.to[0] for m in mailoutbox) == ["oms@contoh.id", "siti@contoh.id"]  # donor and OMS


def test_refund_after_settlement_reverses_what_was_counted(client, campaign, donation, gateway):
    payment = donation.payment
    status_api(gateway, payment, "settlement")
    notify(client, payment, "settlement")
    assert raised(campaign) == Decimal("150000")
    gateway.replace(responses.GET, f"{MIDTRANS_API}/v2/{payment.token}/status",
                    json=midtrans_status(payment, "refund", refund_amount="150000.00"))
    response = notify(client, payment, "refund", refund_amount="150000.00")
    assert response.json() == {"status": "ok"}
    refresh(donation)
    assert donation.payment.status == PaymentStatus.REFUNDED and donation.status == Donation.Status.REFUNDED
    assert donation.payment.captured_amount == 0
    assert raised(campaign) == 0
    assert status_changes(donation) == [("pending", "confirmed"), ("confirmed", "refunded")]
    assert GatewayTransaction.objects.get(payment=payment).refunded_amount == Decimal("150000")


def test_partial_refund_is_recorded_and_the_payment_stays_confirmed(client, campaign, donation, gateway,
                                                                   django_capture_on_commit_callbacks):
    payment = donation.payment
    status_api(gateway, payment, "settlement")
    notify(client, payment, "settlement")
    refunds = {"refund_amount": "50000.00", "refunds": [
        {"refund_chargeback_id": 1, "refund_amount": "50000.00", "created_at": "2026-12-01 09:00:00",
         "reason": "Donatur salah nominal", "refund_key": "ref-1"}]}
    gateway.replace(responses.GET, f"{MIDTRANS_API}/v2/{payment.token}/status",
                    json=midtrans_status(payment, "partial_refund", **refunds))
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(client, payment, "partial_refund", **refunds).json() == {"status": "ok"}
    with django_capture_on_commit_callbacks(execute=True):  # delivered again: nothing more
        assert notify(client, payment, "partial_refund", **refunds).json() == {"status": "duplicate"}
    refresh(donation)
    assert donation.payment.status == PaymentStatus.CONFIRMED and donation.status == Donation.Status.CONFIRMED
    assert donation.payment.captured_amount == Decimal("100000")
    assert donation.payment.refunded_amount == Decimal("50000") and donation.refunded_amount == Decimal("50000")
    assert GatewayTransaction.objects.get(payment=payment).refunded_amount == Decimal("50000")
    # The refunded part is reversed once, in the campaign's progress and in the ledger.
    assert raised(campaign) == Decimal("100000")
    assert ledger(donation) == {"gross": 100000, "fee": 5000, "provincial": 3750, "national": 1250, "net": 95000}
    assert set(LedgerEntry.objects.values_list("reference", flat=True)) == {"income", "refund"}
    assert status_changes(donation) == [("pending", "confirmed")]


# -- notifications that cannot fool us -------------------------------------------------------

def test_a_wrong_signature_is_rejected_and_logged(client, donation, gateway, payments_log):
    forged = midtrans_notification(donation.payment, "settlement", key="SB-Mid-server-GUESSED")
    response = post_json(client, URL, forged)
    assert response.status_code == 403 and "signature" in response.json()["error"]
    tampered = midtrans_notification(donation.payment, "pending", status_code="201")
    tampered["status_code"] = "200"  # the signature covers the status code
    assert post_json(client, URL, tampered).status_code == 403
    # The per-payment URL checks just the same.
    assert post_json(client, f"/payments/process/{donation.payment.token}/", forged).status_code == 403
    assert refresh(donation).status == Donation.Status.PENDING
    assert donation.payment.status == PaymentStatus.WAITING
    assert not InboxItem.objects.exists() and not gateway.calls
    assert sum("invalid signature_key" in m for m in payments_log.messages) == 3


def test_unknown_order_malformed_body_and_wrong_amount_are_refused(client, donation, gateway, payments_log, caplog):
    payment = donation.payment
    unknown = midtrans_notification(payment, "settlement", order_id="f0e6c0c8-0000-4000-8000-000000000000")
    response = post_json(client, URL, unknown)
    # django-payments' static callback finds no such payment: a 404, logged by django.request.
    assert response.status_code == 404 and response.json()["error"] == "Payment not found"
    assert any(r.name == "django.request" and r.status_code == 404 for r in caplog.records)
    assert post_json(client, URL, b"{not json").status_code == 400
    assert post_json(client, URL, [1, 2]).status_code == 400
    missing = midtrans_notification(payment, "settlement")
    del missing["gross_amount"]
    assert post_json(client, URL, missing).status_code == 400
    response = notify(client, payment, "settlement", gross_amount="1500.00")  # signed, but not our amount
    assert response.status_code == 400 and "does not match" in response.json()["error"]
    odd = notify(client, payment, "teleported")
    assert odd.status_code == 400 and "transaction_status" in odd.json()["error"]
    assert refresh(donation).status == Donation.Status.PENDING
    assert donation.payment.status == PaymentStatus.WAITING
    assert not InboxItem.objects.exists() and not gateway.calls
    assert len([m for m in payments_log.messages if "rejected" in m]) == 5  # the unknown order is not ours to log


def test_a_notification_for_another_payment_method_is_refused(client, campaign, gateway):
    dummy = donate(client, campaign, "dummy")
    response = post_json(client, URL, midtrans_notification(dummy.payment, "settlement"))
    assert response.status_code == 404
    assert refresh(dummy).status == Donation.Status.PENDING


def test_the_same_notification_twice_counts_once(client, campaign, donation, gateway):
    api = status_api(gateway, donation.payment, "settlement")
    body = midtrans_notification(donation.payment, "settlement")
    assert post_json(client, URL, body).json() == {"status": "ok"}
    # Delivered again before it was settled: still one notification waiting.
    assert post_json(client, URL, body).json() == {"status": "ok"}
    assert InboxItem.objects.get().status == InboxItem.Status.PENDING
    assert settle_now() == {InboxItem.Status.APPLIED: 1}
    # Delivered again once applied: a duplicate, and nothing is settled again.
    assert post_json(client, URL, body).json() == {"status": "duplicate"}
    assert settle_now() == {}
    assert status_changes(refresh(donation)) == [("pending", "confirmed")]
    assert raised(campaign) == Decimal("150000") and len(api.calls) == 1
    item = InboxItem.objects.get()
    assert item.status == InboxItem.Status.APPLIED and item.received_again_at is not None


def test_expire_after_settlement_does_not_undo_the_money(client, campaign, donation, gateway):
    api = status_api(gateway, donation.payment, "settlement")
    notify(client, donation.payment, "settlement")
    for late in ("expire", "pending", "deny"):
        response = notify(client, donation.payment, late, status_code="407")
        assert response.status_code == 200 and response.json() == {"status": "ok"}
    # A late deny would void the money: the status API (still "settlement") is asked, again
    # while it may lag behind, and then has the last word.
    settle_now(through_retries=True)
    refresh(donation)
    assert donation.payment.status == PaymentStatus.CONFIRMED and donation.status == Donation.Status.CONFIRMED
    assert raised(campaign) == Decimal("150000")
    assert status_changes(donation) == [("pending", "confirmed")]
    assert sorted(InboxItem.objects.values_list("status", flat=True)) == [
        "applied", "overruled", "unchanged", "unchanged"]
    assert len(api.calls) == 1 + LAG_RETRIES  # expire and pending change nothing: not asked


def test_money_counts_only_when_the_status_api_agrees(client, campaign, donation, gateway, payments_log):
    api = status_api(gateway, donation.payment, "pending", status_code="201")
    response = notify(client, donation.payment, "settlement")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    # The notification may be ahead of the status API: it is asked again later, nothing moves meanwhile.
    item = InboxItem.objects.get()
    assert item.status == InboxItem.Status.PENDING and item.attempts == 1 and "status API says pending" in item.last_error
    assert refresh(donation).status == Donation.Status.PENDING
    settle_now(through_retries=True)
    refresh(donation)
    assert donation.payment.status == PaymentStatus.WAITING and donation.status == Donation.Status.PENDING
    assert raised(campaign) == 0 and status_changes(donation) == [] and not LedgerEntry.objects.exists()
    item.refresh_from_db()
    assert item.status == InboxItem.Status.OVERRULED and item.attempts == LAG_RETRIES
    assert item.gateway_status == "pending" and len(api.calls) == LAG_RETRIES
    assert GatewayTransaction.objects.get(payment=donation.payment).gateway_status == "pending"  # the API's word
    assert any("status is pending" in m for m in payments_log.messages)


def test_status_api_with_another_amount_is_refused(client, donation, gateway, payments_log):
    status_api(gateway, donation.payment, "settlement", gross_amount="15000.00")
    response = notify(client, donation.payment, "settlement")
    assert response.status_code == 200  # stored: the status API is asked by the worker, not in the request
    assert refresh(donation).status == Donation.Status.PENDING
    assert donation.payment.status == PaymentStatus.WAITING and donation.payment.captured_amount == 0
    item = InboxItem.objects.get()  # kept, for a person to look at
    assert item.status == InboxItem.Status.DEAD and "does not match" in item.last_error
    assert not LedgerEntry.objects.exists()
    assert any("cannot be settled" in m for m in payments_log.messages)


def test_status_api_that_does_not_know_the_order_is_refused(client, donation, gateway):
    gateway.get(f"{MIDTRANS_API}/v2/{donation.payment.token}/status",
                json={"status_code": "404", "status_message": "Transaction doesn't exist."})
    assert notify(client, donation.payment, "settlement").status_code == 200
    assert refresh(donation).status == Donation.Status.PENDING and donation.payment.status == PaymentStatus.WAITING
    item = InboxItem.objects.get()
    assert item.status == InboxItem.Status.DEAD and "does not know this order" in item.last_error


def test_status_api_down_is_retried_and_the_retry_counts(client, campaign, donation, gateway, payments_log):
    url = f"{MIDTRANS_API}/v2/{donation.payment.token}/status"
    gateway.get(url, body=requests.ConnectionError("timed out"))
    body = midtrans_notification(donation.payment, "settlement")
    response = post_json(client, URL, body)
    assert response.status_code == 200 and response.json() == {"status": "ok"}  # never a 503 any more
    assert settle_now() == {InboxItem.Status.PENDING: 1}
    item = InboxItem.objects.get()
    assert item.status == InboxItem.Status.PENDING and item.attempts == 1 and "could not be asked" in item.last_error
    assert (item.next_attempt_at - item.received_at).total_seconds() >= BACKOFF[0] - 1  # backoff
    assert refresh(donation).status == Donation.Status.PENDING and raised(campaign) == 0
    assert any("could not be asked" in m for m in payments_log.messages)
    gateway.replace(responses.GET, url, json=midtrans_status(donation.payment, "settlement"))
    assert settle_now() == {}  # not due yet
    # Midtrans delivers again meanwhile: the same notification, still waiting.
    assert post_json(client, URL, body).json() == {"status": "ok"} and InboxItem.objects.count() == 1
    settle_now(through_retries=True)  # the backoff has passed
    assert refresh(donation).status == Donation.Status.CONFIRMED and raised(campaign) == Decimal("150000")
    item.refresh_from_db()
    assert item.status == InboxItem.Status.APPLIED and item.attempts == 2


def test_status_api_down_for_every_attempt_needs_a_person_who_can_retry(client, campaign, donation, gateway,
                                                                        payments_log):
    url = f"{MIDTRANS_API}/v2/{donation.payment.token}/status"
    gateway.get(url, status=503, json={"status_code": "503", "status_message": "down"})
    notify(client, donation.payment, "settlement")
    settle_now(through_retries=True)
    item = InboxItem.objects.get()
    assert item.status == InboxItem.Status.DEAD and item.attempts == len(BACKOFF)
    assert "could not be asked" in item.last_error
    assert refresh(donation).status == Donation.Status.PENDING and raised(campaign) == 0
    assert any("needs a person" in m for m in payments_log.messages)
    gateway.replace(responses.GET, url, json=midtrans_status(donation.payment, "settlement"))
    assert retry([item.pk]) == 1  # national finance queues it again
    settle_now()
    item.refresh_from_db()
    assert item.status == InboxItem.Status.APPLIED
    assert refresh(donation).status == Donation.Status.CONFIRMED and raised(campaign) == Decimal("150000")


def test_refund_through_the_provider(client, campaign, donation, gateway):
    payment = donation.payment
    status_api(gateway, payment, "settlement")
    notify(client, payment, "settlement")
    payment.refresh_from_db()
    call = gateway.post(f"{MIDTRANS_API}/v2/{payment.token}/refund", json={
        "status_code": "200", "status_message": "Success, refund request is approved",
        "order_id": payment.token, "transaction_status": "partial_refund", "refund_amount": "50000.00"})
    payment.refund(Decimal("50000"))
    payment.refund(Decimal("50000"))  # a second, equal refund asked before Midtrans notified the first
    first, second = (json.loads(c.request.body) for c in call.calls)
    assert first["amount"] == second["amount"] == 50000
    # Two refunds, two keys: Midtrans does not take the second for a retry of the first.
    assert first["refund_key"].startswith(payment.token) and first["refund_key"] != second["refund_key"]
    # Only asked for: nothing is recorded until Midtrans' notification of the refund is settled.
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED and payment.captured_amount == Decimal("150000")
    assert payment.refunded_amount == 0 and GatewayTransaction.objects.get(payment=payment).refunded_amount == 0
    assert raised(campaign) == Decimal("150000")
    refunded = {"refund_amount": "50000.00"}
    gateway.replace(responses.GET, f"{MIDTRANS_API}/v2/{payment.token}/status",
                    json=midtrans_status(payment, "partial_refund", **refunded))
    assert notify(client, payment, "partial_refund", **refunded).json() == {"status": "ok"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED and payment.captured_amount == Decimal("100000")
    assert GatewayTransaction.objects.get(payment=payment).refunded_amount == Decimal("50000")
    assert raised(campaign) == Decimal("100000")


def test_full_refund_through_the_provider_waits_for_the_notification(client, campaign, donation, gateway):
    payment = donation.payment
    status_api(gateway, payment, "settlement")
    notify(client, payment, "settlement")
    payment.refresh_from_db()
    call = gateway.post(f"{MIDTRANS_API}/v2/{payment.token}/refund", json={
        "status_code": "200", "status_message": "Success, refund request is approved",
        "order_id": payment.token, "transaction_status": "refund", "refund_amount": "150000.00"})
    payment.refund()
    assert json.loads(call.calls[0].request.body)["amount"] == 150000
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED and payment.captured_amount == Decimal("150000")
    assert refresh(donation).status == Donation.Status.CONFIRMED and raised(campaign) == Decimal("150000")
    gateway.replace(responses.GET, f"{MIDTRANS_API}/v2/{payment.token}/status",
                    json=midtrans_status(payment, "refund", refund_amount="150000.00"))
    notify(client, payment, "refund", refund_amount="150000.00")
    refresh(donation)
    assert donation.payment.status == PaymentStatus.REFUNDED and donation.status == Donation.Status.REFUNDED
    assert raised(campaign) == 0 and all(amount == 0 for amount in ledger(donation).values())


# -- ten identical deliveries at once --------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_identical_notifications_count_once(home_page, make_campaign):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    campaign = make_campaign(asks=[("donation", ASK)])
    donation = donate(Client(), campaign, "midtrans")
    payment = donation.payment
    with responses.RequestsMock() as gateway:
        api = status_api(gateway, payment, "settlement")
        # Here on_commit runs: the first delivery to commit wakes the (immediate) worker, which
        # settles it in that request's thread; the others find it waiting ("ok") or applied
        # ("duplicate"), depending on timing.
        answers = deliver_at_once(URL, midtrans_notification(payment, "settlement"), {})
        settle_now()  # whatever the wake-up left (nothing, normally)
    assert {code for code, _answer in answers} == {200}
    statuses = [answer["status"] for _code, answer in answers]
    assert set(statuses) <= {"ok", "duplicate"} and "ok" in statuses
    assert len(api.calls) == 1  # one settlement, one question to the status API
    assert InboxItem.objects.count() == 1 and InboxItem.objects.get().status == InboxItem.Status.APPLIED
    assert status_changes(refresh(donation)) == [("pending", "confirmed")]
    assert raised(campaign) == Decimal("150000")
    assert ledger(donation)["gross"] == 150000 and LedgerEntry.objects.count() == 5
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CONFIRMED
