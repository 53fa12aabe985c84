"""The book drive's part of the open data API (``api_ask``): public facts, never a pledger's."""
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.plugins import registry

pytestmark = pytest.mark.django_db


def details(client, campaign):
    response = client.get(f"/api/v1/campaigns/{campaign.pk}/", {"lang": "id"})
    assert response.status_code == 200, response.content
    (ask,) = response.json()["asks"]
    assert ask["type"] == "bookdrive"
    return ask["details"], response


def test_the_api_gives_the_ask_as_its_page_shows_it(client, campaign, make_pledge):
    make_pledge(quantity=25, name="Rina Marlina", email="rina@contoh.id", phone="0812 3456 7890",
                titles="Seri Si Kancil", message="Untuk adik-adik")
    make_pledge(quantity=10, status="received", received_quantity=9)
    make_pledge(quantity=40, status="rejected")

    found, response = details(client, campaign)
    assert found == {
        "books_needed": 100, "books_pledged": 34, "books_received": 9, "books_still_needed": 66,
        "age_groups": [{"key": "0-5", "label": "Balita dan prasekolah (0–5)"},
                       {"key": "6-9", "label": "Pembaca pemula (6–9)"}],
        "accepts_used": True,
        "dropoff": "Taman Baca Pelangi, Jl. Tallo Lama No. 12, Makassar. Senin–Sabtu 09.00–16.00.",
    }
    # The page shows the same figure.
    assert "34 / 100 buku" in client.get(campaign.url).content.decode()
    # Nothing about a pledger leaves: not their name, address, phone, the titles or the message.
    body = response.content.decode()
    for private in ("Rina Marlina", "rina@contoh.id", "0812 3456 7890", "Seri Si Kancil", "Untuk adik-adik"):
        assert private not in body


def test_labels_follow_the_active_language(campaign, ask):
    from django.utils import translation

    progress = registry.call("bookdrive", "ask_progress", campaign=campaign, asks=[ask])[ask.id]
    with translation.override("en"):
        found = registry.call("bookdrive", "api_ask", campaign=campaign, ask=ask, progress=progress)
    assert [group["label"] for group in found["age_groups"]] == [
        "Toddlers and pre-school (0–5)", "Early readers (6–9)"]


def test_a_full_drive_needs_no_more_books_and_the_hook_costs_no_query(campaign, ask, make_pledge):
    make_pledge(quantity=100)
    progress = registry.call("bookdrive", "ask_progress", campaign=campaign, asks=[ask])[ask.id]
    with CaptureQueriesContext(connection) as queries:
        found = registry.call("bookdrive", "api_ask", campaign=campaign, ask=ask, progress=progress)
    assert len(queries) == 0
    assert (found["books_pledged"], found["books_still_needed"]) == (100, 0)
    assert json.loads(json.dumps(found)) == found  # JSON values only
