"""Issue 13, the campaigns side: the campaign page and the campaign index in a fixed number of queries.

- The batched plugin contract (``progress_query``/``progress_from_rows``, ``supporter_query``/
  ``supporter_from_row``) answers exactly what the per-type hooks (``ask_progress``,
  ``supporter_wall``) answer, for records of every status of every built-in type.
- A type without the batched hooks still works (the core falls back on its per-type hooks).
- ``prefetch_progress`` measures any number of campaigns in two queries at most.
- The campaign page and the campaign index stay within the budget (``tests/query_budget.py``)
  with little and with much data, and cost the same in both cases.
"""
import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Locale

from campaigns.models import CampaignPage
from campaigns.plugins import registry
from campaigns.progress import measure, prefetch_progress
from campaigns.types import DemoInitiative
from editorial.testing import make_image  # noqa: F401 (fixture)
from query_budget import CAMPAIGN_PAGE_BUDGET, LISTING_BUDGET, count_queries

pytestmark = pytest.mark.django_db

TYPES = ("donation", "inkind", "volunteering", "partnership", "petition")
INITIATIVE = DemoInitiative(slug="lampu", title="Lampu jalan tenaga surya", keywords=("lampu", "energi"))


def demo_asks():
    return [(key, registry.call(key, "demo_ask", initiative=INITIATIVE)) for key in TYPES]


def add_records(campaign, count, seed=13):
    """``count`` records per ask (the plugins' own demo records), then every status of every type,
    anonymous or not, refunds, hidden comments, confirmations without a date, distinct times."""
    from plugins.donation.models import Donation
    from plugins.inkind.models import InKindPledge
    from plugins.partnership.models import Proposal
    from plugins.petition.models import Signature
    from plugins.volunteering.models import VolunteerSignup

    rng = random.Random(seed)
    for ask in campaign.get_asks():
        registry.call(ask.type_key, "demo_records", campaign=campaign, ask=ask, count=count, rng=rng)
    moment = timezone.now()
    tick = 0  # one distinct time per record across every type: the wall's order has no ties
    for model in (Donation, InKindPledge, VolunteerSignup, Proposal, Signature):
        records = list(model.objects.filter(campaign=campaign).order_by("pk"))
        statuses = list(model.Status.values)
        for i, record in enumerate(records):
            tick += 1
            record.status = statuses[i % len(statuses)]
            record.created_at = moment - datetime.timedelta(seconds=rng.randint(1, 10_000) * 1000 + tick)
            record.is_anonymous = i % 5 == 0
            if i % 7 == 0:
                record.name = ""
        fields = ["status", "created_at", "is_anonymous", "name"]
        if model is Donation:
            for i, record in enumerate(records):
                record.received_amount = record.amount + (i % 3)
                record.refunded_amount = record.amount // 2 if i % 4 == 1 else 0
            fields += ["received_amount", "refunded_amount"]
        if model is InKindPledge:
            for i, record in enumerate(records):
                record.received_quantity = None if i % 6 == 0 else min(record.quantity, (i % 4) + 1)
            fields += ["received_quantity"]
        if model is VolunteerSignup:
            for i, record in enumerate(records):
                record.hours = Decimal("2.5") if i % 2 else None
            fields += ["hours"]
        if model is Proposal:
            for i, record in enumerate(records):
                record.show_publicly = i % 3 != 0
            fields += ["show_publicly"]
        if model is Signature:
            for i, record in enumerate(records):
                record.hide_comment = i % 4 == 0
                record.comment = f"Komentar {i}"
                record.confirmed_at = None if i % 9 == 0 else moment - datetime.timedelta(seconds=i * 11)
            fields += ["hide_comment", "comment", "confirmed_at"]
        model.objects.bulk_update(records, fields, batch_size=500)


def per_type_progress(campaign):
    """``get_progress()`` as the per-type hooks alone answer it."""
    rows = []
    source = campaign.source
    for ask in campaign.get_asks():
        answer = registry.call(ask.type_key, "ask_progress", campaign=source, asks=[ask])
        rows.append((ask, registry.get(ask.type_key), answer[ask.id]))
    return rows


def per_type_wall(campaign, limit):
    entries = []
    for key in {ask.type_key for ask in campaign.get_asks()}:
        entries.extend(registry.call(key, "supporter_wall", campaign=campaign.source, limit=limit))
    entries.sort(key=lambda e: e.created_at, reverse=True)
    return entries[:limit]


def translate(campaign, publish=False):
    """The campaign's English page (its parents copied too), published when asked."""
    from editorial.gate import publishing_without_review

    english = campaign.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    if publish:
        with publishing_without_review("test: an English campaign"):
            english.save_revision().publish()
    return CampaignPage.objects.get(pk=english.pk)


@pytest.fixture
def full_campaign(make_campaign):
    def make(records=5, **fields):
        campaign = make_campaign(asks=demo_asks(), **fields)
        add_records(campaign, records)
        return CampaignPage.objects.get(pk=campaign.pk)

    return make


# --- The batched contract answers what the per-type hooks answer -------------------------------


@pytest.mark.parametrize("records", [0, 40])
def test_batched_progress_and_wall_equal_the_per_type_hooks(full_campaign, records):
    campaign = full_campaign(records=records)
    for key in TYPES:
        for hook in ("progress_query", "progress_from_rows", "supporter_query", "supporter_from_row"):
            assert registry.implements(key, hook), (key, hook)

    batched = measure([campaign])[0]
    expected = per_type_progress(campaign)
    assert [(a.id, t.key) for a, t, _p in batched] == [(a.id, t.key) for a, t, _p in expected]
    for (ask, support_type, got), (_a, _t, want) in zip(batched, expected):
        assert got == want, support_type.key
        assert [part.label for part in got.parts] == [part.label for part in want.parts]
    if records:
        assert any(p.current for _a, _t, p in batched)

    for limit in (3, 12, 500):
        wall = campaign.get_wall(limit=limit)
        assert wall == per_type_wall(campaign, limit), limit
    if records:
        assert {entry.type_key for entry in campaign.get_wall(limit=500)} == set(TYPES)
        assert gettext("Anonymous") in {entry.name for entry in campaign.get_wall(limit=500)}


def test_the_english_page_counts_on_its_source(full_campaign):
    campaign = full_campaign(records=20)
    english = translate(campaign)
    with translation.override("en"):
        got = measure([english])[0]
        want = per_type_progress(campaign)
    assert [p for _a, _t, p in got] == [p for _a, _t, p in want]
    assert english.get_wall() == per_type_wall(campaign, 12)


def test_a_type_without_the_batched_hooks_still_works(full_campaign, monkeypatch):
    """Petition seen as a third-party plugin implementing only ``ask_progress`` and ``supporter_wall``."""
    campaign = full_campaign(records=15)
    expected_progress, expected_wall = measure([campaign])[0], campaign.get_wall()
    implements = registry.implements
    batched_hooks = ("progress_query", "progress_from_rows", "supporter_query", "supporter_from_row")
    monkeypatch.setattr(registry, "implements",
                        lambda key, hook: False if key == "petition" and hook in batched_hooks else implements(key, hook))
    called = []
    call = registry.call
    monkeypatch.setattr(registry, "call", lambda key, hook, **kw: called.append((key, hook)) or call(key, hook, **kw))

    assert measure([campaign])[0] == expected_progress
    assert campaign.get_wall() == expected_wall
    assert ("petition", "ask_progress") in called and ("petition", "supporter_wall") in called
    assert ("donation", "progress_query") in called and ("donation", "ask_progress") not in called


def test_the_compiled_sql_is_reused_with_other_ids(full_campaign):
    from lokadaya import compiled_queries

    first, second = full_campaign(records=10, slug="satu"), full_campaign(records=30, slug="dua")
    compiled_queries._COMPILED.clear()
    got_first = measure([first])[0]
    got_second = measure([second])[0]
    assert len(compiled_queries._COMPILED) == 1
    assert compiled_queries.NOT_REUSABLE not in compiled_queries._COMPILED.values()
    assert got_first == per_type_progress(first) and got_second == per_type_progress(second)
    assert got_first != got_second


def test_a_query_with_ids_written_into_its_sql_is_built_anew_each_time(full_campaign, monkeypatch):
    """A plugin that writes the ids into the SQL itself (not as parameters) still counts right."""
    from django.db.models import Count

    from campaigns import progress
    from lokadaya import compiled_queries
    from plugins.petition.models import Signature

    first, second = full_campaign(records=10, slug="satu"), full_campaign(records=30, slug="dua")
    call = registry.call

    def inlined(key, hook, **kwargs):
        if (key, hook) != ("petition", "progress_query"):
            return call(key, hook, **kwargs)
        ids = ", ".join(str(int(pk)) for pk in kwargs["campaign_ids"])
        confirmed = Signature.objects.filter(ask_id__in=kwargs["ask_ids"], status=Signature.Status.CONFIRMED)
        return progress.progress_rows(confirmed.extra(where=[f"campaign_id IN ({ids})"]), counts=[Count("pk")])

    monkeypatch.setattr(registry, "call", inlined)
    compiled_queries._COMPILED.clear()
    assert measure([first])[0] == per_type_progress(first)
    assert measure([second])[0] == per_type_progress(second)
    assert list(compiled_queries._COMPILED.values()) == [compiled_queries.NOT_REUSABLE]


# --- prefetch_progress ---------------------------------------------------------------------------


def test_prefetch_progress_costs_two_queries_whatever_the_number_of_campaigns(make_campaign):
    campaigns = [make_campaign(asks=demo_asks(), title=f"Kampanye {i}") for i in range(6)]
    for campaign in campaigns[:3]:
        add_records(campaign, 8, seed=campaign.pk)
    english = [translate(c) for c in campaigns[:2]]
    fresh = [CampaignPage.objects.get(pk=c.pk) for c in campaigns] + english
    with CaptureQueriesContext(connection) as ctx:
        prefetch_progress(fresh)
    assert len(ctx.captured_queries) <= 3  # the default locale (kept per process in production), sources, union
    with CaptureQueriesContext(connection) as ctx:
        for campaign in fresh:
            campaign.get_progress()
            campaign.money_progress  # noqa: B018 - read for its queries
    assert len(ctx.captured_queries) == 0
    for campaign in fresh:
        assert campaign.get_progress() == per_type_progress(campaign)
        assert campaign.money_progress[2].is_money


def test_get_progress_without_prefetch_measures_now(full_campaign):
    """Only ``prefetch_progress`` stores: a plain instance reads the database each time."""
    from plugins.petition.models import Signature

    campaign = full_campaign(records=3)
    before = {t.key: p.current for _a, t, p in campaign.get_progress()}
    ask = next(a for a in campaign.get_asks() if a.type_key == "petition")
    Signature.objects.create(campaign=campaign, ask_id=ask.id, name="Baru", email="baru@contoh.id",
                             regency_id=campaign.regency_id, status=Signature.Status.CONFIRMED,
                             confirmed_at=timezone.now())
    after = {t.key: p.current for _a, t, p in campaign.get_progress()}
    assert after["petition"] == before["petition"] + 1


# --- The pages' budgets --------------------------------------------------------------------------


def measure_page(client, url):
    warm = client.get(url)
    assert warm.status_code == 200, url
    response, queries = count_queries(client, url)
    assert response.status_code == 200
    return len(queries), "\n".join(f"{i + 1:3}. {q['sql'][:300]}" for i, q in enumerate(queries))


def test_campaign_page_budget_small_and_large(client, full_campaign, make_image, organisation):
    from reports.models import CampaignStanding

    logo = make_image("Logo OMS", size=(200, 200))
    type(organisation).objects.filter(pk=organisation.pk).update(logo=logo)
    small = full_campaign(records=5, slug="kecil", hero_image=make_image("Sampul kecil"))
    large = full_campaign(records=300, slug="besar", hero_image=make_image("Sampul besar"))
    CampaignStanding.objects.create(campaign=large, state=CampaignStanding.State.NORMAL)
    counts = {}
    for campaign in (small, large):
        counts[campaign.slug], listing = measure_page(client, campaign.url)
        assert counts[campaign.slug] <= CAMPAIGN_PAGE_BUDGET, f"{campaign.url}: {counts[campaign.slug]}\n{listing}"
    assert counts["kecil"] == counts["besar"], counts
    print(f"campaign page queries: {counts}")


def test_english_campaign_page_budget(client, full_campaign):
    campaign = full_campaign(records=30)
    english = translate(campaign, publish=True)
    count, listing = measure_page(client, english.url)
    assert count <= CAMPAIGN_PAGE_BUDGET, f"{english.url}: {count}\n{listing}"
    from lokadaya.numbers import format_money

    raised = campaign.money_progress[2].current
    assert raised > 0
    with translation.override("en"):
        assert format_money(raised) in client.get(english.url).content.decode()  # counted on the source


def test_campaign_index_budget_small_and_large(client, campaign_index, make_campaign, make_image):
    def fill(count, offset):
        for i in range(count):
            campaign = make_campaign(asks=demo_asks(), title=f"Kampanye {offset + i}", slug=f"k-{offset + i}",
                                     hero_image=make_image(f"Sampul {offset + i}"))
            if i % 4 == 0:
                add_records(campaign, 3, seed=i)

    fill(2, 0)
    small, listing = measure_page(client, campaign_index.url)
    assert small <= LISTING_BUDGET, listing
    fill(38, 2)
    counts = {}
    for query in ("", "?status=active", "?page=2", "?page=4", "?status=ended"):
        counts[query], listing = measure_page(client, campaign_index.url + query)
        assert counts[query] <= LISTING_BUDGET, f"{query}: {counts[query]}\n{listing}"
    assert counts[""] == small, (small, counts)
    print(f"campaign index queries: small {small}, large {counts}")


def test_cards_show_the_same_progress_as_the_page(client, campaign_index, full_campaign):
    campaign = full_campaign(records=25)
    raised = campaign.money_progress[2].current
    assert raised > 0
    body = client.get(campaign_index.url).content.decode()
    from lokadaya.numbers import format_money_compact

    assert format_money_compact(raised) in body
