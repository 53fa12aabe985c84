"""Template tags of the public site: the language switch."""
from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Locale, Page

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """``[(code, name, url, is_current)]``: the same page in each language.

    A Wagtail page links to its translation (or the other language's home page when it has
    none); any other view to the same URL under the other language prefix.
    """
    request = context.get("request")
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        if isinstance(page, Page) and getattr(page, "pk", None):
            locale = Locale.objects.filter(language_code=code).first()
            translation = page.get_translation_or_none(locale) if locale else None
            if translation is not None and translation.live:
                url = translation.get_url(request)
            elif locale is not None:
                root = page.get_site().root_page if page.get_site() else None
                home = root.get_translation_or_none(locale) if root else None
                url = home.get_url(request) if home else None
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append((code, name, url or f"/{code}/", code == current))
    return links
