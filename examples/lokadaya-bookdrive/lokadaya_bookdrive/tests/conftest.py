"""Fixtures for the book drive's tests.

The page-tree and user fixtures come from Lokadaya's own ``lokadaya.testing``; importing them here
lets these tests run from the installed package, outside a Lokadaya checkout's ``conftest.py``.
"""
import pytest

from lokadaya.testing import (  # noqa: F401  (pytest fixtures)
    campaign_index, home_page, make_campaign, make_editor, make_organisation, organisation, partner_index,
)

ASK = {
    "title": "Buku cerita untuk anak Kampung Tallo",
    "description": "Rak perpustakaan kami masih kosong.",
    "target": 100,
    "age_groups": ["0-5", "6-9"],
    "accepts_used": True,
    "dropoff": "Taman Baca Pelangi, Jl. Tallo Lama No. 12, Makassar. Senin–Sabtu 09.00–16.00.",
}

VALID = {
    "quantity": "12",
    "titles": "Seri Si Kancil dan 5 buku bergambar",
    "age_group": "6-9",
    "condition": "good",
    "name": "Rina Marlina",
    "email": "rina@contoh.id",
    "phone": "0812 3456 7890",
    "message": "Selamat membaca, adik-adik!",
    "wants_updates": "on",
}


@pytest.fixture
def ask_value():
    return dict(ASK)


@pytest.fixture
def valid_data():
    return dict(VALID)


@pytest.fixture
def campaign(make_campaign, ask_value):
    return make_campaign(asks=[("bookdrive", ask_value)], title="Perpustakaan Anak Tallo")


@pytest.fixture
def ask(campaign):
    return campaign.get_asks()[0]


@pytest.fixture
def pledge_url(campaign, ask):
    return campaign.url + f"dukung/{ask.id}/"


@pytest.fixture
def make_pledge(campaign, ask):
    """``make_pledge(quantity=5, status="pledged", **fields)``: a book pledge written directly."""
    from lokadaya_bookdrive.models import BookPledge

    counter = {"n": 0}

    def make(quantity=5, status="pledged", target_campaign=None, **fields):
        counter["n"] += 1
        values = dict(campaign=target_campaign or campaign, ask_id=ask.id, quantity=quantity, status=status,
                      titles="Buku dongeng Nusantara", age_group="6-9", condition="good",
                      name=f"Pendukung {counter['n']}", email=f"pendukung{counter['n']}@contoh.id", language="id")
        values.update(fields)
        return BookPledge.objects.create(**values)

    return make
