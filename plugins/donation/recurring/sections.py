"""What monthly giving adds to the campaign page: inside the money ask's box, how many donors give
every month and how much that makes a month, and a hint that one can give monthly. Counted with
the ask's progress (``progress_query``: no query of its own), else one query."""
from django.db.models import Count, Sum, TextField, Value

from campaigns.progress import progress_rows
from campaigns.types import PageSection

from ..forms import monthly_allowed
from .models import RecurringDonation

TEMPLATE = "donation/recurring/campaign_monthly.html"
#: The progress rows' part, and the ``Progress.details`` key, of the active monthly donations.
PART = "monthly"


def _active(campaign_ids, ask_ids):
    return RecurringDonation.objects.filter(campaign_id__in=campaign_ids, ask_id__in=ask_ids,
                                            status=RecurringDonation.Status.ACTIVE)


def progress_query(campaign_ids, ask_ids):
    """Per ask, a row of part ``PART``: active monthly donors (``count``) and their monthly sum."""
    return progress_rows(_active(campaign_ids, ask_ids), part=Value(PART, output_field=TextField()),
                         counts=[Count("pk")], amount=Sum("amount"))


def details(rows):
    """``{PART: {"donors", "monthly"}}`` from one ask's progress rows (none: nobody gives monthly)."""
    for row in rows:
        if row.part == PART:
            return {PART: {"donors": row.count, "monthly": row.amount or 0}}
    return {PART: {"donors": 0, "monthly": 0}}


def page_sections(campaign, asks, progress=None):
    """``{ask id: [campaigns.types.PageSection]}`` for the donation asks of ``campaign``: from
    ``progress`` (``{ask id: Progress}``) where it counted them, else one query."""
    if not asks or campaign.pk is None:
        return {}
    progress = progress or {}
    by_ask = {ask.id: progress[ask.id].details[PART] for ask in asks
              if ask.id in progress and PART in progress[ask.id].details}
    missing = [ask.id for ask in asks if ask.id not in by_ask]
    if missing:
        rows = (_active([campaign.pk], missing).values("ask_id")
                .annotate(donors=Count("pk"), monthly=Sum("amount")).order_by())
        found = {row["ask_id"]: row for row in rows}
        by_ask.update({ask_id: found.get(ask_id, {"donors": 0, "monthly": 0}) for ask_id in missing})
    sections = {}
    for ask in asks:
        row = by_ask[ask.id]
        allowed = monthly_allowed(ask)
        if not row["donors"] and not allowed:
            continue
        sections[ask.id] = [PageSection(TEMPLATE, {
            "donors": row["donors"], "monthly": row["monthly"] or 0, "allowed": allowed}, slot="give", order=50)]
    return sections
