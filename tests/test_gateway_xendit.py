"""Xendit invoices: the donor's redirect and the invoice callbacks. No test reaches Xendit: every
HTTP call is intercepted by ``responses``, and callbacks carry the test verification token."""
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
from gateways.testing import (ASK, XENDIT_INVOICES, XENDIT_KEY, LogCapture, deliver_at_once, donate, pay_url,
                              post_json, settle_now, xendit_callback, xendit_headers)
from plugins.donation.models import Donation

URL = "/payments/process/xendit/"
INVOICE_ID = "65f1c0de2a1b3c4d5e6f7a8b"
INVOICE_URL = f"https://checkout-staging.xendit.co/web/{INVOICE_ID}"


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
    return make_campaign(asks=[("donation", ASK)], title="Perpustakaan Desa Sumberrejo")


def invoice_created(gateway, payment):
    return gateway.post(XENDIT_INVOICES, json={
        "id": INVOICE_ID, "external_id": payment.token, "user_id": "5f4708b7bd394b0400b96276",
        "status": "PENDING", "merchant_name": "Lokadaya", "amount": int(payment.total), "currency": "IDR",
        "payer_email": payment.billing_email, "description": payment.description,
        "expiry_date": "2026-12-01T03:00:00.000Z", "invoice_url": INVOICE_URL})


def invoice_api(gateway, payment, status, **fields):
    """Xendit's invoice API (``GET /v2/invoices/{id}``) answering about ``payment``'s invoice."""
    return gateway.upsert(responses.GET, f"{XENDIT_INVOICES}/{payment.transaction_id or INVOICE_ID}",
                          json=xendit_callback(payment, status, **fields))


def api_calls(gateway):
    return [call for call in gateway.calls if call.request.method == "GET"]


@pytest.fixture
def donation(client, campaign, gateway):
    """A donation whose invoice was created: the donor went to the payment step."""
    donation = donate(client, campaign, "xendit")
    invoice_created(gateway, donation.payment)
    assert client.get(pay_url(donation))["Location"] == INVOICE_URL
    donation.payment.refresh_from_db()
    return donation


def callback(client, payment, status, headers=None, **fields):
    """Deliver a callback, then let the worker settle it; the webhook's answer."""
    response = post_json(client, URL, xendit_callback(payment, status, **fields), **(headers or xendit_headers()))
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


def test_paying_creates_the_invoice_and_redirects_the_donor(client, campaign, gateway):
    donation = donate(client, campaign, "xendit")
    create = invoice_created(gateway, donation.payment)
    response = client.get(pay_url(donation))
    assert response.status_code == 302 and response["Location"] == INVOICE_URL
    request = create.calls[0].request
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(f"{XENDIT_KEY}:".encode()).decode()
    body = json.loads(request.body)
    token = donation.payment.token
    thanks = f"http://testserver/id/dukung/donation/terima-kasih/{token}/"
    assert body == {"external_id": token, "amount": 150000, "currency": "IDR", "payer_email": "siti@contoh.id",
                    "description": "Donasi untuk Perpustakaan Desa Sumberrejo",
                    "success_redirect_url": thanks, "failure_redirect_url": thanks}
    assert isinstance(body["amount"], int)
    refresh(donation)
    assert donation.payment.transaction_id == INVOICE_ID
    assert GatewayTransaction.objects.get(payment=donation.payment).redirect_url == INVOICE_URL
    assert client.get(pay_url(donation))["Location"] == INVOICE_URL and len(create.calls) == 1


def test_gateway_down_shows_a_clear_page_and_the_donor_can_retry(client, campaign, gateway, payments_log):
    donation = donate(client, campaign, "xendit")
    gateway.post(XENDIT_INVOICES, body=requests.ConnectionError("connection reset"))
    response = client.get(pay_url(donation))
    body = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in body
    assert "Kami tidak dapat menghubungi Xendit saat ini." in body
    assert refresh(donation).status == Donation.Status.PENDING and not donation.payment.transaction_id
    assert any("could not start the payment" in m for m in payments_log.messages)
    gateway.replace(responses.POST, XENDIT_INVOICES, json={"id": INVOICE_ID, "invoice_url": INVOICE_URL,
                                                           "status": "PENDING"})
    assert client.post(pay_url(donation))["Location"] == INVOICE_URL


@pytest.mark.parametrize("status, payment_status, donation_status", [
    ("PENDING", PaymentStatus.WAITING, Donation.Status.PENDING),
    ("PAID", PaymentStatus.CONFIRMED, Donation.Status.CONFIRMED),
    ("SETTLED", PaymentStatus.CONFIRMED, Donation.Status.CONFIRMED),
    ("EXPIRED", PaymentStatus.CANCELLED, Donation.Status.FAILED),
])
def test_every_invoice_status_maps_onto_the_payment(client, donation, gateway, status, payment_status,
                                                    donation_status):
    invoice_api(gateway, donation.payment, status)
    response = callback(client, donation.payment, status)
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    refresh(donation)
    assert donation.payment.status == payment_status and donation.status == donation_status
    assert GatewayTransaction.objects.get(payment=donation.payment).gateway_status == status
    rechecked = payment_status != PaymentStatus.WAITING
    assert len(api_calls(gateway)) == (1 if rechecked else 0)  # the invoice API is asked before anything changes


def test_paid_then_settled_counts_once(client, campaign, donation, gateway):
    invoice_api(gateway, donation.payment, "PAID")
    callback(client, donation.payment, "PAID")
    invoice_api(gateway, donation.payment, "SETTLED")
    callback(client, donation.payment, "SETTLED")
    refresh(donation)
    assert donation.payment.captured_amount == Decimal("150000") and raised(campaign) == Decimal("150000")
    assert status_changes(donation) == [("pending", "confirmed")]
    assert sorted(InboxItem.objects.values_list("status", flat=True)) == ["applied", "unchanged"]
    assert LedgerEntry.objects.filter(kind="gross").count() == 1


def test_a_wrong_or_missing_callback_token_is_rejected_and_logged(client, donation, payments_log):
    body = xendit_callback(donation.payment, "PAID")
    response = post_json(client, URL, body, **xendit_headers(token="GUESSED-TOKEN"))
    assert response.status_code == 403 and "x-callback-token" in response.json()["error"]
    assert post_json(client, URL, body).status_code == 403
    assert post_json(client, f"/payments/process/{donation.payment.token}/", body,
                     **xendit_headers(token="GUESSED-TOKEN")).status_code == 403
    assert refresh(donation).status == Donation.Status.PENDING
    assert donation.payment.status == PaymentStatus.WAITING and not InboxItem.objects.exists()
    assert sum("invalid x-callback-token" in m for m in payments_log.messages) == 3


def test_the_same_webhook_id_twice_counts_once(client, campaign, donation, gateway):
    invoice_api(gateway, donation.payment, "PAID")
    headers = xendit_headers(webhook_id="whk_01J9Z8Q7X3K5M2N4P6R8T0V2W4")
    assert callback(client, donation.payment, "PAID", headers).json() == {"status": "ok"}
    assert callback(client, donation.payment, "PAID", headers).json() == {"status": "duplicate"}
    assert status_changes(refresh(donation)) == [("pending", "confirmed")]
    assert InboxItem.objects.get().delivery_id == "whk_01J9Z8Q7X3K5M2N4P6R8T0V2W4"
    assert raised(campaign) == Decimal("150000") and len(api_calls(gateway)) == 1


def test_expired_after_paid_does_not_undo_the_money(client, campaign, donation, gateway):
    invoice_api(gateway, donation.payment, "PAID")
    callback(client, donation.payment, "PAID")
    assert callback(client, donation.payment, "EXPIRED").json() == {"status": "ok"}
    assert callback(client, donation.payment, "PENDING").json() == {"status": "ok"}
    refresh(donation)
    assert donation.payment.status == PaymentStatus.CONFIRMED and donation.status == Donation.Status.CONFIRMED
    assert raised(campaign) == Decimal("150000") and status_changes(donation) == [("pending", "confirmed")]
    assert sorted(InboxItem.objects.values_list("status", flat=True)) == ["applied", "unchanged", "unchanged"]


def test_paid_is_counted_only_when_the_invoice_api_agrees(client, campaign, donation, gateway, payments_log):
    invoice_api(gateway, donation.payment, "PENDING")
    assert callback(client, donation.payment, "PAID").json() == {"status": "ok"}
    settle_now(through_retries=True)
    refresh(donation)
    assert donation.payment.status == PaymentStatus.WAITING and donation.status == Donation.Status.PENDING
    assert raised(campaign) == 0 and not LedgerEntry.objects.exists()
    assert InboxItem.objects.get().status == InboxItem.Status.OVERRULED
    assert any("status is PENDING" in m for m in payments_log.messages)


def test_invoice_api_down_is_retried_and_the_retry_counts(client, campaign, donation, gateway):
    url = f"{XENDIT_INVOICES}/{INVOICE_ID}"
    gateway.get(url, body=requests.ConnectionError("connection reset"))
    assert callback(client, donation.payment, "PAID").status_code == 200
    item = InboxItem.objects.get()
    assert item.status == InboxItem.Status.PENDING and "could not be asked" in item.last_error
    assert refresh(donation).status == Donation.Status.PENDING
    invoice_api(gateway, donation.payment, "PAID")
    settle_now(through_retries=True)
    assert refresh(donation).status == Donation.Status.CONFIRMED and raised(campaign) == Decimal("150000")


def test_unknown_order_malformed_body_and_wrong_amounts_are_refused(client, donation, gateway, payments_log, caplog):
    payment = donation.payment
    # django-payments' static callback finds no such payment: a 404, logged by django.request.
    assert callback(client, payment, "PAID", external_id="f0e6c0c8-0000-4000-8000-000000000000").status_code == 404
    assert any(r.name == "django.request" and r.status_code == 404 for r in caplog.records)
    assert post_json(client, URL, b"{not json", **xendit_headers()).status_code == 400
    assert post_json(client, URL, {"id": INVOICE_ID, "status": "PAID"}, **xendit_headers()).status_code == 400
    wrong = callback(client, payment, "PAID", amount=1500, paid_amount=1500)
    assert wrong.status_code == 400 and "does not match" in wrong.json()["error"]
    assert callback(client, payment, "PAID", paid_amount=0).status_code == 400
    assert callback(client, payment, "PAID", amount="lots").status_code == 400
    assert callback(client, payment, "PAID", id="6600000000000000000000ff").status_code == 400
    assert callback(client, payment, "REFUNDED").status_code == 400
    assert refresh(donation).status == Donation.Status.PENDING
    assert donation.payment.status == PaymentStatus.WAITING and not InboxItem.objects.exists()
    assert not api_calls(gateway)
    assert len([m for m in payments_log.messages if "rejected" in m]) == 7  # the unknown order is not ours to log


def test_paid_amount_below_the_amount_is_recorded_and_flagged(client, campaign, donation, gateway):
    from finance.models import MoneyFlag

    invoice_api(gateway, donation.payment, "PAID", paid_amount=100000)
    assert callback(client, donation.payment, "PAID", paid_amount=100000).json() == {"status": "ok"}
    refresh(donation)
    assert donation.status == Donation.Status.CONFIRMED and donation.received_amount == Decimal("100000")
    assert raised(campaign) == Decimal("100000")
    assert LedgerEntry.objects.get(kind="gross").amount == 100000
    flag = MoneyFlag.objects.get(source_id=donation.pk)
    assert flag.kind == MoneyFlag.Kind.UNDERPAYMENT and (flag.expected, flag.received) == (150000, 100000)


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_identical_callbacks_count_once(home_page, make_campaign):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    campaign = make_campaign(asks=[("donation", ASK)])
    donation = donate(Client(), campaign, "xendit")
    headers = xendit_headers(webhook_id="whk_concurrent")
    with responses.RequestsMock() as gateway:  # nothing else may leave the machine
        api = invoice_api(gateway, donation.payment, "PAID")
        # on_commit runs here: the first delivery to commit wakes the (immediate) worker, which
        # settles it in that request's thread; the others find it waiting or applied.
        answers = deliver_at_once(URL, xendit_callback(donation.payment, "PAID"), headers)
        settle_now()
    assert {code for code, _answer in answers} == {200}
    statuses = [answer["status"] for _code, answer in answers]
    assert set(statuses) <= {"ok", "duplicate"} and "ok" in statuses
    assert len(api.calls) == 1
    assert status_changes(refresh(donation)) == [("pending", "confirmed")]
    assert InboxItem.objects.count() == 1 and InboxItem.objects.get().status == InboxItem.Status.APPLIED
    assert raised(campaign) == Decimal("150000") and LedgerEntry.objects.filter(kind="gross").count() == 1
