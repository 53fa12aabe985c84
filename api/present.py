"""What each endpoint says about a thing, as plain JSON values, built in batches.

Views hand over a page of pages (campaigns, stories, OMS...) and get back a list of dicts, in a
fixed number of queries whatever the page holds: the source pages (ids are the default-language
page's, the same in every language), the campaigns' progress (``campaigns.progress``), their
OMS, SDGs and moderation standing, and every picture's rendition in one batch each.

Invariants (see ``api/__init__.py``):

- **Public fields only.** Every value here is one the public page of the thing shows anonymous
  visitors; supporters appear only as counts and sums. The OMS's own email and WhatsApp are left
  out (often a person's), as are bank details, team contacts and verification notes.
- **A frozen or closed campaign** says so (``support``: open, reason, message, the moderators'
  public note), as its page does; its figures stay, as on its page.
- **Money** is a string of whole rupiah, never a float.
- **Every type's asks** appear, whatever the plugin; ``details`` is what the type's ``api_ask``
  hook returns (``{}`` when it has none), checked to be JSON values.
"""
import logging
from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import strip_tags
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

logger = logging.getLogger("lokadaya.api")

#: The cover/logo renditions the API links to: one width, JPEG, as the cards crop them.
COVER_SPEC = "fill-800x450-c50|format-jpeg|jpegquality-72"
LOGO_SPEC = "max-160x320|format-jpeg|jpegquality-72"


def rupiah(value):
    """Whole rupiah as a string ("125000"); None stays None."""
    if value is None:
        return None
    return format(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP), "f")


def number(value):
    """A quantity (items, hours, people) as a string without a trailing ".0"."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return format(value.quantize(Decimal(1)), "f")
    return format(value.normalize(), "f")


def rich_text(value):
    return expand_db_html(value) if value else ""


def plain(value):
    return " ".join(strip_tags(value or "").split())


# -- ids, places, pictures -----------------------------------------------------------------------


def source_ids(pages):
    """``{page pk: pk of its default-language page}`` (one query when some are translations)."""
    default_id = Locale.get_default().pk
    found = {page.pk: page.pk for page in pages if page.locale_id == default_id}
    others = [page for page in pages if page.locale_id != default_id]
    if others:
        from wagtail.models import Page

        by_key = dict(Page.objects.filter(translation_key__in={p.translation_key for p in others},
                                          locale_id=default_id).values_list("translation_key", "pk"))
        for page in others:
            found[page.pk] = by_key.get(page.translation_key, page.pk)
    return found


def region(regency):
    if regency is None:
        return None
    province = regency.province
    return {"province_code": province.code, "province_name": province.name,
            "regency_code": regency.code, "regency_name": regency.name}


def sdg(item):
    return {"number": item.number, "slug": item.slug, "name": item.name, "colour": item.colour}


def sdgs_of(model, pages):
    """``{page pk: [SDG]}`` of ``pages`` (a ``sdgs`` many-to-many): one query."""
    through = model.sdgs.through
    column = f"{model._meta.model_name}_id"
    rows = (through.objects.filter(**{f"{column}__in": [p.pk for p in pages]})
            .select_related("sdg").order_by("sdg__number"))
    found = {page.pk: [] for page in pages}
    for row in rows:
        found[getattr(row, column)].append(row.sdg)
    return found


def picture_urls(request, images, spec):
    """``{image pk: absolute URL of its rendition}``: one cache look-up, at most one query for those
    already made (``lokadaya.cards.attach_renditions``); a missing one is made once, then kept."""
    from lokadaya.cards import attach_renditions

    images = [image for image in images if image is not None]
    attach_renditions([(image, [spec]) for image in images])
    urls = {}
    for image in images:
        if image.pk in urls:
            continue
        try:
            rendition = image.get_rendition(spec)
        except Exception:  # a missing or broken file: no picture rather than a 500
            logger.warning("No rendition %s of image %s", spec, image.pk, exc_info=True)
            continue
        url = rendition.url
        urls[image.pk] = url if url.startswith(("http://", "https://")) else request.build_absolute_uri(url)
    return urls


def full_url(request, page):
    url = page.get_full_url(request)
    if url and not url.startswith(("http://", "https://")):
        url = request.build_absolute_uri(url)
    return url


# -- campaigns -----------------------------------------------------------------------------------


def progress_dict(progress, with_parts=True):
    if progress is None:
        return None
    value = {
        "current": number(progress.current), "target": number(progress.target), "unit": str(progress.unit or ""),
        "is_money": bool(progress.is_money), "percentage": progress.percentage,
        "supporters": int(progress.supporters or 0), "money": rupiah(progress.money),
        "label": str(progress.label or ""), "note": str(progress.note or ""),
    }
    if with_parts:
        value["parts"] = [progress_dict(part, with_parts=False) for part in progress.parts or ()]
    return value


def _json_value(value):
    """Whether ``value`` is made of JSON values only (a plugin's ``api_ask`` answer)."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, list):
        return all(_json_value(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _json_value(item) for key, item in value.items())
    return False


def _checked(key, details):
    if details is None:
        return {}
    if not isinstance(details, dict) or not _json_value(details):
        raise TypeError(f"api_ask of {key!r} must return a dict of JSON values (money as strings)")
    return details


def asks_details(items):
    """``{(id(campaign), ask id): details}`` for ``items`` ``[(campaign, ask, progress)]``: one
    ``api_asks`` call per type that implements that batched hook (if the hookspecs have it), else
    ``api_ask`` per ask (a type that queries there costs a query per ask)."""
    from campaigns.plugins import registry

    by_type = {}
    for item in items:
        by_type.setdefault(item[1].type_key, []).append(item)
    found = {}
    for key, type_items in by_type.items():
        if registry.implements(key, "api_asks"):
            answers = registry.call(key, "api_asks", items=type_items) or {}
            for campaign, ask, _progress in type_items:
                found[(id(campaign), ask.id)] = _checked(key, answers.get((campaign.pk, ask.id)))
            continue
        for campaign, ask, progress in type_items:
            found[(id(campaign), ask.id)] = _checked(
                key, registry.call(key, "api_ask", campaign=campaign, ask=ask, progress=progress))
    return found


def _organisations_of(pages):
    """``{parent path: OrganisationPage}`` of ``pages`` (one query)."""
    from partners.models import OrganisationPage

    paths = {page.path[:-page.steplen] for page in pages}
    return {org.path: org for org in OrganisationPage.objects.filter(path__in=paths)}


def _standings_of(source_pks):
    from reports.models import CampaignStanding

    return {row.campaign_id: row for row in CampaignStanding.objects.filter(campaign_id__in=source_pks)}


def campaigns(request, pages):
    """The JSON of ``pages`` (CampaignPages of one language, regency and cover joined)."""
    from campaigns.progress import prefetch_progress
    from reports.support import support_verdict

    pages = list(pages)
    if not pages:
        return []
    default_id = Locale.get_default().pk
    for page in pages:
        if page.locale_id == default_id:
            page.__dict__.setdefault("source", page)
    prefetch_progress(pages)  # resolves every page's source too (one query for translations)
    organisations = _organisations_of(pages)
    standings = _standings_of([page.source.pk for page in pages])
    sdgs = sdgs_of(type(pages[0]), pages)
    covers = picture_urls(request, [page.hero_image for page in pages], COVER_SPEC)
    details = asks_details([(page, ask, progress) for page in pages for ask, _type, progress in page.get_progress()])
    result = []
    for page in pages:
        organisation = organisations.get(page.path[:-page.steplen])
        page.__dict__["_organisation"] = organisation
        verdict = support_verdict(page, organisation=organisation, standing=standings.get(page.source.pk))
        rows = page.get_progress()
        totals = page.totals(rows)
        asks = []
        for ask, support_type, progress in rows:
            asks.append({
                "id": ask.id, "type": ask.type_key,
                "type_name": str(support_type.name) if support_type else ask.type_key,
                "title": str(ask.title), "description": str(ask.value.get("description") or ""),
                "progress": progress_dict(progress),
                "details": details[(id(page), ask.id)],
            })
        result.append({
            "id": page.source.pk, "title": page.title, "slug": page.slug, "url": full_url(request, page),
            "summary": page.summary,
            "organisation": ({"id": None, "name": organisation.title, "url": full_url(request, organisation)}
                             if organisation else None),
            "region": region(page.regency),
            "sdgs": [sdg(item) for item in sdgs.get(page.pk, ())],
            "status": page.status, "status_label": str(page.status_label),
            "start_date": page.start_date, "end_date": page.end_date, "closed_early": page.closed,
            "cover_image": covers.get(page.hero_image_id),
            "money_raised": rupiah(totals["money"]), "supporters": int(totals["supporters"]),
            "support": {"open": verdict.open, "reason": verdict.reason or "", "message": str(verdict.message),
                        "public_note": verdict.public_note or ""},
            "asks": asks,
        })
    ids = source_ids([organisations[key] for key in organisations])
    for item, page in zip(result, pages):
        organisation = page.__dict__["_organisation"]
        if organisation is not None:
            item["organisation"]["id"] = ids.get(organisation.pk, organisation.pk)
    return result


# -- OMS -----------------------------------------------------------------------------------------


def organisations(request, pages):
    """The JSON of OMS profile pages (regency, logo joined). Counts: live public campaigns under
    the profile, published stories of the OMS, money raised (gross, from the ledger's balances)."""
    from django.db.models import Count, F, Sum
    from django.db.models.functions import Substr

    from campaigns.models import CampaignPage
    from finance.models import LedgerBalance, LedgerEntry
    from stories.models import StoryPage

    pages = list(pages)
    if not pages:
        return []
    ids = source_ids(pages)
    logos = picture_urls(request, [page.logo for page in pages], LOGO_SPEC)
    sdgs = sdgs_of(type(pages[0]), pages)
    default = Locale.get_default()
    source_pks = set(ids.values())
    from partners.models import OrganisationPage

    source_paths = dict(OrganisationPage.objects.filter(pk__in=source_pks).values_list("pk", "path"))
    parent = Substr("path", 1, (F("depth") - 1) * CampaignPage.steplen)
    campaign_counts = dict(CampaignPage.objects.live().public().filter(locale=default)
                           .annotate(parent=parent).filter(parent__in=list(source_paths.values()))
                           .order_by().values("parent").annotate(n=Count("pk")).values_list("parent", "n"))
    story_counts = dict(StoryPage.objects.live().public().filter(locale=default, organisation_id__in=source_pks)
                        .order_by().values("organisation_id").annotate(n=Count("pk")).values_list("organisation_id", "n"))
    raised = dict(LedgerBalance.objects.filter(organisation_id__in=source_pks, kind=LedgerEntry.Kind.GROSS)
                  .order_by().values("organisation_id").annotate(total=Sum("amount"))
                  .values_list("organisation_id", "total"))
    result = []
    for page in pages:
        source_pk = ids[page.pk]
        result.append({
            "id": source_pk, "name": page.title, "slug": page.slug, "url": full_url(request, page),
            "legal_form": page.form, "legal_form_label": str(page.get_form_display()),
            "founded_year": page.founded_year, "summary": page.summary, "about": rich_text(page.about),
            "website": page.website or "", "verified": page.is_verified,
            "region": region(page.regency), "logo": logos.get(page.logo_id),
            "sdgs": [sdg(item) for item in sdgs.get(page.pk, ())],
            "campaign_count": campaign_counts.get(source_paths.get(source_pk), 0),
            "story_count": story_counts.get(source_pk, 0),
            "money_raised": rupiah(raised.get(source_pk) or 0),
        })
    return result


# -- stories -------------------------------------------------------------------------------------


def stories(request, pages):
    """The JSON of story pages (regency, hero image, organisation joined), with their linked live
    campaigns in the same language."""
    from campaigns.models import CampaignPage
    from stories.models import StoryPage

    pages = list(pages)
    if not pages:
        return []
    ids = source_ids(pages)
    covers = picture_urls(request, [page.hero_image for page in pages], COVER_SPEC)
    sdgs = sdgs_of(StoryPage, pages)
    through = StoryPage.campaigns.through
    links = list(through.objects.filter(storypage_id__in=[p.pk for p in pages])
                 .values_list("storypage_id", "campaignpage__translation_key"))
    locale_id = pages[0].locale_id
    linked = {c.translation_key: c for c in CampaignPage.objects.live().public().filter(
        translation_key__in={key for _pk, key in links}, locale_id=locale_id)}
    campaign_ids = source_ids(list(linked.values()))
    organisation_ids = source_ids([page.organisation for page in pages if page.organisation_id])
    result = []
    for page in pages:
        campaigns_of = [linked[key] for pk, key in links if pk == page.pk and key in linked]
        organisation = page.organisation if page.organisation_id else None
        result.append({
            "id": ids[page.pk], "title": page.title, "slug": page.slug, "url": full_url(request, page),
            "date": page.date, "summary": page.summary, "cover_image": covers.get(page.hero_image_id),
            "region": region(page.regency), "sdgs": [sdg(item) for item in sdgs.get(page.pk, ())],
            "organisation": ({"id": organisation_ids[organisation.pk], "name": organisation.title,
                              "url": full_url(request, organisation)} if organisation and organisation.live else None),
            "campaigns": [{"id": campaign_ids[c.pk], "title": c.title, "url": full_url(request, c)}
                          for c in campaigns_of],
        })
    return result


# -- programmes ----------------------------------------------------------------------------------


def programmes(request, pages):
    pages = list(pages)
    if not pages:
        return []
    ids = source_ids(pages)
    result = []
    for page in pages:
        result.append({
            "id": ids[page.pk], "title": page.title, "slug": page.slug, "url": full_url(request, page),
            "summary": page.summary, "cluster": page.cluster, "cluster_label": str(page.get_cluster_display()),
            "sdg": sdg(page.sdg) if page.sdg_id else None,
            "partner": page.partner.name if page.partner_id else "",
        })
    return result
