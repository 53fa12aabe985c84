"""The django-payments provider for manual bank transfers (variant "transfer").

``get_form`` never renders a form itself: it opens the payment's bank transfer (unique amount,
bank account snapshot) and redirects the donor to this app's own page, which shows the
instructions and takes the proof upload (a request with files, which django-payments'
``get_form(payment, data)`` cannot receive).
"""
from django.http import HttpResponseRedirect
from django.urls import reverse
from payments import PaymentStatus, RedirectNeeded
from payments.core import BasicProvider


class BankTransferProvider(BasicProvider):
    def __init__(self, expiry_hours=48, capture=True):
        super().__init__(capture=capture)
        self.expiry_hours = int(expiry_hours)
        if self.expiry_hours <= 0:
            raise ValueError("BankTransferProvider: expiry_hours must be a positive number of hours.")

    def refusal_reason(self, campaign):
        """Why this campaign's donors cannot pay by transfer (translated), or None.

        The donation form may call it to refuse the method up front (see the app's README).
        """
        from .services import refusal_reason

        return refusal_reason(campaign)

    def get_form(self, payment, data=None):
        from .services import TransferError, open_transfer

        try:
            open_transfer(payment, self.expiry_hours)
        except TransferError as error:
            # The donor is told why and may give again with another method; this payment ends.
            if payment.status in (PaymentStatus.WAITING, PaymentStatus.INPUT):
                payment.change_status(PaymentStatus.CANCELLED, message=str(error))
            raise RedirectNeeded(reverse("banktransfer:unavailable", kwargs={"token": payment.token})) from None
        raise RedirectNeeded(reverse("banktransfer:transfer", kwargs={"token": payment.token}))

    def process_data(self, payment, request):
        """No gateway calls back; a visit to the process URL just goes to the instructions."""
        return HttpResponseRedirect(reverse("banktransfer:transfer", kwargs={"token": payment.token}))

    def capture(self, payment, amount=None):
        raise NotImplementedError("Bank transfers are confirmed by the OMS in the admin.")

    def release(self, payment):
        return None

    def refund(self, payment, amount=None):
        # The OMS sends the money back by transfer itself; the site only records it.
        return amount or payment.captured_amount

    def cancel(self, payment):
        return None
