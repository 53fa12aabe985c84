"""The search page: relevance, stemming, filters and their counts, sorting, pages, highlights,
language separation, what the public may not see, and bad input (always a clean page)."""
import re

import pytest
from django.db import connection
from wagtail.models import PageViewRestriction

pytest_plugins = ["search.testing"]
pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def search(client, language="id", **params):
    response = client.get(f"/{language}/cari/", params)
    assert response.status_code == 200
    return response


def titles(response):
    return [result.page.title for result in response.context["results"]]


def counts(response, facet):
    return {option.value: option.count for option in response.context["facets"][facet]}


@needs_postgres
def test_a_title_match_ranks_above_a_match_in_the_text(client, search_world):
    # "perpustakaan" is the title of one campaign and only in the summary of a story.
    from search.testing import add_story

    add_story(search_world.school, "Cerita Anak Nelayan", "Mereka kini membaca di perpustakaan keliling.", "35.78")
    assert titles(search(client, q="perpustakaan")) == ["Perpustakaan Keliling Pesisir", "Cerita Anak Nelayan"]


@needs_postgres
def test_stemmed_matches_are_found_and_highlighted(client, search_world):
    response = search(client, q="pembangunan")
    assert set(titles(response)) == {"Gerakan Bank Sampah Kampung", "Perpustakaan Keliling Pesisir",
                                     "Kampung Bersih dari Sampah"}
    html = response.content.decode()
    assert "<mark>membangun</mark>" in html and "<mark>Pembangunan</mark>" in html and "<mark>bangun</mark>" in html
    response = search(client, q="sampah")
    assert "<mark>Sampah</mark>" in response.content.decode()
    # English pages with English stemming.
    response = search(client, "en", q="builds")
    assert set(titles(response)) == {"Village Waste Bank Movement", "A Village Free of Rubbish"}
    assert "<mark>building</mark>" in response.content.decode()


def test_each_filter_alone_and_combined(client, search_world):
    everything = {"Bank Sampah Semarang", "Sekolah Rakyat Surabaya", "Gerakan Bank Sampah Kampung",
                  "Perpustakaan Keliling Pesisir", "Sumur Bor Magelang", "Kelas Menjahit Perempuan",
                  "Kampung Bersih dari Sampah"}
    assert set(titles(search(client))) == everything  # no query: browse everything, newest first
    assert set(titles(search(client, kind="story"))) == {"Kampung Bersih dari Sampah"}
    assert set(titles(search(client, province="jawa-tengah"))) == {
        "Bank Sampah Semarang", "Gerakan Bank Sampah Kampung", "Sumur Bor Magelang", "Kampung Bersih dari Sampah"}
    assert set(titles(search(client, regency="33.71"))) == {"Sumur Bor Magelang"}
    assert set(titles(search(client, sdg="12"))) == {
        "Bank Sampah Semarang", "Gerakan Bank Sampah Kampung", "Kampung Bersih dari Sampah"}
    assert set(titles(search(client, support="donation"))) == {"Gerakan Bank Sampah Kampung", "Sumur Bor Magelang"}
    assert set(titles(search(client, status="active"))) == {"Gerakan Bank Sampah Kampung",
                                                            "Perpustakaan Keliling Pesisir"}
    assert set(titles(search(client, status="ended"))) == {"Sumur Bor Magelang"}
    assert set(titles(search(client, status="upcoming"))) == {"Kelas Menjahit Perempuan"}
    # Combined: every filter must hold.
    assert set(titles(search(client, province="jawa-tengah", support="donation", status="active"))) == {
        "Gerakan Bank Sampah Kampung"}
    assert titles(search(client, province="jawa-timur", support="donation")) == []
    assert set(titles(search(client, q="sampah", kind="campaign", sdg="12"))) == {"Gerakan Bank Sampah Kampung"}


def test_counts_per_filter_value_apply_the_other_filters(client, search_world):
    response = search(client, province="jawa-tengah")
    assert counts(response, "kind") == {"campaign": 2, "organisation": 1, "story": 1, "resource": 0, "course": 0,
                                         "alliance": 0}
    # The province's own counts ignore the province filter: what choosing another would give.
    assert counts(response, "province") == {"jawa-tengah": 4, "jawa-timur": 3}
    assert counts(response, "regency") == {"33.71": 1, "33.74": 3}  # only Jawa Tengah's, with results
    # Every installed type is a filter value (a third-party plugin too), with 0 when nothing asks for it.
    from campaigns.plugins import registry

    assert counts(response, "support") == {t.key: 0 for t in registry.support_types()} | {"donation": 2,
                                                                                         "inkind": 1}
    assert counts(response, "status") == {"active": 1, "ended": 1, "upcoming": 0}
    assert counts(response, "sdg")["12"] == 3 and counts(response, "sdg")["6"] == 1
    assert response.context["outcome"].total == 4
    html = response.content.decode()
    assert re.search(r'<option value="jawa-timur">Jawa Timur \(3\)</option>', html)
    assert re.search(r"4 hasil", html)


def test_support_types_are_the_installed_plugins(client, search_world, monkeypatch):
    from campaigns.plugins import registry
    from campaigns.types import SupportType

    assert [option.value for option in search(client).context["facets"]["support"]] == [
        t.key for t in registry.support_types()]
    # A new plugin is a new filter value: campaigns asking for it are found by it.
    from search.models import CampaignSupportType

    # (A key no real plugin uses: the book drive may be installed beside these tests.)
    assert not registry.is_installed("toollibrary")
    CampaignSupportType.objects.create(campaign=search_world.well, type_key="toollibrary")
    installed = registry.support_types() + [SupportType(key="toollibrary", name="Alat", order=999)]
    monkeypatch.setattr(registry, "support_types", lambda: installed)
    response = search(client, support="toollibrary")
    assert titles(response) == ["Sumur Bor Magelang"]
    assert counts(response, "support")["toollibrary"] == 1


def test_sorting_newest_and_closing_soon(client, search_world):
    closing = titles(search(client, sort="closing", kind="campaign"))
    # Open campaigns by end date (the library ends in 5 days, the waste bank in 30, sewing in 60),
    # then the one that has ended.
    assert closing == ["Perpustakaan Keliling Pesisir", "Gerakan Bank Sampah Kampung", "Kelas Menjahit Perempuan",
                       "Sumur Bor Magelang"]
    newest = titles(search(client, sort="newest"))
    assert newest[0] == "Kampung Bersih dari Sampah" and newest[-1] == "Bank Sampah Semarang"


def test_pages_of_results(client, search_world, monkeypatch):
    from search import engine

    monkeypatch.setattr(engine, "PER_PAGE", 3)
    first, second, third = (search(client, page=n) for n in (1, 2, 3))
    beyond, nonsense = search(client, page=99), search(client, page="dua")
    assert len(titles(first)) == 3 and len(titles(second)) == 3 and len(titles(third)) == 1
    assert not set(titles(first)) & set(titles(second))
    assert titles(beyond) == titles(third)  # past the end: the last page
    assert titles(nonsense) == titles(first)
    assert 'rel="next"' in first.content.decode() and "page=2" in first.content.decode()


def test_language_separation(client, search_world):
    english = search(client, "en", q="waste")
    assert titles(english) == ["Village Waste Bank Movement"]
    browse = search(client, "en")
    assert {"Village Waste Bank Movement", "A Village Free of Rubbish"} <= set(titles(browse))
    assert {result.page.locale.language_code for result in browse.context["results"]} == {"en"}
    assert "Gerakan Bank Sampah Kampung" not in titles(browse)
    assert titles(search(client, "id", q="waste")) == []
    assert titles(search(client, "en", q="kampung")) == []  # the Indonesian pages stay in Indonesian


def test_unpublished_private_and_draft_content_is_not_shown(client, search_world):
    from search.testing import publish

    search_world.well.unpublish()
    PageViewRestriction.objects.create(page=search_world.library, restriction_type="password", password="rahasia")
    draft = search_world.waste
    draft.summary = "Kata rahasia kalajengking hanya ada di draf."
    draft.save_revision()
    found = set(titles(search(client)))
    assert "Sumur Bor Magelang" not in found and "Perpustakaan Keliling Pesisir" not in found
    assert titles(search(client, q="kalajengking")) == []
    assert titles(search(client, q="sumur")) == [] and titles(search(client, q="perpustakaan")) == []
    publish(draft)
    assert titles(search(client, q="kalajengking")) == ["Gerakan Bank Sampah Kampung"]


def test_html_in_titles_is_escaped(client, search_world):
    from search.testing import add_story

    add_story(search_world.bank, "Sampah <script>alert(1)</script>", "Cerita <b>tebal</b> tentang sampah.", "33.74",
              slug="sampah-script")
    html = search(client, q="sampah").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


BAD_INPUT = [
    {"q": ""},
    {"q": "   "},
    {"q": "air " * 2500},
    {"q": "x" * 10_000},
    {"q": "'; DROP TABLE wagtailcore_page; --"},
    {"q": "sampah') OR 1=1 --"},
    {"q": 'title:sampah AND (bank OR "kampung~2") NOT -air^3 [a TO z] {x} \\ / * ? !'},
    {"q": "sampah & | ! <-> :* ''"},
    {"q": "NEAR(sampah bank) OR sampah*"},
    {"q": "\u0000sampah"},
    {"q": "🌊💧 ÄÖÜ 中文 العربية"},
    {"province": "atlantis", "regency": "99.99", "sdg": "18", "support": "teleportasi", "status": "kemarin",
     "kind": "planet", "sort": "acak"},
    {"sdg": "abc", "page": "-1"},
    {"page": "99999999999999999999999"},
    {"province": "aceh", "regency": "33.74"},
    {"q": "sampah", "province": ["jawa-tengah", "atlantis"], "page": "0"},
]


def test_bad_input_gives_a_clean_page(client, search_world):
    for params in BAD_INPUT:  # one world for every case: building it is the slow part
        response = client.get("/id/cari/", params)
        assert response.status_code == 200, params
        assert "<h1>Cari</h1>" in response.content.decode(), params
        assert response.context["outcome"].total >= 0


def test_bad_input_is_reported_and_ignored(client, search_world):
    response = search(client, province="atlantis", sdg="12")
    html = response.content.decode()
    assert "Sebagian pencarian ini tidak dapat dipahami dan diabaikan." in html
    assert set(titles(response)) == {"Bank Sampah Semarang", "Gerakan Bank Sampah Kampung",
                                     "Kampung Bersih dari Sampah"}  # the SDG filter still applies
    response = search(client, q="kata " * 3000)
    assert "Pencarian Anda panjang" in response.content.decode()
    response = search(client, province="aceh", regency="33.74")
    assert "tidak berada di provinsi yang dipilih" in response.content.decode()
    assert titles(response) == []  # Aceh applies; the Semarang regency is ignored


@needs_postgres
def test_when_no_page_has_every_word_any_word_is_enough(client, search_world):
    response = search(client, q="sampah kalajengking")
    assert "Gerakan Bank Sampah Kampung" in titles(response)
    assert "Tidak ada yang memuat semua kata" in response.content.decode()


def test_common_indonesian_words_do_not_narrow_the_search(client, search_world):
    assert set(titles(search(client, q="sumur yang di desa untuk"))) == {"Sumur Bor Magelang"}
