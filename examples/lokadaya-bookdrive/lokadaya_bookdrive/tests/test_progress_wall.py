"""Progress (books pledged and received, fixed queries) and the public wall (anonymity)."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.plugins import registry

pytestmark = pytest.mark.django_db


def test_progress_counts_pledged_and_received_books_not_rejected(campaign, ask, make_pledge):
    make_pledge(quantity=5)
    make_pledge(quantity=4, status="received", received_quantity=3)
    make_pledge(quantity=7, status="received")  # received as pledged: counts 7
    make_pledge(quantity=40, status="rejected")
    progress = registry.call("bookdrive", "ask_progress", campaign=campaign, asks=[ask])[ask.id]
    assert progress.current == Decimal(15) and progress.target == Decimal(100)
    assert progress.supporters == 3 and progress.money is None and not progress.is_money
    assert progress.percentage == 15
    (received,) = progress.parts
    assert received.current == Decimal(3)  # only the received_quantity recorded so far
    assert progress.unit == "buku"


def test_progress_of_an_ask_with_no_pledges_is_zero(campaign, ask):
    progress = registry.call("bookdrive", "ask_progress", campaign=campaign, asks=[ask])[ask.id]
    assert progress.current == 0 and progress.supporters == 0


def test_progress_costs_the_same_queries_for_few_and_many_records(make_campaign, ask_value, make_pledge):
    campaign = make_campaign(asks=[("bookdrive", ask_value), ("bookdrive", dict(ask_value, title="Rak dua"))])
    asks = campaign.get_asks()

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            registry.call("bookdrive", "ask_progress", campaign=campaign, asks=asks)
        return len(queries)

    make_pledge(quantity=1, target_campaign=campaign, ask_id=asks[0].id)
    few = count_queries()
    for i in range(30):
        make_pledge(quantity=1, target_campaign=campaign, ask_id=asks[i % 2].id,
                    status=["pledged", "received", "rejected"][i % 3])
    assert count_queries() == few == 1


def test_campaign_page_shows_book_progress(client, campaign, make_pledge):
    make_pledge(quantity=25)
    make_pledge(quantity=10, status="received", received_quantity=9)
    response = client.get(campaign.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Buku cerita untuk anak Kampung Tallo" in body
    assert "34 / 100 buku" in body
    assert "Donasi Buku Anak" in body  # the support type's name, translated


def test_wall_lists_supporters_newest_first_and_hides_anonymous_names(campaign, make_pledge):
    make_pledge(quantity=3, name="Andi Baso")
    make_pledge(quantity=8, name="Nama Rahasia", is_anonymous=True)
    make_pledge(quantity=2, name="Ditolak Saja", status="rejected")
    with CaptureQueriesContext(connection) as queries:
        wall = registry.call("bookdrive", "supporter_wall", campaign=campaign, limit=10)
    assert len(queries) == 1
    assert [entry.summary for entry in wall] == ["8 buku", "3 buku"]
    names = [entry.name for entry in wall]
    assert "Nama Rahasia" not in names and "Andi Baso" in names and "Ditolak Saja" not in names
    assert all(entry.type_key == "bookdrive" for entry in wall)


def test_wall_respects_the_limit(campaign, make_pledge):
    for _ in range(5):
        make_pledge(quantity=1)
    assert len(registry.call("bookdrive", "supporter_wall", campaign=campaign, limit=3)) == 3


def test_campaign_page_wall_does_not_show_anonymous_names(client, campaign, make_pledge):
    make_pledge(quantity=8, name="Nama Rahasia", is_anonymous=True, message="Untuk adik-adik")
    body = client.get(campaign.url).content.decode()
    assert "Nama Rahasia" not in body and "Untuk adik-adik" in body and "8 buku" in body
