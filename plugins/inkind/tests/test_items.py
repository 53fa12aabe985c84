"""The ask block and its item keys: stable through reordering, renaming and translation."""
import uuid

import pytest
from django.core.exceptions import ValidationError

from plugins.inkind.blocks import InKindAskBlock
from plugins.inkind.items import ask_items

from .conftest import ASK


def test_saved_items_are_keyed_by_their_list_child_ids(campaign, ask):
    keys = [item.key for item in ask_items(ask.value)]
    assert [str(uuid.UUID(key)) for key in keys] == keys  # Wagtail's stored ids
    assert keys == [child.id for child in ask.value["items"].bound_blocks]
    campaign.refresh_from_db()
    assert [item.key for item in ask_items(campaign.get_asks()[0].value)] == keys  # read again: the same


def test_keys_survive_reordering_and_renaming(campaign, items):
    raw = campaign.asks.get_prep_value()
    raw[0]["value"]["items"].reverse()
    raw[0]["value"]["items"][0]["value"]["name"] = "Talang PVC 4 inci"
    campaign.asks = raw
    campaign.save_revision().publish()
    campaign.refresh_from_db()
    after = {item.key: item for item in ask_items(campaign.get_asks()[0].value)}
    assert list(after) == [items["Talang PVC"].key, items["Pasir"].key, items["Semen"].key]
    assert after[items["Talang PVC"].key].name == "Talang PVC 4 inci"


def test_unsaved_items_fall_back_to_name_slugs():
    value = {"items": [{"name": "Semen Portland", "unit": "sak", "quantity": 2},
                       {"name": "Semen Portland", "unit": "sak", "quantity": 3},
                       {"name": "", "unit": "buah", "quantity": 1}]}
    assert [item.key for item in ask_items(value)] == ["semen-portland", "semen-portland-2", "item"]


def test_block_accepts_the_ask_and_refuses_twin_item_names():
    block = InKindAskBlock()
    block.clean(block.to_python(ASK))
    twins = dict(ASK, items=[{"name": "Semen", "unit": "sak", "quantity": 1},
                             {"name": " semen ", "unit": "sak", "quantity": 2}])
    with pytest.raises(ValidationError):
        block.clean(block.to_python(twins))


def test_block_needs_at_least_one_item():
    block = InKindAskBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python(dict(ASK, items=[])))
