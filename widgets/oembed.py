"""``/oembed/?url=<campaign page URL>&format=json``: oEmbed 1.0 for campaign pages.

A blog, a CMS or a chat app given a campaign's address asks here and gets a ``rich`` answer whose
``html`` is the campaign card's iframe (``widgets.embedding.iframe_html``). Campaign pages name
this endpoint in their ``<head>`` (``{% oembed_discovery %}``, ``widgets/templatetags``).

Answers, as the specification asks:

- 200 with the JSON for the address of a live, public campaign page on this site (any language;
  query strings such as ``?utm_source=`` are ignored);
- 404 for an address on this site that is not such a page, and for an address of another site;
- 400 for a missing or malformed ``url`` and a ``maxwidth``/``maxheight`` that is not a positive
  integer; 501 for any ``format`` but ``json`` (``xml`` is not implemented).

Errors are JSON too: ``{"error": "..."}``. Nothing here reads or sets a cookie.
"""
from urllib.parse import urlsplit

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Site

from campaigns.sharing import absolute_url
from lokadaya.site_url import page_full_url, site_root_url

from . import embedding
from .views import public_campaigns

#: Consumers may keep an answer this long (seconds): the iframe's address never changes.
CACHE_AGE = 3600
THUMBNAIL_SPEC = "fill-480x270-c50|format-jpeg|jpegquality-72"


def error(message, status):
    return JsonResponse({"error": str(message)}, status=status)


def our_hostnames(request):
    """The host names this site answers on: its public address, the request's, its Wagtail sites'."""
    names = {urlsplit(site_root_url(request)).hostname, request.get_host().rsplit(":", 1)[0]}
    names.update(Site.objects.values_list("hostname", flat=True))
    return {name.lower() for name in names if name}


def campaign_for_path(path, request):
    """The live, public campaign page whose address has ``path``, or None."""
    if not path.endswith("/"):
        path += "/"
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return None
    for candidate in public_campaigns().filter(slug=segments[-1]).select_related("locale"):
        url = page_full_url(candidate, request)
        if url and urlsplit(url).path == path:
            return candidate
    return None


def positive(value):
    """``None`` for an absent value, an int for a positive integer; ValueError otherwise."""
    if value in (None, ""):
        return None
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


@require_safe
def endpoint(request):
    response_format = (request.GET.get("format") or "json").lower()
    if response_format != "json":
        return error(_("Only the json format is available."), 501)
    url = (request.GET.get("url") or "").strip()
    if not url:
        return error(_("Give the address of a campaign page in the url parameter."), 400)
    try:
        parts = urlsplit(url)
        hostname = (parts.hostname or "").lower()
    except ValueError:
        return error(_("The url parameter is not a valid address."), 400)
    if parts.scheme not in ("http", "https") or not hostname:
        return error(_("The url parameter is not a valid address."), 400)
    try:
        maxwidth = positive(request.GET.get("maxwidth"))
        maxheight = positive(request.GET.get("maxheight"))
    except ValueError:
        return error(_("maxwidth and maxheight must be positive whole numbers."), 400)
    if hostname not in our_hostnames(request):
        return error(_("This address is not on this site."), 404)
    campaign = campaign_for_path(parts.path or "/", request)
    if campaign is None:
        return error(_("No published campaign has this address."), 404)
    return JsonResponse(describe(campaign, request, maxwidth, maxheight), json_dumps_params={"ensure_ascii": False},
                        headers={"Cache-Control": f"public, max-age={CACHE_AGE}"})


def describe(campaign, request, maxwidth=None, maxheight=None):
    """The oEmbed answer (a ``dict``) for ``campaign``, fitting ``maxwidth`` x ``maxheight``."""
    lang = campaign.locale.language_code
    width = min(embedding.CARD_WIDTH, maxwidth or embedding.CARD_WIDTH)
    height = min(embedding.CARD_HEIGHT, maxheight or embedding.CARD_HEIGHT)
    src = embedding.card_url(campaign.pk, lang, request)
    answer = {
        "version": "1.0",
        "type": "rich",
        "title": campaign.title,
        "provider_name": "Lokadaya",
        "provider_url": site_root_url(request) + "/",
        "cache_age": CACHE_AGE,
        "html": str(embedding.iframe_html(src, campaign.title, width, height)),
        "width": width,
        "height": height,
    }
    organisation = campaign.organisation
    if organisation is not None:
        answer["author_name"] = organisation.title
        answer["author_url"] = page_full_url(organisation, request)
    if campaign.hero_image_id:
        thumbnail = campaign.hero_image.get_rendition(THUMBNAIL_SPEC)
        if maxwidth is None or thumbnail.width <= maxwidth:
            # An object-storage URL stays as it is; a /media/ path gets the site's address.
            answer.update(thumbnail_url=absolute_url(thumbnail.url, request),
                          thumbnail_width=thumbnail.width, thumbnail_height=thumbnail.height)
    return answer
