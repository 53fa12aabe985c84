"""campaigns.subitems: a sub-item of an ask (an item, a shift) keeps its id across edits and languages."""
import uuid

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from campaigns.models import CampaignPage
from campaigns.subitems import find_sub_item, sub_items
from plugins.inkind.items import ask_items

pytestmark = pytest.mark.django_db

ITEMS = [
    {"name": "Semen", "unit": "sak", "quantity": 20},
    {"name": "Pasir", "unit": "truk", "quantity": 2},
]


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("inkind", {"title": "Bahan bangunan", "description": "", "items": ITEMS,
                                           "drop_off_address": "Balai Desa", "drop_off_hours": "Senin–Sabtu",
                                           "drop_off_details": "Tanya Pak RT.", "allows_pick_up": True})])


def names(ask):
    return {item_id: value["name"] for item_id, value in sub_items(ask, "items")}


def test_ids_are_stored_uuids_that_the_inkind_plugin_uses_too(campaign):
    ask = campaign.get_asks()[0]
    ids = names(ask)
    assert sorted(ids.values()) == ["Pasir", "Semen"] and all(len(item_id) == 36 for item_id in ids)
    # The built-in in-kind plugin keys its pledges by the same ids.
    assert [item.key for item in ask_items(ask.value)] == list(ids)
    semen = next(item_id for item_id, name in ids.items() if name == "Semen")
    assert find_sub_item(ask, "items", semen)["quantity"] == 20
    assert find_sub_item(ask, "items", "no-such-id") is None and find_sub_item(ask, "items", "") is None


def test_an_edit_that_reorders_renames_and_adds_keeps_the_ids(campaign):
    before = names(campaign.get_asks()[0])
    raw = list(campaign.asks.get_prep_value())
    items = raw[0]["value"]["items"]
    items.reverse()
    items[0]["value"]["name"] = "Pasir halus"
    # The page editor gives a new child its id in the browser, as here.
    items.append({"type": "item", "id": str(uuid.uuid4()),
                  "value": {"name": "Batu bata", "unit": "buah", "quantity": 500}})
    campaign.asks = raw
    campaign.save_revision().publish()

    after = names(CampaignPage.objects.get(pk=campaign.pk).get_asks()[0])
    assert list(after)[:2] == list(before)[::-1]  # the same ids, in the new order
    assert {after[item_id] for item_id in before} == {"Semen", "Pasir halus"}
    (new_id,) = set(after) - set(before)
    assert after[new_id] == "Batu bata"


def test_the_english_translation_keeps_the_ids(campaign):
    source, _created = TranslationSource.get_or_create_from_instance(campaign)
    english = Locale.objects.get(language_code="en")
    translation = Translation.objects.create(source=source, target_locale=english)
    for segment in source.stringsegment_set.select_related("string", "context"):
        StringTranslation.objects.create(translation_of=segment.string, locale=english, context=segment.context,
                                         data=f"EN {segment.string.data}")
    translation.save_target(publish=True)
    target = CampaignPage.objects.get(translation_key=campaign.translation_key, locale=english)

    source_names, target_names = names(campaign.get_asks()[0]), names(target.get_asks()[0])
    assert list(target_names) == list(source_names)
    assert {item_id: f"EN {name}" for item_id, name in source_names.items()} == target_names


def test_a_value_never_saved_has_no_stable_ids():
    from plugins.inkind.blocks import InKindAskBlock

    unsaved = InKindAskBlock().to_python({"title": "x", "items": ITEMS})
    assert list(sub_items(unsaved, "items")) == []  # Wagtail would invent new ids on every read
    assert list(sub_items({"items": ITEMS}, "items")) == []  # a plain list: no ids either
