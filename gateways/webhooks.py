"""What both gateways share when a notification arrives: verified and stored at once, then
settled once, in order, or not at all.

The invariants this module keeps:

* **Bad input changes nothing.** A notification we refuse (wrong signature or token, malformed,
  unknown order, another gateway's order, wrong amount, unknown status) raises ``Rejected``: it is
  answered with a 4xx JSON error, logged on ``lokadaya.payments``, and nothing is stored.
* **Nothing received is dropped.** A verified notification is written to the inbox
  (``InboxItem``) before it is answered 200; the task worker settles it later
  (``gateways.settlement``). The gateway's request never waits on the gateway's status API.
* **Deduplicated on what was applied, not on what was seen.** A second delivery of the same
  notification (same delivery id and body) is answered ``duplicate`` only when the first one was
  applied or was already true; one that was overruled by the status API or failed is put back in
  the queue, so it is asked about again now that the gateway may have caught up.
* **Money only moves forward** (``can_move``): a late ``expire`` never undoes confirmed money;
  after a confirmation only a refund, or a void/deny of a card capture (``Verdict.voids``),
  changes it. Refunded amounts only grow. ``apply`` runs under the payment's row lock and writes
  amounts and status together; the donation and the ledger follow in the same transaction
  (``plugins.donation.signals``). A card or wallet saved by a monthly plan's first payment is
  stored (``recurring.remember``) before the donation follows.
"""
import hashlib
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import connections, transaction
from django.http import JsonResponse
from django.utils import timezone
from payments import PaymentStatus
from payments.signals import status_changed

from .models import GatewayTransaction, InboxItem

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
    """The gateway could not be asked; the settlement is tried again later."""


@dataclass(frozen=True)
class Notification:
    """A verified notification: whose payment (``token``), which delivery, what it says."""

    token: str  # the payment's token: Midtrans' order_id, Xendit's external_id
    delivery_id: str
    data: dict
    body: bytes = b""


@dataclass(frozen=True)
class Verdict:
    """What a gateway says about a payment, in django-payments' terms."""

    status: str
    gateway_status: str
    refunded: Decimal | None = ZERO  # refunded so far; None: the gateway did not say how much
    transaction_id: str = ""
    data: dict = field(default_factory=dict, compare=False)
    #: What arrived, when the gateway says (Xendit's paid_amount); None: the payment's total.
    received: Decimal | None = None
    #: Refunds reported one by one, ``{refund id: amount}`` (Xendit's refund events).
    refunds: dict | None = None
    #: A cancel or deny of money that had been captured (Midtrans' card capture voided before
    #: settlement): the one way, besides a refund, that confirmed money stops counting.
    voids: bool = False
    #: The name of the ledger lines this writes (``income``, ``refund``, ``chargeback``...).
    event: str = ""
    #: When the gateway's status API gave this answer (None: the notification itself).
    checked_at: object = None

    @property
    def moves_money(self):
        return self.status in (CONFIRMED, REFUNDED) or self.voids or bool(self.refunds)


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


def can_move(old, new, voids=False):
    """May a payment go from ``old`` to ``new``? Forward only; money stays counted until refunded
    or voided."""
    if old == new or old == REFUNDED:
        return False
    if old == CONFIRMED:
        return new == REFUNDED or (voids and new in FAILED)
    if old in FAILED:  # a failure is final, unless money did arrive after all
        return new in (CONFIRMED, REFUNDED)
    return True  # waiting, input, preauth


def refunded_so_far(record, verdict):
    """The refunded total once ``verdict`` is applied to ``record`` (never less than before)."""
    refunded = record.refunded_amount
    if verdict.refunds:
        merged = {**record.refunds, **{key: str(value) for key, value in verdict.refunds.items()}}
        refunded = max(refunded, sum((Decimal(value) for value in merged.values()), ZERO))
    if verdict.refunded is not None:
        refunded = max(refunded, verdict.refunded)
    return refunded


def would_change(payment, record, verdict):
    """Would applying ``verdict`` change ``payment``'s status or money?"""
    if can_move(payment.status, verdict.status, verdict.voids):
        return True
    if verdict.refunded is None and payment.status == CONFIRMED:
        return True  # a refund whose amount only the status API can tell
    if verdict.refunds and any(key not in record.refunds for key in verdict.refunds):
        return True
    if (verdict.received is not None and payment.status in (CONFIRMED, REFUNDED)
            and verdict.received != payment.received_amount):
        return True  # another amount arrived than the one recorded (apply() would record it)
    return payment.status == CONFIRMED and refunded_so_far(record, verdict) > record.refunded_amount


# -- in the gateway's request: store, answer --------------------------------------------------

def accept(provider, variant, notification, payment):
    """Store a verified ``notification`` about ``payment`` in the inbox; the JSON answer.

    A new notification is queued; a redelivery of one that was not applied is queued again;
    a redelivery of one that was applied is a duplicate. The worker is woken after commit.
    """
    body = notification.body
    key = {"provider": provider.name, "delivery_id": notification.delivery_id[:255],
           "body_sha256": hashlib.sha256(body).hexdigest()}
    claimed = str(notification.data.get("transaction_status") or notification.data.get("status")
                  or notification.data.get("event") or "")[:40]
    if not _insert_new(key, variant=variant[:255], order_id=notification.token[:255], body=body.decode("utf-8"),
                       payment_id=payment.pk, claimed_status=claimed):
        return _received_again(key)
    from .settlement import wake

    transaction.on_commit(wake)  # at once outside a transaction; after the caller's commit inside one
    return JsonResponse({"status": "ok"})


def _insert_new(key, **fields):
    """Insert an inbox row unless one with ``key`` exists; True if inserted. One statement, no
    savepoint: ``INSERT ... ON CONFLICT DO NOTHING`` (PostgreSQL and SQLite)."""
    now = timezone.now()
    row = {**key, **fields, "status": str(InboxItem.Status.PENDING), "gateway_status": "", "attempts": 0,
           "next_attempt_at": now, "received_at": now, "last_error": ""}
    meta = InboxItem._meta
    columns = [(meta.get_field(name), value) for name, value in row.items()]
    connection = connections[InboxItem.objects.db]
    quote = connection.ops.quote_name
    values = [field.get_db_prep_save(value, connection) for field, value in columns]
    columns = [field for field, _value in columns]
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))}) "
           f"ON CONFLICT ({', '.join(quote(meta.get_field(name).column) for name in key)}) DO NOTHING "
           f"RETURNING {quote(meta.pk.column)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchone() is not None


def _received_again(key):
    """A notification we have: a duplicate when it was applied; queued again when it was not.

    Reads without a lock, so a redelivery never waits for the worker that is settling it (a row
    still waiting or being settled is left alone).
    """
    from .settlement import wake

    item = InboxItem.objects.only("pk", "status", "provider", "delivery_id", "order_id").get(**key)
    if item.status in InboxItem.DONE_STATUSES:
        # Settled and committed: no worker holds the row, so this does not wait.
        InboxItem.objects.filter(pk=item.pk).update(received_again_at=timezone.now())
        logger.info("%s: delivery %s for order %s already applied; duplicate", item.provider, item.delivery_id,
                    item.order_id)
        return JsonResponse({"status": "duplicate"})
    if item.status != InboxItem.Status.PENDING:  # overruled or failed: ask the gateway again
        now = timezone.now()
        queued = InboxItem.objects.filter(pk=item.pk, status=item.status).update(
            status=InboxItem.Status.PENDING, next_attempt_at=now, received_again_at=now, attempts=0,
            claimed_until=None)
        if queued:
            logger.info("%s: delivery %s for order %s was %s; queued again", item.provider, item.delivery_id,
                        item.order_id, item.status)
            transaction.on_commit(wake)
    return JsonResponse({"status": "ok"})


# -- in the worker: apply what the gateway says ------------------------------------------------

def apply(payment, record, verdict):
    """Apply ``verdict`` to the locked ``payment`` where it moves forward; True if status or money moved.

    Writes the payment's received/refunded/captured amounts and status in one UPDATE, then
    announces it with django-payments' ``status_changed`` (as ``payment.change_status`` would; even
    when only the amounts changed), which the donation follows.
    """
    moves = can_move(payment.status, verdict.status, verdict.voids)
    status = verdict.status if moves else payment.status
    refunded = refunded_so_far(record, verdict) if (moves or payment.status == CONFIRMED) else record.refunded_amount
    if verdict.refunds:
        record.refunds = {**record.refunds, **{key: str(value) for key, value in verdict.refunds.items()}}
    received = payment.received_amount
    if status in (CONFIRMED, REFUNDED) and (moves or verdict.received is not None):
        received = verdict.received if verdict.received is not None else (received or payment.total)
    if status == REFUNDED:
        refunded = received
    refunded = min(refunded, received)
    if status == CONFIRMED and received and refunded >= received:
        status, moves = REFUNDED, True  # refunds that add up to everything that arrived
    money_moved = (received, refunded) != (payment.received_amount, payment.refunded_amount)
    record.refunded_amount = refunded
    record.gateway_status = verdict.gateway_status[:40]
    record.last_notification = verdict.data
    if verdict.checked_at is not None:
        record.checked_at = verdict.checked_at
    record.save(update_fields=["refunded_amount", "refunds", "gateway_status", "last_notification", "checked_at",
                               "updated_at"] if record.pk else None)
    if verdict.transaction_id:
        payment.transaction_id = verdict.transaction_id[:255]
    payment.received_amount = received
    payment.refunded_amount = refunded
    payment.captured_amount = received - refunded if status == CONFIRMED else ZERO
    fields = ["received_amount", "refunded_amount", "captured_amount", "transaction_id", "modified"]
    if moves and status == CONFIRMED:
        from .recurring import remember

        # The card or wallet a monthly plan's first payment saved, stored before the donation
        # (and its plan) follow the confirmation below, in this transaction.
        remember(payment, record.provider, verdict)
    if moves or money_moved:
        # What payment.change_status() does, in the same UPDATE as the amounts.
        payment.status = status
        payment.message = f"{record.provider}: {verdict.gateway_status}"[:250]
        payment.ledger_event = verdict.event or None
        payment.save(update_fields=[*fields, "status", "message"])
        status_changed.send(sender=type(payment), instance=payment)
    else:
        payment.save(update_fields=fields)
    from finance.models import MoneyFlag

    if received and received != payment.total and status in (CONFIRMED, REFUNDED):
        kind = MoneyFlag.Kind.OVERPAYMENT if received > payment.total else MoneyFlag.Kind.UNDERPAYMENT
        _flag(payment, kind, payment.total, received, f"paid {received}, asked {payment.total}")
    if verdict.event == "chargeback" and money_moved:  # the payer's bank took money back
        _flag(payment, MoneyFlag.Kind.CHARGEBACK, received, received - refunded,
              f"Rp {refunded} taken back of Rp {received}")
    return moves or money_moved


def _flag(payment, kind, expected, received, note):
    """Flag ``payment``'s donation for national finance (``finance.models.MoneyFlag``), once per kind."""
    from finance.ledger import flag_money

    donation = getattr(payment, "donation", None)
    if donation is not None:
        flag_money(donation, donation.campaign, kind, expected, received, note=f"{payment.variant}: {note}")


def lock_for_settlement(payment, provider_name):
    """The payment (row-locked) and its gateway record, inside the caller's transaction.

    The record is one-to-one with the payment, so the payment's lock guards it too. A payment the
    gateway never spoke of yet gets an unsaved record: ``apply`` inserts it with what it writes.
    """
    locked = type(payment).objects.select_for_update(of=("self",), no_key=True).select_related("gateway").get(pk=payment.pk)
    try:
        record = locked.gateway
    except GatewayTransaction.DoesNotExist:
        record = GatewayTransaction(payment=locked, provider=provider_name)
    return locked, record
