"""What monthly giving adds to the campaign page: inside the money ask's box, how many donors give
every month and how much that makes a month, and a hint that one can give monthly (one query)."""
from django.db.models import Count, Sum

from campaigns.types import PageSection

from ..forms import monthly_allowed
from .models import RecurringDonation

TEMPLATE = "donation/recurring/campaign_monthly.html"


def page_sections(campaign, asks):
    """``{ask id: [campaigns.types.PageSection]}`` for the donation asks of ``campaign`` (one query)."""
    if not asks or campaign.pk is None:
        return {}
    rows = (RecurringDonation.objects.filter(campaign_id=campaign.pk, ask_id__in=[ask.id for ask in asks],
                                             status=RecurringDonation.Status.ACTIVE)
            .values("ask_id").annotate(donors=Count("pk"), monthly=Sum("amount")).order_by())
    by_ask = {row["ask_id"]: row for row in rows}
    sections = {}
    for ask in asks:
        row = by_ask.get(ask.id)
        allowed = monthly_allowed(ask)
        if not row and not allowed:
            continue
        sections[ask.id] = [PageSection(TEMPLATE, {
            "donors": row["donors"] if row else 0, "monthly": row["monthly"] if row else 0,
            "allowed": allowed}, slot="give", order=50)]
    return sections
