"""Cache stamps merged while the task worker settles payments (``lokadaya.coalesce``).

The helper on its own, then the settlement: a drain's confirmations stamp the page cache once per
window rather than twice per donation, and a page kept before the drain still shows the new figures
after it.
"""
import pytest
import responses
from django.core.cache import cache
from django.test import Client

from gateways import settlement
from gateways.models import InboxItem
from gateways.testing import ASK, MIDTRANS_API, donate, midtrans_notification, midtrans_status, post_json
from lokadaya import coalesce
from network import figures_cache
from pagecache import store
from plugins.donation.models import Donation


def recorder():
    calls = []

    @coalesce.coalesced
    def stamp(items):
        calls.append(sorted(items))

    return stamp, calls


def test_outside_a_block_each_call_is_made_at_once():
    stamp, calls = recorder()
    stamp([1])
    stamp([2])
    assert calls == [[1], [2]]


def test_inside_a_block_calls_are_merged_and_made_when_it_ends():
    stamp, calls = recorder()
    other, other_calls = recorder()
    with coalesce.coalescing(max_delay=60):
        stamp([1, 2])
        stamp([2, 3])
        other([9])
        with coalesce.coalescing():  # a nested block joins the outer one
            stamp([4])
        assert calls == [] and other_calls == []
    assert calls == [[1, 2, 3, 4]] and other_calls == [[9]]


def test_waiting_calls_are_made_once_the_oldest_has_waited_max_delay(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(coalesce.time, "monotonic", lambda: clock[0])
    stamp, calls = recorder()
    with coalesce.coalescing(max_delay=0.2):
        stamp([1])
        clock[0] += 0.1
        stamp([2])
        coalesce.flush_due()
        assert calls == []
        clock[0] += 0.1
        coalesce.flush_due()  # a loop that waits makes them without another call
        assert calls == [[1, 2]]
        stamp([3])
        clock[0] += 0.25
        stamp([4])  # due: made with this call
        assert calls == [[1, 2], [3, 4]]
    assert calls == [[1, 2], [3, 4]]


def test_an_error_in_the_block_still_makes_the_waiting_calls_and_one_failure_skips_no_other():
    stamp, calls = recorder()

    @coalesce.coalesced
    def broken(items):
        raise RuntimeError("redis is down")

    with pytest.raises(ValueError), coalesce.coalescing(max_delay=60):
        broken([1])
        stamp([5])
        raise ValueError("a bug in the batch")
    assert calls == [[5]]


# -- in the settlement --------------------------------------------------------------------------------

@pytest.fixture
def gateway():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.mark.django_db
def test_a_drain_stamps_the_figures_once_per_window_and_the_kept_page_follows(
        client, gateway, make_campaign, monkeypatch):
    campaign = make_campaign(asks=[("donation", ASK)], title="Air Bersih Dusun Krajan")
    donations = [donate(client, campaign, "midtrans") for _ in range(5)]
    for donation in donations:
        gateway.upsert(responses.GET, f"{MIDTRANS_API}/v2/{donation.payment.token}/status",
                       json=midtrans_status(donation.payment, "settlement"))
        post_json(client, "/payments/process/midtrans/", midtrans_notification(donation.payment, "settlement"))
    visitor = Client()
    assert visitor.get(campaign.url).headers["X-Page-Cache"] == "miss"
    assert visitor.get(campaign.url).headers["X-Page-Cache"] == "hit"

    stamps, real_stamp = [], store.mark_figures_changed
    monkeypatch.setattr(store, "mark_figures_changed", lambda campaigns, at=None: (
        stamps.append(sorted(campaigns)), real_stamp(campaigns, at)))
    version_before = figures_cache.version()
    monkeypatch.setattr(coalesce, "MAX_DELAY", 60)  # one window for the whole drain
    assert settlement.drain() == {InboxItem.Status.APPLIED: 5}

    # Ten stamps (before and after each commit) and five version bumps became one of each.
    assert stamps == [[campaign.pk]]
    assert figures_cache.version() == version_before + 1
    for donation in donations:
        donation.refresh_from_db()
        assert donation.status == Donation.Status.CONFIRMED
    # The page kept before the drain is not served again: it shows the new total.
    after = visitor.get(campaign.url)
    assert after.headers["X-Page-Cache"] == "miss"
    assert "750.000" in after.content.decode()
    assert cache.get(figures_cache.VERSION_KEY) == version_before + 1
