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
from gateways.models import GatewayTransaction, WebhookDelivery
from gateways.signals import partial_refund
from gateways.testing import (ASK, MIDTRANS_API, MIDTRANS_KEY, MIDTRANS_SNAP, LogCapture, deliver_at_once, donate,
                              midtrans_notification, midtrans_status, pay_url, post_json)
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
    return post_json(client, URL, midtrans_notification(payment, transaction_status, **fields))


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
    rechecked = payment_status in (PaymentStatus.CONFIRMED, PaymentStatus.REFUNDED)
    assert len(gateway.calls) == (1 if rechecked else 0)  # the status API is asked before money counts


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
    heard = []
    partial_refund.connect(lambda sender, payment, refunded, **kw: heard.append(refunded), weak=False,
                           dispatch_uid="test-partial")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert notify(client, payment, "partial_refund", **refunds).json() == {"status": "ok"}
        with django_capture_on_commit_callbacks(execute=True):  # delivered again: nothing more
            assert notify(client, payment, "partial_refund", **refunds).json() == {"status": "duplicate"}
    finally:
        partial_refund.disconnect(dispatch_uid="test-partial")
    refresh(donation)
    assert donation.payment.status == PaymentStatus.CONFIRMED and donation.status == Donation.Status.CONFIRMED
    assert donation.payment.captured_amount == Decimal("100000")
    assert GatewayTransaction.objects.get(payment=payment).refunded_amount == Decimal("50000")
    assert heard == [Decimal("50000")]
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
    assert not WebhookDelivery.objects.exists() and not gateway.calls
    assert sum("invalid signature_key" in m for m in payments_log.messages) == 3


def test_unknown_order_malformed_body_and_wrong_amount_are_refused(client, donation, gateway, payments_log):
    payment = donation.payment
    unknown = midtrans_notification(payment, "settlement", order_id="f0e6c0c8-0000-4000-8000-000000000000")
    assert post_json(client, URL, unknown).status_code == 404
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
    assert not WebhookDelivery.objects.exists() and not gateway.calls
    assert len([m for m in payments_log.messages if "rejected" in m]) == 6


def test_a_notification_for_another_payment_method_is_refused(client, campaign, gateway):
    dummy = donate(client, campaign, "dummy")
    response = post_json(client, URL, midtrans_notification(dummy.payment, "settlement"))
    assert response.status_code == 404
    assert refresh(dummy).status == Donation.Status.PENDING


def test_the_same_notification_twice_counts_once(client, campaign, donation, gateway):
    api = status_api(gateway, donation.payment, "settlement")
    body = midtrans_notification(donation.payment, "settlement")
    assert post_json(client, URL, body).json() == {"status": "ok"}
    assert post_json(client, URL, body).json() == {"status": "duplicate"}
    assert status_changes(refresh(donation)) == [("pending", "confirmed")]
    assert raised(campaign) == Decimal("150000") and len(api.calls) == 1
    assert WebhookDelivery.objects.get().outcome == WebhookDelivery.Outcome.APPLIED


def test_expire_after_settlement_does_not_undo_the_money(client, campaign, donation, gateway):
    status_api(gateway, donation.payment, "settlement")
    notify(client, donation.payment, "settlement")
    for late in ("expire", "pending", "deny"):
        response = notify(client, donation.payment, late, status_code="407")
        assert response.status_code == 200 and response.json() == {"status": "ok"}
    refresh(donation)
    assert donation.payment.status == PaymentStatus.CONFIRMED and donation.status == Donation.Status.CONFIRMED
    assert raised(campaign) == Decimal("150000")
    assert status_changes(donation) == [("pending", "confirmed")]
    assert sorted(WebhookDelivery.objects.values_list("outcome", flat=True)) == [
        "applied", "unchanged", "unchanged", "unchanged"]


def test_money_counts_only_when_the_status_api_agrees(client, campaign, donation, gateway, payments_log):
    status_api(gateway, donation.payment, "pending", status_code="201")
    response = notify(client, donation.payment, "settlement")
    assert response.status_code == 200
    refresh(donation)
    assert donation.payment.status == PaymentStatus.WAITING and donation.status == Donation.Status.PENDING
    assert raised(campaign) == 0 and status_changes(donation) == []
    assert WebhookDelivery.objects.get().outcome == WebhookDelivery.Outcome.OVERRULED
    assert any("status is pending" in m for m in payments_log.messages)


def test_status_api_with_another_amount_is_refused(client, donation, gateway):
    status_api(gateway, donation.payment, "settlement", gross_amount="15000.00")
    response = notify(client, donation.payment, "settlement")
    assert response.status_code == 400
    assert refresh(donation).status == Donation.Status.PENDING and not WebhookDelivery.objects.exists()


def test_status_api_down_answers_503_and_the_retry_counts(client, campaign, donation, gateway, payments_log):
    url = f"{MIDTRANS_API}/v2/{donation.payment.token}/status"
    gateway.get(url, body=requests.ConnectionError("timed out"))
    body = midtrans_notification(donation.payment, "settlement")
    response = post_json(client, URL, body)
    assert response.status_code == 503
    assert refresh(donation).status == Donation.Status.PENDING and not WebhookDelivery.objects.exists()
    assert any("could not be asked" in m for m in payments_log.messages)
    gateway.replace(responses.GET, url, json=midtrans_status(donation.payment, "settlement"))
    assert post_json(client, URL, body).json() == {"status": "ok"}  # Midtrans delivers again later
    assert refresh(donation).status == Donation.Status.CONFIRMED and raised(campaign) == Decimal("150000")


def test_refund_through_the_provider(client, donation, gateway):
    payment = donation.payment
    status_api(gateway, payment, "settlement")
    notify(client, payment, "settlement")
    payment.refresh_from_db()
    call = gateway.post(f"{MIDTRANS_API}/v2/{payment.token}/refund", json={
        "status_code": "200", "status_message": "Success, refund request is approved",
        "order_id": payment.token, "transaction_status": "partial_refund", "refund_amount": "50000.00"})
    payment.refund(Decimal("50000"))
    body = json.loads(call.calls[0].request.body)
    assert body["amount"] == 50000 and body["refund_key"] == f"{payment.token}-50000"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED and payment.captured_amount == Decimal("100000")
    assert GatewayTransaction.objects.get(payment=payment).refunded_amount == Decimal("50000")


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
        answers = deliver_at_once(URL, midtrans_notification(payment, "settlement"), {})
    assert sorted(answer["status"] for _code, answer in answers) == ["duplicate"] * 9 + ["ok"]
    assert {code for code, _answer in answers} == {200}
    assert len(api.calls) == 1
    assert status_changes(refresh(donation)) == [("pending", "confirmed")]
    assert WebhookDelivery.objects.count() == 1
    assert raised(campaign) == Decimal("150000")
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CONFIRMED
