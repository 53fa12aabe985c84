"""The search backends: Indonesian and English stemming on PostgreSQL, the Elasticsearch mapping."""
import pytest
from django.db import connection
from django.utils import translation
from wagtail.models import Locale, Page

from search.backends.languages import only_languages, query_languages

pytest_plugins = ["search.testing"]

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def page_search(text, language):
    pages = Page.objects.live().filter(locale=Locale.objects.get(language_code=language))
    with only_languages(language):
        return {page.specific.title for page in pages.search(text)}


def index_entry(page):
    from wagtail.search.models import IndexEntry

    return IndexEntry.objects.get(object_id=str(page.pk))


@needs_postgres
@pytest.mark.django_db
def test_each_page_is_indexed_with_its_languages_configuration(search_world):
    indonesian = str(index_entry(search_world.waste).body)
    english = str(index_entry(search_world.waste_en).body)
    assert "'bangun'" in indonesian and "'membangun'" not in indonesian  # indonesian stemmer
    assert "'build'" in english and "'building'" not in english  # english stemmer
    assert "'neighbourhood'" in english


@needs_postgres
@pytest.mark.django_db
def test_indonesian_stemming_finds_other_forms_of_a_word(search_world):
    # "pembangunan" -> bangun: finds "membangun" (waste bank), "bangun" (story), "pembangunan" (library).
    assert page_search("pembangunan", "id") == {
        "Gerakan Bank Sampah Kampung", "Kampung Bersih dari Sampah", "Perpustakaan Keliling Pesisir"}
    # "sampah" finds "persampahan" (the OMS summary) as well as "sampah".
    assert "Bank Sampah Semarang" in page_search("persampahan", "id")
    assert {"Bank Sampah Semarang", "Gerakan Bank Sampah Kampung"} <= page_search("sampah", "id")
    assert "Sumur Bor Magelang" not in page_search("sampah", "id")


@needs_postgres
@pytest.mark.django_db
def test_english_stemming_on_english_pages_only(search_world):
    assert page_search("build", "en") == {"Village Waste Bank Movement", "A Village Free of Rubbish"}
    assert page_search("buildings", "en") == {"Village Waste Bank Movement", "A Village Free of Rubbish"}
    # Indonesian pages are not in English results, and the English words are not in Indonesian pages.
    assert page_search("rubbish", "id") == set()


@pytest.mark.django_db
def test_query_languages_follow_the_active_language_unless_chosen(settings):
    with translation.override("en"):
        assert query_languages() == ["en", "id"]
        with only_languages("id"):
            assert query_languages() == ["id"]
    with translation.override("id"):
        assert query_languages() == ["id", "en"]


@needs_postgres
@pytest.mark.django_db
def test_the_admin_finds_pages_of_both_languages_with_each_ones_stemming(search_world):
    # Outside the public page, a query is read in every content language (OR-ed).
    found = {page.specific.title for page in Page.objects.search("membangun")}
    assert "Gerakan Bank Sampah Kampung" in found
    found = {page.specific.title for page in Page.objects.search("buildings")}
    assert "Village Waste Bank Movement" in found


@needs_postgres
@pytest.mark.django_db
def test_objects_without_a_language_use_the_simple_configuration():
    from modelsearch.backends import get_search_backend

    backend = get_search_backend()
    assert type(backend).__name__ == "LocalisedPostgresSearchBackend"
    assert backend.config_for_language(None) == "simple"
    assert backend.config_for_language("id") == "indonesian"
    assert backend.config_for_language("en") == "english"


# -- Elasticsearch (no server: the generated settings, mapping, documents and queries) -----------

def es_backend():
    from search.backends.elasticsearch import LocalisedElasticsearchSearchBackend

    return LocalisedElasticsearchSearchBackend({"URLS": ["http://127.0.0.1:9"], "INDEX_PREFIX": "uji_"})


def test_elasticsearch_settings_define_an_indonesian_and_an_english_analyzer():
    backend = es_backend()
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["lokadaya_indonesian"] == {
        "type": "custom", "tokenizer": "standard", "filter": ["lowercase", "indonesian_stop", "indonesian_stemmer"]}
    assert analysis["filter"]["indonesian_stemmer"] == {"type": "stemmer", "language": "indonesian"}
    assert analysis["filter"]["indonesian_stop"] == {"type": "stop", "stopwords": "_indonesian_"}
    assert analysis["analyzer"]["lokadaya_english"]["filter"][-1] == "english_stemmer"
    # modelsearch's own analyzers are kept (autocomplete needs them), and INDEX_PREFIX is honoured.
    assert "edgengram_analyzer" in analysis["analyzer"]
    assert backend.get_index_for_model(Page).name == "uji_wagtailcore_page"


def test_elasticsearch_mapping_has_a_field_per_language_with_its_analyzer():
    from campaigns.models import CampaignPage
    from search.backends.elasticsearch import LocalisedElasticsearchMapping

    properties = LocalisedElasticsearchMapping(CampaignPage).get_mapping()["properties"]
    assert properties["_all_text_id"] == {"type": "text", "analyzer": "lokadaya_indonesian"}
    assert properties["_all_text_en"] == {"type": "text", "analyzer": "lokadaya_english"}
    assert properties["_all_text_boost_2_0_id"] == {"type": "text", "analyzer": "lokadaya_indonesian"}
    assert properties["_all_text"] == {"type": "text"}  # the language-neutral field stays


@pytest.mark.django_db
def test_elasticsearch_documents_carry_their_text_in_their_languages_fields(search_world):
    from unittest import mock

    backend = es_backend()
    sent = []
    with mock.patch.object(backend.es, "index", side_effect=lambda **kwargs: sent.append(kwargs)):
        backend.add(search_world.waste)
        backend.add(search_world.waste_en)
    indonesian, english = (call["document"] for call in sent)
    assert sent[0]["index"] == "uji_wagtailcore_page" and sent[0]["id"] == str(search_world.waste.pk)
    assert any("Kami membangun bank sampah" in text for text in indonesian["_all_text_id"])
    assert indonesian["_all_text_boost_2_0_id"] == ["Gerakan Bank Sampah Kampung"]
    assert not any(key.endswith("_en") for key in indonesian)
    assert any("building waste banks" in text for text in english["_all_text_en"])
    assert not any(key.endswith("_id") and key.startswith("_all_text") for key in english)


@pytest.mark.django_db
def test_elasticsearch_queries_search_the_language_fields_of_the_visitor(search_world):
    backend = es_backend()
    pages = Page.objects.live().filter(locale=Locale.objects.get(language_code="id"))
    with only_languages("id"):
        query = backend.search("pembangunan", pages, operator="and").query_compiler.get_query()
    match = query["bool"]["must"]["multi_match"]
    assert match["query"] == "pembangunan" and match["operator"] == "and"
    assert "_all_text_id" in match["fields"] and "_all_text_boost_2_0_id^2.0" in match["fields"]
    assert not any("_en" in name for name in match["fields"])
    assert {"term": {"live_filter": True}} in query["bool"]["filter"][1]["bool"]["must"]


def test_elasticsearch_is_chosen_when_its_url_is_set():
    import json
    import os
    import subprocess
    import sys

    from django.conf import settings

    show = ("import django, json; django.setup(); from django.conf import settings; "
            "from modelsearch.backends import get_search_backend; b = get_search_backend(); "
            "print(json.dumps([settings.WAGTAILSEARCH_BACKENDS['default'], type(b).__name__, b.index_prefix]))")
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "TEST_DB_NAME")}
    env.update(DJANGO_SETTINGS_MODULE="lokadaya.settings.dev", ELASTICSEARCH_URL="http://search.contoh:9200")
    result = subprocess.run([sys.executable, "-c", show], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    config, backend_class, prefix = json.loads(result.stdout.strip().splitlines()[-1])
    assert config["BACKEND"] == "search.backends.elasticsearch"
    assert config["URLS"] == ["http://search.contoh:9200"] and config["AUTO_UPDATE"] is False
    assert (backend_class, prefix) == ("LocalisedElasticsearchSearchBackend", "lokadaya_")


@needs_postgres
@pytest.mark.django_db
def test_a_new_entry_gets_its_title_norm_without_rescanning_the_index(search_world, django_assert_max_num_queries):
    from django.db.models.functions import Length
    from wagtail.search.models import IndexEntry

    from search.backends.postgres import _average_title_length
    from search.tasks import update_object

    page = search_world.library
    with django_assert_max_num_queries(30) as captured:
        update_object.call("campaigns", "campaignpage", str(page.pk))
    assert not any("AVG(" in query["sql"] for query in captured.captured_queries)  # the average is cached
    entry = IndexEntry.objects.annotate(length=Length("title")).get(object_id=str(page.pk))
    assert entry.title_norm == pytest.approx(_average_title_length.value / entry.length)
