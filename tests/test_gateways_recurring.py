"""Monthly donations at the gateways (``gateways.recurring``): the first payment saves the card or
wallet once, later months are charged from the worker, declines and outages change what they should
and nothing else. No test reaches a gateway (``responses``); notifications arrive over HTTP."""
import datetime
import json
from decimal import Decimal

import pytest
import requests
import responses
from payments import PaymentStatus

from finance.models import LedgerEntry
from gateways.client import GatewayError
from gateways.models import GatewayTransaction, SavedPaymentMethod
from gateways.recurring import ChargeDeclined, can_save, charge, customer_ref
from gateways.testing import (ASK, MIDTRANS_API, MIDTRANS_CHARGE, MIDTRANS_SAVED_TOKEN, MIDTRANS_SNAP,
                              XENDIT_PAYMENT_REQUESTS, XENDIT_PAYMENT_TOKEN, XENDIT_SESSIONS, fake_midtrans_charge,
                              fake_xendit_charge, midtrans_card_notification, midtrans_card_status, monthly_charge,
                              pay_url, post_json, settle_now, start_monthly, xendit_headers, xendit_payment_event,
                              xendit_payment_request, xendit_session, xendit_session_event)
from plugins.donation.models import Donation

MIDTRANS_URL = "/payments/process/midtrans/"
XENDIT_URL = "/payments/process/xendit/"
NEXT_MONTH = datetime.date(2031, 1, 1)


@pytest.fixture
def gateway():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Kampung Nelayan")


def refresh(donation):
    donation.refresh_from_db()
    donation.payment.refresh_from_db()
    return donation


def gross(donation):
    """The donation's gross in the ledger (its ``gross`` lines, net of reversals)."""
    return sum(LedgerEntry.objects.filter(source_type="donation.donation", source_id=donation.pk, kind="gross")
               .values_list("amount", flat=True), Decimal("0"))


def test_which_variants_can_save():
    assert can_save("midtrans") and can_save("xendit") and can_save("dummy")
    assert not can_save("transfer") and not can_save("no-such-variant")


# -- Midtrans ------------------------------------------------------------------------------------

def midtrans_first_paid(client, campaign, gateway, redeliveries=1):
    plan, donation = start_monthly(client, campaign, "midtrans")
    gateway.post(MIDTRANS_SNAP, status=201, json={"token": "t", "redirect_url": "https://app.sandbox.midtrans.com/x"})
    client.get(pay_url(donation))
    gateway.get(f"{MIDTRANS_API}/v2/{donation.payment.token}/status",
                json=midtrans_card_status(donation.payment, "capture", saved_token_id=None))
    for _ in range(redeliveries):
        response = post_json(client, MIDTRANS_URL, midtrans_card_notification(donation.payment, "capture"))
        assert response.status_code == 200
        settle_now()
    return plan, refresh(donation)


def test_midtrans_first_payment_asks_snap_to_save_the_card(client, campaign, gateway):
    plan, donation = start_monthly(client, campaign, "midtrans")
    create = gateway.post(MIDTRANS_SNAP, status=201, json={"token": "t", "redirect_url": "https://m.example/x"})
    client.get(pay_url(donation))
    body = json.loads(create.calls[0].request.body)
    assert body["credit_card"] == {"secure": True, "save_card": True}
    assert body["enabled_payments"] == ["credit_card"]
    assert body["user_id"] == customer_ref("siti@contoh.id") and "siti" not in body["user_id"]
    assert customer_ref("SITI@contoh.id ") == body["user_id"]  # stable for the same donor


def test_one_off_midtrans_payment_saves_nothing(client, campaign, gateway):
    from gateways.testing import donate

    donation = donate(client, campaign, "midtrans")
    create = gateway.post(MIDTRANS_SNAP, status=201, json={"token": "t", "redirect_url": "https://m.example/x"})
    client.get(pay_url(donation))
    body = json.loads(create.calls[0].request.body)
    assert "credit_card" not in body and "user_id" not in body


def test_midtrans_first_payment_stores_the_saved_card_once(client, campaign, gateway):
    plan, donation = midtrans_first_paid(client, campaign, gateway, redeliveries=3)
    assert donation.status == Donation.Status.CONFIRMED
    method = SavedPaymentMethod.objects.get()
    assert (method.provider, method.token, method.label, method.email) == (
        "midtrans", MIDTRANS_SAVED_TOKEN, "VISA •••• 1114", "siti@contoh.id")
    assert method.first_payment_id == donation.payment_id and method.expires_at.year == 2030
    assert "4811111111111114" not in str(SavedPaymentMethod.objects.values().get())


def test_midtrans_card_not_saved_when_the_donor_paid_without_saving(client, campaign, gateway):
    plan, donation = start_monthly(client, campaign, "midtrans")
    gateway.get(f"{MIDTRANS_API}/v2/{donation.payment.token}/status",
                json=midtrans_card_status(donation.payment, "settlement", saved_token_id=None))
    post_json(client, MIDTRANS_URL, midtrans_card_notification(donation.payment, "settlement", saved_token_id=None))
    settle_now()
    assert refresh(donation).status == Donation.Status.CONFIRMED
    assert not SavedPaymentMethod.objects.exists()


def test_midtrans_charge_confirms_the_month(client, campaign, gateway, django_capture_on_commit_callbacks,
                                            mailoutbox):
    plan, _first = midtrans_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    call = fake_midtrans_charge(gateway, month.payment)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert charge(month.payment, method) == PaymentStatus.CONFIRMED
    body = json.loads(call.calls[0].request.body)
    assert body == {"payment_type": "credit_card",
                    "transaction_details": {"order_id": month.payment.token, "gross_amount": 150000},
                    "credit_card": {"token_id": MIDTRANS_SAVED_TOKEN}, "customer_details": {"email": "siti@contoh.id"}}
    refresh(month)
    assert month.status == Donation.Status.CONFIRMED and month.payment.captured_amount == Decimal("150000")
    assert gross(month) == Decimal("150000")  # its own ledger entry
    assert GatewayTransaction.objects.get(payment=month.payment).gateway_status == "capture/accept"
    assert "siti@contoh.id" in [m.to[0] for m in mailoutbox]  # the month's receipt

    # Asked again (a repeated job): no second charge.
    assert charge(month.payment, method) == PaymentStatus.CONFIRMED
    assert len(gateway.calls) == len([c for c in gateway.calls if c.request.url != MIDTRANS_CHARGE]) + 1


def test_midtrans_charge_later_notification_goes_through_the_inbox(client, campaign, gateway):
    plan, _first = midtrans_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    fake_midtrans_charge(gateway, month.payment, "capture", fraud_status="challenge", status_code="201")
    assert charge(month.payment, method) == PaymentStatus.WAITING
    assert refresh(month).status == Donation.Status.PENDING
    gateway.get(f"{MIDTRANS_API}/v2/{month.payment.token}/status",
                json=midtrans_card_status(month.payment, "settlement", saved_token_id=None))
    post_json(client, MIDTRANS_URL, midtrans_card_notification(month.payment, "settlement", saved_token_id=None))
    settle_now()
    assert refresh(month).status == Donation.Status.CONFIRMED
    assert SavedPaymentMethod.objects.count() == 1


def test_midtrans_deny_rejects_the_payment(client, campaign, gateway):
    plan, _first = midtrans_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    fake_midtrans_charge(gateway, month.payment, "deny", status_code="202", fraud_status="deny")
    with pytest.raises(ChargeDeclined):
        charge(month.payment, method)
    assert refresh(month).status == Donation.Status.FAILED
    assert month.payment.status == PaymentStatus.REJECTED
    method.refresh_from_db()
    assert method.status == SavedPaymentMethod.Status.ACTIVE  # a declined month, the card still stands


def test_midtrans_expired_token_is_revoked(client, campaign, gateway):
    plan, _first = midtrans_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    fake_midtrans_charge(gateway, month.payment, status_code="411", http_status=400,
                         status_message="Token id is missing, invalid, or timed out")
    with pytest.raises(ChargeDeclined) as declined:
        charge(month.payment, method)
    assert "tidak dapat dipakai" in str(declined.value.message)
    assert refresh(month).status == Donation.Status.FAILED
    method.refresh_from_db()
    assert method.status == SavedPaymentMethod.Status.REVOKED
    # A revoked method is not charged again.
    other = monthly_charge(plan, datetime.date(2031, 2, 1))
    with pytest.raises(ChargeDeclined):
        charge(other.payment, method)
    assert len([c for c in gateway.calls if c.request.url == MIDTRANS_CHARGE]) == 1


@pytest.mark.parametrize("failure", [{"body": requests.ConnectTimeout("timed out")},
                                     {"status": 503, "json": {"status_code": "503", "status_message": "busy"}}])
def test_midtrans_outage_changes_nothing_and_the_retry_asks_first(client, campaign, gateway, failure):
    plan, _first = midtrans_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    gateway.post(MIDTRANS_CHARGE, **failure)
    with pytest.raises(GatewayError):
        charge(month.payment, method)
    assert refresh(month).status == Donation.Status.PENDING and month.payment.status == PaymentStatus.WAITING
    assert gross(month) == 0
    method.refresh_from_db()
    assert method.status == SavedPaymentMethod.Status.ACTIVE
    # The retry: the charge might have reached Midtrans, so it asks first; the order is unknown, so it charges.
    gateway.replace(responses.POST, MIDTRANS_CHARGE,
                    json=midtrans_card_status(month.payment, "capture", saved_token_id=None))
    status = gateway.get(f"{MIDTRANS_API}/v2/{month.payment.token}/status", status=404,
                         json={"status_code": "404", "status_message": "Transaction doesn't exist."})
    assert charge(month.payment, method) == PaymentStatus.CONFIRMED
    assert len(status.calls) == 1
    assert refresh(month).status == Donation.Status.CONFIRMED


def test_midtrans_retry_after_a_lost_answer_does_not_charge_twice(client, campaign, gateway):
    """The first charge got through but its answer was lost: the retry finds it at the status API."""
    plan, _first = midtrans_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    gateway.post(MIDTRANS_CHARGE, body=requests.ReadTimeout("lost"))
    with pytest.raises(GatewayError):
        charge(month.payment, method)
    gateway.get(f"{MIDTRANS_API}/v2/{month.payment.token}/status",
                json=midtrans_card_status(month.payment, "capture", saved_token_id=None))
    charges = len([c for c in gateway.calls if c.request.url == MIDTRANS_CHARGE])
    assert charge(month.payment, method) == PaymentStatus.CONFIRMED
    assert len([c for c in gateway.calls if c.request.url == MIDTRANS_CHARGE]) == charges  # not charged again
    assert refresh(month).status == Donation.Status.CONFIRMED


def test_midtrans_duplicate_order_answer_reads_the_status(client, campaign, gateway):
    plan, _first = midtrans_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    gateway.post(MIDTRANS_CHARGE, json={"status_code": "406", "status_message": "Duplicate order ID."})
    gateway.get(f"{MIDTRANS_API}/v2/{month.payment.token}/status",
                json=midtrans_card_status(month.payment, "settlement", saved_token_id=None))
    assert charge(month.payment, method) == PaymentStatus.CONFIRMED


# -- Xendit --------------------------------------------------------------------------------------

def xendit_first_paid(client, campaign, gateway, redeliveries=1):
    plan, donation = start_monthly(client, campaign, "xendit")
    create = gateway.post(XENDIT_SESSIONS, json={"payment_session_id": "ps-6a1f87c614802d6c402cd82d",
                                                 "payment_link_url": "https://xen.to/kGxPCi60", "status": "ACTIVE"})
    response = client.get(pay_url(donation))
    assert response.status_code == 302 and response["Location"] == "https://xen.to/kGxPCi60"
    body = json.loads(create.calls[0].request.body)
    assert body["allow_save_payment_method"] == "FORCED" and body["session_type"] == "PAY"
    assert body["reference_id"] == donation.payment.token and body["amount"] == 150000
    assert body["customer"]["reference_id"] == customer_ref("siti@contoh.id")
    refresh(donation)
    gateway.get(f"{XENDIT_SESSIONS}/ps-6a1f87c614802d6c402cd82d",
                json={k: v for k, v in xendit_session(donation.payment).items() if k != "payment_token_id"})
    event = xendit_session_event(donation.payment)
    headers = xendit_headers()
    for _ in range(redeliveries):
        assert post_json(client, XENDIT_URL, event, **headers).status_code == 200
        settle_now()
    return plan, refresh(donation)


def test_xendit_first_payment_saves_the_method_once(client, campaign, gateway):
    plan, donation = xendit_first_paid(client, campaign, gateway, redeliveries=2)
    assert donation.status == Donation.Status.CONFIRMED
    method = SavedPaymentMethod.objects.get()
    assert (method.provider, method.token, method.first_payment_id) == ("xendit", XENDIT_PAYMENT_TOKEN,
                                                                         donation.payment_id)


def test_xendit_charge_confirms_and_is_made_once(client, campaign, gateway):
    plan, _first = xendit_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    call = fake_xendit_charge(gateway, month.payment, "SUCCEEDED")
    assert charge(month.payment, method) == PaymentStatus.CONFIRMED
    request = call.calls[0].request
    body = json.loads(request.body)
    assert body["payment_token_id"] == XENDIT_PAYMENT_TOKEN and body["reference_id"] == month.payment.token
    assert body["request_amount"] == 150000 and request.headers["idempotency-key"] == month.payment.token
    assert refresh(month).status == Donation.Status.CONFIRMED
    assert month.payment.transaction_id == "pr-7b1f87c614802d6c402cd82d"
    assert charge(month.payment, method) == PaymentStatus.CONFIRMED
    assert len(call.calls) == 1


def test_xendit_pending_charge_is_settled_by_its_event(client, campaign, gateway):
    plan, _first = xendit_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    fake_xendit_charge(gateway, month.payment, "ACCEPTING_PAYMENTS")
    assert charge(month.payment, method) == PaymentStatus.WAITING
    gateway.get(f"{XENDIT_PAYMENT_REQUESTS}/pr-7b1f87c614802d6c402cd82d",
                json=xendit_payment_request(month.payment, "SUCCEEDED"))
    assert post_json(client, XENDIT_URL, xendit_payment_event(refresh(month).payment), **xendit_headers()
                     ).status_code == 200
    settle_now()
    assert refresh(month).status == Donation.Status.CONFIRMED


def test_xendit_failed_charge_declines_and_a_dead_token_is_revoked(client, campaign, gateway):
    plan, _first = xendit_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    fake_xendit_charge(gateway, month.payment, "FAILED", failure_code="INSUFFICIENT_BALANCE")
    with pytest.raises(ChargeDeclined):
        charge(month.payment, method)
    assert refresh(month).status == Donation.Status.FAILED
    method.refresh_from_db()
    assert method.status == SavedPaymentMethod.Status.ACTIVE

    other = monthly_charge(plan, datetime.date(2031, 2, 1))
    gateway.replace(responses.POST, XENDIT_PAYMENT_REQUESTS, status=400,
                    json={"error_code": "PAYMENT_TOKEN_NOT_ACTIVE", "message": "inactive"})
    with pytest.raises(ChargeDeclined):
        charge(other.payment, method)
    assert refresh(other).status == Donation.Status.FAILED
    method.refresh_from_db()
    assert method.status == SavedPaymentMethod.Status.REVOKED


def test_xendit_outage_changes_nothing(client, campaign, gateway):
    plan, _first = xendit_first_paid(client, campaign, gateway)
    method = SavedPaymentMethod.objects.get()
    month = monthly_charge(plan, NEXT_MONTH)
    gateway.post(XENDIT_PAYMENT_REQUESTS, status=503, json={"error_code": "SERVER_ERROR"})
    with pytest.raises(GatewayError):
        charge(month.payment, method)
    assert refresh(month).status == Donation.Status.PENDING and month.payment.status == PaymentStatus.WAITING


# -- the test provider ---------------------------------------------------------------------------

def test_dummy_first_payment_saves_a_test_method_and_charges_confirm(client, campaign):
    plan, donation = start_monthly(client, campaign, "dummy")
    response = client.post(pay_url(donation), {"status": "confirmed", "fraud_status": "accept", "gateway_response": "3ds-disabled"})
    assert response.status_code == 302
    assert refresh(donation).status == Donation.Status.CONFIRMED
    method = SavedPaymentMethod.objects.get()
    assert method.provider == "dummy" and method.label.startswith("TEST") and method.first_payment_id == donation.payment_id
    month = monthly_charge(plan, NEXT_MONTH)
    assert charge(month.payment, method) == PaymentStatus.CONFIRMED
    assert refresh(month).status == Donation.Status.CONFIRMED
    assert charge(month.payment, method) == PaymentStatus.CONFIRMED
    assert SavedPaymentMethod.objects.count() == 1


def test_one_off_dummy_payment_saves_nothing(client, campaign):
    from gateways.testing import donate

    donation = donate(client, campaign, "dummy")
    client.post(pay_url(donation), {"status": "confirmed", "fraud_status": "accept", "gateway_response": "3ds-disabled"})
    assert refresh(donation).status == Donation.Status.CONFIRMED
    assert not SavedPaymentMethod.objects.exists()
