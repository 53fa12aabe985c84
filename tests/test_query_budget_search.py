"""The search page's query budget (issue 13): at most LISTING_BUDGET queries per render, with words,
filters or neither, and (PostgreSQL) no more with hundreds of pages than with a handful.

The small world is search.testing's (two OMS, four campaigns, a story); the large one adds 400 pages
written in bulk (lokadaya.synthetic: 80 OMS, 160 campaigns, 160 stories, over every province).
"""
import pytest
from django.db import connection

from query_budget import LISTING_BUDGET, assert_query_budget, count_queries

pytest_plugins = ["search.testing"]
pytestmark = pytest.mark.django_db

SEARCHES = {
    "words": "/id/cari/?q=sampah",
    "two words": "/id/cari/?q=air+bersih",
    "words and filters": "/id/cari/?q=sampah&province=jawa-tengah&kind=campaign&sort=closing",
    "browse": "/id/cari/",
    "browse with filters": "/id/cari/?kind=campaign&support=donation&status=active&sdg=12",
    "second page": "/id/cari/?kind=campaign&page=2",
    "nothing found": "/id/cari/?q=kalajengking+zebra",
}


def measure(client):
    counts = {}
    for name, url in SEARCHES.items():
        _response, queries = assert_query_budget(client, url, LISTING_BUDGET)
        counts[name] = len(queries)
    return counts


def test_the_search_page_keeps_its_budget_at_any_size(client, search_world):
    from lokadaya.synthetic import Synthetic

    small = measure(client)
    Synthetic(400, 0, pictures=False).run()
    large = measure(client)
    assert max(large.values()) <= LISTING_BUDGET
    if connection.vendor == "postgresql":  # elsewhere (SQLite) each kind found costs its own queries
        for name in SEARCHES:
            # A page of results holds up to three kinds of page, each loaded in one query: a larger
            # site may show more kinds on the first page, never more queries per result.
            assert large[name] <= small[name] + 2, (name, small[name], large[name])
    # Results found and shown at the larger size (the budget is not kept by showing nothing).
    response, _queries = count_queries(client, SEARCHES["browse with filters"])
    assert response.context["outcome"].total > 5 and len(response.context["results"]) == 10
