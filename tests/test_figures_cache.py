"""``network.figures_cache``: versioned figures, and figures that pledges move only once a window."""
import time
from decimal import Decimal

import pytest

from network import figures_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed():
    """A figure's computation that counts its calls and returns the count."""
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute


def test_cached_follows_every_pledge(computed):
    assert figures_cache.cached("test", 1, computed) == 1
    assert figures_cache.cached("test", 1, computed) == 1
    figures_cache.pledged()
    assert figures_cache.cached("test", 1, computed) == 2


def test_cached_within_keeps_its_figure_through_pledges_until_the_window_passes(computed, monkeypatch):
    assert figures_cache.cached_within("test", 1, computed, seconds=10) == 1
    figures_cache.pledged()
    figures_cache.pledged()
    assert figures_cache.cached_within("test", 1, computed, seconds=10) == 1
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 10.5)
    assert figures_cache.cached_within("test", 1, computed, seconds=10) == 2
    # Computed after the last pledge: current, whatever the time (within the cache's own 300 s).
    monkeypatch.setattr(time, "time", lambda: now + 200)
    assert figures_cache.cached_within("test", 1, computed, seconds=10) == 2


def test_cached_within_follows_at_once_what_changes_what_is_shown(computed):
    assert figures_cache.cached_within("test", 1, computed, seconds=60) == 1
    figures_cache.bump()  # a page published, moved or deleted; a link or a membership changed
    assert figures_cache.cached_within("test", 1, computed, seconds=60) == 2


def test_a_window_of_zero_is_the_plain_cache(computed):
    assert figures_cache.cached_within("test", 1, computed, seconds=0) == 1
    assert figures_cache.cached_within("test", 1, computed, seconds=0) == 1
    figures_cache.pledged()
    assert figures_cache.cached_within("test", 1, computed, seconds=0) == 2


def test_without_the_cache_every_read_computes(computed, settings):
    settings.LOKADAYA_FIGURES_CACHE_SECONDS = 0
    assert figures_cache.cached_within("test", 1, computed, seconds=60) == 1
    assert figures_cache.cached_within("test", 1, computed, seconds=60) == 2


def test_a_confirmed_donation_moves_the_figures_not_what_is_shown(make_campaign):
    """Support records are pledges: the record's save moves only the figures version."""
    from payments import get_payment_model

    from plugins.donation.models import Donation

    campaign = make_campaign(asks=[("donation", {"title": "Donasi", "description": "Pipa.", "target": "1000000",
                                                  "minimum": "10000"})])
    structure, figures = figures_cache._current(figures_cache.STRUCTURE_KEY), figures_cache.version()
    ask = campaign.get_asks()[0]
    payment = get_payment_model().objects.create(variant="dummy", currency="IDR", total=Decimal(50000),
                                                 billing_email="ani@contoh.id")
    Donation.objects.create(campaign=campaign, ask_id=ask.id, name="Ani", email="ani@contoh.id",
                            amount=Decimal(50000), payment=payment)
    assert figures_cache.version() > figures
    assert figures_cache._current(figures_cache.STRUCTURE_KEY) == structure
