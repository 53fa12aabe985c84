"""Test helpers for the gateways: donations through the real form, and notifications in the
gateways' documented formats, signed with the test keys of ``lokadaya.settings.test``."""
import hashlib
import json
import logging
import threading
import uuid
from decimal import Decimal

from django.db import connection
from django.test import Client

from plugins.donation.models import Donation

MIDTRANS_KEY = "SB-Mid-server-TEST-KEY"
MIDTRANS_SNAP = "https://app.sandbox.midtrans.com/snap/v1/transactions"
MIDTRANS_API = "https://api.sandbox.midtrans.com"
XENDIT_KEY = "xnd_development_TEST"
XENDIT_TOKEN = "TEST-CALLBACK-TOKEN"
XENDIT_INVOICES = "https://api.xendit.co/v2/invoices"

ASK = {"title": "Donasi lampu jalan tenaga surya", "target": Decimal("2000000"), "minimum": Decimal("10000"),
       "suggested_amounts": [50000, 150000]}


def pledge_url(campaign):
    return campaign.url + f"dukung/{campaign.get_asks()[0].id}/"


def donate(client, campaign, method, amount="150.000", **fields):
    """A pending donation made through the donation form, paying with ``method``."""
    data = {"amount": amount, "name": "Siti Rahmawati", "email": "siti@contoh.id", "method": method,
            "message": "Semoga lampunya cepat menyala"}
    data.update(fields)
    response = client.post(pledge_url(campaign), data)
    assert response.status_code == 302, response.content.decode()[:1000]
    return Donation.objects.select_related("payment").latest("pk")


def pay_url(donation):
    return f"/id/dukung/donation/bayar/{donation.payment.token}/"


def midtrans_status(payment, transaction_status, fraud_status="accept", status_code="200", **extra):
    """A transaction as Midtrans' status API and notifications describe it."""
    data = {
        "status_code": status_code, "status_message": "midtrans payment notification",
        "transaction_id": "9aed5972-5b6a-401e-894b-a32c91ed1a3a", "order_id": payment.token,
        "gross_amount": f"{payment.total:.2f}", "currency": "IDR", "payment_type": "bank_transfer",
        "transaction_time": "2026-11-30 10:00:00", "transaction_status": transaction_status,
        "fraud_status": fraud_status, "merchant_id": "G141532850",
    }
    if transaction_status == "settlement":
        data["settlement_time"] = "2026-11-30 10:05:00"
    data.update(extra)
    return data


def midtrans_notification(payment, transaction_status, key=MIDTRANS_KEY, **fields):
    """A Midtrans HTTP notification, signed: SHA-512(order_id + status_code + gross_amount + key)."""
    data = midtrans_status(payment, transaction_status, **fields)
    data["signature_key"] = hashlib.sha512(
        f"{data['order_id']}{data['status_code']}{data['gross_amount']}{key}".encode()).hexdigest()
    return data


def xendit_callback(payment, status, **fields):
    """A Xendit invoice callback as documented (numbers are JSON numbers)."""
    data = {
        "id": payment.transaction_id or "65f1c0de2a1b3c4d5e6f7a8b", "external_id": payment.token,
        "user_id": "5f4708b7bd394b0400b96276", "is_high": False, "merchant_name": "Lokadaya",
        "amount": int(payment.total), "status": status, "payer_email": payment.billing_email,
        "description": payment.description, "currency": "IDR",
        "created": "2026-11-30T03:00:00.000Z", "updated": "2026-11-30T03:05:00.000Z",
    }
    if status in ("PAID", "SETTLED"):
        data.update({"paid_amount": int(payment.total), "paid_at": "2026-11-30T03:05:00.000Z",
                     "payment_method": "BANK_TRANSFER", "bank_code": "BNI", "payment_channel": "BNI"})
    data.update(fields)
    return data


def post_json(client, url, data, **headers):
    body = data if isinstance(data, (bytes, str)) else json.dumps(data)
    return client.post(url, body, content_type="application/json", headers=headers)


def xendit_headers(token=XENDIT_TOKEN, webhook_id=None):
    return {"x-callback-token": token, "webhook-id": webhook_id or uuid.uuid4().hex}


def deliver_at_once(url, body, headers, count=10):
    """POST ``body`` to ``url`` from ``count`` threads released together; their (status, JSON) answers."""
    answers, errors = [], []
    start = threading.Barrier(count)

    def deliver():
        try:
            start.wait()
            response = post_json(Client(), url, body, **headers)
            answers.append((response.status_code, response.json()))
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return answers


class LogCapture:
    """Collects the records of the ``lokadaya.payments`` logger (it does not propagate to the root)."""

    def __init__(self, handler):
        self.handler = handler
        self.logger = logging.getLogger("lokadaya.payments")

    def __enter__(self):
        self.logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)

    @property
    def messages(self):
        records = {id(r): r for r in self.handler.records if r.name == "lokadaya.payments"}  # counted once
        return [r.getMessage() for r in records.values()]


def settle_now(through_retries=False):
    """Run the settlement the task worker would run now; ``{status: count}`` of what it settled.

    ``through_retries``: also run every retry at once, as if their backoff had passed, until no
    row is left waiting.
    """
    from django.utils import timezone

    from gateways.models import InboxItem
    from gateways.settlement import drain

    counts = drain()
    while through_retries and InboxItem.objects.filter(status=InboxItem.Status.PENDING).exists():
        InboxItem.objects.filter(status=InboxItem.Status.PENDING).update(next_attempt_at=timezone.now())
        for status, count in drain().items():
            counts[status] = counts.get(status, 0) + count
    return counts


# -- monthly donations (gateways.recurring) ---------------------------------------------------

MIDTRANS_CHARGE = f"{MIDTRANS_API}/v2/charge"
MIDTRANS_SAVED_TOKEN = "481111HeGwHNWhExDnRLFnyPXZdP1114"
XENDIT_SESSIONS = "https://api.xendit.co/sessions"
XENDIT_PAYMENT_REQUESTS = "https://api.xendit.co/v3/payment_requests"
XENDIT_PAYMENT_TOKEN = "pt-6a1f87c614802d6c402cd82d"


def start_monthly(client, campaign, method, amount="150.000", charge_day=5, **fields):
    """A pending monthly plan and its first donation made through the donation form (the plan is
    linked by hand, as the recurring helper's form does): ``(plan, donation)``."""
    from plugins.donation.recurring.models import RecurringDonation

    donation = donate(client, campaign, method, amount=amount, **fields)
    plan = RecurringDonation.objects.create(
        campaign=campaign, ask_id=donation.ask_id, name=donation.name, email=donation.email,
        amount=donation.amount, method=method, charge_day=charge_day, language="id")
    donation.recurring = plan
    donation.period = donation.created_at.date().replace(day=1)
    donation.save(update_fields=["recurring", "period"])
    return plan, donation


def monthly_charge(plan, period):
    """A new pending payment and donation for ``plan``'s charge of ``period`` (a month's first
    day), as the recurring worker makes them before calling ``gateways.recurring.charge``."""
    from plugins.donation.models import Payment

    payment = Payment.objects.create(variant=plan.method, currency="IDR", total=plan.amount,
                                     description=f"Donasi rutin {period:%m/%Y}", billing_email=plan.email,
                                     billing_first_name=plan.name[:256], extra_data=plan.language)
    return Donation.objects.create(campaign=plan.campaign, ask_id=plan.ask_id, name=plan.name, email=plan.email,
                                   amount=plan.amount, payment=payment, recurring=plan, period=period)


def midtrans_card_status(payment, transaction_status, saved_token_id=MIDTRANS_SAVED_TOKEN, **fields):
    """A card transaction as Midtrans describes it; with the card Snap saved (``saved_token_id=None``:
    none)."""
    data = midtrans_status(payment, transaction_status, payment_type="credit_card", masked_card="481111-1114",
                           card_type="credit", bank="bni", channel_response_code="00",
                           channel_response_message="Approved", approval_code="1578569243927", **fields)
    if saved_token_id:
        data.update({"saved_token_id": saved_token_id, "saved_token_id_expired_at": "2030-12-31 07:00:00"})
    return data


def midtrans_card_notification(payment, transaction_status, saved_token_id=MIDTRANS_SAVED_TOKEN, key=MIDTRANS_KEY,
                               **fields):
    """A signed Midtrans notification of a card payment, naming the saved card."""
    data = midtrans_card_status(payment, transaction_status, saved_token_id=saved_token_id, **fields)
    data["signature_key"] = hashlib.sha512(
        f"{data['order_id']}{data['status_code']}{data['gross_amount']}{key}".encode()).hexdigest()
    return data


def fake_midtrans_charge(mock, payment, transaction_status="capture", status_code="200", http_status=200, **fields):
    """``mock`` (a ``responses.RequestsMock``) answers the Core API charge of ``payment``: a card
    transaction, or (``status_code`` "4xx") Midtrans' refusal."""
    if status_code.startswith(("4", "5")) and status_code != "406":
        body = {"status_code": status_code, "status_message": fields.pop("status_message", "refused"), **fields}
    else:
        body = midtrans_card_status(payment, transaction_status, saved_token_id=None, status_code=status_code,
                                    **fields)
    return mock.post(MIDTRANS_CHARGE, json=body, status=http_status)


def xendit_session(payment, status="COMPLETED", payment_token_id=XENDIT_PAYMENT_TOKEN, **fields):
    """A Xendit Payment Session (pay and save) as its API and its events describe it."""
    data = {"payment_session_id": payment.transaction_id or "ps-6a1f87c614802d6c402cd82d",
            "reference_id": payment.token, "customer_id": "cust-e2878b4c-d57e-4a2c-922d-c0313c2800a3",
            "session_type": "PAY", "allow_save_payment_method": "FORCED", "currency": "IDR",
            "amount": int(payment.total), "country": "ID", "mode": "PAYMENT_LINK", "status": status,
            "payment_link_url": "https://xen.to/kGxPCi60", "created": "2026-11-30T03:00:00Z",
            "updated": "2026-11-30T03:05:00Z"}
    if status == "COMPLETED":
        data.update({"payment_token_id": payment_token_id, "payment_request_id": "pr-5a1f87c614802d6c402cd82d",
                     "payment_id": "py-5a1f87c614802d6c402cd82d", "channel_code": "CARDS"})
    data.update(fields)
    return data


def xendit_session_event(payment, status="COMPLETED", **fields):
    event = "payment_session.completed" if status == "COMPLETED" else "payment_session.expired"
    return {"event": event, "business_id": "661f87c614802d6c402cd82d", "created": "2026-11-30T03:05:00Z",
            "data": xendit_session(payment, status, **fields)}


def xendit_payment_request(payment, status="SUCCEEDED", request_id="pr-7b1f87c614802d6c402cd82d", **fields):
    """A Xendit payment request (a monthly charge) as its API and its ``payment.*`` events describe it."""
    data = {"payment_request_id": request_id, "reference_id": payment.token, "business_id": "661f87c614802d6c402cd82d",
            "type": "PAY", "country": "ID", "currency": "IDR", "request_amount": int(payment.total),
            "capture_method": "AUTOMATIC", "channel_code": "CARDS", "status": status,
            "created": "2026-12-05T03:00:00Z", "updated": "2026-12-05T03:00:01Z"}
    data.update(fields)
    return data


def xendit_payment_event(payment, status="SUCCEEDED", **fields):
    event = "payment.capture" if status == "SUCCEEDED" else "payment.failure"
    return {"event": event, "business_id": "661f87c614802d6c402cd82d", "created": "2026-12-05T03:00:02Z",
            "data": xendit_payment_request(payment, status, **fields)}


def fake_xendit_charge(mock, payment, status="SUCCEEDED", http_status=200, error_code="", **fields):
    """``mock`` answers the payment request of ``payment``'s monthly charge (``error_code``: Xendit's
    refusal with ``http_status``)."""
    if error_code:
        body = {"error_code": error_code, "message": fields.pop("message", "refused")}
    else:
        body = xendit_payment_request(payment, status, **fields)
    return mock.post(XENDIT_PAYMENT_REQUESTS, json=body, status=http_status)
