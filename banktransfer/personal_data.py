"""What a bank transfer holds about a donor, for the donation plugin's personal-data hooks (UU PDP).

A transfer is a financial record: the unique amount asked, what arrived, who reviewed it and the
proof of transfer the donor uploaded. The donor's own words on it are ``sender_name`` (the name on
the sending account); the rest is the OMS's bank account and the reviewer's notes.

Invariants:

* **The proof stays.** A proof of transfer is the evidence of money received (the OMS's books and
  an audit need it): erasure and retention keep the file and blank ``sender_name``. The file has
  no public URL and is read only through the permission-checked admin view (``banktransfer.storage``).
* **Amounts, statuses, dates and the review stay**, so the ledger and ``reconcile`` are unchanged.
  The reviewer's note and a rejection's reason are staff's words about the money, kept as they are.
"""
from django.utils.translation import gettext_lazy as _

from privacy.records import describe_rows

from .models import BankTransfer

FIELDS = ("sender_name", "amount_to_pay", "status", "proof_uploaded_at", "bank_name", "expires_at")


def transfers(payment_ids):
    return BankTransfer.objects.filter(payment_id__in=list(payment_ids))


def describe(payment_ids):
    """``PersonalRecord`` items for the transfers of these payments (kept after erasure)."""
    return describe_rows(transfers(payment_ids).order_by("pk"), _("Bank transfer"), FIELDS, money=True)


def anonymise(payment_ids):
    """Blank the sender's name on the transfers of these payments, keeping the proof file and the
    money; how many changed."""
    return transfers(payment_ids).exclude(sender_name="").update(sender_name="")
