"""Demo content: a believable ask for reading initiatives only, and believable records."""
import random

import pytest

from campaigns.plugins import registry
from campaigns.types import DemoInitiative
from lokadaya_bookdrive.models import BookPledge

pytestmark = pytest.mark.django_db

LIBRARY = DemoInitiative(slug="perpustakaan-anak-tallo", title="Perpustakaan Anak Kampung Tallo",
                         keywords=("buku", "anak"))
OWLS = DemoInitiative(slug="rumah-burung-hantu", title="Rumah Burung Hantu Pengusir Tikus Sawah",
                      keywords=("pertanian", "tikus"))


def test_demo_ask_fits_a_childrens_library_and_is_a_valid_block_value():
    value = registry.call("bookdrive", "demo_ask", initiative=LIBRARY)
    assert value["target"] == 500 and "Tallo" in value["dropoff"]
    block = registry.call("bookdrive", "ask_block")
    block.clean(block.to_python(value))  # raises if the editor could not save it


def test_demo_ask_stays_out_of_unrelated_initiatives():
    assert registry.call("bookdrive", "demo_ask", initiative=OWLS) is None


def test_demo_records_are_believable(make_campaign):
    value = registry.call("bookdrive", "demo_ask", initiative=LIBRARY)
    campaign = make_campaign(asks=[("bookdrive", value)])
    ask = campaign.get_asks()[0]
    registry.call("bookdrive", "demo_records", campaign=campaign, ask=ask, count=40, rng=random.Random(7))
    pledges = list(BookPledge.objects.filter(campaign=campaign, ask_id=ask.id))
    assert len(pledges) == 40
    assert {p.age_group for p in pledges} <= set(value["age_groups"])
    assert all(p.quantity > 0 and p.titles and p.email.endswith("@contoh.id") for p in pledges)
    assert all(p.received_quantity is not None for p in pledges if p.status == "received")
    assert len({p.token for p in pledges}) == 40
    assert campaign.get_progress()[0][2].current > 0


def test_demo_ask_speaks_english_for_the_english_translation():
    from django.utils import translation

    indonesian = registry.call("bookdrive", "demo_ask", initiative=LIBRARY)
    with translation.override("en"):
        english = registry.call("bookdrive", "demo_ask", initiative=LIBRARY)
    assert english["title"] == "Children's story books" != indonesian["title"]
    assert english["dropoff"] != indonesian["dropoff"] and "Monday–Saturday" in english["dropoff"]
    assert english["target"] == indonesian["target"]  # numbers are not translated
