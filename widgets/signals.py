"""Purging the widgets from the page cache when what they show changes (``pagecache/purge.py``).

The page cache keeps a campaign card and a province widget as it keeps pages (``widgets.views``).
Pledges need nothing here: the card is marked with its campaign, so its figures re-render within
``LOKADAYA_PAGE_CACHE_FIGURES_SECONDS``, and a province widget within the listing delay. What
else a card shows changes on the events below, and each purges the widgets showing the page
(every language's ``?lang=`` variant: a purge covers a path's query strings):

| change | purges |
| --- | --- |
| a live campaign saved (published), unpublished, moved or deleted | its cards (each language's page), and the province widget of its province, before and after |
| its moderation standing (frozen, closed, cleared) | the same |
| a live OMS profile saved, unpublished, moved or deleted | the cards of its campaigns and its province's widget |

Invariant: a card never shows a campaign that was unpublished, deleted, frozen or closed, nor a
province widget such a campaign, once the change has committed (as for the campaign page itself).
"""
from django.db.models.signals import post_save, pre_delete, pre_save
from wagtail.models import Page
from wagtail.signals import page_unpublished, post_page_move

from pagecache import purge
from pagecache.signals import DRAFT_BOOKKEEPING

from . import embedding


def _province_codes(regency_ids):
    from regions.models import Regency

    ids = {regency_id for regency_id in regency_ids if regency_id}
    return set(Regency.objects.filter(pk__in=ids).values_list("province__code", flat=True)) if ids else set()


def embed_paths(page):
    """The widget paths showing ``page`` (a campaign or an OMS profile), in every language."""
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage

    page = page.specific
    if isinstance(page, CampaignPage):
        campaigns = list(CampaignPage.objects.filter(translation_key=page.translation_key)) or [page]
        regencies = {page.regency_id} | {c.regency_id for c in campaigns}
    elif isinstance(page, OrganisationPage):
        campaigns = list(CampaignPage.objects.filter(path__startswith=page.path, depth=page.depth + 1))
        regencies = {page.regency_id} | {c.regency_id for c in campaigns}
    else:
        return set()
    paths = {embedding.card_path(c.pk) for c in campaigns if c.pk}
    paths.update(embedding.province_path(code) for code in _province_codes(regencies))
    return paths


def _is_shown(instance):
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage

    return isinstance(instance, (CampaignPage, OrganisationPage))


def about_to_save(sender, instance, raw=False, **kwargs):
    """Remember the province the stored row shows (an edit may move the campaign to another one)."""
    if raw or instance.pk is None or purge.is_suspended() or not _is_shown(instance):
        return
    stored = type(instance).objects.filter(pk=instance.pk).values_list("regency_id", flat=True).first()
    if stored and stored != instance.regency_id:
        instance._widgets_old_paths = {embedding.province_path(code) for code in _province_codes([stored])}


def saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not instance.live or not _is_shown(instance):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    purge.purge_paths(embed_paths(instance) | getattr(instance, "_widgets_old_paths", set()))


def gone(sender, instance, **kwargs):
    """Unpublished, moved or (live and) about to be deleted."""
    page = instance.specific if isinstance(instance, Page) else instance
    if _is_shown(page) and not purge.is_suspended():
        purge.purge_paths(embed_paths(page))


def about_to_delete(sender, instance, **kwargs):
    if instance.live:
        gone(sender, instance)


def standing_changed(sender, instance, raw=False, **kwargs):
    from campaigns.models import CampaignPage

    if raw:
        return
    campaign = CampaignPage.objects.filter(pk=instance.campaign_id).first()
    if campaign is not None:
        purge.purge_paths(embed_paths(campaign))


def connect():
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage
    from reports.models import CampaignStanding

    for model in (CampaignPage, OrganisationPage):
        uid = f"widgets_{model._meta.label}"
        pre_save.connect(about_to_save, sender=model, dispatch_uid=uid + "_pre")
        post_save.connect(saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(about_to_delete, sender=model, dispatch_uid=uid + "_del")
    page_unpublished.connect(gone, dispatch_uid="widgets_unpublished")
    post_page_move.connect(gone, dispatch_uid="widgets_moved")
    post_save.connect(standing_changed, sender=CampaignStanding, dispatch_uid="widgets_standing")
