"""Suggestions as you type: a JSON endpoint next to the search page."""
import pytest
from wagtail.models import PageViewRestriction

pytest_plugins = ["search.testing"]
pytestmark = pytest.mark.django_db


def suggest(client, q, language="id"):
    response = client.get(f"/{language}/cari/saran/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def titles(data):
    return [result["title"] for result in data["results"]]


def test_titles_starting_with_what_is_typed(client, search_world):
    data = suggest(client, "perpus")
    assert data["results"] == [{
        "title": "Perpustakaan Keliling Pesisir", "kind": "campaign", "kind_label": "Kampanye",
        "url": search_world.library.url}]
    assert set(titles(suggest(client, "bank sam"))) == {"Bank Sampah Semarang", "Gerakan Bank Sampah Kampung"}
    assert set(titles(suggest(client, "Sekolah"))) == {"Sekolah Rakyat Surabaya"}
    kinds = {result["title"]: result["kind_label"] for result in suggest(client, "kampung")["results"]}
    assert kinds == {"Gerakan Bank Sampah Kampung": "Kampanye", "Kampung Bersih dari Sampah": "Cerita"}


def test_suggestions_are_in_the_visitors_language(client, search_world):
    assert set(titles(suggest(client, "vill", "en"))) == {"Village Waste Bank Movement", "A Village Free of Rubbish"}
    assert titles(suggest(client, "vill", "id")) == []
    assert titles(suggest(client, "gerakan", "en")) == []
    english = suggest(client, "vill", "en")["results"]
    assert {result["url"].split("/")[1] for result in english} == {"en"}


def test_hidden_pages_are_never_suggested(client, search_world):
    search_world.well.unpublish()
    PageViewRestriction.objects.create(page=search_world.library, restriction_type="password", password="rahasia")
    assert titles(suggest(client, "sumur")) == []
    assert titles(suggest(client, "perpus")) == []


def test_at_most_a_few_suggestions(client, search_world, monkeypatch):
    from search import views

    monkeypatch.setattr(views, "AUTOCOMPLETE_LIMIT", 2)
    assert len(suggest(client, "s")["results"]) == 0  # too short to suggest
    assert len(suggest(client, "sa")["results"]) == 2


def test_bad_input_gives_no_suggestions_and_no_error(client, search_world):
    for q in ["", " ", "a", "x" * 10_000, "'; DROP TABLE wagtailcore_page; --", "sampah:* & !",
              'title:"bank" AND (x OR y~) \\', "\u0000", "NEAR(a b)", "🌊💧"]:
        data = suggest(client, q)
        assert isinstance(data["results"], list), q
        assert len(data["query"]) <= 200
    assert titles(suggest(client, "sampah:* & !")) == titles(suggest(client, "sampah"))


def test_only_get(client, search_world):
    assert client.post("/id/cari/saran/", {"q": "sampah"}).status_code == 405
