"""Test helpers for matching funds: a fund, and donations confirmed through the payment's own signal."""
import datetime
from decimal import Decimal

from django.utils import timezone
from payments import PaymentStatus

from ..models import Donation, Payment
from .models import MatchFund


def make_fund(cap=1_000_000, ratio="1", limit=0, days=(-1, 30), status=MatchFund.Status.ACTIVE, **scope):
    """An active fund (unless told otherwise) of "Yayasan Mitra"; ``scope``: programme=, province= or sdg=."""
    today = timezone.localdate()
    return MatchFund.objects.create(sponsor_name="Yayasan Mitra", ratio=Decimal(ratio), cap=Decimal(cap),
                                    per_donation_limit=Decimal(limit), status=status,
                                    starts_on=today + datetime.timedelta(days=days[0]),
                                    ends_on=today + datetime.timedelta(days=days[1]), **scope)


def pending_donation(campaign, amount, email="d@contoh.id"):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount))
    return Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                                   payment=payment, name="Donatur", email=email)


def confirm(donation, received=None):
    """The provider says the money arrived (all of it, or ``received``)."""
    payment = Payment.objects.get(pk=donation.payment_id)
    payment.received_amount = Decimal(received if received is not None else payment.received_amount or payment.total)
    payment.captured_amount = payment.received_amount - payment.refunded_amount
    payment.save(update_fields=["received_amount", "captured_amount"])
    payment.change_status(PaymentStatus.CONFIRMED)
    donation.refresh_from_db()
    return donation


def refund(donation, amount=None, event=None):
    """The provider gives back ``amount`` (everything when None); ``event`` e.g. "chargeback"."""
    payment = Payment.objects.get(pk=donation.payment_id)
    payment.refunded_amount = Decimal(amount if amount is not None else payment.received_amount or payment.total)
    payment.captured_amount = payment.received_amount - payment.refunded_amount
    payment.save(update_fields=["refunded_amount", "captured_amount"])
    if event:
        payment.ledger_event = event
    full = payment.refunded_amount >= (payment.received_amount or payment.total)
    payment.change_status(PaymentStatus.REFUNDED if full else PaymentStatus.CONFIRMED)
    donation.refresh_from_db()
    return donation


def void(donation):
    payment = Payment.objects.get(pk=donation.payment_id)
    payment.ledger_event = "void"
    payment.change_status(PaymentStatus.REJECTED)
    donation.refresh_from_db()
    return donation
