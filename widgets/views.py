"""The widgets: a campaign's progress card, a province's active initiatives, and ``v1.js``.

Who may see them: anybody, from any website; they show only what the campaign pages show
anonymous visitors (live, public pages; a draft, private or unknown one is a 404 card).

Invariants (the app's, ``widgets/__init__.py``):

- **No cookies.** Nothing here touches ``request.session``, ``request.user``, messages or the CSRF
  token, so no middleware has a reason to set a cookie; the language is ``?lang=`` (else the
  campaign's own), never the browser's.
- **Public figures only, fresh.** The card's figures are the campaign page's (``get_progress``,
  ``CampaignPage.totals``, ``campaigns.giving``) and its closed state the page's
  (``support_verdict``). The page cache keeps a card as it keeps the campaign page: marked with
  its campaign, so a pledge re-renders it within ``LOKADAYA_PAGE_CACHE_FIGURES_SECONDS`` and
  browsers revalidate it on each load (``max-age=0`` with an ETag: a 304 while nothing moved);
  a province widget like other listings (``LOKADAYA_PAGE_CACHE_LISTING_FIGURES_SECONDS``).
  Publishing, unpublishing, moderation and deletion purge them (``widgets.signals``).
"""
import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from lokadaya.site_url import absolute_url, page_full_url, site_root_url
from pagecache import mark_cacheable

from . import embedding

#: At most this many initiatives on a province widget.
PROVINCE_LIMIT = 6
#: Campaigns read to find them (the newest active ones; a few may take no support now).
PROVINCE_CANDIDATES = 18


def _answer(request, template, context, lang, status=200):
    """Render ``template`` in ``lang``; the language is said by the URL, so say it in the header too."""
    with translation.override(lang):
        context = {"lang": lang, "site_url": site_root_url(request), **context}
        body = render_to_string(template, context, request=None)
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    response.headers["Content-Language"] = lang
    # Crawlers should index the campaign page, not its cards on a hundred websites.
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def not_found(request, lang, what="campaign"):
    return _answer(request, "widgets/not_found.html", {"what": what}, lang or settings.LANGUAGE_CODE, status=404)


def public_campaigns():
    from campaigns.models import CampaignPage

    return CampaignPage.objects.live().public()


def find_campaign(pk, lang):
    """The live, public campaign ``pk``, in ``lang`` when it has a live public translation; or None."""
    campaign = public_campaigns().filter(pk=pk).select_related("locale").first()
    if campaign is None or not lang or campaign.locale.language_code == lang:
        return campaign
    translated = public_campaigns().filter(translation_key=campaign.translation_key,
                                           locale__language_code=lang).first()
    return translated or campaign


def card_context(request, campaign):
    """What the card shows: the campaign page's own figures, button and state (``get_context``)."""
    from campaigns import giving

    campaign.load_relations()
    progress = campaign.get_progress()
    campaign.set_progress(progress)
    organisation = campaign.organisation
    standing = campaign.__dict__.get("_standing", ...)
    support = campaign.support_verdict(organisation=organisation, standing=standing)
    money_support = (campaign.support_verdict(organisation=organisation, standing=standing, money=True)
                     if support.open else support)
    plan = giving.build(campaign, progress, support, money_support=money_support)
    # The figure shown: the money ask, as the page leads with it; else the first ask with progress.
    shown = plan.primary or next((card for card in plan.cards if card.progress is not None), None)
    # The button: the money ask's when it takes money now, else the first ask that takes support.
    button = next((card for card in plan.cards if card.url), None)
    page_url = page_full_url(campaign, request)
    return {
        "campaign": campaign,
        "organisation": organisation,
        "organisation_url": page_full_url(organisation, request) if organisation is not None else None,
        "shown": shown,
        "totals": campaign.totals(progress),
        "support": support,
        "button": button,
        "button_url": absolute_url(button.url, request) if button else page_url,
        "page_url": page_url,
    }


@require_safe
def campaign_card(request, pk):
    lang = embedding.requested_language(request)
    campaign = find_campaign(pk, lang)
    if campaign is None:
        return not_found(request, lang)
    lang = lang or campaign.locale.language_code
    mark_cacheable(request, campaign=campaign.source.pk, any_language=True)
    with translation.override(lang):
        context = card_context(request, campaign)
    return _answer(request, "widgets/campaign_card.html", context, lang)


def active_in_province(province, lang):
    """The province's newest campaigns in ``lang`` that take support now, at most ``PROVINCE_LIMIT``,
    with their progress and OMS loaded (a fixed number of queries)."""
    from django.db.models import Q
    from django.utils import timezone

    from campaigns.progress import prefetch_progress
    from partners.models import OrganisationPage
    from reports.models import CampaignStanding

    today = timezone.localdate()
    candidates = list(
        public_campaigns().filter(locale__language_code=lang, regency__province=province, closed=False,
                                  start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by("-first_published_at", "-pk")[:PROVINCE_CANDIDATES])
    if not candidates:
        return []
    prefetch_progress(candidates)  # also knows each one's source (records point there)
    parents = {page.path: page for page in OrganisationPage.objects.filter(
        path__in={c.path[:-c.steplen] for c in candidates})}
    standings = {row.campaign_id: row for row in CampaignStanding.objects.filter(
        campaign_id__in={c.source.pk for c in candidates})}
    active = []
    for campaign in candidates:
        organisation = parents.get(campaign.path[:-campaign.steplen])
        campaign.__dict__["_organisation"] = organisation
        verdict = campaign.support_verdict(organisation=organisation,
                                           standing=standings.get(campaign.source.pk))
        if verdict.open:
            active.append(campaign)
        if len(active) == PROVINCE_LIMIT:
            break
    return active


@require_safe
def province_widget(request, code):
    from regions.models import Province

    lang = embedding.requested_language(request) or settings.LANGUAGE_CODE
    province = Province.objects.filter(code=code).first()
    if province is None:
        return not_found(request, lang, what="province")
    mark_cacheable(request, any_language=True)
    with translation.override(lang):
        items = [{"campaign": c, "organisation": c.organisation, "url": page_full_url(c, request),
                  "row": c.money_progress or next((r for r in c.get_progress() if r[2] is not None), None)}
                 for c in active_in_province(province, lang)]
        province_url = absolute_url(province.get_absolute_url(), request)
    return _answer(request, "widgets/province.html",
                   {"province": province, "items": items, "province_url": province_url}, lang)


@functools.cache
def script_body():
    """``v1.js`` with its few words in every language (read and filled once per process)."""
    source = (Path(__file__).parent / "static" / "widgets" / "v1.js").read_text(encoding="utf-8")
    titles = {}
    for code in embedding.languages():
        with translation.override(code):
            titles[code] = {"campaign": gettext("Campaign on Lokadaya"),
                            "province": gettext("Initiatives on Lokadaya")}
    body = source.replace("/*TITLES*/{}", json.dumps(titles, ensure_ascii=False, separators=(",", ":")))
    return body.encode("utf-8")


#: Browsers and proxies may keep the script an hour: a fix reaches every website within that.
SCRIPT_MAX_AGE = 3600


@require_safe
def script(request):
    """``/embed/v1.js``: the one-line script (static, the same for everybody)."""
    body = script_body()
    etag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = f"public, max-age={SCRIPT_MAX_AGE}"
    return response
