"""A hosted-page gateway as a django-payments provider; Midtrans and Xendit fill in the gateway parts.

The donor's way: ``get_form()`` creates the gateway's transaction once (under the payment's row
lock, so a double click creates one) and raises ``RedirectNeeded`` to its page; coming back, the
donor is sent to the same page again. If the gateway cannot be reached, the payment step shows
``GatewayUnavailableForm`` and the donor can retry; the donation stays pending.

The gateway's way: it posts notifications to ``/payments/process/<variant>/`` (django-payments'
static callback): ``get_token_from_request()`` verifies and names the payment, then
``process_data()`` hands the notification to ``webhooks.receive()``.
"""
from django.db import transaction
from django.http import JsonResponse
from payments import PaymentError, RedirectNeeded, get_payment_model
from payments.core import BasicProvider, provider_factory

from .client import GatewayError
from .forms import GatewayUnavailableForm
from .models import GatewayTransaction
from .webhooks import Rejected, Unavailable, log_rejection, logger, receive, rejection


class HostedProvider(BasicProvider):
    #: ``GatewayTransaction.provider`` and ``WebhookDelivery.provider``.
    name = ""
    #: Shown to the donor when the gateway cannot be reached.
    label = ""

    # -- what each gateway implements -------------------------------------------------------

    def create(self, payment):
        """Create the gateway's transaction; ``(reference, url of its payment page)``. Raises GatewayError."""
        raise NotImplementedError

    def parse(self, request):
        """The verified ``webhooks.Notification`` in ``request``; raises ``Rejected``."""
        raise NotImplementedError

    def verdict(self, payment, data):
        """What the notification ``data`` says about the locked ``payment``: a ``webhooks.Verdict``."""
        raise NotImplementedError

    def confirm(self, payment, verdict):
        """Before money counts: the gateway's own word on ``payment`` (a Verdict). Raises ``Unavailable``."""
        return verdict

    # -- django-payments' provider API ------------------------------------------------------

    def get_form(self, payment, data=None):
        with transaction.atomic():
            locked = type(payment).objects.select_for_update().get(pk=payment.pk)
            record = GatewayTransaction.objects.filter(payment=locked).first()
            url = record.redirect_url if record else ""
            if not url:
                try:
                    reference, url = self.create(locked)
                except GatewayError as error:
                    logger.error("%s: could not start the payment of order %s: %s", self.name, locked.token, error)
                    return GatewayUnavailableForm(gateway=self.label)
                GatewayTransaction.objects.update_or_create(
                    payment=locked, defaults={"provider": self.name, "reference": reference[:255],
                                              "redirect_url": url})
        raise RedirectNeeded(url)

    def get_token_from_request(self, payment, request):
        token = getattr(payment, "token", "")
        try:
            notification = self.parse(request)
            token = notification.token
            self.check_payment(get_payment_model().objects.filter(token=token).first())
        except Rejected as error:
            log_rejection(self.name, error, token)
            raise PaymentError(error.message, code=error.status) from None
        return token

    def process_data(self, payment, request):
        try:
            notification = self.parse(request)
            if notification.token != payment.token:
                raise Rejected(400, "the order id does not match this payment")
            self.check_payment(payment)
            return receive(self, notification)
        except Rejected as error:
            return rejection(self.name, error, payment.token)
        except Unavailable as error:
            logger.warning("%s: order %s not processed, the gateway could not be asked: %s", self.name,
                           payment.token, error)
            return JsonResponse({"status": "error", "error": "the gateway's status could not be checked; "
                                                              "please deliver again later"}, status=503)

    def check_payment(self, payment):
        """Only payments made with this gateway may be moved by its notifications."""
        try:
            ours = payment is not None and isinstance(provider_factory(payment.variant, payment), type(self))
        except ValueError:
            ours = False
        if not ours:
            raise Rejected(404, "unknown order id")
