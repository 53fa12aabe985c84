"""Writing and reading the ledger. Call these inside the transaction that confirms the money."""
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from .models import PROVINCIAL_SHARE, Disbursement, FeeSetting, LedgerEntry

Kind = LedgerEntry.Kind
ZERO = Decimal("0")


class BalanceError(Exception):
    """A disbursement would take a campaign's balance below zero."""


def _whole(amount):
    return amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def split(gross, percentage):
    """The parts of ``gross`` for a fee ``percentage``; they always add up to ``gross`` exactly."""
    gross = Decimal(gross)
    if gross != gross.to_integral_value():
        raise ValueError("The ledger holds whole rupiah only.")
    fee = _whole(gross * Decimal(percentage) / 100)
    provincial = _whole(fee * PROVINCIAL_SHARE / 100)
    return {
        Kind.GROSS: gross,
        Kind.FEE: fee,
        Kind.PROVINCIAL: provincial,
        Kind.NATIONAL: fee - provincial,
        Kind.NET: gross - fee,
    }


def _source_key(record):
    return record._meta.label_lower, record.pk


def _write(campaign, parts, percentage, source_type, source_id, reference, sign):
    organisation = campaign.organisation
    province_id = (campaign.regency or organisation.regency).province_id
    lines = [
        LedgerEntry(campaign=campaign, organisation=organisation, province_id=province_id, kind=kind,
                    amount=sign * amount, fee_percentage=percentage, source_type=source_type,
                    source_id=source_id, reference=reference, occurred_at=timezone.now())
        for kind, amount in parts.items()
    ]
    try:
        with transaction.atomic():
            LedgerEntry.objects.bulk_create(lines)
    except IntegrityError:
        return False  # already written by an earlier or concurrent delivery of the same event
    return True


def record_income(campaign, gross, record):
    """Write the five lines of a confirmed income for ``record``; idempotent. Returns True if written."""
    source_type, source_id = _source_key(record)
    if LedgerEntry.objects.filter(source_type=source_type, source_id=source_id, reference="income").exists():
        return False
    percentage = FeeSetting.current()
    return _write(campaign, split(gross, percentage), percentage, source_type, source_id, "income", 1)


def bulk_record_income(campaign, records, amount_field="amount"):
    """Ledger lines for many confirmed records of one campaign in one insert (demo data, imports)."""
    percentage = FeeSetting.current()
    organisation = campaign.organisation
    province_id = (campaign.regency or organisation.regency).province_id
    lines = []
    for record in records:
        source_type, source_id = _source_key(record)
        for kind, amount in split(getattr(record, amount_field), percentage).items():
            lines.append(LedgerEntry(campaign=campaign, organisation=organisation, province_id=province_id,
                                     kind=kind, amount=amount, fee_percentage=percentage, source_type=source_type,
                                     source_id=source_id, reference="income", occurred_at=record.created_at))
    LedgerEntry.objects.bulk_create(lines, batch_size=2000, ignore_conflicts=True)


def reverse_income(record, amount=None, reference="refund"):
    """Write the reversing lines of a refund of ``record`` (all of it, or ``amount``) at the original fee."""
    source_type, source_id = _source_key(record)
    original = list(LedgerEntry.objects.filter(source_type=source_type, source_id=source_id, reference="income")
                    .select_related("campaign"))
    if not original:
        return False
    campaign, percentage = original[0].campaign, original[0].fee_percentage
    gross = next(line.amount for line in original if line.kind == Kind.GROSS)
    if amount is None or Decimal(amount) >= gross:
        parts = {line.kind: line.amount for line in original}
    else:
        parts = split(Decimal(amount), percentage)
    return _write(campaign, parts, percentage, source_type, source_id, reference, -1)


def _totals(entries):
    sums = {row["kind"]: row["total"] for row in entries.values("kind").annotate(total=Sum("amount"))}
    return {kind: sums.get(kind) or ZERO for kind in Kind.values}


def summary(campaign=None, organisation=None):
    """Money raised, fee, shares, net, disbursed and balance, for a campaign or an OMS (two queries)."""
    filters = {"campaign": campaign} if campaign is not None else {"organisation": organisation}
    totals = _totals(LedgerEntry.objects.filter(**filters))
    disbursed = Disbursement.objects.filter(**filters).aggregate(total=Sum("amount"))["total"] or ZERO
    return {
        "gross": totals[Kind.GROSS], "fee": totals[Kind.FEE], "provincial": totals[Kind.PROVINCIAL],
        "national": totals[Kind.NATIONAL], "net": totals[Kind.NET], "disbursed": disbursed,
        "balance": totals[Kind.NET] - disbursed,
    }


def record_disbursement(campaign, amount, paid_on, proof, note="", user=None):
    """Record a payout; refused (BalanceError) when it would take the balance below zero."""
    from campaigns.models import CampaignPage

    amount = Decimal(amount)
    if amount <= 0:
        raise BalanceError("A disbursement must be more than zero.")
    with transaction.atomic():
        # One disbursement at a time per campaign, so two payouts cannot both pass the check.
        list(CampaignPage.objects.select_for_update().filter(pk=campaign.pk).values_list("pk", flat=True))
        balance = summary(campaign=campaign)["balance"]
        if amount > balance:
            raise BalanceError(balance)
        return Disbursement.objects.create(campaign=campaign, organisation=campaign.organisation, amount=amount,
                                           paid_on=paid_on, proof=proof, note=note, recorded_by=user)
