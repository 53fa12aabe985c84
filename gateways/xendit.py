"""Xendit invoices: e-wallets, virtual accounts, QRIS, retail outlets; and their refunds.

Settings: ``XENDIT_SECRET_KEY`` and ``XENDIT_CALLBACK_TOKEN`` (the dashboard's callback
verification token). In the Xendit dashboard, set both the invoice callback URL and the refund
callback URL to ``https://<site>/payments/process/xendit/``.

A callback counts only if its ``x-callback-token`` header is the verification token, its amount
is the payment's total and its invoice id the one we created; its ``webhook-id`` header names the
delivery. Before money moves, the worker asks Xendit's API (``GET /v2/invoices/{id}``, or
``GET /refunds/{id}`` for a refund) and acts on its answer.

Where this departs from a plain reading of the documentation, and why:

* ``paid_amount`` above ``amount`` (the payer paid more, or paid fees the invoice passed on) is
  recorded as what arrived and flagged for national finance, not refused: refusing it would
  leave money that did arrive recorded nowhere. Xendit's own fees are not in our ledger, as
  for every gateway. ``paid_amount`` below ``amount`` does not happen with invoices (they are
  paid whole); if it is ever reported, it is recorded as what arrived, flagged the same way.
* Invoice statuses are PENDING, PAID, SETTLED and EXPIRED; anything else is refused (400) so an
  unknown status never moves money.
* Refund events (``refund.succeeded`` / ``refund.failed``) report one refund each; refunds are
  kept by id (``GatewayTransaction.refunds``), so a refund reported twice counts once.

Monthly donations (``gateways.recurring``): the first payment of a monthly plan is a Payment
Session instead of an invoice (``POST /sessions``, ``session_type=PAY``, ``mode=PAYMENT_LINK``,
``allow_save_payment_method=FORCED``, cards as ``card_on_file_type=RECURRING``), whose
``payment_session.completed`` event names the saved ``payment_token_id``. Later months are charged
by the worker with a payment request (``POST /v3/payment_requests`` with the token, the payment's
token as ``reference_id`` and as the idempotency key); its ``payment.capture`` /
``payment.failure`` events arrive here like the rest and are checked against
``GET /v3/payment_requests/{id}``. Set the payment session and payments webhook URLs to the same
address.
"""
import dataclasses
import hmac
import uuid

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from payments import PaymentError, PaymentStatus

from .base import HostedProvider
from .client import GatewayError, call
from .models import GatewayTransaction
from .recurring import Declined, customer_ref
from .webhooks import (ZERO, Notification, Rejected, Unavailable, Verdict, check_amount, parse_json, text,
                       to_amount, whole_rupiah)

API = "https://api.xendit.co"

STATUSES = {
    "PENDING": PaymentStatus.WAITING,
    "PAID": PaymentStatus.CONFIRMED,
    "SETTLED": PaymentStatus.CONFIRMED,
    "EXPIRED": PaymentStatus.CANCELLED,
}
REFUND_EVENTS = ("refund.succeeded", "refund.failed")
SESSION_EVENTS = ("payment_session.completed", "payment_session.expired")
PAYMENT_EVENTS = ("payment.capture", "payment.failure")
SESSION_STATUSES = {
    "ACTIVE": PaymentStatus.WAITING,
    "COMPLETED": PaymentStatus.CONFIRMED,
    "EXPIRED": PaymentStatus.CANCELLED,
    "CANCELED": PaymentStatus.CANCELLED,
}
#: Payment request (v3) statuses. REQUIRES_ACTION waits: a merchant-initiated charge should not
#: need the donor, and if it does it ends FAILED or EXPIRED, notified.
REQUEST_STATUSES = {
    "ACCEPTING_PAYMENTS": PaymentStatus.WAITING,
    "REQUIRES_ACTION": PaymentStatus.WAITING,
    "AUTHORIZED": PaymentStatus.WAITING,
    "SUCCEEDED": PaymentStatus.CONFIRMED,
    "FAILED": PaymentStatus.REJECTED,
    "CANCELED": PaymentStatus.CANCELLED,
    "EXPIRED": PaymentStatus.CANCELLED,
}
#: The payments API version the monthly charges are written for.
API_VERSION = {"api-version": "2024-11-11"}
#: Error or failure codes that mean the saved token is gone (the method is revoked).
TOKEN_GONE = ("PAYMENT_TOKEN_NOT_FOUND", "PAYMENT_TOKEN_NOT_ACTIVE", "INVALID_PAYMENT_TOKEN", "EXPIRED_CARD",
              "ACCOUNT_ACCESS_BLOCKED", "TOKEN_EXPIRED")


def saved_method(data):
    """The method a completed Payment Session saved: ``{token, label}`` or None."""
    token = data.get("payment_token_id") if data.get("session_type", "PAY") == "PAY" else None
    if not isinstance(token, str) or not token or data.get("status") != "COMPLETED":
        return None
    channel = str(data.get("channel_code") or "").replace("_", " ").strip()
    return {"token": token, "label": f"Xendit {channel}".strip()}


class XenditInvoiceProvider(HostedProvider):
    name = "xendit"
    label = "Xendit"
    #: Cards and e-wallets can be saved for monthly charges (``gateways.recurring``).
    saves_methods = True

    def __init__(self, secret_key, callback_token="", api_url="", **kwargs):
        super().__init__(**kwargs)
        self.secret_key = secret_key
        self.callback_token = callback_token
        # A stand-in gateway on loopback (benchmarks, staging) replaces Xendit's host.
        self.api = (api_url or API).rstrip("/")

    def create(self, payment):
        if payment.saves_method:
            return self._create_session(payment)
        invoice = {
            "external_id": payment.token,
            "amount": whole_rupiah(payment.total),
            "currency": "IDR",
            "description": payment.description or payment.token,
            "success_redirect_url": payment.get_success_url(),
            "failure_redirect_url": payment.get_failure_url(),
        }
        if payment.billing_email:
            invoice["payer_email"] = payment.billing_email
        data = call("POST", f"{self.api}/v2/invoices", self.secret_key, invoice)
        if not data.get("id") or not data.get("invoice_url"):
            raise GatewayError(f"Xendit answered without an invoice id or invoice_url: {data}")
        payment.transaction_id = str(data["id"])[:255]
        payment.save(update_fields=["transaction_id", "modified"])
        return str(data["id"]), str(data["invoice_url"])

    def _create_session(self, payment):
        """The first month of a monthly donation: a Payment Session that saves the method it is
        paid with (``allow_save_payment_method=FORCED`` shows only methods that can be saved)."""
        customer = {"reference_id": customer_ref(payment.billing_email), "type": "INDIVIDUAL",
                    "email": payment.billing_email,
                    "individual_detail": {"given_names": (payment.billing_first_name or "Donatur")[:50]}}
        data = call("POST", f"{self.api}/sessions", self.secret_key, {
            "reference_id": payment.token, "session_type": "PAY", "mode": "PAYMENT_LINK",
            "amount": whole_rupiah(payment.total), "currency": "IDR", "country": "ID",
            "allow_save_payment_method": "FORCED", "customer": customer,
            "channel_properties": {"cards": {"card_on_file_type": "RECURRING"}},
            "description": payment.description or payment.token,
            "success_return_url": payment.get_success_url(), "cancel_return_url": payment.get_failure_url(),
        })
        if not data.get("payment_session_id") or not data.get("payment_link_url"):
            raise GatewayError(f"Xendit answered without a payment session id or link: {data}")
        payment.transaction_id = str(data["payment_session_id"])[:255]
        payment.save(update_fields=["transaction_id", "modified"])
        return str(data["payment_session_id"]), str(data["payment_link_url"])

    # -- notifications ------------------------------------------------------------------------

    def parse(self, request):
        token = request.headers.get("x-callback-token", "")
        if not self.callback_token or not hmac.compare_digest(token.encode(), self.callback_token.encode()):
            raise Rejected(403, "invalid x-callback-token")
        data = parse_json(request.body)
        if data.get("event") in REFUND_EVENTS:
            refund = self._refund_data(data)
            external_id = self.token_for(refund)
            delivery_id = request.headers.get("webhook-id") or f"{refund['id']}:{data['event']}"
        elif data.get("event") in SESSION_EVENTS + PAYMENT_EVENTS:
            inner = self._event_data(data)
            external_id = text(inner, "reference_id")
            key = inner.get("payment_session_id") or inner.get("payment_request_id")
            delivery_id = request.headers.get("webhook-id") or f"{key}:{inner.get('status')}:{data['event']}"
        else:
            invoice_id, external_id, status = (text(data, f) for f in ("id", "external_id", "status"))
            delivery_id = request.headers.get("webhook-id") or f"{invoice_id}:{status}"
        return Notification(token=external_id, delivery_id=delivery_id[:255], data=data, body=request.body)

    @staticmethod
    def _event_data(data):
        inner = data.get("data")
        if not isinstance(inner, dict):
            raise Rejected(400, "data is missing")
        text(inner, "reference_id")
        text(inner, "status")
        if data["event"] in SESSION_EVENTS:
            text(inner, "payment_session_id")
        else:
            text(inner, "payment_request_id")
        return inner

    @staticmethod
    def _refund_data(data):
        refund = data.get("data")
        if not isinstance(refund, dict):
            raise Rejected(400, "data is missing")
        text(refund, "id")
        if not refund.get("invoice_id"):
            text(refund, "payment_request_id")  # a refund of a session or monthly charge
        to_amount(refund.get("amount"), "data.amount")
        return refund

    def token_for(self, refund):
        """The payment of the invoice a refund names (the invoice id is ours, from ``create``)."""
        reference = refund.get("invoice_id") or refund.get("payment_request_id")
        record = (GatewayTransaction.objects.filter(provider=self.name, reference=reference)
                  .select_related("payment").first())
        if record is None:  # a session's payment request, named on the payment once it was paid
            record = (GatewayTransaction.objects.filter(provider=self.name, payment__transaction_id=reference)
                      .select_related("payment").first())
        if record is None:
            raise Rejected(404, "unknown invoice id")
        return record.payment.token

    def verdict(self, payment, data, checked_at=None):
        if data.get("event") in REFUND_EVENTS:
            return self._refund_verdict(payment, self._refund_data(data), checked_at)
        if data.get("event") in SESSION_EVENTS:
            return self._session_verdict(payment, self._event_data(data), checked_at)
        if data.get("event") in PAYMENT_EVENTS:
            return self._request_verdict(payment, self._event_data(data), checked_at)
        if payment.transaction_id and data.get("id") != payment.transaction_id:
            raise Rejected(400, "the invoice id is not the one created for this payment")
        check_amount(data.get("amount"), "amount", payment)
        status = data.get("status")
        if status not in STATUSES:
            raise Rejected(400, f"unknown status {status!r}")
        received = None
        if STATUSES[status] == PaymentStatus.CONFIRMED and data.get("paid_amount") is not None:
            received = to_amount(data["paid_amount"], "paid_amount")
            if received == 0:
                raise Rejected(400, "paid_amount is 0 for a paid invoice")
        return Verdict(STATUSES[status], status, transaction_id=data["id"], data=data, received=received,
                       checked_at=checked_at)

    def _session_verdict(self, payment, session, checked_at):
        ids = (session.get("payment_session_id"), session.get("payment_request_id"))
        if payment.transaction_id and payment.transaction_id not in ids:
            raise Rejected(400, "the payment session is not the one created for this payment")
        if session.get("reference_id") != payment.token:
            raise Rejected(400, "the payment session is for another order")
        check_amount(session.get("amount"), "amount", payment)
        status = session.get("status")
        if status not in SESSION_STATUSES:
            raise Rejected(400, f"unknown payment session status {status!r}")
        return Verdict(SESSION_STATUSES[status], f"session_{status}"[:40],
                       transaction_id=str(session.get("payment_request_id") or ""), data=session,
                       checked_at=checked_at)

    def _request_verdict(self, payment, request_data, checked_at):
        """A payment request (a monthly charge, or a session's payment) as a Verdict."""
        if payment.transaction_id and request_data.get("payment_request_id") != payment.transaction_id:
            raise Rejected(400, "the payment request is not the one made for this payment")
        if request_data.get("reference_id") != payment.token:
            raise Rejected(400, "the payment request is for another order")
        check_amount(request_data.get("request_amount", request_data.get("amount")), "request_amount", payment)
        status = request_data.get("status")
        if status not in REQUEST_STATUSES:
            raise Rejected(400, f"unknown payment request status {status!r}")
        label = f"{status}/{request_data['failure_code']}" if request_data.get("failure_code") else status
        return Verdict(REQUEST_STATUSES[status], str(label)[:40],
                       transaction_id=str(request_data.get("payment_request_id") or ""), data=request_data,
                       checked_at=checked_at)

    def _refund_verdict(self, payment, refund, checked_at):
        named = refund.get("invoice_id") or refund.get("payment_request_id")
        if payment.transaction_id and named != payment.transaction_id:
            raise Rejected(400, "the refund's invoice id is not the one created for this payment")
        amount = to_amount(refund["amount"], "data.amount")
        succeeded = str(refund.get("status", "")).upper() == "SUCCEEDED"
        status = str(refund.get("status") or "?").lower()
        # A refund does not change the payment's status by itself: apply() sees the refunded
        # total reach what arrived and makes it refunded.
        return Verdict(PaymentStatus.CONFIRMED, f"refund_{status}"[:40], refunded=ZERO,
                       data={"refund": refund}, refunds={refund["id"]: amount} if succeeded else None,
                       event="refund", checked_at=checked_at)

    def confirm(self, payment, verdict):
        """Xendit's own word: the invoice (``GET /v2/invoices/{id}``), or the refund (``GET /refunds/{id}``).

        A refund heard of before the payment was (its PAID callback late) asks the invoice too:
        what arrived is the invoice's ``paid_amount``, which may be more than the total; taking
        the total would make a refund of more than the total look like a refund of everything.
        """
        asked_at = timezone.now()
        refund = verdict.data.get("refund")
        try:
            if refund is not None:
                data = call("GET", f"{self.api}/refunds/{refund['id']}", self.secret_key)
                if data.get("id") != refund["id"]:
                    raise Rejected(400, "the refunds API does not know this refund")
                checked = self._refund_verdict(payment, {**refund, **data}, asked_at)
                if not checked.refunds or payment.status in (PaymentStatus.CONFIRMED, PaymentStatus.REFUNDED):
                    return checked
                invoice = self._invoice_verdict(payment, verdict, asked_at)
                return dataclasses.replace(checked, received=invoice.received) if invoice.received else checked
            if "payment_session_id" in verdict.data:
                data = call("GET", f"{self.api}/sessions/{verdict.data['payment_session_id']}", self.secret_key)
                # The saved token is told in the (verified) event; the API may leave it out.
                return self._session_verdict(payment, {**verdict.data, **data}, asked_at)
            if "payment_request_id" in verdict.data:
                return self._request_verdict(payment, self._get_request(verdict.data["payment_request_id"]),
                                             asked_at)
            return self._invoice_verdict(payment, verdict, asked_at)
        except GatewayError as error:
            raise Unavailable(str(error)) from error

    def _invoice_verdict(self, payment, verdict, asked_at):
        invoice_id = payment.transaction_id or verdict.transaction_id
        data = call("GET", f"{self.api}/v2/invoices/{invoice_id}", self.secret_key)
        if data.get("external_id") != payment.token:
            raise Rejected(400, "the invoice API does not know this order")
        return self.verdict(payment, data, checked_at=asked_at)

    # -- refunds from the site ----------------------------------------------------------------

    def refund(self, payment, amount=None):
        """Ask Xendit to refund ``amount`` of the invoice (all that is captured by default).

        The refund is recorded when Xendit's ``refund.succeeded`` event is settled.
        """
        amount = amount or payment.captured_amount
        if not payment.transaction_id:
            raise PaymentError("This payment has no Xendit invoice to refund.")
        paid_by = "payment_request_id" if payment.transaction_id.startswith("pr-") else "invoice_id"
        try:
            data = call("POST", f"{self.api}/refunds", self.secret_key, {
                paid_by: payment.transaction_id, "amount": whole_rupiah(amount), "currency": "IDR",
                "reason": "REQUESTED_BY_CUSTOMER", "reference_id": f"{payment.token}-{uuid.uuid4().hex[:12]}",
            })
        except GatewayError as error:
            raise PaymentError(str(error)) from error
        if str(data.get("status", "")).upper() == "FAILED":
            raise PaymentError(f"Xendit refused the refund: {data.get('failure_code', data)}")
        return amount

    # -- monthly charges (``gateways.recurring``) -----------------------------------------------

    def _get_request(self, request_id):
        return call("GET", f"{self.api}/v3/payment_requests/{request_id}", self.secret_key, headers=API_VERSION)

    def charge_saved(self, payment, saved_method):
        """Charge the saved token for ``payment`` with a payment request; its Verdict. Raises
        GatewayError (try again later) or ``recurring.Declined``. The payment's token is the
        idempotency key: the same charge asked twice is one payment request at Xendit."""
        asked_at = timezone.now()
        try:
            data = call("POST", f"{self.api}/v3/payment_requests", self.secret_key, {
                "reference_id": payment.token, "type": "PAY", "country": "ID", "currency": "IDR",
                "request_amount": whole_rupiah(payment.total), "capture_method": "AUTOMATIC",
                "payment_token_id": saved_method.token, "description": payment.description or payment.token,
            }, headers={**API_VERSION, "idempotency-key": payment.token})
        except GatewayError as error:
            code = str(error.data.get("error_code") or "")
            if error.status in (400, 404, 409) and code:
                gone = code in TOKEN_GONE
                raise Declined(f"{error.status} {code} {error.data.get('message', '')}"[:300], revoke=gone,
                               message=_("The saved card or e-wallet can no longer be used.") if gone
                               else _("Your card or e-wallet declined the payment.")) from None
            raise
        return self._charge_verdict(payment, data, asked_at)

    def charge_status(self, payment):
        """What Xendit knows of an earlier charge of ``payment``: a Verdict, or None if none was made."""
        record = GatewayTransaction.objects.filter(payment=payment).first()
        if record is None or not record.reference:
            return None  # asked before but no answer kept: asking again with the same key is safe
        return self._charge_verdict(payment, self._get_request(record.reference), timezone.now())

    def _charge_verdict(self, payment, data, asked_at):
        if not data.get("payment_request_id"):
            raise GatewayError(f"Xendit answered the charge of {payment.token} without a payment request id")
        # Keep the payment request's id: its events and refunds name it.
        GatewayTransaction.objects.filter(payment=payment).update(reference=str(data["payment_request_id"])[:255])
        type(payment).objects.filter(pk=payment.pk).update(transaction_id=str(data["payment_request_id"])[:255])
        payment.transaction_id = str(data["payment_request_id"])[:255]
        try:
            verdict = self._request_verdict(payment, data, asked_at)
        except Rejected as error:
            raise GatewayError(f"Xendit's answer to the charge of {payment.token}: {error.message}") from None
        if verdict.status == PaymentStatus.REJECTED and str(data.get("failure_code") or "") in TOKEN_GONE:
            raise Declined(f"FAILED {data.get('failure_code')}", revoke=True,
                           message=_("The saved card or e-wallet can no longer be used."))
        return verdict
