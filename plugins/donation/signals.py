"""Keep a donation's status in step with its payment's (django-payments ``status_changed``)."""
from django.dispatch import receiver
from payments import PaymentStatus
from payments.signals import status_changed

from campaigns.events import change_status

from .models import Donation, Payment

#: Payment status -> donation status. Statuses not listed leave the donation as it is.
STATUS_MAP = {
    PaymentStatus.CONFIRMED: Donation.Status.CONFIRMED,
    PaymentStatus.REJECTED: Donation.Status.FAILED,
    PaymentStatus.ERROR: Donation.Status.FAILED,
    PaymentStatus.CANCELLED: Donation.Status.FAILED,
    PaymentStatus.REFUNDED: Donation.Status.REFUNDED,
}


@receiver(status_changed, sender=Payment)
def payment_status_changed(sender, instance, **kwargs):
    new_status = STATUS_MAP.get(instance.status)
    donation = Donation.objects.filter(payment=instance).first()
    if new_status is None or donation is None:
        return
    # A confirmed donation is never made pending or failed again by a late message;
    # only a refund moves it on.
    if donation.status == Donation.Status.CONFIRMED and new_status != Donation.Status.REFUNDED:
        return
    if donation.status == Donation.Status.REFUNDED:
        return
    change_status(donation, new_status, note=f"payment {instance.variant}: {instance.status}")
