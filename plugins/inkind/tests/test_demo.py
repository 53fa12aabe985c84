"""Demo content: believable asks that the block accepts, and pledges that never exceed the need."""
import random

from django.db.models import Sum

from campaigns.plugins import registry
from campaigns.types import DemoInitiative
from plugins.inkind.blocks import InKindAskBlock
from plugins.inkind.items import ask_items
from plugins.inkind.models import InKindPledge
from plugins.inkind.quantities import committed_sum


def test_demo_asks_fit_the_initiative_and_are_valid():
    block = InKindAskBlock()
    waste = registry.call("inkind", "demo_ask", initiative=DemoInitiative(
        slug="bank-sampah", title="Bank Sampah RW 07", keywords=("sampah", "daur ulang")))
    assert any("Karung" in item["name"] for item in waste["items"])
    other = registry.call("inkind", "demo_ask", initiative=DemoInitiative(slug="x", title="X", keywords=("?",)))
    for value in (waste, other):
        block.clean(block.to_python(value))


def test_demo_records_stay_within_what_is_needed(make_campaign):
    value = registry.call("inkind", "demo_ask", initiative=DemoInitiative(
        slug="tandon", title="Panen Air Hujan", keywords=("air", "tandon")))
    campaign = make_campaign(asks=[("inkind", value)])
    (ask,) = campaign.get_asks()
    registry.call("inkind", "demo_records", campaign=campaign, ask=ask, count=300, rng=random.Random(1))
    assert InKindPledge.objects.count() > 20
    committed = dict(InKindPledge.objects.values_list("item_key").annotate(c=committed_sum()))
    for item in ask_items(ask.value):
        assert committed.get(item.key, 0) <= item.quantity
    assert InKindPledge.objects.filter(status="received").aggregate(s=Sum("received_quantity"))["s"] > 0
