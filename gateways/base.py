"""A hosted-page gateway as a django-payments provider; Midtrans and Xendit fill in the gateway parts.

The donor's way: ``get_form()`` creates the gateway's transaction once (under the payment's row
lock, so a double click creates one) and raises ``RedirectNeeded`` to its page; coming back, the
donor is sent to the same page again. If the gateway cannot be reached, the payment step shows
``GatewayUnavailableForm`` and the donor can retry; the donation stays pending.

The gateway's way: it posts notifications to ``/payments/process/<variant>/`` (django-payments'
static callback): ``get_token_from_request()`` verifies the signature or token and names the
payment, then ``process_data()`` checks what the notification says against the payment (amount,
status, invoice) and stores it in the inbox (``webhooks.accept()``); the answer goes out in
milliseconds. The task worker settles it (``gateways.settlement``), asking the gateway's status
API with ``confirm()`` before money moves.
"""
from django.db import transaction
from payments import PaymentError, RedirectNeeded
from payments.core import BasicProvider, provider_factory

from .client import GatewayError
from .forms import GatewayUnavailableForm
from .models import GatewayTransaction
from .webhooks import Rejected, accept, log_rejection, logger, rejection


class HostedProvider(BasicProvider):
    #: ``GatewayTransaction.provider`` and ``InboxItem.provider``.
    name = ""
    #: Shown to the donor when the gateway cannot be reached.
    label = ""
    #: Refunds are recorded from the gateway's notification of them, not when asked for
    #: (``Payment.refund`` only makes the request).
    refunds_on_notification = True

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
        """Before money moves: the gateway's own word on ``payment`` (a Verdict with ``checked_at``).

        Called by the worker, never in a request. Raises ``Unavailable`` (tried again later) or
        ``Rejected`` (the status API contradicts the payment: needs a person).
        """
        return verdict

    def token_for(self, data):
        """The payment token a verified notification is about, when its body does not name it
        (e.g. a Xendit refund event names the invoice). Raises ``Rejected``."""
        raise Rejected(400, "the notification names no order")

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

    def _parsed(self, request):
        """The verified notification of ``request``, parsed once per request."""
        notification = getattr(request, "_gateway_notification", None)
        if notification is None:
            notification = self.parse(request)
            request._gateway_notification = notification
        return notification

    def get_token_from_request(self, payment, request):
        token = getattr(payment, "token", "")
        try:
            token = self._parsed(request).token
        except Rejected as error:
            log_rejection(self.name, error, token)
            raise PaymentError(error.message, code=error.status) from None
        return token

    def process_data(self, payment, request):
        try:
            notification = self._parsed(request)
            if notification.token != payment.token:
                raise Rejected(400, "the order id does not match this payment")
            self.check_payment(payment)
            self.verdict(payment, notification.data)  # refuses a wrong amount, invoice or status now
            return accept(self, payment.variant, notification, payment)
        except Rejected as error:
            return rejection(self.name, error, payment.token)

    def check_payment(self, payment):
        """Only payments made with this gateway may be moved by its notifications."""
        try:
            ours = payment is not None and isinstance(provider_factory(payment.variant, payment), type(self))
        except ValueError:
            ours = False
        if not ours:
            raise Rejected(404, "unknown order id")
