"""What matching adds to the campaign page: the sponsor's offer inside the money ask's box, while an
active fund covers the campaign today: no query when no fund covers it (``scopes``), else one,
whatever the number of funds and matches."""
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from campaigns.types import PageSection
from lokadaya import compiled_queries
from lokadaya.money import format_rupiah

from .scopes import covering_fund_ids
from .service import open_funds

TEMPLATE = "donation/matching/campaign_match.html"


def ratio_display(ratio):
    """``1``, ``0,50``, ``1,50``: the ratio as the visitor's language writes it."""
    ratio = Decimal(ratio)
    return number_format(ratio, 0 if ratio == ratio.to_integral_value() else 2)


def offer(fund):
    """The fund's offer as the page and the pledge form say it (a dict for the template)."""
    values = {"sponsor": fund.sponsor_name, "ratio": ratio_display(fund.ratio),
              "limit": format_rupiah(fund.per_donation_limit), "left": format_rupiah(fund.remaining)}
    if fund.ratio == 1:
        headline = _("Every rupiah you give is doubled by %(sponsor)s") % values
    else:
        headline = _("%(sponsor)s matches your gift: each Rp 1 you give gets Rp %(ratio)s more") % values
    if fund.per_donation_limit > 0:
        headline += " " + _("(up to %(limit)s per gift)") % values
    return {"fund": fund, "headline": headline, "left": _("%(left)s of the match left") % values,
            "logo": fund.sponsor_logo, "url": fund.sponsor_url, "sponsor": fund.sponsor_name,
            "starts_on": fund.starts_on, "ends_on": fund.ends_on}


def active_offer(campaign):
    """The offer of the oldest active fund with money left covering ``campaign`` today, or None: the
    same fund as ``service.covering_funds(campaign).first()``, found through the kept scopes."""
    day = timezone.localdate()
    fund_ids = covering_fund_ids(campaign, day)
    if not fund_ids:
        return None
    found = compiled_queries.instances(("matching-offer", len(fund_ids)), _oldest_open, [[day], fund_ids])
    return offer(found[0]) if found else None


def _oldest_open(groups):
    [day], fund_ids = groups
    return open_funds(day).filter(pk__in=fund_ids).select_related("sponsor_logo").order_by("created_at", "pk")[:1]


def page_sections(campaign, asks, progress=None):
    """``{ask id: [campaigns.types.PageSection]}`` for the donation asks of ``campaign`` (one query)."""
    if not asks or campaign.pk is None:
        return {}
    found = active_offer(campaign)
    if found is None:
        return {}
    return {ask.id: [PageSection(TEMPLATE, found, slot="give", order=10)] for ask in asks}
