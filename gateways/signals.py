"""Signals for what django-payments' statuses cannot say."""
from django.dispatch import Signal

#: A confirmed payment was partly refunded; it stays confirmed. Sent once the transaction commits,
#: with ``payment`` and ``refunded`` (the total refunded so far, Decimal). The ledger listens.
partial_refund = Signal()
