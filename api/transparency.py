"""The transparency figures of ``/api/v1/transparency/``: aggregates only, national and per province.

- **Money** from the ledger's balances (``finance.models.LedgerBalance``, the lines summed by the
  database), grouped by the province each line is
  booked under (``finance.ledger.placement``: the campaign's kabupaten/kota, else its OMS's):
  gross raised, the management fee, net to the OMS; **disbursed** from the disbursements, placed by
  the same rule (``finance.ledger.booked_regency``). One query each.
- **Campaigns and supporters** from ``network.consolidation.figures_by_province`` (the figures
  the provincial pages and programmes show: live public campaigns in the default language, their
  asks' supporters from the plugins' progress, measured in one batch).
- National = the sum of the provinces, so the two always agree.

Invariant: no single record, name or amount of one supporter appears; only sums and counts.
Cached with the network's figures (``network.figures_cache``: versioned on every change that moves
a figure), per language.
"""
from decimal import Decimal

from django.db.models import Sum

from .present import rupiah

ZERO = Decimal(0)


def _compute():
    from campaigns.models import CampaignPage
    from finance.ledger import booked_regency
    from finance.models import Disbursement, LedgerBalance, LedgerEntry
    from network.consolidation import figures_by_province, source_pages
    from regions.models import Province, Regency
    from stories.models import StoryPage

    Kind = LedgerEntry.Kind
    money = {}
    for row in (LedgerBalance.objects.filter(kind__in=[Kind.GROSS, Kind.FEE, Kind.NET]).order_by()
                .values("province_id", "kind").annotate(total=Sum("amount"))):
        money[(row["province_id"], row["kind"])] = row["total"] or ZERO
    province_of = dict(Regency.objects.values_list("pk", "province_id"))
    disbursed = {}
    for row in (Disbursement.objects.annotate(place=booked_regency()).order_by()
                .values("place").annotate(total=Sum("amount"))):
        province_id = province_of.get(row["place"])
        disbursed[province_id] = disbursed.get(province_id, ZERO) + (row["total"] or ZERO)
    rows, _total = figures_by_province(source_pages(CampaignPage), source_pages(StoryPage))
    counted = {figures.place.pk: figures for figures in rows}

    provinces, national = [], {"money_gross": ZERO, "money_fee": ZERO, "money_net": ZERO, "money_disbursed": ZERO,
                               "campaigns": 0, "active_campaigns": 0, "supporters": 0}
    for province in Province.objects.order_by("code"):
        figures = counted.get(province.pk)
        row = {
            "province_code": province.code, "province_name": province.name,
            "money_gross": money.get((province.pk, Kind.GROSS), ZERO),
            "money_fee": money.get((province.pk, Kind.FEE), ZERO),
            "money_net": money.get((province.pk, Kind.NET), ZERO),
            "money_disbursed": disbursed.get(province.pk, ZERO),
            "campaigns": figures.campaigns if figures else 0,
            "active_campaigns": figures.active_campaigns if figures else 0,
            "supporters": sum(t.supporters for t in figures.support.values()) if figures else 0,
        }
        for key in national:
            national[key] += row[key]
        provinces.append(row)
    for row in [national, *provinces]:
        for key in ("money_gross", "money_fee", "money_net", "money_disbursed"):
            row[key] = rupiah(row[key])
    return {"national": national, "provinces": provinces}


def figures():
    from network.figures_cache import cached

    return cached("api-transparency", "all", _compute)


