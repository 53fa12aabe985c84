"""The search documents (PostgreSQL): they follow the pages, and pages indexed in bulk are indexed
exactly as one by one."""
import pytest
from django.db import connection
from wagtail.models import Page, PageViewRestriction

pytest_plugins = ["search.testing"]
pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the search documents are PostgreSQL's")]


def document(page):
    from search.models import SearchDocument

    return SearchDocument.objects.filter(page_id=page.pk).first()


def titles(client, **params):
    return [result.page.title for result in client.get("/id/cari/", params).context["results"]]


def test_documents_follow_publishing_moves_and_support_types(client, search_world, make_organisation):
    from search.models import CampaignSupportType
    from search.testing import add_campaign

    waste = document(search_world.waste)
    assert (waste.kind, waste.path, waste.supports) == ("campaign", search_world.waste.path, ["donation", "inkind"])
    assert waste.provinces and waste.sdgs and waste.document is not None
    # Unpublished: gone; published again: back.
    search_world.well.unpublish()
    assert document(search_world.well) is None
    search_world.well.get_latest_revision().publish()
    assert document(search_world.well) is not None
    # Moved with its campaign: every path follows, the campaign is still found.
    oms = make_organisation(slug="oms-baru", regency_code="35.78")
    add_campaign(search_world.bank, "Tandon Air Hujan", "Menampung hujan.", "33.74", slug="tandon")
    bank = Page.objects.get(pk=search_world.bank.pk)
    bank.move(oms.get_parent(), pos="last-child")
    for page in Page.objects.descendant_of(bank, inclusive=True):
        assert document(page).path == page.path
    assert "Tandon Air Hujan" in titles(client, q="tandon")
    # A support type written by other code: the filter follows at once.
    CampaignSupportType.objects.create(campaign=search_world.well, type_key="petition")
    assert document(search_world.well).supports == ["donation", "petition"]
    assert titles(client, support="petition") == ["Sumur Bor Magelang"]
    # A view restriction hides without rewriting anything.
    PageViewRestriction.objects.create(page=search_world.well, restriction_type="password", password="rahasia")
    assert titles(client, support="petition") == []


def test_bulk_index_entries_are_modelsearchs(search_world):
    from modelsearch.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from campaigns.models import CampaignPage
    from search.bulk import index_new_pages
    from stories.models import StoryPage

    fields = ("title", "body", "autocomplete", "title_text", "body_text")
    pages = [(CampaignPage, search_world.waste), (CampaignPage, search_world.waste_en), (StoryPage, search_world.story)]
    for model, page in pages:
        get_search_backend().add(model.objects.get(pk=page.pk))
    one_by_one = {row["object_id"]: row for row in IndexEntry.objects.values("object_id", *fields)}
    IndexEntry.objects.all().delete()
    for model, page in pages:
        index_new_pages(model, [model.objects.get(pk=page.pk)])
    in_bulk = {row["object_id"]: row for row in IndexEntry.objects.values("object_id", *fields)}
    for _model, page in pages:
        assert in_bulk[str(page.pk)] == one_by_one[str(page.pk)]


def test_a_common_word_keeps_its_most_relevant_matches_and_says_there_are_more(client, search_world, monkeypatch):
    from django.utils import translation
    from django.utils.translation import gettext

    from lokadaya.synthetic import Synthetic
    from regions.models import Province
    from search import engine
    from search.models import SearchDocument

    Synthetic(400, 0, pictures=False).run()
    monkeypatch.setattr(engine, "MAX_HITS", 20)
    # Every synthetic campaign's title says what it is "untuk" (for) whom.
    response = client.get("/id/cari/", {"q": "untuk"})
    outcome = response.context["outcome"]
    assert outcome.more and outcome.total == 20
    with translation.override("id"):
        assert gettext("More than %(n)s results") % {"n": 20} in response.content.decode()
    assert all(result.kind == "campaign" for result in response.context["results"][:3])  # title matches first
    # A filter narrows what is kept, not what was kept: a small province's campaigns are all found.
    by_province = {}
    for provinces in SearchDocument.objects.filter(kind="campaign", page__title__contains="untuk").values_list(
            "provinces", flat=True):
        by_province[provinces[0]] = by_province.get(provinces[0], 0) + 1
    province, expected = min(by_province.items(), key=lambda item: item[1])
    response = client.get("/id/cari/", {"q": "untuk", "kind": "campaign",
                                        "province": Province.objects.get(pk=province).slug})
    assert response.context["outcome"].total == expected and not response.context["outcome"].more
