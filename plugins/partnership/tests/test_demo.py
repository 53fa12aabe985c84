"""Demo asks fit the initiative; demo records are believable and valid."""
import random

import pytest

from campaigns.plugins import registry
from campaigns.types import DemoInitiative
from plugins.partnership.models import Proposal

pytestmark = pytest.mark.django_db


def test_demo_ask_fits_the_initiative_and_is_a_valid_block_value():
    from plugins.partnership.blocks import PartnershipAskBlock

    initiative = DemoInitiative(slug="patroli-api-gambut", title="Patroli Api Gambut", keywords=("api", "gambut"))
    value = registry.call("partnership", "demo_ask", initiative=initiative)
    assert "karhutla" in value["title"]
    assert "government" in value["kinds_sought"]
    block = PartnershipAskBlock()
    cleaned = block.clean(block.to_python(value))
    assert cleaned["target_partners"] == value["target_partners"]

    fallback = registry.call("partnership", "demo_ask",
                             initiative=DemoInitiative(slug="x", title="Lainnya", keywords=("lain",)))
    assert fallback["kinds_sought"] and fallback["target_partners"] > 0


def test_demo_records(make_campaign):
    initiative = DemoInitiative(slug="bank-sampah", title="Bank Sampah", keywords=("sampah", "daur ulang"))
    value = registry.call("partnership", "demo_ask", initiative=initiative)
    campaign = make_campaign(asks=[("partnership", value)])
    ask = campaign.get_asks()[0]
    registry.call("partnership", "demo_records", campaign=campaign, ask=ask, count=60, rng=random.Random(7))
    proposals = list(Proposal.objects.filter(campaign=campaign, ask_id=ask.id))
    assert len(proposals) == 60
    assert {p.kind for p in proposals} <= set(value["kinds_sought"])
    assert {p.status for p in proposals} == set(Proposal.Status.values)
    assert all(p.response for p in proposals if p.status == "declined")
    assert all(p.offer and p.organisation_name and "@" in p.email for p in proposals)
    assert all(p.is_anonymous == (not p.show_publicly) for p in proposals)
    progress = registry.call("partnership", "ask_progress", campaign=campaign, asks=[ask])[ask.id]
    assert progress.current == sum(1 for p in proposals if p.status == "agreed")
