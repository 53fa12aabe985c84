"""What a campaign page shows of its money: raised, fee, disbursed with proof, from the ledger.

Read-only glue over ``finance.ledger.summary`` (two queries) and the latest disbursements (one),
so the campaign page and the ledger page (``finance:campaign``) always tell the same figures.
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
    from finance.ledger import summary
    from finance.models import Disbursement

    source = getattr(campaign, "source", campaign)
    if source.pk is None:
        return None
    figures = summary(campaign=source)
    disbursements = Disbursement.objects.filter(campaign_id=source.pk)
    shown = list(disbursements[:DISBURSEMENTS_SHOWN + 1])
    return TransparencySummary(
        gross=figures["gross"], fee=figures["fee"], net=figures["net"], disbursed=figures["disbursed"],
        balance=figures["balance"], disbursements=shown[:DISBURSEMENTS_SHOWN],
        disbursement_count=len(shown) if len(shown) <= DISBURSEMENTS_SHOWN else disbursements.count(),
    )
