"""Midtrans Snap (redirect mode): e-wallets, virtual accounts, QRIS, cards.

Settings: ``MIDTRANS_SERVER_KEY`` and ``MIDTRANS_PRODUCTION``. In the Midtrans dashboard, set the
payment notification URL to ``https://<site>/payments/process/midtrans/``.

Monthly donations (``gateways.recurring``): the first payment of a monthly plan asks Snap to save
the card (``credit_card.save_card`` with a pseudonymous ``user_id``, cards only, 3-D Secure on, so
that a recurring MID saves it as a one-click token); the confirmed notification's
``saved_token_id`` is kept. Later months are charged by the worker through the Core API
(``POST /v2/charge``, ``credit_card.token_id`` = the saved token, the payment's token as order id).

A notification counts only if its ``signature_key`` is SHA-512(order_id + status_code +
gross_amount + server key), its gross_amount is the payment's total, and, where it would move
money, the status API says the same; the status API's word is the one acted on.
"""
import datetime
import hashlib
import hmac
import uuid
import zoneinfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from payments import PaymentError, PaymentStatus

from .base import HostedProvider
from .client import GatewayError, call
from .recurring import Declined, customer_ref
from .webhooks import (ZERO, Notification, Rejected, Unavailable, Verdict, check_amount, parse_json, text,
                       to_amount, whole_rupiah)

SANDBOX = {"snap": "https://app.sandbox.midtrans.com/snap/v1/transactions", "api": "https://api.sandbox.midtrans.com"}
PRODUCTION = {"snap": "https://app.midtrans.com/snap/v1/transactions", "api": "https://api.midtrans.com"}

#: transaction_status -> payment status, per Midtrans' status cycle. Read apart: "capture" and
#: "settlement" (with fraud_status), the partial ones (with their amounts), and a "cancel" or
#: "deny" of money that had been captured (a void).
STATUSES = {
    "pending": PaymentStatus.WAITING,
    # A card pre-authorisation: nothing is captured yet. Snap captures by itself; an
    # authorisation never captured ends as "cancel".
    "authorize": PaymentStatus.WAITING,
    "deny": PaymentStatus.REJECTED,
    "cancel": PaymentStatus.CANCELLED,
    "expire": PaymentStatus.CANCELLED,
    "failure": PaymentStatus.ERROR,
    "refund": PaymentStatus.REFUNDED,
    "chargeback": PaymentStatus.REFUNDED,
}
PAID = ("capture", "settlement")
PARTLY_REFUNDED = ("partial_refund", "partial_chargeback")
#: Statuses that, after a capture or settlement, mean the money is not ours after all.
VOIDS = ("cancel", "deny")
EVENTS = {"refund": "refund", "partial_refund": "refund", "chargeback": "chargeback",
          "partial_chargeback": "chargeback", "cancel": "void", "deny": "void"}


#: Fields of a card payment's notification that describe the card Snap saved.
SAVED_FIELDS = ("saved_token_id", "saved_token_id_expired_at", "masked_card", "card_type", "bank", "payment_type")
#: Core API status codes of a charge refused for the card or the request (not worth retrying
#: today): validation error, expired transaction, wrong data type, too many charges of the card,
#: invalid or expired token, syntax error. 401/402/410 (our account) and 5xx are retried.
CHARGE_REFUSED = ("400", "407", "408", "409", "411", "413")
#: The token is no longer usable: the saved method is revoked.
TOKEN_GONE = ("411",)
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
BRANDS = (("34", "AMEX"), ("37", "AMEX"), ("35", "JCB"), ("4", "VISA"), ("5", "Mastercard"), ("2", "Mastercard"))


def saved_method(data):
    """The card Snap saved, from a confirmed card payment's ``data``: ``{token, label, expires_at}``
    or None. Only the masked number's last four digits are kept in the label."""
    token = data.get("saved_token_id")
    if not isinstance(token, str) or not token or data.get("payment_type") not in (None, "credit_card"):
        return None
    digits = "".join(c for c in str(data.get("masked_card") or "") if c.isdigit())
    brand = next((name for prefix, name in BRANDS if digits.startswith(prefix)), "")
    label = f"{brand or _card_word(data)} •••• {digits[-4:]}" if len(digits) >= 4 else (brand or _card_word(data))
    expires_at = None
    try:
        expires_at = datetime.datetime.strptime(str(data.get("saved_token_id_expired_at") or ""),
                                                "%Y-%m-%d %H:%M:%S").replace(tzinfo=JAKARTA)
    except ValueError:
        pass
    return {"token": token, "label": label, "expires_at": expires_at}


def _card_word(data):
    return "Kartu " + str(data.get("bank") or "").upper() if data.get("bank") else "Kartu"


def signature(order_id, status_code, gross_amount, server_key):
    return hashlib.sha512(f"{order_id}{status_code}{gross_amount}{server_key}".encode()).hexdigest()


def refunded_total(data):
    """The total refunded or charged back so far, or None if the message does not say.

    Midtrans lists each refund and chargeback in ``refunds`` and their total in
    ``refund_amount``; the larger is taken, so a list cut short never lowers the total.
    """
    total = None
    refunds = data.get("refunds")
    if isinstance(refunds, list) and refunds:
        total = sum((to_amount(r.get("refund_amount") if isinstance(r, dict) else None, "refunds.refund_amount")
                     for r in refunds), ZERO)
    if data.get("refund_amount") is not None:
        stated = to_amount(data["refund_amount"], "refund_amount")
        total = stated if total is None else max(total, stated)
    return total


def read(data, total, checked_at=None):
    """A notification's or the status API's ``data`` as a Verdict for a payment of ``total``."""
    status = data.get("transaction_status")
    fraud = data.get("fraud_status") or ""
    refunded = ZERO
    if status in PAID:
        if fraud in ("", "accept"):
            new = PaymentStatus.CONFIRMED
        else:  # "challenge" waits for a review in the dashboard; "deny" is refused
            new = PaymentStatus.REJECTED if fraud == "deny" else PaymentStatus.WAITING
    elif status in PARTLY_REFUNDED:
        refunded = refunded_total(data)
        new = PaymentStatus.REFUNDED if refunded is not None and refunded >= total else PaymentStatus.CONFIRMED
    elif status in STATUSES:
        new = STATUSES[status]
    else:
        raise Rejected(400, f"unknown transaction_status {status!r}")
    if new == PaymentStatus.REFUNDED:
        refunded = total
    if refunded is not None and refunded > total:
        raise Rejected(400, f"refunded {refunded} is more than the total {total}")
    label = f"{status}/{fraud}" if fraud and status in PAID else status
    return Verdict(new, label, refunded, transaction_id=str(data.get("transaction_id") or ""), data=data,
                   voids=status in VOIDS, event=EVENTS.get(status, ""), checked_at=checked_at)


class MidtransSnapProvider(HostedProvider):
    name = "midtrans"
    label = "Midtrans"
    #: Cards can be saved for monthly charges (``gateways.recurring``). GoPay tokenisation needs
    #: Midtrans' account-linking flow (Core API), which Snap's redirect does not offer.
    saves_methods = True

    def __init__(self, server_key, production=False, snap_url="", api_url="", **kwargs):
        super().__init__(**kwargs)
        self.server_key = server_key
        self.urls = dict(PRODUCTION if production else SANDBOX)
        # A stand-in gateway on loopback (benchmarks, staging) replaces Midtrans' hosts.
        if snap_url:
            self.urls["snap"] = snap_url.rstrip("/")
        if api_url:
            self.urls["api"] = api_url.rstrip("/")

    def create(self, payment):
        customer = {"email": payment.billing_email}
        if payment.billing_first_name:
            customer["first_name"] = payment.billing_first_name[:255]
        transaction = {
            "transaction_details": {"order_id": payment.token, "gross_amount": whole_rupiah(payment.total)},
            "customer_details": customer,
            "callbacks": {"finish": payment.get_success_url()},
        }
        if payment.saves_method:
            # The first month of a monthly donation: a card, saved for the next months. Snap links
            # saved cards to ``user_id``, which Midtrans asks to be pseudonymous.
            transaction.update({"enabled_payments": ["credit_card"],
                                "credit_card": {"secure": True, "save_card": True},
                                "user_id": customer_ref(payment.billing_email)})
        data = call("POST", self.urls["snap"], self.server_key, transaction)
        if not data.get("token") or not data.get("redirect_url"):
            raise GatewayError(f"Snap answered without a token or redirect_url: {data}")
        return str(data["token"]), str(data["redirect_url"])

    def parse(self, request):
        data = parse_json(request.body)
        order_id, status_code, gross_amount = (text(data, f) for f in ("order_id", "status_code", "gross_amount"))
        text(data, "transaction_status")
        expected = signature(order_id, status_code, gross_amount, self.server_key)
        if not hmac.compare_digest(expected, str(data.get("signature_key") or "")):
            raise Rejected(403, "invalid signature_key")
        # Midtrans delivers the same message again as the same bytes; a changed status is a new body.
        return Notification(token=order_id, delivery_id=hashlib.sha256(request.body).hexdigest(), data=data,
                            body=request.body)

    def verdict(self, payment, data):
        check_amount(data["gross_amount"], "gross_amount", payment)
        return read(data, payment.total)

    def confirm(self, payment, verdict):
        asked_at = timezone.now()
        try:
            data = call("GET", f"{self.urls['api']}/v2/{payment.token}/status", self.server_key)
        except GatewayError as error:
            raise Unavailable(str(error)) from error
        if data.get("order_id") != payment.token or not data.get("transaction_status"):
            raise Rejected(400, f"the status API does not know this order: {data.get('status_message', '')}")
        check_amount(data.get("gross_amount"), "the status API's gross_amount", payment)
        # The saved card is told in the (signed) notification; the status API may leave it out.
        data = {**{f: verdict.data[f] for f in SAVED_FIELDS if f in verdict.data}, **data}
        checked = read(data, payment.total, checked_at=asked_at)
        if checked.refunded is None:
            raise Rejected(400, "the status API does not say how much was refunded")
        return checked

    def refund(self, payment, amount=None):
        """Ask Midtrans to refund ``amount`` (all that is captured by default); the amount refunded.

        What the refund changes is recorded when Midtrans' notification of it is settled (the
        one path for money); here only the request is made.
        """
        amount = amount or payment.captured_amount
        try:
            data = call("POST", f"{self.urls['api']}/v2/{payment.token}/refund", self.server_key, {
                # One key per refund asked for: two equal partial refunds asked before Midtrans has
                # notified the first are two refunds, not one request retried.
                "refund_key": f"{payment.token}-{uuid.uuid4().hex[:16]}",
                "amount": whole_rupiah(amount), "reason": "Donation refund",
            })
        except GatewayError as error:
            raise PaymentError(str(error)) from error
        if str(data.get("status_code")) != "200":
            raise PaymentError(f"Midtrans refused the refund: {data.get('status_message', data)}",
                               code=data.get("status_code"))
        return amount

    # -- monthly charges (``gateways.recurring``) -----------------------------------------------

    def charge_saved(self, payment, saved_method):
        """Charge the saved card for ``payment`` (Core API); its Verdict. Raises GatewayError
        (try again later) or ``recurring.Declined``."""
        asked_at = timezone.now()
        try:
            data = call("POST", f"{self.urls['api']}/v2/charge", self.server_key, {
                "payment_type": "credit_card",
                "transaction_details": {"order_id": payment.token, "gross_amount": whole_rupiah(payment.total)},
                "credit_card": {"token_id": saved_method.token},
                "customer_details": {"email": payment.billing_email},
            })
        except GatewayError as error:
            if error.status is None or error.status >= 500 or not error.data.get("status_code"):
                raise
            data = error.data  # Midtrans explains a refusal in the body
        code = str(data.get("status_code") or "")
        if code == "406":  # the order id was charged already (an earlier attempt got through)
            verdict = self.charge_status(payment)
            if verdict is None:
                raise GatewayError(f"Midtrans says order {payment.token} exists, its status API does not")
            return verdict
        if code in CHARGE_REFUSED:
            gone = code in TOKEN_GONE
            raise Declined(f"{code} {data.get('status_message', '')}"[:300], revoke=gone,
                           message=_("The saved card has expired or can no longer be used.") if gone
                           else _("Your card declined the payment."))
        return self._charge_verdict(payment, data, asked_at)

    def charge_status(self, payment):
        """What Midtrans knows of an earlier charge of ``payment``: a Verdict, or None if it has none."""
        asked_at = timezone.now()
        try:
            data = call("GET", f"{self.urls['api']}/v2/{payment.token}/status", self.server_key)
        except GatewayError as error:
            if error.status == 404:
                return None
            raise
        if str(data.get("status_code")) == "404":
            return None
        return self._charge_verdict(payment, data, asked_at)

    def _charge_verdict(self, payment, data, asked_at):
        if data.get("order_id") != payment.token or not data.get("transaction_status"):
            raise GatewayError(f"Midtrans answered the charge of {payment.token} with {str(data)[:300]}")
        try:
            check_amount(data.get("gross_amount"), "gross_amount", payment)
            return read(data, payment.total, checked_at=asked_at)
        except Rejected as error:  # a contradiction is for a person, not a decline of the donor's card
            raise GatewayError(f"Midtrans' answer to the charge of {payment.token}: {error.message}") from None
