"""What fundraisers adds to the campaign page: the leaderboard of its supporters' fundraisers.

The approved fundraisers are counted with the ask's progress (``progress_query``): the leaderboard
then reads its top entries only when there are some (one query), and none when there are none."""
from django.db.models import Count, TextField, Value
from django.urls import reverse

from campaigns.progress import progress_rows
from campaigns.types import PageSection
from lokadaya import compiled_queries
from lokadaya.money import percentage

from .models import Fundraiser

TOP = 5
#: The progress rows' part, and the ``Progress.details`` key, of the approved fundraisers.
PART = "fundraisers"


def _approved(campaign_ids, ask_ids):
    return Fundraiser.objects.filter(campaign_id__in=campaign_ids, ask_id__in=ask_ids,
                                     status=Fundraiser.Status.APPROVED)


def progress_query(campaign_ids, ask_ids):
    """Per ask with approved fundraisers, a row of part ``PART`` counting them (``count``)."""
    return progress_rows(_approved(campaign_ids, ask_ids), part=Value(PART, output_field=TextField()),
                         counts=[Count("pk")])


def details(rows):
    """``{PART: count}`` from one ask's progress rows."""
    return {PART: sum(row.count for row in rows if row.part == PART)}


def _top(groups):
    [campaign_id], ask_ids = groups
    return (_approved([campaign_id], ask_ids).only("slug", "title", "owner_name", "raised", "target", "supporters")
            .order_by("-raised", "created_at", "pk")[:TOP])


def page_sections(campaign, asks, progress=None):
    """``{ask id: [campaigns.types.PageSection]}`` for the donation asks of ``campaign``: one "after"
    section under the first one (the top five approved fundraisers by money raised, how many more,
    and the way to start one). One query when ``progress`` (``{ask id: Progress}``) counted them
    (none when there are none), else two; whatever the number of fundraisers."""
    if not asks or campaign.pk is None:
        return {}
    progress = progress or {}
    ask_ids = [ask.id for ask in asks]
    counted = [progress[i].details[PART] for i in ask_ids if i in progress and PART in progress[i].details]
    count = sum(counted) if len(counted) == len(ask_ids) else None
    top = [] if count == 0 else compiled_queries.instances(("fundraisers-top", len(ask_ids)), _top,
                                                           [[campaign.pk], ask_ids])
    if len(top) < TOP:
        more = 0
    else:
        more = (_approved([campaign.pk], ask_ids).count() if count is None else count) - TOP
    for fundraiser in top:
        fundraiser.bar = min(percentage(fundraiser.raised, fundraiser.target), 100)
    first = asks[0]
    start_url = None
    if campaign.status == campaign.Status.ACTIVE:
        start_url = reverse("donation:fundraiser_start", kwargs={"campaign_id": campaign.pk, "ask_id": first.id})
    if not top and not start_url:
        return {}
    context = {"top": top, "more": more, "start_url": start_url}
    return {first.id: [PageSection("donation/fundraisers/leaderboard.html", context, slot="after", order=50)]}
