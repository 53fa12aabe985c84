"""What a campaign page shows of its money: raised, fee, disbursed with proof, from the ledger.

Read-only glue over the ledger, two queries: the ledger's totals by kind (``finance.ledger.totals``,
read from its balances, as ``summary`` reads them) and the latest disbursements carrying the sum
and count of them all (window aggregates), so the campaign page and the ledger page
(``finance:campaign``) always tell the same figures: disbursed is the sum of every disbursement,
balance is net minus disbursed.
"""
from dataclasses import dataclass, field
from decimal import Decimal

#: Disbursements listed on the campaign page; the ledger page has them all.
DISBURSEMENTS_SHOWN = 3


@dataclass
class TransparencySummary:
    gross: Decimal
    fee: Decimal
    net: Decimal
    disbursed: Decimal
    balance: Decimal
    disbursements: list = field(default_factory=list)
    disbursement_count: int = 0

    @property
    def is_empty(self):
        return not (self.gross or self.disbursed)


def campaign_transparency(campaign):
    """The money summary of ``campaign`` (any language: the ledger keeps the source page), or None
    for a page that was never saved (a preview of a new campaign has no ledger)."""
    from django.db.models import Count, Sum, Window

    from finance.ledger import ZERO, Kind, totals as ledger_totals
    from finance.models import Disbursement

    source = getattr(campaign, "source", campaign)
    if source.pk is None:
        return None
    totals = ledger_totals(campaign_id=source.pk)
    # The first few, each carrying the sum and count of all: one query for the list and the figures.
    shown = list(Disbursement.objects.filter(campaign_id=source.pk)
                 .annotate(all_amount=Window(Sum("amount")), all_count=Window(Count("pk")))
                 [:DISBURSEMENTS_SHOWN])
    disbursed = (shown[0].all_amount or ZERO) if shown else ZERO
    net = totals[Kind.NET]
    return TransparencySummary(
        gross=totals[Kind.GROSS], fee=totals[Kind.FEE], net=net, disbursed=disbursed,
        balance=net - disbursed, disbursements=shown,
        disbursement_count=shown[0].all_count if shown else 0,
    )
