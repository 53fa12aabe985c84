"""Monthly donations through the gateways: saving a card or e-wallet on the first payment, and
charging it later from the worker.

The invariants this module keeps:

* **Only a token is kept** (``SavedPaymentMethod``): never a card number; the gateway knows the
  donor by a pseudonymous id (``customer_ref``), not by their email.
* **Saved once, before the donation settles**: the method is stored by ``remember`` in
  ``webhooks.apply``, under the payment's row lock and before ``status_changed`` is sent, so the
  plan (``recurring.follow``, same transaction) finds it; unique on gateway + token, so a
  redelivered notification changes nothing.
* **A charge is an ordinary payment**: its result reaches the donation the same way as any other
  (``webhooks.apply`` under the payment's row lock, with its ``GatewayTransaction``), so the
  ledger, receipts, matches and fundraisers follow by themselves; later notifications of the
  same order go through the inbox as usual.
* **A charge asked twice for one payment is made once**: the gateway's order id is the payment's
  token (Midtrans refuses a second charge of it; Xendit gets it as the idempotency key), and a
  payment whose ``GatewayTransaction`` exists is asked about, not charged again.
* **Never in a visitor's request, never inside a transaction**: ``charge`` is called by the task
  worker; the gateway is called with the client's timeouts between two short transactions.
* **Test money only from the test provider**: django-payments' ``DummyProvider`` "saves" a test
  method and its charges confirm at once; no other provider does.
"""
import logging

from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from payments import PaymentStatus
from payments.core import provider_factory

from .models import GatewayTransaction, SavedPaymentMethod
from .webhooks import FAILED, Verdict, apply, lock_for_settlement

logger = logging.getLogger("lokadaya.payments")

#: ``SavedPaymentMethod.provider`` of the test methods the DummyProvider "saves".
TEST_PROVIDER = "dummy"
#: Marks a payment whose charge was asked for (``GatewayTransaction.gateway_status``): asked again,
#: the gateway is asked about it rather than charged a second time.
CHARGING = "charging"


class ChargeDeclined(Exception):
    """The gateway refused the charge at once (card declined, wallet unlinked): not worth retrying
    today. ``message`` is translated, for the donor; the payment has been marked rejected."""

    def __init__(self, message=_("The payment was declined.")):
        super().__init__(str(message))
        self.message = message


class Declined(Exception):
    """A provider's charge was refused (raised by ``charge_saved``/``charge_status``):
    ``reason`` for the log, ``message`` for the donor, ``revoke``: the saved method is no longer
    usable (expired card, removed token)."""

    def __init__(self, reason, message=_("The payment was declined."), revoke=False):
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.revoke = revoke


def customer_ref(email):
    """A stable pseudonymous id for a donor at a gateway (Midtrans' ``user_id``, Xendit's customer
    ``reference_id``): an HMAC of the lower-cased email with the site's secret, not the email."""
    return salted_hmac("lokadaya.gateways.customer", (email or "").strip().lower(),
                       algorithm="sha256").hexdigest()[:64]


def _provider(variant):
    try:
        return provider_factory(variant)
    except ValueError:
        return None


def is_test_provider(provider):
    from payments.dummy import DummyProvider

    return isinstance(provider, DummyProvider)


def can_save(variant):
    """Can payments of ``variant`` save a card or e-wallet for monthly charges?"""
    provider = _provider(variant)
    if provider is None:
        return False
    return is_test_provider(provider) or bool(getattr(provider, "saves_methods", False))


# -- the first payment: keep what the gateway saved ---------------------------------------------

def remember(payment, provider_name, verdict):
    """Store the method the gateway saved with ``payment`` (the first payment of a monthly plan),
    from a confirming ``verdict``; the ``SavedPaymentMethod`` or None.

    Called by ``webhooks.apply`` under the payment's row lock, before the donation follows.
    Idempotent: a method already stored (same gateway and token) is returned as it is.
    """
    from . import midtrans, xendit

    read = {midtrans.MidtransSnapProvider.name: midtrans.saved_method,
            xendit.XenditInvoiceProvider.name: xendit.saved_method}.get(provider_name)
    found = read(verdict.data) if read else None
    if not found or not payment.saves_method:
        return None
    return _store(payment, provider_name, **found)


def _store(payment, provider_name, token, label="", expires_at=None):
    existing = SavedPaymentMethod.objects.filter(provider=provider_name, token=token[:255]).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a savepoint: a racing insert of the same token loses cleanly
            return SavedPaymentMethod.objects.create(
                provider=provider_name, token=token[:255], label=label[:100], email=payment.billing_email,
                first_payment=payment, expires_at=expires_at)
    except IntegrityError:
        return SavedPaymentMethod.objects.filter(provider=provider_name, token=token[:255]).first()


def remember_test_method(sender, instance, update_fields=None, **kwargs):
    """``pre_save`` of the payment model: a DummyProvider payment being confirmed that should save
    its method gets a test ``SavedPaymentMethod`` before ``status_changed`` moves the donation.

    Why here: django-payments' DummyProvider confirms by ``payment.change_status`` itself (its test
    form), with no hook of ours in between; ``pre_save`` always runs before that signal.
    """
    if instance.status != PaymentStatus.CONFIRMED or not instance.pk:
        return
    if update_fields is not None and "status" not in update_fields:
        return
    if instance.variant not in _test_variants() or not instance.saves_method:
        return
    _store(instance, TEST_PROVIDER, token=f"test-{instance.token}", label="TEST •••• 0000")


def _test_variants():
    from django.conf import settings

    return {variant for variant, (path, _kwargs) in settings.PAYMENT_VARIANTS.items()
            if path == "payments.dummy.DummyProvider" or is_test_provider(_provider(variant))}


# -- later months: charge the saved method ------------------------------------------------------

def charge(payment, saved_method):
    """Charge ``saved_method`` for ``payment`` (a new pending payment of a monthly charge).

    Raises ``gateways.client.GatewayError`` when the gateway cannot be reached (nothing changed:
    try again later) or ``ChargeDeclined`` (the payment is now rejected; a method the gateway says
    is gone is revoked). On success the payment is confirmed now, or by the gateway's notification
    when the gateway is still processing it. Returns the payment's status.
    """
    provider = provider_factory(payment.variant)
    if saved_method.status != SavedPaymentMethod.Status.ACTIVE:
        raise ChargeDeclined(_("The saved card or e-wallet can no longer be used."))
    if is_test_provider(provider):
        return _settle(payment, TEST_PROVIDER, Verdict(PaymentStatus.CONFIRMED, "test", data={"test": True}))
    if not getattr(provider, "saves_methods", False):
        raise ValueError(f"{payment.variant} cannot charge a saved method")
    if saved_method.provider != provider.name:
        raise ValueError(f"a {saved_method.provider} method cannot be charged through {payment.variant}")

    asked_before, done = _begin(payment, provider.name)
    if done is not None:
        return done
    try:
        verdict = provider.charge_status(payment) if asked_before else None
        if verdict is None:
            verdict = provider.charge_saved(payment, saved_method)
    except Declined as refusal:
        logger.warning("%s: monthly charge of order %s refused: %s", provider.name, payment.token, refusal.reason)
        with transaction.atomic():
            _settle(payment, provider.name, Verdict(PaymentStatus.REJECTED, "declined",
                                                    data={"declined": refusal.reason[:500]}))
            if refusal.revoke:
                SavedPaymentMethod.objects.filter(pk=saved_method.pk).update(
                    status=SavedPaymentMethod.Status.REVOKED)
                saved_method.status = SavedPaymentMethod.Status.REVOKED
        raise ChargeDeclined(refusal.message) from None
    status = _settle(payment, provider.name, verdict)
    if status in FAILED:
        logger.warning("%s: monthly charge of order %s declined: %s", provider.name, payment.token,
                       verdict.gateway_status)
        raise ChargeDeclined(_("Your card or e-wallet declined the payment."))
    return status


def _begin(payment, provider_name):
    """Mark ``payment`` as being charged, under its lock; ``(asked before?, final status or None)``."""
    with transaction.atomic():
        locked = type(payment).objects.select_for_update(of=("self",), no_key=True).get(pk=payment.pk)
        if locked.status not in (PaymentStatus.WAITING, PaymentStatus.INPUT):
            return True, locked.status  # settled already (a repeated job): nothing to charge
        record = GatewayTransaction.objects.filter(payment=locked).first()
        if record is not None:
            return True, None
        GatewayTransaction.objects.create(payment=locked, provider=provider_name, gateway_status=CHARGING)
    return False, None


def _settle(payment, provider_name, verdict):
    """Apply ``verdict`` to ``payment`` the way a settled notification is; its status after."""
    with transaction.atomic():
        locked, record = lock_for_settlement(payment, provider_name)
        apply(locked, record, verdict)
    payment.refresh_from_db()
    return payment.status
