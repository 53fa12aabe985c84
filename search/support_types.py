"""Keep :class:`~search.models.CampaignSupportType` in step with each campaign's asks."""
from campaigns.blocks import UNAVAILABLE

from . import documents
from .models import CampaignSupportType


def support_type_keys(campaign):
    """The support types a campaign's asks hold, from the stored JSON (no plugin needed to read it).

    An ask whose plugin is not installed counts as its original type: it is filtered on again as
    soon as the plugin is back.
    """
    keys = set()
    for item in campaign.asks.raw_data:
        key = item.get("type")
        if key == UNAVAILABLE:
            key = (item.get("value") or {}).get("original_type")
        if key:
            keys.add(key)
    return keys


def sync_support_types(campaign):
    """Make the rows match the campaign's asks; writes only what changed. Safe when run twice at once."""
    wanted = support_type_keys(campaign)
    current = set(CampaignSupportType.objects.filter(campaign_id=campaign.pk).values_list("type_key", flat=True))
    if current - wanted:
        CampaignSupportType.objects.filter(campaign_id=campaign.pk, type_key__in=current - wanted).delete()
    if wanted - current:
        CampaignSupportType.objects.bulk_create(
            [CampaignSupportType(campaign_id=campaign.pk, type_key=key) for key in sorted(wanted - current)],
            ignore_conflicts=True,
        )
    if wanted != current:
        documents.refresh_supports([campaign.pk])
    return wanted
