"""What purges the page cache: the signals of every change a visitor could see.

| change | purges |
| --- | --- |
| a live page saved (publish included, not draft bookkeeping) | the page and the pages showing it |
| a page unpublished, deleted | the same, computed before it goes |
| a page moved, or its slug changed while live | its old and new places; everything if it has descendants |
| a support record, ledger line or disbursement saved/deleted | nothing: the campaign's figures time (lazy) |
| a campaign's standing (frozen/closed by moderators) | the campaign and the pages showing it |
| a site, locale, view restriction, network, SDG, snippet, redirect, changed image | everything |
| a setting changed at run time (only tests do: ``override_settings``) | everything |

Changes made with ``QuerySet.update`` send no signal: code that does so calls ``purge`` itself.
"""
from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page
from wagtail.signals import page_unpublished, post_page_move, pre_page_move

from . import dependents, purge

#: Fields Wagtail writes on a live page's row when a draft is saved; the live content is unchanged.
DRAFT_BOOKKEEPING = {"latest_revision", "latest_revision_created_at", "has_unpublished_changes", "draft_title",
                     "locked", "locked_at", "locked_by", "live_revision", "approved_go_live_at"}


def page_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw or not instance.live:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    if getattr(instance, "_pagecache_old_url_path", None):
        purge.purge_everything()  # its descendants' URLs moved with it
        return
    purge.purge_page(instance)


def page_about_to_save(sender, instance, raw=False, **kwargs):
    """A live page whose URL changes on this save (a slug edit published): remember it."""
    if raw or instance.pk is None or not instance.live or purge.is_suspended():
        return
    old = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()
    if old and old != instance.url_path:
        instance._pagecache_old_url_path = old


def page_unpublished_handler(sender, instance, **kwargs):
    purge.purge_page(instance)


def page_about_to_move(sender, instance, **kwargs):
    instance._pagecache_before_move = dependents.paths_showing(instance)


def page_moved(sender, instance, **kwargs):
    if instance.get_children_count():
        purge.purge_everything()
        return
    purge.purge_paths(getattr(instance, "_pagecache_before_move", set()) | dependents.paths_showing(instance))


def page_about_to_delete(sender, instance, **kwargs):
    if instance.live:
        purge.purge_paths(dependents.paths_showing(instance))


#: Where else a campaign's figures show: callables ``(campaign id) -> campaign ids`` whose pages
#: show them too (alliances: a joint action's totals on every linked campaign).
_figures_shown_with = []


def figures_also_shown(provider):
    """Register ``provider`` (see ``_figures_shown_with``); idempotent. ``figures_moved`` stamps
    the campaigns it names with the record's own, in one write to the cache."""
    if provider not in _figures_shown_with:
        _figures_shown_with.append(provider)


def figures_moved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    campaign_id = getattr(instance, "campaign_id", None)
    campaign_ids = {campaign_id}
    if campaign_id:
        for provider in _figures_shown_with:
            campaign_ids.update(provider(campaign_id))
    purge.figures_changed(campaign_ids)


def standing_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from campaigns.models import CampaignPage

    campaign = CampaignPage.objects.filter(pk=instance.campaign_id).first()
    if campaign is not None:
        purge.purge_page(campaign)


def everything(sender, instance=None, raw=False, created=False, **kwargs):
    if not raw:
        purge.purge_everything()


def image_changed(sender, instance, created=False, raw=False, **kwargs):
    if not raw and not created:  # a new image shows nowhere until a page using it is published
        purge.purge_everything()


def setting_changed_handler(**kwargs):
    from . import store

    store.mark_all_purged()  # a kept page carries headers and text the old settings made


def connect():
    from django.test.signals import setting_changed

    from campaigns.records import SupportRecord

    setting_changed.connect(setting_changed_handler, dispatch_uid="pagecache_setting_changed")
    page_unpublished.connect(page_unpublished_handler, dispatch_uid="pagecache_unpublished")
    pre_page_move.connect(page_about_to_move, dispatch_uid="pagecache_pre_move")
    post_page_move.connect(page_moved, dispatch_uid="pagecache_moved")
    site_wide = {"wagtailcore.Site", "wagtailcore.Locale", "wagtailcore.PageViewRestriction",
                 "network.ProvincialNetwork", "sdgs.SDG", "wagtailredirects.Redirect"}
    figure_models = {"finance.LedgerEntry", "finance.Disbursement"}
    for model in apps.get_models():
        label = model._meta.label
        uid = f"pagecache_{label}"
        if issubclass(model, Page):
            pre_save.connect(page_about_to_save, sender=model, dispatch_uid=uid + "_pre")
            post_save.connect(page_saved, sender=model, dispatch_uid=uid)
            pre_delete.connect(page_about_to_delete, sender=model, dispatch_uid=uid + "_del")
        elif issubclass(model, SupportRecord) or label in figure_models:
            post_save.connect(figures_moved, sender=model, dispatch_uid=uid)
            post_delete.connect(figures_moved, sender=model, dispatch_uid=uid + "_del")
        elif label == "reports.CampaignStanding":
            post_save.connect(standing_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(standing_changed, sender=model, dispatch_uid=uid + "_del")
        elif label in site_wide or is_snippet_or_setting(model):
            post_save.connect(everything, sender=model, dispatch_uid=uid)
            post_delete.connect(everything, sender=model, dispatch_uid=uid + "_del")
        elif label == "wagtailimages.Image" or label == "wagtaildocs.Document":
            post_save.connect(image_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(everything, sender=model, dispatch_uid=uid + "_del")


def is_snippet_or_setting(model):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    return getattr(model, "snippet_viewset", None) is not None or issubclass(model, (BaseSiteSetting, BaseGenericSetting))
