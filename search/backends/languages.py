"""The language an indexed object is written in, and the languages a query is analysed in.

An object with a ``locale`` (every page) is indexed with its own language's analysis: Indonesian
stemming for Indonesian content, English stemming for English translations. A query is analysed in
the languages from :func:`query_languages`: the visitor's language only on the public search page
(which lists that language's pages only), every content language elsewhere (the admin searches
across locales).
"""
import contextlib
import contextvars
import threading

from django.conf import settings
from django.utils import translation

_chosen = contextvars.ContextVar("lokadaya_search_languages", default=None)
_locale_languages = {}
_lock = threading.Lock()


def base_language(code):
    """``"en-us"`` -> ``"en"``."""
    return (code or "").split("-")[0].lower()


def content_languages():
    return [base_language(code) for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def language_of_locale_id(locale_id):
    """The language code of a Locale row; cached, since locales are few and hardly ever change."""
    if locale_id is None:
        return None
    language = _locale_languages.get(locale_id)
    if language is None:
        from wagtail.models import Locale

        with _lock:
            _locale_languages.update(
                (pk, base_language(code)) for pk, code in Locale.objects.values_list("pk", "language_code"))
        language = _locale_languages.get(locale_id)
    return language


def language_of(obj):
    """The language of an object with a locale (pages, translatable snippets); None for others."""
    return language_of_locale_id(getattr(obj, "locale_id", None))


@contextlib.contextmanager
def only_languages(*codes):
    """Analyse the queries made inside this block in these languages only."""
    token = _chosen.set(tuple(base_language(code) for code in codes))
    try:
        yield
    finally:
        _chosen.reset(token)


def query_languages():
    """The languages to analyse a query in: those chosen by :func:`only_languages`, else every
    content language, the active one first."""
    chosen = _chosen.get()
    if chosen:
        return list(chosen)
    active = base_language(translation.get_language() or settings.LANGUAGE_CODE)
    languages = content_languages()
    return [active] + [code for code in languages if code != active] if active in languages else languages
