"""Wagtail pages opt in to the page cache (the rules of ``policy.py`` still decide)."""
from wagtail import hooks

from .policy import mark_cacheable


@hooks.register("before_serve_page")
def page_may_be_cached(page, request, serve_args, serve_kwargs):
    from campaigns.models import CampaignPage

    if getattr(page, "page_cache", True) is False:
        return None
    campaign = None
    if isinstance(page, CampaignPage):
        campaign = page.source.pk  # pledges point at the source page (every language counts together)
    mark_cacheable(request, campaign=campaign)
    return None
