"""Monthly donations through the gateways: saving a card or e-wallet on the first payment, and
charging it later from the worker (built by the gateways helper).

The invariants this module keeps:

* **Only a token is kept** (``SavedPaymentMethod``): never a card number.
* **A charge is an ordinary payment**: its result reaches the donation the same way as any other
  (``payment.change_status`` under the payment's row lock: ``webhooks.apply``), so the ledger,
  receipts, matches and fundraisers follow by themselves; a charge asked twice for one payment is
  made once (the gateway's order id is the payment's token).
* **Never in a visitor's request**: ``charge`` is called by the task worker, with timeouts.
"""
from django.utils.translation import gettext_lazy as _


class ChargeDeclined(Exception):
    """The gateway refused the charge at once (card declined, wallet unlinked): not worth retrying
    today. ``message`` is translated, for the donor; the payment has been marked rejected."""

    def __init__(self, message=_("The payment was declined.")):
        super().__init__(str(message))
        self.message = message


def can_save(variant):
    """Can payments of ``variant`` save a card or e-wallet for monthly charges?"""
    return False


def charge(payment, saved_method):
    """Charge ``saved_method`` for ``payment`` (a new pending payment of a monthly charge).

    Raises ``gateways.client.GatewayError`` when the gateway cannot be reached (try again later)
    or ``ChargeDeclined``. On success the payment is confirmed now or by the gateway's notification.
    """
    raise NotImplementedError
