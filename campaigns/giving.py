"""The campaign page as a giving page: one money ask first, the other asks as secondary cards.

The core never names a support type: the money ask is the first ask whose progress says it raises
money (``Progress.is_money``), whatever plugin provides it. A button's words come from the type
(``SupportType.action_label`` when a plugin gives one) or a generic "Support this".
"""
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from reports.support import NOT_LIVE

from .types import TemplateLookup


@dataclass
class AskCard(TemplateLookup):
    """One ask as the page shows it: its progress and, when it takes support now, its button."""

    ask: Any
    support_type: Any
    progress: Any
    url: str | None
    action_label: Any
    #: Parts the ask's plugin adds inside its box (``campaign_sections``, slot "give").
    sections: list = field(default_factory=list)

    @property
    def over_target(self):
        return bool(self.progress and self.progress.target and self.progress.current > self.progress.target)


@dataclass
class Giving(TemplateLookup):
    primary: AskCard | None
    secondary: list
    #: Parts plugins add after the asks (``campaign_sections``, slot "after"), in order.
    after: list = field(default_factory=list)

    @property
    def cards(self):
        return ([self.primary] if self.primary else []) + self.secondary


def action_label(support_type):
    """What the ask's button says: the plugin's own verb, else a generic one."""
    return support_type.action_label or _("Support this")


def takes_pledges_here(support, preview=False):
    """Whether to draw pledge buttons: when the campaign takes support, or in the editor's preview
    of a campaign that would, once launched (so the preview looks like the live page)."""
    return support.open or (preview and support.reason == NOT_LIVE)


def _pledge_urls(campaign):
    """``ask -> its pledge URL`` for ``campaign`` (None for a page outside any site): the page's own
    URL is worked out once for all its asks."""
    try:
        base = campaign.url
    except TypeError:  # no URL yet (a page outside any site)
        base = None
    if base is None:
        return lambda ask: None
    return lambda ask: campaign.pledge_url(ask, page_url=base)


def page_sections(campaign, progress_rows):
    """``{ask id: [PageSection]}`` from every type's ``campaign_sections`` (one call per type)."""
    from .plugins import registry

    by_type, measured = {}, {}
    for ask, support_type, progress in progress_rows:
        if support_type is not None:
            by_type.setdefault(support_type.key, []).append(ask)
            if progress is not None:
                measured[ask.id] = progress
    sections = {}
    for key, asks in by_type.items():
        if registry.implements(key, "campaign_sections"):
            progress = {ask.id: measured[ask.id] for ask in asks if ask.id in measured}
            sections.update(registry.call(key, "campaign_sections", campaign=campaign.source, asks=asks,
                                          progress=progress) or {})
    return sections


def build(campaign, progress_rows, support, preview=False, money_support=None):
    """Split ``progress_rows`` (``CampaignPage.get_progress``) into the money ask and the others.

    ``money_support``: the verdict for money (a missing fundraising permit stops only money asks);
    ``support`` when not given.
    """
    buttons = takes_pledges_here(support, preview)
    money_buttons = takes_pledges_here(money_support or support, preview)
    sections = page_sections(campaign, progress_rows)
    pledge_url = _pledge_urls(campaign)
    primary, secondary, after = None, [], []
    for ask, support_type, progress in progress_rows:
        raises_money = bool(getattr(support_type, "raises_money", False))
        url = pledge_url(ask) if (money_buttons if raises_money else buttons) else None
        own = sorted(sections.get(ask.id, ()), key=lambda section: section.order)
        inside = [section for section in own if section.slot == "give"]
        after.extend(section for section in own if section.slot == "after")
        if primary is None and progress is not None and progress.is_money:
            primary = AskCard(ask, support_type, progress, url, _("Donate now"), inside)
        else:
            secondary.append(AskCard(ask, support_type, progress, url, action_label(support_type), inside))
    return Giving(primary=primary, secondary=secondary, after=sorted(after, key=lambda section: section.order))


def network_of(organisation):
    """The provincial network covering the province where ``organisation`` works (or None); no query
    when the organisation was read with ``select_related("regency__province__network")``."""
    from network.models import ProvincialNetwork

    regency = getattr(organisation, "regency", None)
    if regency is None:
        return None
    province = regency.province if type(regency).province.is_cached(regency) else None
    if province is not None and type(province).network.is_cached(province):
        try:
            return province.network
        except ProvincialNetwork.DoesNotExist:
            return None
    return ProvincialNetwork.objects.filter(province_id=regency.province_id).select_related("province").first()
