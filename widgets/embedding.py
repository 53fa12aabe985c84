"""The widgets' addresses and the code an OMS pastes on its website: one place builds them.

- ``card_url(page_id, lang)``: the campaign card, ``/embed/kampanye/<page id>/?lang=id``;
- ``province_url(code, lang)``: a province's initiatives, ``/embed/provinsi/<code>/?lang=id``;
- ``script_html(...)``: the one-line ``<script>`` that places either (``/embed/v1.js``);
- ``iframe_html(...)``: the plain iframe (oEmbed answers with it; the editor's panel shows it).

The language is always in the URL (``?lang=``), never taken from a cookie or the browser's
``Accept-Language``: an embedded card is the same for every visitor of the OMS's website, which is
also what lets the page cache keep one copy per address.
"""
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from lokadaya.site_url import absolute_url

#: The card's natural size in pixels (it is responsive: narrower frames reflow it; the one-line
#: script then sets the height the content needs).
CARD_WIDTH = 400
CARD_HEIGHT = 560
PROVINCE_WIDTH = 480
PROVINCE_HEIGHT = 720


def languages():
    return [code for code, _name in settings.LANGUAGES]


def requested_language(request):
    """The ``?lang=`` of ``request`` when it is one of the site's languages, else None."""
    value = (request.GET.get("lang") or "").strip().lower()
    return value if value in languages() else None


def _with_language(path, lang):
    return f"{path}?lang={lang}" if lang else path


def card_path(page_id, lang=None):
    return _with_language(reverse("widgets:campaign", kwargs={"pk": page_id}), lang)


def province_path(code, lang=None):
    return _with_language(reverse("widgets:province", kwargs={"code": code}), lang)


def card_url(page_id, lang=None, request=None):
    return absolute_url(card_path(page_id, lang), request)


def province_url(code, lang=None, request=None):
    return absolute_url(province_path(code, lang), request)


def script_url(request=None):
    return absolute_url(reverse("widgets:script"), request)


def iframe_html(src, title, width=CARD_WIDTH, height=CARD_HEIGHT):
    """A plain iframe of a widget (no script: its height stays ``height``)."""
    return format_html(
        '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy" frameborder="0" '
        'style="border:0;width:100%;max-width:{}px"></iframe>',
        src, title, width, height, width)


def script_html(lang, campaign=None, province=None, request=None):
    """The one line an OMS pastes: the script puts the widget right there and sizes it."""
    if campaign is not None:
        attribute, value = "data-lokadaya-campaign", campaign
    else:
        attribute, value = "data-lokadaya-province", province
    return format_html('<script async src="{}" {}="{}" data-lang="{}"></script>',
                       script_url(request), attribute, value, lang)
