"""``{% share_meta %}``: Open Graph and Twitter card tags, so a shared link previews well (WhatsApp included).

WhatsApp reads ``og:title``, ``og:description`` and ``og:image``; it shows the image only when its
absolute URL answers quickly with a small file, hence a 1200x630 JPEG rendition (well under 300 KB).
A campaign's image is its generated share card (campaigns/sharing.py: cover, title, money
progress), whose URL carries a version so that crawlers fetch it again when the progress moves.

Also, for ``includes/share.html``: ``{% absolute_url page_or_path as url %}`` (on the site's
address, ``lokadaya/site_url.py``) and ``{% share_links url text as links %}``.
"""
from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Page

from campaigns import sharing
from lokadaya.site_url import absolute_url as absolute_url_of
from lokadaya.site_url import page_full_url

register = template.Library()

OG_LOCALES = {"id": "id_ID", "en": "en_GB"}
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-75"
LOGO_IMAGE_SPEC = "max-600x600|bgcolor-ffffff|format-jpeg|jpegquality-80"
DESCRIPTION_LENGTH = 200


def _absolute(request, url):
    return sharing.absolute_url(url, request)


@register.simple_tag(takes_context=True)
def absolute_url(context, target=None):
    """The absolute URL of a page, or of a path; of the current page when ``target`` is empty."""
    request = context.get("request")
    if isinstance(target, Page):
        return sharing.page_absolute_url(target, request)
    if target:
        return sharing.absolute_url(str(target), request)
    if request is not None:
        return request.build_absolute_uri(request.path)
    return ""


@register.simple_tag(takes_context=True)
def share_links(context, url=None, text=""):
    """``[(key, label, href)]`` for ``includes/share.html`` (the current page's URL when ``url`` is empty)."""
    return sharing.share_links(url or absolute_url(context), text)


def _description(page):
    for candidate in (page.search_description, getattr(page, "summary", ""), getattr(page, "intro", ""),
                      getattr(page, "hero_text", "")):
        text = " ".join(strip_tags(str(candidate or "")).split())
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def _image(page):
    """``(image, rendition spec)``: a wide photo cropped to 1200x630, else the OMS's logo uncropped."""
    for field in ("hero_image", "cover_image"):  # a story's lead photo, an OMS profile's cover
        if getattr(page, field, None) is not None:
            return getattr(page, field), SHARE_IMAGE_SPEC
    photos = getattr(page, "gallery_photos", None)  # an OMS profile without a cover: its first photo
    first_photo = photos.select_related("image").first() if photos is not None else None
    if first_photo is not None and first_photo.image is not None:
        return first_photo.image, SHARE_IMAGE_SPEC
    if getattr(page, "logo", None) is not None:
        # A logo is often a transparent PNG: flatten it on white, never crop it.
        return page.logo, LOGO_IMAGE_SPEC
    return None, None


def _progress_rows(context):
    """The campaign page's own ``progress`` rows when the context has them (saves computing them twice)."""
    rows = context.get("progress")
    if isinstance(rows, list) and all(isinstance(row, tuple) and len(row) == 3 for row in rows):
        return rows
    return None


@register.inclusion_tag("editorial/share_meta.html", takes_context=True)
def share_meta(context):
    request = context.get("request")
    page = context.get("page")
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    data = {
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Lokadaya"),
        "og_locale": OG_LOCALES.get(language, language),
        "type": "website",
    }
    if not isinstance(page, Page) or not page.pk:
        data["url"] = absolute_url_of(request.get_full_path(), request) if request is not None else ""
        return data

    from lokadaya.lookups import public_translations
    from stories.models import StoryPage

    def alternates():
        return [
            {"url": page_full_url(other, request), "language": other.locale.language_code,
             "og_locale": OG_LOCALES.get(other.locale.language_code, other.locale.language_code)}
            # Read once per request with the hreflang links and the language switch.
            for other in public_translations(page) if other.pk != page.pk
        ]

    kept = context.get("kept_parts")
    data.update(
        title=page.seo_title or page.title,
        description=_description(page),
        url=page_full_url(page, request),
        # Only a publish changes them (pagecache/parts.py): kept with the page's parts where it has them.
        alternates=kept.value("alternates", alternates) if kept is not None else alternates(),
    )
    from campaigns.models import CampaignPage

    card_url = sharing.og_image_url(page, request, progress_rows=_progress_rows(context)) if isinstance(
        page, CampaignPage) and page.live else None
    # Only without a card: a campaign page kept its cover's rendition with its parts (pagecache/parts.py).
    image, spec = _image(page) if not card_url else (None, None)
    if card_url:
        # The generated card: photo, title and progress (a branded card even without a photo).
        data["image"] = {
            "url": card_url,
            "width": sharing.OG_SIZE[0],
            "height": sharing.OG_SIZE[1],
            "alt": page.title,
        }
    elif image is not None:
        rendition = image.get_rendition(spec)
        data["image"] = {
            "url": _absolute(request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": getattr(image, "description", "") or image.title,
        }
    if isinstance(page, StoryPage):
        data.update(
            type="article",
            published=page.first_published_at,
            modified=page.last_published_at,
            tags=[str(sdg) for sdg in page.sdgs.all()],
        )
    return data
