"""Writing and reading the ledger. Call these inside the transaction that changes the money.

The invariants this module keeps:

* **One rule.** A money record's ledger lines (``source_type``/``source_id``) net, kind by kind, to
  exactly ``split(counted)``: the split of what the record counts *now*, rounded once on that
  cumulative amount. Every event (confirmation, partial or full refund, void, chargeback, late
  arrival, a correction by hand) calls :func:`sync_record`, which writes only the difference.
  So no sequence of events, in any order or repeated, can reverse a part twice or round a part
  twice: the lines after the last event are what the record counts, nothing else.
* **The fee never exceeds its percentage** of what it is taken from (rounded down), so never the
  10% cap of PP 29/1980 either. The parts always add up: ``net + fee == gross`` and
  ``provincial + national == fee``.
* **Lines are written, never edited**; a change writes a new set of five lines under a new
  reference. Callers hold the record's row lock; the unique constraint on (source, reference,
  kind) makes a write by a caller that did not fail its transaction instead of counting twice.
* **A record keeps its fee percentage**: later events use the percentage of its first lines,
  so a fee change never re-prices money already received.
* **Totals are read from balances** (``totals``, ``summary``): ``LedgerBalance`` rows, which the
  database keeps equal to the sum of the lines in the statement that writes them (triggers,
  migration ``0006_ledgerbalance_triggers``). Writing lines locks their campaign's balance rows
  until commit, so confirmations of one campaign commit one after another from that point on.
"""
import functools
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from .models import PROVINCIAL_SHARE, Disbursement, FeeSetting, LedgerBalance, LedgerEntry, MoneyFlag

Kind = LedgerEntry.Kind
ZERO = Decimal("0")


class BalanceError(Exception):
    """A disbursement would take a campaign's balance below zero."""


class DisbursementRefused(Exception):
    """The campaign may not be paid out now (frozen or closed by moderators, OMS not verified).

    ``message`` is translated, for national finance.
    """

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def split(gross, percentage):
    """The parts of ``gross`` for a fee ``percentage``; they always add up to ``gross`` exactly.

    The fee is rounded down, so it is never more than ``percentage`` of ``gross`` (at 10%,
    Rp 10.005 gives Rp 1.000, not Rp 1.001). The provincial share is rounded half up; the
    national share is the rest of the fee.
    """
    gross = Decimal(gross)
    if gross != gross.to_integral_value():
        raise ValueError("The ledger holds whole rupiah only.")
    sign = -1 if gross < 0 else 1
    magnitude = abs(gross)
    fee = (magnitude * Decimal(percentage) / 100).quantize(Decimal("1"), rounding=ROUND_DOWN)
    provincial = (fee * PROVINCIAL_SHARE / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return {
        Kind.GROSS: sign * magnitude,
        Kind.FEE: sign * fee,
        Kind.PROVINCIAL: sign * provincial,
        Kind.NATIONAL: sign * (fee - provincial),
        Kind.NET: sign * (magnitude - fee),
    }


def source_key(record):
    """``(source_type, source_id)`` naming ``record`` in the ledger, e.g. ``("donation.donation", 7)``."""
    return record._meta.label_lower, record.pk


@functools.lru_cache(maxsize=1)
def _province_of_regency():
    """``{regency id: province id}``: reference data, loaded once per process."""
    from regions.models import Regency

    return dict(Regency.objects.values_list("pk", "province_id"))


def booked_regency():
    """The kabupaten/kota a ledger line counts in, as a query expression: its campaign's, else its OMS's
    (the same rule as ``placement``, which books the line's province). Maps and dashboards group by it."""
    from django.db.models.functions import Coalesce

    return Coalesce("campaign__regency_id", "organisation__regency_id")


#: What ``placement_annotations`` adds to a record read with its campaign.
PLACEMENT_FIELDS = ("ledger_organisation_id", "ledger_organisation_regency_id")


def placement_annotations(campaign_field="campaign"):
    """Annotations for a record's queryset that read its campaign's OMS (id and kabupaten/kota; the
    parent page, as ``CampaignPage.organisation_rows``, by path in SQL) in the record's own query; ``carry_placement`` then hands them to ``placement``, which asks nothing
    more. For hot paths (every confirmation books its lines under the OMS)."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Left, Length

    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage

    path = OuterRef(f"{campaign_field}__path")
    parent = OrganisationPage.objects.filter(path=Left(path, Length(path) - CampaignPage.steplen))
    return {"ledger_organisation_id": Subquery(parent.values("pk")[:1]),
            "ledger_organisation_regency_id": Subquery(parent.values("regency_id")[:1])}


def carry_placement(record, campaign):
    """Keep on ``campaign`` the OMS that ``record`` was read with (``placement_annotations``)."""
    organisation_id, regency_id = (getattr(record, name, None) for name in PLACEMENT_FIELDS)
    if organisation_id is not None:
        campaign._ledger_organisation = (organisation_id, regency_id)


def placement(campaign):
    """``(organisation id, province id)`` a campaign's money is booked under.

    ``campaign`` is the page (one query; none when it carries its OMS, ``carry_placement``) or its
    id (two). The OMS is the campaign's parent page; the province is that of the campaign's
    kabupaten/kota, or else its OMS's.
    """
    from campaigns.models import CampaignPage

    if not isinstance(campaign, CampaignPage):
        campaign = CampaignPage.objects.only("path", "depth", "regency_id").get(pk=campaign)
    carried = campaign.__dict__.get("_ledger_organisation")
    if carried is not None:
        organisation_id, organisation_regency_id = carried
    else:
        organisation_id, organisation_regency_id = campaign.organisation_rows().values_list("pk", "regency_id").get()
    regency_id = campaign.regency_id or organisation_regency_id
    provinces = _province_of_regency()
    if regency_id not in provinces:
        _province_of_regency.cache_clear()
        provinces = _province_of_regency()
    return organisation_id, provinces[regency_id]


def record_lines(source_type, source_id):
    """The ledger lines of one record, oldest first."""
    return LedgerEntry.objects.filter(source_type=source_type, source_id=source_id).order_by("occurred_at", "pk")


def recorded_parts(source_type, source_id):
    """``({kind: net amount}, fee percentage or None, {references})`` of one record's lines."""
    totals = {kind: ZERO for kind in Kind.values}
    percentage, references = None, set()
    for kind, amount, line_percentage, reference in record_lines(source_type, source_id).values_list(
            "kind", "amount", "fee_percentage", "reference"):
        totals[kind] += amount
        references.add(reference)
        if percentage is None:
            percentage = line_percentage
    return totals, percentage, references


def sync_record(record, campaign, counted, event, occurred_at=None, never_counted=False):
    """Make ``record``'s lines net to ``split(counted)``; write the difference as ``event``.

    ``campaign`` is the record's campaign page or its id.
    ``counted`` is what the record counts now (whole rupiah, 0 when nothing counts). Call under
    the record's row lock, inside the transaction that changed it. Returns True if lines were
    written, False when the ledger already said so. ``never_counted``: the caller knows the record
    has never counted anything, so it has no lines to read (a wrong claim fails on the unique
    constraint rather than count twice).
    """
    counted = Decimal(counted)
    if counted < 0:
        raise ValueError("A record cannot count less than nothing.")
    source_type, source_id = source_key(record)
    if never_counted:
        current, percentage, references = {kind: ZERO for kind in Kind.values}, None, set()
    else:
        current, percentage, references = recorded_parts(source_type, source_id)
    if percentage is None:
        if counted == 0:
            return False
        percentage = FeeSetting.current()
    target = split(counted, percentage)
    difference = {kind: target[kind] - current[kind] for kind in Kind.values}
    if not any(difference.values()):
        return False
    reference = event[:60]
    if reference in references:
        reference = f"{reference}:{len(references) + 1}"
    organisation_id, province_id = placement(campaign)
    lines = [
        LedgerEntry(campaign_id=getattr(campaign, "pk", campaign), organisation_id=organisation_id,
                    province_id=province_id,
                    kind=kind, amount=difference[kind], fee_percentage=percentage, source_type=source_type,
                    source_id=source_id, reference=reference, occurred_at=occurred_at or timezone.now())
        for kind in Kind.values
    ]
    # Under the record's row lock nobody else writes its lines: a unique-constraint violation here
    # is a caller without the lock, and fails its whole transaction (to be retried) rather than
    # count twice.
    LedgerEntry.objects.bulk_create(lines)
    return True


def flag_money(record, campaign, kind, expected, received, note=""):
    """Flag ``record``'s money for national finance to review (``MoneyFlag.Kind``), once per kind."""
    source_type, source_id = source_key(record)
    row, _created = MoneyFlag.objects.get_or_create(
        source_type=source_type, source_id=source_id, kind=kind,
        defaults={"campaign": campaign, "expected": expected, "received": received, "note": note[:2000]})
    return row


def bulk_record_income(campaign, records, amount_field="amount"):
    """Ledger lines for many confirmed records of one campaign in one insert (demo data, imports).

    The same lines :func:`sync_record` would write for each record's first confirmation.
    """
    percentage = FeeSetting.current()
    organisation_id, province_id = placement(campaign)
    lines = []
    for record in records:
        source_type, source_id = source_key(record)
        for kind, amount in split(getattr(record, amount_field), percentage).items():
            lines.append(LedgerEntry(campaign=campaign, organisation_id=organisation_id,
                                     province_id=province_id, kind=kind, amount=amount, fee_percentage=percentage,
                                     source_type=source_type, source_id=source_id, reference="income",
                                     occurred_at=record.created_at))
    LedgerEntry.objects.bulk_create(lines, batch_size=2000, ignore_conflicts=True)


def balance_rows(**filters):
    """``(kind, total)`` rows of the ledger's balances (``LedgerBalance``) matching ``filters``, one per
    kind, unevaluated: what ``totals`` reads, for a caller that reads it with something else."""
    return LedgerBalance.objects.filter(**filters).values_list("kind").annotate(total=Sum("amount")).order_by()


def totals(**filters):
    """``{kind: Decimal}`` of the ledger's lines for a campaign, OMS or province (e.g. ``campaign=page``,
    ``province_id=3``): one read of their balances (``LedgerBalance``), a handful of rows however
    many lines there are."""
    return totals_from_rows(balance_rows(**filters))


def totals_from_rows(rows):
    """``{kind: Decimal}``, every kind, from ``(kind, total)`` rows (``balance_rows``)."""
    sums = dict(rows)
    return {kind: sums.get(kind) or ZERO for kind in Kind.values}


def summary(campaign=None, organisation=None):
    """Money raised, fee, shares, net, disbursed and balance, for a campaign or an OMS (two queries)."""
    filters = {"campaign": campaign} if campaign is not None else {"organisation": organisation}
    sums = totals(**filters)
    disbursed = Disbursement.objects.filter(**filters).aggregate(total=Sum("amount"))["total"] or ZERO
    return {
        "gross": sums[Kind.GROSS], "fee": sums[Kind.FEE], "provincial": sums[Kind.PROVINCIAL],
        "national": sums[Kind.NATIONAL], "net": sums[Kind.NET], "disbursed": disbursed,
        "balance": sums[Kind.NET] - disbursed,
    }


def record_disbursement(campaign, amount, paid_on, proof, note="", user=None):
    """Record a payout; refused (BalanceError) when it would take the balance below zero, and
    (DisbursementRefused) while the campaign's money is held back (``reports.support``: frozen or
    closed by its province's moderators, or its OMS not verified)."""
    from campaigns.models import CampaignPage
    from reports.support import support_verdict

    amount = Decimal(amount)
    if amount <= 0:
        raise BalanceError("A disbursement must be more than zero.")
    with transaction.atomic():
        # One disbursement at a time per campaign, so two payouts cannot both pass the check; the
        # same lock a moderator's freeze takes, so a payout never slips past a freeze.
        locked = CampaignPage.objects.select_for_update().get(pk=campaign.pk)
        verdict = support_verdict(locked)
        if verdict.money_blocked:
            raise DisbursementRefused(verdict.message)
        balance = summary(campaign=campaign)["balance"]
        if amount > balance:
            raise BalanceError(balance)
        return Disbursement.objects.create(campaign=campaign, organisation=campaign.organisation, amount=amount,
                                           paid_on=paid_on, proof=proof, note=note, recorded_by=user)
