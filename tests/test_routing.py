"""Languages in URLs: /id/ and /en/ prefixes, Wagtail locales, and a switch that keeps you on the page."""
import re

import pytest
from django.apps import apps
from django.conf import settings
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


def switch_links(html):
    """``{code: href}`` of the language switch."""
    nav = re.search(r'<nav class="lang-switch"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return dict((code, href) for href, code in re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)"', nav))


def current_language_in_switch(html):
    nav = re.search(r'<nav class="lang-switch"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'hreflang="([a-z]+)"[^>]*aria-current="true"', nav)


def translate(page, locale_code, slug, title):
    """Publish ``page``'s translation into ``locale_code`` with its own slug and title."""
    translation = page.copy_for_translation(Locale.objects.get(language_code=locale_code))
    translation.slug, translation.title = slug, title
    translation.save_revision().publish()
    return translation


def test_languages_and_locales():
    assert settings.LANGUAGE_CODE == "id"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
    assert settings.WAGTAIL_I18N_ENABLED
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"id", "en"}
    assert Locale.get_default().language_code == "id"
    assert apps.is_installed("wagtail_localize") and apps.is_installed("wagtail_localize.locales")


def test_root_redirects_to_indonesian(client, home_page):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/id/"
    assert client.get("/", follow=True).status_code == 200


def test_unprefixed_paths_redirect_to_the_indonesian_prefix(client):
    response = client.get("/wilayah/aceh/")
    assert response.status_code == 302
    assert response["Location"] == "/id/wilayah/aceh/"


def test_home_pages_render_in_their_language(client, home_page):
    indonesian = client.get("/id/")
    assert indonesian.status_code == 200
    html = indonesian.content.decode()
    assert '<html lang="id">' in html
    assert "Memacu keberdayaan lokal" in html
    assert ">Wilayah</a>" in html and ">Cari</a>" in html
    assert "Langsung ke isi" in html
    assert current_language_in_switch(html) == ["id"]

    english = client.get("/en/")
    assert english.status_code == 200
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert ">Regions</a>" in html and ">Search</a>" in html
    assert "Skip to content" in html
    assert current_language_in_switch(html) == ["en"]
    assert english.context["page"].locale.language_code == "en"
    assert english.context["page"].translation_key == home_page.translation_key


def test_home_language_switch_links_to_the_other_home(client, home_page):
    assert switch_links(client.get("/id/").content.decode()) == {"id": "/id/", "en": "/en/"}
    assert switch_links(client.get("/en/").content.decode()) == {"id": "/id/", "en": "/en/"}


def test_switch_keeps_you_on_the_translated_page(client, partner_index):
    translate(partner_index, "en", "partners", "Partners")

    indonesian = client.get("/id/mitra/")
    assert indonesian.status_code == 200
    assert switch_links(indonesian.content.decode()) == {"id": "/id/mitra/", "en": "/en/partners/"}

    english = client.get("/en/partners/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()
    assert switch_links(english.content.decode()) == {"id": "/id/mitra/", "en": "/en/partners/"}


def test_switch_on_a_deeper_page_and_its_translation(client, organisation, partner_index):
    english_index = translate(partner_index, "en", "partners", "Partners")
    english = organisation.copy_for_translation(Locale.objects.get(language_code="en"))
    english.slug, english.summary = "example-cso", "An example CSO"
    english.save_revision().publish()
    assert english.get_parent().specific == english_index

    html = client.get("/id/mitra/oms-contoh/").content.decode()
    assert switch_links(html)["en"] == "/en/partners/example-cso/"
    html = client.get("/en/partners/example-cso/").content.decode()
    assert switch_links(html)["id"] == "/id/mitra/oms-contoh/"
    assert "An example CSO" in html


def test_page_without_a_live_translation_switches_to_the_other_home(client, partner_index):
    assert switch_links(client.get("/id/mitra/").content.decode())["en"] == "/en/"
    draft = partner_index.copy_for_translation(Locale.objects.get(language_code="en"))
    draft.slug = "partners"
    draft.live = False
    draft.save()
    assert switch_links(client.get("/id/mitra/").content.decode())["en"] == "/en/"


def test_non_page_views_switch_to_the_same_path(client):
    html = client.get("/id/wilayah/aceh/").content.decode()
    assert switch_links(html) == {"id": "/id/wilayah/aceh/", "en": "/en/wilayah/aceh/"}
    html = client.get("/en/wilayah/aceh/kota-banda-aceh/").content.decode()
    assert switch_links(html) == {"id": "/id/wilayah/aceh/kota-banda-aceh/",
                                  "en": "/en/wilayah/aceh/kota-banda-aceh/"}


def test_switch_keeps_the_query_string(client, home_page):
    response = client.get("/id/cari/", {"q": "air bersih"})
    assert response.status_code == 200
    links = switch_links(response.content.decode())
    assert links["en"] == "/en/cari/?q=air+bersih"


def test_main_navigation_points_to_the_sections_of_the_current_language(client, home_page, partner_index):
    translate(partner_index, "en", "partners", "Partners")
    indonesian = client.get("/id/").content.decode()
    assert '<a href="/id/mitra/">Mitra</a>' in indonesian
    assert '<a href="/id/wilayah/">Wilayah</a>' in indonesian
    english = client.get("/en/").content.decode()
    assert '<a href="/en/partners/">Partners</a>' in english
    assert '<a href="/en/wilayah/">Regions</a>' in english


def test_unknown_page_is_404_in_both_languages(client, home_page):
    indonesian = client.get("/id/tidak-ada/")
    assert indonesian.status_code == 404
    assert "<h1>Halaman tidak ditemukan</h1>" in indonesian.content.decode()
    assert '<html lang="id">' in indonesian.content.decode()
    english = client.get("/en/does-not-exist/")
    assert english.status_code == 404
    assert "<h1>Page not found</h1>" in english.content.decode()
    assert 'href="/en/">Go to the home page</a>' in english.content.decode()


def test_server_error_page_needs_no_database_or_context(rf):
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("id"):
        response = server_error(rf.get("/id/"))
    assert response.status_code == 500
    assert "<h1>Terjadi kesalahan</h1>" in response.content.decode()
