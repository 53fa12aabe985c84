"""The query budget of issue 13: SQL queries per render of a public page, page cache off.

``assert_query_budget(client, url, budget)`` renders ``url`` once to warm what a running process
keeps (site, locales, navigation, renditions), then counts the queries of a second render with the
page cache switched off (``LOKADAYA_PAGE_CACHE = False``): what a visitor costs when the page cache
has just been purged. On failure it prints every query, so the culprit is named.
"""
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

#: At most this many queries per uncached render (issue 13).
PAGE_BUDGET = 15  # home, OMS profile, story, network pages
#: A campaign page asks more: issue 17 added four fixed queries for its money ask (a sponsor's
#: matching offer, the monthly donors' line, the supporters' fundraisers leaderboard, the
#: fundraising permit), whatever the number of donations, plans, fundraisers or permits.
CAMPAIGN_PAGE_BUDGET = PAGE_BUDGET + 3
LISTING_BUDGET = 20  # campaign index, region, network index, programme, search


def count_queries(client, url, **extra):
    """``(response, captured queries)`` of one GET of ``url`` with the page cache off."""
    with override_settings(LOKADAYA_PAGE_CACHE=False):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, **extra)
    return response, ctx.captured_queries


def assert_query_budget(client, url, budget, **extra):
    """Assert a 200 answer and at most ``budget`` queries on a warm, page-cache-less render."""
    with override_settings(LOKADAYA_PAGE_CACHE=False):
        warm = client.get(url, **extra)
    assert warm.status_code == 200, (url, warm.status_code)
    response, queries = count_queries(client, url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    listing = "\n".join(f"{i + 1:3}. {q['sql'][:300]}" for i, q in enumerate(queries))
    assert len(queries) <= budget, f"{url}: {len(queries)} queries, budget {budget}:\n{listing}"
    return response, queries
