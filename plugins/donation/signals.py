"""Keep a donation's status in step with its payment's (django-payments ``status_changed``).

The status change and the ledger lines are written in one transaction: a confirmed donation
always has its ledger lines, a refunded one its reversing lines.
"""
from django.db import transaction
from django.dispatch import receiver
from payments import PaymentStatus
from payments.signals import status_changed

from campaigns.events import change_status
from finance.ledger import record_income, reverse_income
from gateways.signals import partial_refund

from .models import Donation, Payment

#: Payment status -> donation status. Statuses not listed leave the donation as it is.
STATUS_MAP = {
    PaymentStatus.CONFIRMED: Donation.Status.CONFIRMED,
    PaymentStatus.REJECTED: Donation.Status.FAILED,
    PaymentStatus.ERROR: Donation.Status.FAILED,
    PaymentStatus.CANCELLED: Donation.Status.FAILED,
    PaymentStatus.REFUNDED: Donation.Status.REFUNDED,
}


def allowed(current, new):
    """Statuses only move forward: pending -> confirmed/failed; confirmed -> refunded; failed -> confirmed
    (a late payment that did arrive); refunded is final."""
    if current == new or current == Donation.Status.REFUNDED:
        return False
    if current == Donation.Status.CONFIRMED:
        return new == Donation.Status.REFUNDED
    if new == Donation.Status.REFUNDED:
        return False  # nothing was counted, nothing to refund
    return True


def apply_payment_status(donation, new_status, note="", user=None):
    """Move ``donation`` to ``new_status`` with its ledger lines, under a row lock; idempotent."""
    with transaction.atomic():
        locked = Donation.objects.select_for_update().select_related("campaign").get(pk=donation.pk)
        if new_status == Donation.Status.REFUNDED and locked.status in (Donation.Status.PENDING,):
            # Money that never counted and was sent back: the donation simply failed.
            new_status = Donation.Status.FAILED
        if not allowed(locked.status, new_status):
            return False
        change_status(locked, new_status, user=user, note=note)
        if new_status == Donation.Status.CONFIRMED:
            record_income(locked.campaign, locked.amount, locked)
        elif new_status == Donation.Status.REFUNDED:
            reverse_income(locked)
    donation.refresh_from_db()
    return True


@receiver(status_changed, sender=Payment)
def payment_status_changed(sender, instance, **kwargs):
    new_status = STATUS_MAP.get(instance.status)
    donation = Donation.objects.filter(payment=instance).first()
    if new_status is None or donation is None:
        return
    apply_payment_status(donation, new_status, note=f"payment {instance.variant}: {instance.status}")


@receiver(partial_refund, sender=Payment)
def payment_partly_refunded(sender, payment, refunded, **kwargs):
    """Reverse the newly refunded part in the ledger and in the donation's counted amount; idempotent."""
    with transaction.atomic():
        donation = Donation.objects.select_for_update().filter(payment=payment).first()
        if donation is None or donation.status != Donation.Status.CONFIRMED or refunded <= donation.refunded_amount:
            return
        refunded = min(refunded, donation.amount)
        reverse_income(donation, amount=refunded - donation.refunded_amount, reference=f"refund:{refunded}")
        donation.refunded_amount = refunded
        donation.save(update_fields=["refunded_amount", "updated_at"])
