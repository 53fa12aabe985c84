"""What both gateways share when a notification arrives: it counts once, in order, or not at all.

* A notification we refuse (wrong signature or token, malformed, unknown order, wrong amount)
  raises ``Rejected``: it is answered with a 4xx JSON error, logged on ``lokadaya.payments``,
  and changes nothing.
* ``receive()`` locks the payment row first, so deliveries of one payment queue up; a delivery
  already recorded in ``WebhookDelivery`` is then answered ``duplicate``. Ten identical deliveries
  at once count once.
* ``settle()`` only moves a payment forward (``can_move``): a late ``expire`` never undoes
  confirmed money; only a refund follows a confirmation, and it reverses what was counted.
"""
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.http import JsonResponse
from payments import PaymentStatus, get_payment_model

from .models import GatewayTransaction, WebhookDelivery
from .signals import partial_refund

logger = logging.getLogger("lokadaya.payments")

CONFIRMED, REFUNDED = PaymentStatus.CONFIRMED, PaymentStatus.REFUNDED
FAILED = {PaymentStatus.REJECTED, PaymentStatus.ERROR, PaymentStatus.CANCELLED}
ZERO = Decimal("0")


class Rejected(Exception):
    """A notification we refuse; answered with ``status`` (4xx) and ``message``."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class Unavailable(Exception):
    """The gateway could not be asked; answered 503 so that it delivers again later."""


@dataclass(frozen=True)
class Notification:
    token: str  # the payment's token: Midtrans' order_id, Xendit's external_id
    delivery_id: str
    data: dict


@dataclass(frozen=True)
class Verdict:
    """What a gateway says about a payment, in django-payments' terms."""

    status: str
    gateway_status: str
    refunded: Decimal | None = ZERO  # refunded so far; None: the gateway did not say how much
    transaction_id: str = ""
    data: dict = field(default_factory=dict, compare=False)

    @property
    def moves_money(self):
        return self.status in (CONFIRMED, REFUNDED)


def log_rejection(provider, error, token=""):
    logger.warning("%s notification rejected (HTTP %s): %s [order %s]", provider, error.status, error.message,
                   token or "?")


def rejection(provider, error, token=""):
    log_rejection(provider, error, token)
    return JsonResponse({"status": "error", "error": error.message}, status=error.status)


def parse_json(body):
    try:
        data = json.loads(body, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        raise Rejected(400, "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Rejected(400, "the body is not a JSON object")
    return data


def text(data, name):
    """The non-empty string field ``name`` of a notification."""
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise Rejected(400, f"{name} is missing")
    return value


def to_amount(value, name):
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise Rejected(400, f"{name} is not an amount")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise Rejected(400, f"{name} is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise Rejected(400, f"{name} is not an amount")
    return amount


def check_amount(value, name, payment):
    if to_amount(value, name) != payment.total:
        raise Rejected(400, f"{name} {value} does not match the payment's total {payment.total}")


def whole_rupiah(amount):
    """``amount`` as the integer the gateways expect; rupiah have no cents here."""
    if amount != amount.to_integral_value():
        raise ValueError(f"{amount} is not a whole number of rupiah")
    return int(amount)


def can_move(old, new):
    """May a payment go from ``old`` to ``new``? Forward only; money stays counted until refunded."""
    if old == new or old == REFUNDED:
        return False
    if old == CONFIRMED:
        return new == REFUNDED
    if old in FAILED:  # a failure is final, unless money did arrive after all
        return new in (CONFIRMED, REFUNDED)
    return True  # waiting, input, preauth


def would_change(payment, record, verdict):
    if can_move(payment.status, verdict.status):
        return True
    refunded = verdict.refunded
    return payment.status == CONFIRMED and (refunded is None or refunded > record.refunded_amount)


def receive(provider, notification):
    """Act once on a verified ``notification`` for ``provider``; the JSON answer for the gateway.

    Raises ``Rejected`` or ``Unavailable``; nothing written here survives them.
    """
    Payment = get_payment_model()
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(token=notification.token).first()
        if payment is None:
            raise Rejected(404, "unknown order id")
        if WebhookDelivery.objects.filter(provider=provider.name, delivery_id=notification.delivery_id).exists():
            logger.info("%s: delivery %s for order %s already received; ignored", provider.name,
                        notification.delivery_id, payment.token)
            return JsonResponse({"status": "duplicate"})
        record, _created = GatewayTransaction.objects.get_or_create(payment=payment,
                                                                    defaults={"provider": provider.name})
        verdict = provider.verdict(payment, notification.data)
        outcome = WebhookDelivery.Outcome.APPLIED
        if (verdict.moves_money or verdict.refunded is None) and would_change(payment, record, verdict):
            checked = provider.confirm(payment, verdict)
            if (checked.status, checked.gateway_status) != (verdict.status, verdict.gateway_status):
                logger.warning("%s: order %s notified as %s, but the gateway's status is %s; acting on the latter",
                               provider.name, payment.token, verdict.gateway_status, checked.gateway_status)
                outcome = WebhookDelivery.Outcome.OVERRULED
            verdict = checked
        if not settle(payment, record, verdict) and outcome == WebhookDelivery.Outcome.APPLIED:
            outcome = WebhookDelivery.Outcome.UNCHANGED
        WebhookDelivery.objects.create(provider=provider.name, delivery_id=notification.delivery_id,
                                       payment=payment, gateway_status=verdict.gateway_status[:40],
                                       outcome=outcome)
    logger.info("%s: order %s %s -> %s (%s)", provider.name, payment.token, verdict.gateway_status,
                payment.status, outcome)
    return JsonResponse({"status": "ok"})


def settle(payment, record, verdict):
    """Apply ``verdict`` to the locked ``payment`` where it moves forward; True if status or money moved."""
    moves = can_move(payment.status, verdict.status)
    refunded = verdict.refunded or ZERO
    more_refunded = refunded > record.refunded_amount and (moves or payment.status == CONFIRMED)
    if verdict.status == REFUNDED and moves:
        record.refunded_amount = payment.total
    elif more_refunded:
        record.refunded_amount = refunded
    record.gateway_status = verdict.gateway_status[:40]
    record.last_notification = verdict.data
    record.save()
    status = verdict.status if moves else payment.status
    if status == CONFIRMED:
        payment.captured_amount = payment.total - record.refunded_amount
    elif status == REFUNDED:
        payment.captured_amount = ZERO
    if verdict.transaction_id:
        payment.transaction_id = verdict.transaction_id[:255]
    payment.save(update_fields=["captured_amount", "transaction_id", "modified"])
    if moves:
        payment.change_status(verdict.status, message=f"{record.provider}: {verdict.gateway_status}"[:250])
    if more_refunded and status == CONFIRMED:
        logger.info("%s: order %s partly refunded, Rp %s of Rp %s", record.provider, payment.token,
                    record.refunded_amount, payment.total)
        refunded_so_far = record.refunded_amount
        transaction.on_commit(lambda: partial_refund.send(sender=type(payment), payment=payment,
                                                          refunded=refunded_so_far))
    return moves or more_refunded
