"""``{% share_meta %}``: Open Graph and Twitter card tags, so a shared link previews well (WhatsApp included).

WhatsApp reads ``og:title``, ``og:description`` and ``og:image``; it shows the image only when its
absolute URL answers quickly with a small file, hence a 1200x630 JPEG rendition (well under 300 KB).
"""
from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Page

register = template.Library()

OG_LOCALES = {"id": "id_ID", "en": "en_GB"}
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-75"
LOGO_IMAGE_SPEC = "max-600x600|bgcolor-ffffff|format-jpeg|jpegquality-80"
DESCRIPTION_LENGTH = 200


def _absolute(request, url):
    if not url or url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def _description(page):
    for candidate in (page.search_description, getattr(page, "summary", ""), getattr(page, "intro", ""),
                      getattr(page, "hero_text", "")):
        text = " ".join(strip_tags(str(candidate or "")).split())
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


def _image(page):
    """``(image, rendition spec)``: a wide photo cropped to 1200x630, else the OMS's logo uncropped."""
    if getattr(page, "hero_image", None) is not None:
        return page.hero_image, SHARE_IMAGE_SPEC
    photos = getattr(page, "photos", None)
    first_photo = photos.select_related("image").first() if hasattr(photos, "select_related") else None
    if first_photo is not None:
        return first_photo.image, SHARE_IMAGE_SPEC
    if getattr(page, "logo", None) is not None:
        # A logo is often a transparent PNG: flatten it on white, never crop it.
        return page.logo, LOGO_IMAGE_SPEC
    return None, None


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
        data["url"] = request.build_absolute_uri() if request is not None else ""
        return data

    from stories.models import StoryPage

    data.update(
        title=page.seo_title or page.title,
        description=_description(page),
        url=page.get_full_url(request),
        alternates=[
            {"url": other.get_full_url(request), "language": other.locale.language_code,
             "og_locale": OG_LOCALES.get(other.locale.language_code, other.locale.language_code)}
            for other in page.get_translations().live().public().select_related("locale")
        ],
    )
    image, spec = _image(page)
    if image is not None:
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
