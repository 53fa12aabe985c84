"""Batch loading for pages that list cards: what every card shows, in a fixed number of queries.

A page listing campaigns, stories or OMS would otherwise pay per card: a rendition lookup per
picture, the progress of each campaign. ``load_cards`` evaluates the page's querysets (or
paginator pages) and loads, for every card at once, the campaigns' progress
(``campaigns.progress.prefetch_progress``) and the renditions of the pictures
(``attach_renditions``: one cache lookup, at most one query).

Invariant: a card shows exactly what it showed without batching. Batching only decides how what it
shows is fetched; a rendition the batch did not name is found or made by Wagtail as before (at the
cost of a query of its own, which tests/test_query_budget_pages.py would count).
"""
from django.core.paginator import Page

#: (image attribute, ratio, widths) of each card's picture, as its template asks ``{% responsive_image %}``
#: (campaigns/includes/campaign_card.html, stories/includes/story_card.html,
#: partners/includes/organisation_card.html). Should a template change, the batch misses and each
#: card costs a query again, never a wrong picture.
CAMPAIGN_CARD = ("hero_image", "16x9", "480,800")
STORY_CARD = ("hero_image", "16x9", "480,800")
ORGANISATION_CARD = ("logo", "none", "96,160")


def picture(image, ratio="16x9", widths=None):
    """``(image, [filter specs])`` of one ``{% responsive_image image ratio=... widths=... %}``."""
    from lokadaya.templatetags.images import WIDTHS, _parse_widths, _specs

    return image, list(_specs(ratio, _parse_widths(widths or WIDTHS)).values())


def attach_renditions(wanted):
    """Look up the renditions of many images together: one cache ``get_many``, at most one query.

    ``wanted``: ``(image, [filter specs])`` pairs (``picture()`` gives those of a
    ``{% responsive_image %}``); None images are skipped. Each image gets ``prefetched_renditions``,
    which Wagtail's ``get_renditions`` then reads instead of asking the cache and the database for
    that image alone (a spec not in it is made, or found, by Wagtail as before: name every spec
    the page asks of the image). Renditions read from the database are put in the cache, as
    Wagtail does, so the next render needs no query.
    """
    from lokadaya.templatetags.images import filter_for

    entries = {}  # id(image) -> (image, {spec: focal point key})
    for image, specs in wanted:
        if image is None or image.pk is None:
            continue
        image_specs = entries.setdefault(id(image), (image, {}))[1]
        for spec in specs:
            if spec not in image_specs:
                image_specs[spec] = filter_for(spec).get_cache_key(image)
    if not entries:
        return
    Rendition = next(iter(entries.values()))[0].get_rendition_model()
    keys = {}  # cache key -> [(image, spec)]: one image may be on several cards, as several instances
    for image, image_specs in entries.values():
        for spec, focal_key in image_specs.items():
            keys.setdefault(Rendition.construct_cache_key(image, focal_key, spec), []).append((image, spec))
    found = {id(image): {} for image, _specs in entries.values()}
    for key, rendition in Rendition.cache_backend.get_many(list(keys)).items():
        for image, spec in keys[key]:
            rendition.image = image
            found[id(image)][spec] = rendition

    missing = [(image, spec) for pairs in keys.values() for image, spec in pairs
               if spec not in found[id(image)]]
    if missing:
        by_pk = {}
        for image, _spec in missing:
            by_pk.setdefault(image.pk, []).append(image)
        rows = Rendition.objects.filter(image_id__in=list(by_pk),
                                        filter_spec__in={spec for _image, spec in missing})
        to_cache = {}
        for rendition in rows:
            for image in by_pk[rendition.image_id]:
                image_specs = entries[id(image)][1]
                if (image_specs.get(rendition.filter_spec) == rendition.focal_point_key
                        and rendition.filter_spec not in found[id(image)]):
                    rendition.image = image
                    found[id(image)][rendition.filter_spec] = rendition
                    to_cache[rendition.get_cache_key()] = rendition
        if to_cache:
            Rendition.cache_backend.set_many(to_cache)
    for image, _specs in entries.values():
        image.prefetched_renditions = list(found[id(image)].values())


def _as_list(items):
    """A queryset as a list; a paginator page keeps being a page, its ``object_list`` a list."""
    if items is None:
        return None
    if isinstance(items, Page):
        items.object_list = list(items.object_list)
        return items
    return list(items)


def load_cards(campaigns=None, stories=None, organisations=None, images=()):
    """``{"campaigns": ..., "stories": ..., "organisations": ...}`` (the ones given), evaluated, with
    the campaigns' progress and every card picture (plus ``images``, more ``(image, [specs])`` of
    the page, see ``picture()``) looked up in one batch each. Pass querysets with the cards'
    relations joined (``select_related``: regency and province, the picture)."""
    loaded = {name: _as_list(items) for name, items in
              (("campaigns", campaigns), ("stories", stories), ("organisations", organisations))
              if items is not None}
    wanted = list(images)
    for name, (field, ratio, widths) in (("campaigns", CAMPAIGN_CARD), ("stories", STORY_CARD),
                                         ("organisations", ORGANISATION_CARD)):
        for item in loaded.get(name) or ():
            wanted.append(picture(getattr(item, field), ratio, widths))
    if loaded.get("campaigns"):
        from campaigns.progress import prefetch_progress
        from wagtail.models import Locale

        campaigns = list(loaded["campaigns"])
        # A campaign in the default language is its own source (``CampaignPage.source``): known
        # without the query that looks up the sources of translations.
        default_id = Locale.get_default().pk
        for campaign in campaigns:
            if campaign.locale_id == default_id:
                campaign.__dict__.setdefault("source", campaign)
        prefetch_progress(campaigns)
    attach_renditions(wanted)
    return loaded


def join_related(instance, *paths):
    """Fill the foreign keys of ``instance`` named in ``paths`` (``select_related`` syntax), one query.

    For a page the router handed over: its regency, pictures... would otherwise cost a query each.
    Only a relation whose id the stored row shares is filled, so a preview keeps its revision's.
    """
    if instance.pk is None:
        return
    model = type(instance)
    todo = {}
    for path in paths:
        name = path.split("__")[0]
        field = model._meta.get_field(name)
        if getattr(instance, field.attname) is not None and not field.is_cached(instance):
            todo.setdefault(name, (field, []))[1].append(path)
    if not todo:
        return
    stored = (model._default_manager.filter(pk=instance.pk)
              .select_related(*[path for _field, names in todo.values() for path in names]).first())
    if stored is None:
        return
    for field, _names in todo.values():
        if getattr(stored, field.attname) == getattr(instance, field.attname):
            field.set_cached_value(instance, field.get_cached_value(stored))


def localized_all(pages, live_only=True):
    """``[page.localized for page in pages]`` (the live translation in the active language, else the
    page itself), with one query per page type instead of one per page. ``live_only=False``: any
    translation (``get_translation_or_none(locale) or page``)."""
    from django.conf import settings
    from wagtail.models import Locale

    pages = list(pages)
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return pages
    try:
        locale = Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return pages
    by_model = {}
    for page in pages:
        if page.locale_id != locale.pk:
            by_model.setdefault(type(page), set()).add(page.translation_key)
    found = {}
    for model, keys in by_model.items():
        for translation in model.objects.filter(translation_key__in=keys, locale=locale):
            found[(model, translation.translation_key)] = translation
    result = []
    for page in pages:
        translation = found.get((type(page), page.translation_key)) if page.locale_id != locale.pk else None
        usable = translation is not None and (translation.live or not live_only)
        result.append(translation if usable else page)
    return result
