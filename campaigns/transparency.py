"""What a campaign page shows of its money: raised, fee, disbursed with proof, from the ledger.

Read-only glue over the ledger, one query when nothing was disbursed, else two: the ledger's
totals by kind (``finance.ledger.balance_rows``, as ``finance.ledger.totals`` reads them) together
with the sum and count of all the campaign's disbursements, then the latest disbursements if there
are any; so the campaign page and the ledger page (``finance:campaign``) always tell the same
figures: disbursed is the sum of every disbursement, balance is net minus disbursed.
"""
from dataclasses import dataclass, field
from decimal import Decimal

#: Disbursements listed on the campaign page; the ledger page has them all.
DISBURSEMENTS_SHOWN = 3
#: The row of the disbursements among the ledger's kinds (never a ledger kind: ``finance.models.LedgerEntry.Kind``).
DISBURSED = "~disbursed"


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


#: The columns of ``money_rows``.
_MONEY_COLUMNS = ("_m_kind", "_m_total", "_m_count")


def _money_querysets(groups):
    from django.db.models import Count, F, Sum, Value

    from finance.ledger import balance_rows
    from finance.models import Disbursement

    from .progress import as_decimal, as_integer, as_text

    [campaign_id] = groups[0]
    ledger = (balance_rows(campaign_id=campaign_id).annotate(_m_kind=as_text(F("kind")))
              .annotate(_m_total=as_decimal(F("total")), _m_count=as_integer(Value(0)))
              .values_list(*_MONEY_COLUMNS))
    # No GROUP BY: one row, a sum of None and a count of 0 when nothing was disbursed.
    disbursed = (Disbursement.objects.filter(campaign_id=campaign_id).order_by()
                 .annotate(_m_kind=as_text(Value(DISBURSED))).values_list("_m_kind")
                 .annotate(_m_total=as_decimal(Sum("amount")), _m_count=as_integer(Count("pk")))
                 .values_list(*_MONEY_COLUMNS))
    return [ledger, disbursed]


def money_rows(campaign_id):
    """``[(kind, total, count)]``: the ledger's totals by kind (count 0) and a ``DISBURSED`` row with the
    sum and count of the disbursements, in one query (a ``UNION ALL``, its SQL compiled once per
    process: ``lokadaya.compiled_queries``)."""
    from lokadaya import compiled_queries

    return compiled_queries.rows(("money",), _money_querysets, [[campaign_id]], _MONEY_COLUMNS)


def campaign_transparency(campaign):
    """The money summary of ``campaign`` (any language: the ledger keeps the source page), or None
    for a page that was never saved (a preview of a new campaign has no ledger)."""
    from finance.ledger import ZERO, Kind, totals_from_rows
    from finance.models import Disbursement

    source = getattr(campaign, "source", campaign)
    if source.pk is None:
        return None
    rows = money_rows(source.pk)
    totals = totals_from_rows((kind, total) for kind, total, _count in rows if kind != DISBURSED)
    disbursed, count = next(((total or ZERO, count) for kind, total, count in rows if kind == DISBURSED), (ZERO, 0))
    shown = list(Disbursement.objects.filter(campaign_id=source.pk)[:DISBURSEMENTS_SHOWN]) if count else []
    net = totals[Kind.NET]
    return TransparencySummary(
        gross=totals[Kind.GROSS], fee=totals[Kind.FEE], net=net, disbursed=disbursed,
        balance=net - disbursed, disbursements=shown, disbursement_count=count,
    )
