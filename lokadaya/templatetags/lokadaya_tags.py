"""Template tags of the public site: the language switch, canonical and hreflang links.

Locales, sites and home pages come from ``lokadaya.lookups``; a page's translations from one query.
"""
from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

register = template.Library()


def _is_page(page):
    return isinstance(page, Page) and getattr(page, "pk", None)


@register.simple_tag(takes_context=True)
def language_links(context):
    """``[(code, name, url, is_current)]``: the same page in each language.

    A Wagtail page links to its translation (or the other language's home page when it has
    none); any other view to the same URL under the other language prefix.
    """
    from lokadaya.lookups import locale_for_code, page_translations, root_translation

    request = context.get("request")
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    links = []
    site_id = False  # not looked up yet
    for code, name in settings.LANGUAGES:
        url = None
        if _is_page(page):
            locale = locale_for_code(code)
            translation = page_translations(page).get(locale.pk) if locale else None
            if translation is not None and translation.live:
                url = translation.get_url(request)
            elif locale is not None:
                if site_id is False:
                    parts = page.get_url_parts()
                    site_id = parts[0] if parts else None
                home = root_translation(site_id, locale.pk) if site_id is not None else None
                url = home.get_url(request) if home else None
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append((code, name, url or f"/{code}/", code == current))
    return links


@register.simple_tag(takes_context=True)
def seo_links(context):
    """``{"canonical": url, "alternates": [(hreflang, url)]}``: absolute, on the public site's address.

    A Wagtail page: its own URL and its live translations' (``x-default``: the Indonesian one). Any
    other public view (regions, networks, search): its path without the query string, and the same
    path under each language prefix. Built by ``lokadaya.site_url``, never from the ``Site`` row's
    hostname (``localhost`` in the demo).
    """
    from lokadaya.lookups import locale_by_id, public_translations
    from lokadaya.site_url import absolute_url, page_full_url

    request = context.get("request")
    page = context.get("page")
    if _is_page(page):
        canonical = page_full_url(page, request)
        others = sorted(((locale_by_id(other.locale_id).language_code, other)
                         for other in public_translations(page)), key=lambda item: item[0])
        alternates = [(code, page_full_url(other, request)) for code, other in others]
    elif request is not None:
        canonical = absolute_url(request.path, request)
        alternates = [(code, absolute_url(translate_url(request.path, code), request))
                      for code, _name in settings.LANGUAGES]
    else:
        return {"canonical": None, "alternates": []}
    alternates = [(code, url) for code, url in alternates if url]
    if len(alternates) < 2:
        alternates = []
    default = dict(alternates).get(settings.LANGUAGE_CODE)
    if default:
        alternates.append(("x-default", default))
    return {"canonical": canonical, "alternates": alternates}


def _is_idle(figures):
    """A place with no OMS, campaign, story or support yet (a row of zeros in a figures table)."""
    if figures.organisations or figures.campaigns or figures.active_campaigns or figures.stories:
        return False
    return not any(total.amount or total.supporters for total in figures.support.values())


@register.simple_tag
def split_idle(rows):
    """``{"active": [...], "idle": [...]}``: the rows of a figures table with and without any activity.

    A province has up to 40 kabupaten/kota, most without an OMS yet: their rows of zeros buried the
    others on a phone, so the table lists the active ones and names the idle ones under a toggle.
    """
    active, idle = [], []
    for row in rows:
        (idle if _is_idle(row) else active).append(row)
    return {"active": active, "idle": idle}


@register.filter
def index_of(sequence, position):
    """``{{ types|index_of:forloop.counter0 }}``: the item at ``position`` (a column's header in a row)."""
    try:
        return sequence[int(position)]
    except (IndexError, TypeError, ValueError):
        return None
