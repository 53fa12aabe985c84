"""Fixtures for the in-kind plugin's tests."""
import datetime

import pytest
from django.utils import timezone

ASK = {
    "title": "Bahan bangunan tandon air",
    "description": "Untuk tandon air hujan di tiga dusun.",
    "items": [
        {"name": "Semen", "unit": "sak", "quantity": 20},
        {"name": "Pasir", "unit": "m³", "quantity": 5},
        {"name": "Talang PVC", "unit": "meter", "quantity": 100},
    ],
    "drop_off_details": "Balai Dusun Ngelo, setiap hari 08.00–16.00.",
    "allows_pick_up": True,
}


@pytest.fixture
def make_inkind_campaign(make_campaign):
    def make(ask=None, **fields):
        return make_campaign(asks=[("inkind", dict(ask or ASK))], **fields)

    return make


@pytest.fixture
def campaign(make_inkind_campaign):
    return make_inkind_campaign()


@pytest.fixture
def ask(campaign):
    (ask,) = campaign.get_asks()
    return ask


@pytest.fixture
def items(ask):
    from plugins.inkind.items import ask_items

    return {item.name: item for item in ask_items(ask.value)}


@pytest.fixture
def pledge_url(campaign, ask):
    return campaign.pledge_url(ask)


@pytest.fixture
def valid_data(items):
    """A valid POST for 2 sak Semen, dropped off tomorrow."""
    return {
        "item": items["Semen"].key, "quantity": "2", "delivery": "drop_off",
        "delivery_date": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "name": "Budi", "phone": "0812 3456 7890", "email": "budi@contoh.id", "note": "",
    }


@pytest.fixture
def make_pledge(campaign, ask, items):
    """``make_pledge("Semen", 3, status="received", received_quantity=3)``: a record, straight in the database."""
    from plugins.inkind.models import InKindPledge

    def make(item_name="Semen", quantity=1, **fields):
        item = items[item_name]
        fields.setdefault("delivery", InKindPledge.Delivery.DROP_OFF)
        fields.setdefault("delivery_date", timezone.localdate())
        fields.setdefault("name", "Penyumbang")
        fields.setdefault("email", "penyumbang@contoh.id")
        return InKindPledge.objects.create(campaign=campaign, ask_id=ask.id, item_key=item.key,
                                           item_name=item.name, unit=item.unit, quantity=quantity, **fields)

    return make


@pytest.fixture
def reference_data(transactional_db):
    """What the migrations load, back in place if an earlier transactional test flushed it
    (much faster than ``serialized_rollback``, which re-saves every row one by one)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from regions.loader import load_regions
    from regions.models import District, Province, Regency

    for code in ("id", "en"):
        Locale.objects.get_or_create(language_code=code)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="id"),
                                    content_type=ContentType.objects.get_for_model(Page)))
    load_regions(Province, Regency, District)
