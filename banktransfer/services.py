"""The life of a bank transfer: open (unique amount), proof upload, confirm, reject, expire.

Every change runs in ``transaction.atomic()`` under a row lock, and is safe to repeat.
"""
import datetime
import logging
import secrets
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_lazy as _
from payments import PaymentStatus
from payments.core import get_base_url

from campaigns.notifications import absolute_url, organisation_email, send_templated_email

from .conf import MAX_CODE, MIN_CODE
from .models import BankTransfer, OrganisationTransferLock

logger = logging.getLogger("lokadaya.banktransfer")


class TransferError(Exception):
    """A refused action, with a translated message for the person who asked."""

    def __init__(self, message, code=""):
        super().__init__(str(message))
        self.message = message
        self.code = code


def has_bank_account(organisation):
    return bool(organisation is not None and all(
        (getattr(organisation, field, "") or "").strip()
        for field in ("bank_name", "bank_account_number", "bank_account_holder")))


def refusal_reason(campaign):
    """Why ``campaign`` cannot take bank transfers (a translated message), or None."""
    if campaign is not None:
        # Money held back by its moderators or for its OMS's verification: reports.support decides.
        from reports.support import support_verdict

        verdict = support_verdict(campaign, money=True)
        if verdict.money_blocked:
            return verdict.message
    organisation = campaign.organisation if campaign is not None else None
    if has_bank_account(organisation):
        return None
    if organisation is None:
        return _("This campaign cannot take bank transfers. Please choose another payment method.")
    return _("%(organisation)s has not set up a bank account for transfers yet. Please choose another "
             "payment method.") % {"organisation": organisation.title}


def _lock_organisation(organisation):
    """Serialise unique-code choices for one OMS until the transaction ends."""
    OrganisationTransferLock.objects.get_or_create(organisation_id=organisation.pk)
    return OrganisationTransferLock.objects.select_for_update().get(organisation_id=organisation.pk)


def choose(candidates):
    """Pick one code among the free ones (unpredictable, so codes say nothing of order)."""
    return secrets.choice(candidates)


def _choose_code(organisation, amount):
    """A code making ``amount + code`` unique among the OMS's open transfers; prefers a code
    that no open transfer uses at all, so the last three digits alone identify a transfer."""
    taken = list(BankTransfer.objects.filter(organisation=organisation, status__in=BankTransfer.OPEN_STATUSES)
                 .values_list("unique_code", "amount_to_pay"))
    codes_in_use = {code for code, _amount in taken}
    amounts_in_use = {amount_to_pay for _code, amount_to_pay in taken}
    possible = [code for code in range(MIN_CODE, MAX_CODE + 1) if amount + code not in amounts_in_use]
    preferred = [code for code in possible if code not in codes_in_use]
    if not possible:
        raise TransferError(_("Too many bank transfers to this organisation are waiting right now. "
                              "Please try again later or choose another payment method."), code="full")
    return choose(preferred or possible)


def transfer_url(transfer, language=None):
    """The donor's instructions page, absolute, in their language."""
    with translation.override(language or transfer.language or None):
        path = reverse("banktransfer:transfer", kwargs={"token": transfer.payment.token})
    return get_base_url() + path


def open_transfer(payment, expiry_hours, language=None, notify=True):
    """The payment's bank transfer, created with a unique amount on first call.

    ``notify``: email the donor the instructions (a monthly donation's reminder says it instead).

    Raises ``TransferError`` when the OMS has no bank account (or no code is free).
    """
    existing = BankTransfer.objects.filter(payment=payment).first()
    if existing is not None:
        return existing
    donation = payment.donation
    campaign = donation.campaign
    organisation = campaign.organisation
    reason = refusal_reason(campaign)
    if reason:
        raise TransferError(reason, code="no_account")
    with transaction.atomic():
        from reports.support import lock_for_support

        # Under the campaign's lock: a freeze committed meanwhile refuses the transfer.
        verdict = lock_for_support(campaign, money=True)
        if verdict.money_blocked:
            raise TransferError(verdict.message, code="refused")
        _lock_organisation(organisation)
        existing = BankTransfer.objects.filter(payment=payment).first()
        if existing is not None:  # a second request for the same payment waited on the lock
            return existing
        code = _choose_code(organisation, donation.amount)
        transfer = BankTransfer.objects.create(
            payment=payment, campaign=campaign, organisation=organisation, amount=donation.amount,
            unique_code=code, amount_to_pay=donation.amount + code,
            bank_name=organisation.bank_name.strip(), bank_account_number=organisation.bank_account_number.strip(),
            bank_account_holder=organisation.bank_account_holder.strip(),
            language=language or get_language() or "",
            expires_at=timezone.now() + datetime.timedelta(hours=expiry_hours),
        )
        if notify:
            transaction.on_commit(lambda: send_instructions(transfer))
    return transfer


def send_instructions(transfer):
    donation = transfer.payment.donation
    send_templated_email(donation.email, "banktransfer/email/instructions", {
        "transfer": transfer, "donation": donation, "url": transfer_url(transfer),
    }, language=transfer.language or None)


def upload_proof(transfer, uploaded, content_type, sender_name=""):
    """Store (or replace) the proof and mark the transfer for review; the OMS is told.

    ``uploaded`` must already be validated (``validators.validate_proof``).
    """
    expire_if_due(transfer)
    new_name = None
    try:
        with transaction.atomic():
            locked = BankTransfer.objects.select_for_update().get(pk=transfer.pk)
            if not locked.accepts_proof:
                raise TransferError(_("This transfer can no longer take a proof: it is “%(status)s”.")
                                    % {"status": locked.get_status_display()}, code="closed")
            old_name = locked.proof.name
            first_upload = locked.status == BankTransfer.Status.AWAITING_TRANSFER
            locked.proof.save(uploaded.name, uploaded, save=False)
            new_name = locked.proof.name
            locked.proof_content_type = content_type
            locked.proof_uploaded_at = timezone.now()
            locked.sender_name = sender_name[:150]
            locked.status = BankTransfer.Status.PROOF_UPLOADED
            locked.save(update_fields=["proof", "proof_content_type", "proof_uploaded_at", "sender_name",
                                       "status", "updated_at"])
            transaction.on_commit(lambda: _after_upload(locked, old_name, tell_organisation=first_upload))
    except Exception:
        if new_name:  # the row was not saved: do not leave the new file behind
            transfer.proof.storage.delete(new_name)
        raise
    transfer.refresh_from_db()
    return transfer


def _after_upload(transfer, old_name, tell_organisation):
    if old_name and old_name != transfer.proof.name:
        try:
            transfer.proof.storage.delete(old_name)
        except OSError:
            logger.warning("Could not delete the replaced proof %s", old_name)
    if not tell_organisation:  # a replaced proof shows in the admin; one email per transfer is enough
        return
    send_templated_email(organisation_email(transfer.campaign), "banktransfer/email/proof_uploaded", {
        "transfer": transfer, "donation": transfer.payment.donation,
        "url": absolute_url(reverse("banktransfer_admin:detail", kwargs={"pk": transfer.pk})),
    })


#: Transfers the OMS may still confirm with a note when the money did arrive after all.
LATE_STATUSES = (BankTransfer.Status.EXPIRED, BankTransfer.Status.REJECTED)


def confirm(transfer, user, received=None, note=""):
    """The OMS has the money: confirm the payment (so the donation counts).

    ``received`` is what arrived on the OMS's statement (the amount to pay, unique code included,
    by default); all of it is recorded in the ledger, and a different amount is flagged for
    national finance. A transfer that expired or was rejected can still be confirmed when the
    money did arrive late, with a ``note`` saying so (flagged too). Returns False when it was
    already confirmed; raises ``TransferError`` otherwise when it cannot be confirmed.
    """
    from finance.ledger import flag_money
    from finance.models import MoneyFlag

    expire_if_due(transfer)
    note = (note or "").strip()
    with transaction.atomic():
        locked = (BankTransfer.objects.select_for_update(of=("self",)).select_related("payment", "campaign")
                  .get(pk=transfer.pk))
        if locked.status == BankTransfer.Status.CONFIRMED:
            return False
        late = locked.status in LATE_STATUSES
        if not locked.is_open and not late:
            raise TransferError(_("This transfer is “%(status)s” and cannot be confirmed.")
                                % {"status": locked.get_status_display()}, code="closed")
        if late and not note:
            raise TransferError(_("This transfer is “%(status)s”. If the money did arrive, confirm it with a note "
                                  "saying when it arrived.") % {"status": locked.get_status_display()},
                                code="note_required")
        received = locked.amount_to_pay if received is None else Decimal(received)
        if received <= 0 or received != received.to_integral_value():
            raise TransferError(_("Enter the amount that arrived, in whole rupiah."), code="amount")
        locked.status = BankTransfer.Status.CONFIRMED
        locked.received_amount = received
        locked.review_note = note[:1000]
        locked.reviewed_by = user if getattr(user, "is_authenticated", False) else None
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "received_amount", "review_note", "reviewed_by", "reviewed_at",
                                   "updated_at"])
        payment = type(locked.payment).objects.select_for_update().get(pk=locked.payment_id)
        payment.received_amount = received
        payment.captured_amount = received - payment.refunded_amount
        payment.save(update_fields=["received_amount", "captured_amount", "modified"])
        payment.ledger_event = "late" if late else "income"
        payment.change_status(PaymentStatus.CONFIRMED, message=f"bank transfer #{locked.pk} confirmed"[:250])
        donation = payment.donation
        if late:
            flag_money(donation, locked.campaign, MoneyFlag.Kind.LATE, locked.amount_to_pay, received, note)
        if received > locked.amount_to_pay:
            flag_money(donation, locked.campaign, MoneyFlag.Kind.OVERPAYMENT, locked.amount_to_pay, received, note)
        elif received < locked.amount_to_pay:
            flag_money(donation, locked.campaign, MoneyFlag.Kind.UNDERPAYMENT, locked.amount_to_pay, received, note)
    transfer.refresh_from_db()
    return True


def reject(transfer, user, reason):
    """The money did not arrive or the proof is not right: reject (the donation fails).

    Returns False when it was already rejected; raises ``TransferError`` when it is confirmed
    or expired.
    """
    with transaction.atomic():
        locked = BankTransfer.objects.select_for_update().select_related("payment").get(pk=transfer.pk)
        if locked.status == BankTransfer.Status.REJECTED:
            return False
        if not locked.is_open:
            raise TransferError(_("This transfer is “%(status)s” and cannot be rejected.")
                                % {"status": locked.get_status_display()}, code="closed")
        locked.status = BankTransfer.Status.REJECTED
        locked.rejection_reason = reason
        locked.reviewed_by = user if getattr(user, "is_authenticated", False) else None
        locked.reviewed_at = timezone.now()
        locked.save(update_fields=["status", "rejection_reason", "reviewed_by", "reviewed_at", "updated_at"])
        payment = type(locked.payment).objects.select_for_update().get(pk=locked.payment_id)
        payment.change_status(PaymentStatus.REJECTED, message=f"bank transfer #{locked.pk} rejected")
        transaction.on_commit(lambda: send_rejection(locked))
    transfer.refresh_from_db()
    return True


def send_rejection(transfer):
    donation = transfer.payment.donation
    send_templated_email(donation.email, "banktransfer/email/rejected", {
        "transfer": transfer, "donation": donation, "url": transfer_url(transfer),
    }, language=transfer.language or None)


def _expire_locked(locked):
    """Expire a locked, open transfer without a proof: its payment is cancelled."""
    locked.status = BankTransfer.Status.EXPIRED
    locked.save(update_fields=["status", "updated_at"])
    payment = type(locked.payment).objects.select_for_update().get(pk=locked.payment_id)
    if payment.status in (PaymentStatus.WAITING, PaymentStatus.INPUT):
        payment.change_status(PaymentStatus.CANCELLED, message=f"bank transfer #{locked.pk} expired")


def expire_if_due(transfer):
    """Expire ``transfer`` now (committed) if it is past its deadline without a proof."""
    with transaction.atomic():
        locked = (BankTransfer.objects.select_for_update().select_related("payment")
                  .filter(pk=transfer.pk, status=BankTransfer.Status.AWAITING_TRANSFER,
                          expires_at__lte=timezone.now()).first())
        if locked is None:
            return False
        _expire_locked(locked)
    return True


def expire_due(now=None):
    """Expire every transfer past its deadline that has no proof; returns those expired.

    Transfers with a proof awaiting review are never expired: the donor did their part, the
    OMS must confirm or reject them.
    """
    now = now or timezone.now()
    expired = []
    due = BankTransfer.objects.filter(status=BankTransfer.Status.AWAITING_TRANSFER, expires_at__lte=now)
    for pk in due.order_by("expires_at").values_list("pk", flat=True):
        with transaction.atomic():
            locked = (BankTransfer.objects.select_for_update().select_related("payment")
                      .filter(pk=pk, status=BankTransfer.Status.AWAITING_TRANSFER, expires_at__lte=now).first())
            if locked is None:  # confirmed, uploaded or expired meanwhile
                continue
            _expire_locked(locked)
            expired.append(locked)
    return expired
