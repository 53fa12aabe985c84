"""``{% responsive_image %}`` and ``{% preload_image %}``: photos sized for the phone that shows them.

Every photo is served as AVIF, then WebP, then JPEG, each in several widths, so a phone on a slow
network downloads the smallest file its screen needs. Only the page's main (largest) image loads
eagerly and is preloaded; every other image loads lazily, when it scrolls into view.
"""
import functools

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.images.models import Filter

register = template.Library()

WIDTHS = (480, 800, 1200)
#: format -> (MIME type, quality filter); the last is the fallback every browser reads.
FORMATS = (("avif", "image/avif", "avifquality-50"), ("webp", "image/webp", "webpquality-70"),
           ("jpeg", "image/jpeg", "jpegquality-72"))
RATIOS = {"16x9": (16, 9), "1x1": (1, 1), "4x3": (4, 3), "3x2": (3, 2)}


def _specs(ratio, widths):
    """Filter specs per format: ``fill`` crops to the ratio; ``max`` keeps the picture whole."""
    specs = {}
    for fmt, _mime, quality in FORMATS:
        for width in widths:
            if ratio in RATIOS:
                w, h = RATIOS[ratio]
                resize = f"fill-{width}x{round(width * h / w)}-c50"
            else:
                resize = f"max-{width}x{width * 2}"
            specs[(fmt, width)] = f"{resize}|format-{fmt}|{quality}"
    return specs


@functools.lru_cache(maxsize=512)
def filter_for(spec):
    """Wagtail's ``Filter`` for ``spec``, one per process: building one parses its operations (with
    ``inspect`` checks), which cost a page with a few pictures several milliseconds per render. A
    ``Filter`` keeps nothing of the images it is used on, so one can be shared."""
    return Filter(spec=spec)


def _parse_widths(widths):
    if isinstance(widths, str):
        return tuple(int(w) for w in widths.split(",") if w.strip())
    return tuple(widths or WIDTHS)


def renditions(image, ratio="16x9", widths=WIDTHS):
    """``{(format, width): rendition}``, made in one batch (Wagtail's ``get_renditions``)."""
    specs = _specs(ratio, _parse_widths(widths))
    made = image.get_renditions(*(filter_for(spec) for spec in specs.values()))
    return {key: made[spec] for key, spec in specs.items()}


def _srcset(made, fmt):
    # Two requested widths may give the same file when the original is small: list each once.
    seen, parts = set(), []
    for (f, _w), rendition in sorted(made.items(), key=lambda item: item[0][1]):
        if f == fmt and rendition.url not in seen:
            seen.add(rendition.url)
            parts.append(f"{rendition.url} {rendition.width}w")
    return ", ".join(parts)


@register.simple_tag
def responsive_image(image, sizes="100vw", ratio="16x9", widths=WIDTHS, eager=False, alt=None, css_class=""):
    """A ``<picture>`` with AVIF, WebP and JPEG sources; ``eager`` for the page's main image only."""
    if not image:
        return ""
    made = renditions(image, ratio, widths)
    fallback = max((r for (f, _w), r in made.items() if f == "jpeg"), key=lambda r: r.width)
    sources = format_html_join(
        "", '<source type="{}" srcset="{}" sizes="{}">',
        ((mime, _srcset(made, fmt), sizes) for fmt, mime, _q in FORMATS[:-1]),
    )
    loading = mark_safe(' fetchpriority="high"') if eager else mark_safe(' loading="lazy" decoding="async"')
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}></picture>',
        sources, fallback.url, _srcset(made, "jpeg"), sizes, fallback.width, fallback.height,
        image.default_alt_text if alt is None else alt,
        format_html(' class="{}"', css_class) if css_class else "", loading,
    )


@register.simple_tag
def preload_image(image, sizes="100vw", ratio="16x9", widths=WIDTHS):
    """``<link rel=preload>`` for the main image, in AVIF (browsers without AVIF skip it)."""
    if not image:
        return ""
    made = renditions(image, ratio, widths)
    return format_html('<link rel="preload" as="image" type="image/avif" imagesrcset="{}" imagesizes="{}">',
                       _srcset(made, "avif"), sizes)
