"""What fundraisers adds to the campaign page: the leaderboard of its supporters' fundraisers."""
from django.urls import reverse

from campaigns.types import PageSection
from lokadaya.money import percentage

from .models import Fundraiser

TOP = 5


def page_sections(campaign, asks):
    """``{ask id: [campaigns.types.PageSection]}`` for the donation asks of ``campaign``: one "after"
    section under the first one (the top five approved fundraisers by money raised, how many more,
    and the way to start one). At most two queries, whatever the number of fundraisers."""
    if not asks or campaign.pk is None:
        return {}
    approved = Fundraiser.objects.filter(campaign_id=campaign.pk, ask_id__in=[ask.id for ask in asks],
                                         status=Fundraiser.Status.APPROVED)
    top = list(approved.only("slug", "title", "owner_name", "raised", "target", "supporters")
               .order_by("-raised", "created_at", "pk")[:TOP])
    more = approved.count() - TOP if len(top) == TOP else 0
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
