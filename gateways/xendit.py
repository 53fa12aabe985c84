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
"""
import dataclasses
import hmac
import uuid

from django.utils import timezone
from payments import PaymentError, PaymentStatus

from .base import HostedProvider
from .client import GatewayError, call
from .models import GatewayTransaction
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


class XenditInvoiceProvider(HostedProvider):
    name = "xendit"
    label = "Xendit"

    def __init__(self, secret_key, callback_token="", api_url="", **kwargs):
        super().__init__(**kwargs)
        self.secret_key = secret_key
        self.callback_token = callback_token
        # A stand-in gateway on loopback (benchmarks, staging) replaces Xendit's host.
        self.api = (api_url or API).rstrip("/")

    def create(self, payment):
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
        else:
            invoice_id, external_id, status = (text(data, f) for f in ("id", "external_id", "status"))
            delivery_id = request.headers.get("webhook-id") or f"{invoice_id}:{status}"
        return Notification(token=external_id, delivery_id=delivery_id[:255], data=data, body=request.body)

    @staticmethod
    def _refund_data(data):
        refund = data.get("data")
        if not isinstance(refund, dict):
            raise Rejected(400, "data is missing")
        text(refund, "id")
        text(refund, "invoice_id")
        to_amount(refund.get("amount"), "data.amount")
        return refund

    def token_for(self, refund):
        """The payment of the invoice a refund names (the invoice id is ours, from ``create``)."""
        record = (GatewayTransaction.objects.filter(provider=self.name, reference=refund["invoice_id"])
                  .select_related("payment").first())
        if record is None:
            raise Rejected(404, "unknown invoice id")
        return record.payment.token

    def verdict(self, payment, data, checked_at=None):
        if data.get("event") in REFUND_EVENTS:
            return self._refund_verdict(payment, self._refund_data(data), checked_at)
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

    def _refund_verdict(self, payment, refund, checked_at):
        if payment.transaction_id and refund["invoice_id"] != payment.transaction_id:
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
        try:
            data = call("POST", f"{self.api}/refunds", self.secret_key, {
                "invoice_id": payment.transaction_id, "amount": whole_rupiah(amount), "currency": "IDR",
                "reason": "REQUESTED_BY_CUSTOMER", "reference_id": f"{payment.token}-{uuid.uuid4().hex[:12]}",
            })
        except GatewayError as error:
            raise PaymentError(str(error)) from error
        if str(data.get("status", "")).upper() == "FAILED":
            raise PaymentError(f"Xendit refused the refund: {data.get('failure_code', data)}")
        return amount
