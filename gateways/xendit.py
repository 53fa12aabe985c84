"""Xendit invoices: e-wallets, virtual accounts, QRIS, retail outlets.

Settings: ``XENDIT_SECRET_KEY`` and ``XENDIT_CALLBACK_TOKEN`` (the dashboard's callback
verification token). In the Xendit dashboard, set the invoice callback URL to
``https://<site>/payments/process/xendit/``.

A callback counts only if its ``x-callback-token`` header is the verification token, its amount is
the payment's total and its invoice id the one we created; its ``webhook-id`` header names the
delivery, so a second delivery of it is ignored.
"""
import hmac

from payments import PaymentError, PaymentStatus

from .base import HostedProvider
from .client import GatewayError, call
from .webhooks import Notification, Rejected, Verdict, check_amount, parse_json, text, whole_rupiah

API = "https://api.xendit.co"

STATUSES = {
    "PENDING": PaymentStatus.WAITING,
    "PAID": PaymentStatus.CONFIRMED,
    "SETTLED": PaymentStatus.CONFIRMED,
    "EXPIRED": PaymentStatus.CANCELLED,
}


class XenditInvoiceProvider(HostedProvider):
    name = "xendit"
    label = "Xendit"

    def __init__(self, secret_key, callback_token="", **kwargs):
        super().__init__(**kwargs)
        self.secret_key = secret_key
        self.callback_token = callback_token

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
        data = call("POST", f"{API}/v2/invoices", self.secret_key, invoice)
        if not data.get("id") or not data.get("invoice_url"):
            raise GatewayError(f"Xendit answered without an invoice id or invoice_url: {data}")
        payment.transaction_id = str(data["id"])[:255]
        payment.save(update_fields=["transaction_id", "modified"])
        return str(data["id"]), str(data["invoice_url"])

    def parse(self, request):
        token = request.headers.get("x-callback-token", "")
        if not self.callback_token or not hmac.compare_digest(token.encode(), self.callback_token.encode()):
            raise Rejected(403, "invalid x-callback-token")
        data = parse_json(request.body)
        invoice_id, external_id, status = (text(data, f) for f in ("id", "external_id", "status"))
        delivery_id = request.headers.get("webhook-id") or f"{invoice_id}:{status}"
        return Notification(token=external_id, delivery_id=delivery_id[:255], data=data)

    def verdict(self, payment, data):
        if payment.transaction_id and data["id"] != payment.transaction_id:
            raise Rejected(400, "the invoice id is not the one created for this payment")
        check_amount(data.get("amount"), "amount", payment)
        status = data["status"]
        if status not in STATUSES:
            raise Rejected(400, f"unknown status {status!r}")
        if STATUSES[status] == PaymentStatus.CONFIRMED and data.get("paid_amount") is not None:
            check_amount(data["paid_amount"], "paid_amount", payment)
        return Verdict(STATUSES[status], status, transaction_id=data["id"], data=data)

    def refund(self, payment, amount=None):
        raise PaymentError("Refund Xendit invoices in the Xendit dashboard, then mark the donation refunded.")
