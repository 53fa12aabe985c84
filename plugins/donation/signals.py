"""Keep a donation in step with its payment, and the ledger in step with the donation.

The invariants kept here:

* A donation counts ``received_amount - refunded_amount`` while confirmed and nothing otherwise
  (``Donation.counted_amount``); its ledger lines always net to the split of exactly that
  (``finance.ledger.sync_record``), written in the same transaction as the change, under the
  donation's row lock.
* Everything is computed from the payment's *current* state (status, received, refunded), never
  from an event's delta, so a repeated, late or reordered event cannot count anything twice.
* Statuses only move forward (``allowed``): pending -> confirmed/failed; confirmed -> refunded,
  or failed when the gateway voids or denies money it had captured; failed -> confirmed when the
  money did arrive after all; refunded is final. Refunded amounts only grow.
"""
import functools
from decimal import Decimal

from django.db import transaction
from django.dispatch import receiver
from payments import PaymentStatus
from payments.signals import status_changed

from campaigns.events import change_status
from finance.ledger import carry_placement, placement_annotations, sync_record

from .fundraisers import service as fundraisers
from .matching import service as matching
from .models import Donation, Payment
from .recurring import service as recurring

ZERO = Decimal("0")

#: Payment status -> donation status. Statuses not listed leave the donation as it is.
STATUS_MAP = {
    PaymentStatus.CONFIRMED: Donation.Status.CONFIRMED,
    PaymentStatus.REJECTED: Donation.Status.FAILED,
    PaymentStatus.ERROR: Donation.Status.FAILED,
    PaymentStatus.CANCELLED: Donation.Status.FAILED,
    PaymentStatus.REFUNDED: Donation.Status.REFUNDED,
}


def allowed(current, new, voids=False):
    """May a donation move from ``current`` to ``new``? (See the module's invariants.)

    Confirmed money fails only when the provider says it was voided (``voids``): a late failure
    message never undoes it.
    """
    if current == new or current == Donation.Status.REFUNDED:
        return False
    if current == Donation.Status.CONFIRMED:
        return new == Donation.Status.REFUNDED or (voids and new == Donation.Status.FAILED)
    if new == Donation.Status.REFUNDED:
        return False  # nothing was counted, nothing to refund
    return True


def _event(old_status, new_status, old_counted, new_counted):
    """A name for the ledger lines of a change: income, refund, void, correction."""
    if new_status == Donation.Status.FAILED and old_status == Donation.Status.CONFIRMED:
        return "void"
    if old_counted == 0 and new_counted > 0:
        return "income"
    if new_counted < old_counted:
        return "refund"
    return "correction"


#: What settling reads of the donation's campaign: its place in the network (``finance.ledger.placement``)
#: and the match funds' scope (``matching.service.scope_condition``). A campaign page's whole row (its
#: body and asks, dozens of columns) cost more to fetch and build than the rest of a confirmation.
CAMPAIGN_FIELDS = ("path", "depth", "translation_key", "locale_id", "regency_id")


def locked_for_settling():
    """Donations, row-locked, with their campaign's ``CAMPAIGN_FIELDS`` (any other is read on use) and
    the campaign's OMS (``finance.ledger.placement_annotations``): the ledger lines ask no more."""
    return _settling_queryset().all()


@functools.cache
def _settling_queryset():
    """``locked_for_settling``'s queryset, built once per process (never evaluated: each use is a
    copy). Building it, two subqueries and a narrowed join, cost 1.3 ms of CPU for each confirmation,
    more than running it."""
    own = [field.name for field in Donation._meta.concrete_fields]
    return (Donation.objects.select_for_update(of=("self",), no_key=True).select_related("campaign")
            .only(*own, *(f"campaign__{name}" for name in CAMPAIGN_FIELDS))
            .annotate(**placement_annotations()))


def settle(donation, *, status=None, received=None, refunded=None, note="", user=None, event=None, voids=False):
    """Apply what is now known of ``donation``'s money, with its ledger lines; idempotent.

    ``status``: the donation status it should have (ignored where ``allowed`` says no; ``voids``:
    the provider voided money it had confirmed); ``received``/``refunded``: what arrived and what
    was given back so far (refunded only grows, and never beyond what was received). Returns True
    if the status or the money changed. ``donation`` is refreshed afterwards.
    """
    with transaction.atomic():
        locked = locked_for_settling().get(pk=donation.pk)
        changed = _settle_locked(locked, status, received, refunded, note, user, event, voids)
    donation.refresh_from_db()
    return changed


def _settle_locked(locked, status, received, refunded, note, user, event, voids):
    """``settle`` on a donation read under its row lock (with its campaign)."""
    old_status, old_counted = locked.status, locked.counted_amount
    carry_placement(locked, locked.campaign)
    # Received money never goes back to 0: a donation with none has never counted, has no lines
    # and no match.
    never_counted = old_status != Donation.Status.CONFIRMED and not locked.received_amount
    if status == Donation.Status.REFUNDED and locked.status == Donation.Status.PENDING:
        status = Donation.Status.FAILED  # money that never counted and was sent back: it simply failed
    new_status = status if status is not None and allowed(locked.status, status, voids) else locked.status
    new_received = locked.received_amount if received is None else Decimal(received)
    if new_status == Donation.Status.CONFIRMED and not new_received:
        new_received = locked.amount  # a provider that does not say what arrived
    new_refunded = max(locked.refunded_amount, ZERO if refunded is None else Decimal(refunded))
    new_refunded = min(new_refunded, new_received)
    if new_status == Donation.Status.CONFIRMED and new_received and new_refunded >= new_received:
        new_status = Donation.Status.REFUNDED if allowed(locked.status, Donation.Status.REFUNDED) else locked.status
    fields = {"received_amount": new_received, "refunded_amount": new_refunded}
    changed = change_status(locked, new_status, user=user, note=note, locked=True, **fields)
    written = sync_record(locked, locked.campaign, locked.counted_amount,
                          event or _event(old_status, locked.status, old_counted, locked.counted_amount),
                          never_counted=never_counted)
    # What follows from the donation's money, in the same transaction, under its lock: a sponsor's
    # match (its own ledger lines), its fundraiser's total, its monthly plan.
    if old_counted != locked.counted_amount:
        matching.follow(locked, old_counted, never_counted=never_counted)
        fundraisers.follow(locked, old_counted)
    if old_status != locked.status and locked.recurring_id:
        recurring.follow(locked, old_status)
    return changed or written


#: Donation status set by hand -> the payment status that says the same.
PAYMENT_STATUS = {
    Donation.Status.CONFIRMED: PaymentStatus.CONFIRMED,
    Donation.Status.FAILED: PaymentStatus.REJECTED,
    Donation.Status.REFUNDED: PaymentStatus.REFUNDED,
}


def apply_payment_status(donation, new_status, note="", user=None):
    """A status set by hand in the admin (e.g. a refund made outside the site); the ledger follows,
    and so does the payment (its amounts and status), so the two never disagree and a later
    gateway notification cannot undo the change.

    Refunded by hand gives back everything that arrived.
    """
    refunded = None
    if new_status == Donation.Status.REFUNDED:
        donation.refresh_from_db()
        refunded = donation.received_amount or donation.amount
    with transaction.atomic():
        # The payment first, then the donation (in settle): the order the gateways' path locks them.
        payment = Payment.objects.select_for_update(no_key=True).get(pk=donation.payment_id)
        changed = settle(donation, status=new_status, refunded=refunded, note=note, user=user)
        payment.received_amount = donation.received_amount
        payment.refunded_amount = donation.refunded_amount
        payment.captured_amount = donation.counted_amount
        payment.save(update_fields=["received_amount", "refunded_amount", "captured_amount", "modified"])
        status = PAYMENT_STATUS.get(donation.status)
        if status is not None and payment.status != status:
            payment.change_status(status, message=(note or f"set by hand: {donation.status}")[:250])
    return changed


def payment_money(payment):
    """``(received, refunded)`` as ``payment`` records them; received None when it does not say."""
    received = payment.received_amount or None
    if received is None and payment.status == PaymentStatus.CONFIRMED and payment.captured_amount:
        received = payment.captured_amount + payment.refunded_amount
    return received, payment.refunded_amount


@receiver(status_changed, sender=Payment)
def payment_status_changed(sender, instance, **kwargs):
    """Every provider announces a change of status or money with ``payment.change_status``.

    A provider may set ``payment.ledger_event`` first to name the ledger lines (``chargeback``,
    ``late``); ``"void"`` also says that confirmed money was voided by the gateway.
    """
    received, refunded = payment_money(instance)
    event = getattr(instance, "ledger_event", None)
    with transaction.atomic(savepoint=False):  # part of the provider's transaction, all or nothing
        locked = locked_for_settling().filter(payment=instance).first()
        if locked is None:
            return
        _settle_locked(locked, STATUS_MAP.get(instance.status), received, refunded,
                       f"payment {instance.variant}: {instance.status}"[:250], None, event, event == "void")
        if received is None and locked.received_amount and instance.received_amount != locked.received_amount:
            # A provider that does not say what arrived (django-payments' test provider): the payment
            # records what the donation took as arrived, so the two never disagree (reconcile checks it).
            instance.received_amount, instance.captured_amount = locked.received_amount, locked.counted_amount
            Payment.objects.filter(pk=instance.pk).update(received_amount=instance.received_amount,
                                                          captured_amount=instance.captured_amount)
