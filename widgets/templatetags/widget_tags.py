"""``{% oembed_discovery page %}``: the ``<link>`` in a campaign page's head that names its oEmbed
answer (``/oembed/?url=...``), so a blog or CMS given the campaign's address can embed its card."""
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html

from lokadaya.site_url import absolute_url, page_full_url

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery(context, page):
    """Nothing for a page that is not live (a preview, a draft): it has no card to embed."""
    if page is None or not getattr(page, "live", False) or page.pk is None:
        return ""
    request = context.get("request")
    url = page_full_url(page, request)
    if not url:
        return ""
    href = absolute_url(reverse("oembed:endpoint") + "?" + urlencode({"url": url, "format": "json"}), request)
    return format_html('<link rel="alternate" type="application/json+oembed" href="{}" title="{}">', href, page.title)
