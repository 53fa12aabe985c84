"""Progress (agreed partners over the target) and the public wall (consenting agreed partners only)."""
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.plugins import registry
from plugins.partnership.models import Proposal

pytestmark = pytest.mark.django_db


def progress_of(campaign, ask):
    return registry.call("partnership", "ask_progress", campaign=campaign, asks=[ask])[ask.id]


def test_progress_counts_agreed_partners_only(campaign, ask, make_proposal):
    for status in ("new", "discussion", "agreed", "agreed", "declined"):
        make_proposal(status=status)
    make_proposal(status="agreed", show_publicly=False)  # counts, even if not shown
    progress = progress_of(campaign, ask)
    assert progress.current == Decimal("3")
    assert progress.target == Decimal("4")
    assert progress.supporters == 3
    assert progress.money is None
    assert progress.is_money is False
    assert progress.percentage == 75
    assert progress.unit == "mitra"


def test_progress_with_no_proposals(campaign, ask):
    progress = progress_of(campaign, ask)
    assert progress.current == 0 and progress.supporters == 0 and progress.target == 4


def test_progress_is_per_ask_and_per_campaign(make_campaign, ask_value, make_proposal):
    campaign = make_campaign(asks=[("partnership", ask_value), ("partnership", dict(ask_value, target_partners=2))])
    other = make_campaign(asks=[("partnership", ask_value)])
    first, second = campaign.get_asks()
    make_proposal(status="agreed", target_campaign=campaign, ask_id=first.id)
    make_proposal(status="agreed", target_campaign=campaign, ask_id=second.id)
    make_proposal(status="agreed", target_campaign=campaign, ask_id=second.id)
    make_proposal(status="agreed", target_campaign=other, ask_id=other.get_asks()[0].id)
    result = registry.call("partnership", "ask_progress", campaign=campaign, asks=[first, second])
    assert result[first.id].current == 1
    assert result[second.id].current == 2 and result[second.id].target == 2
    assert result[second.id].percentage == 100


def test_progress_costs_the_same_queries_whatever_the_number_of_records(campaign, ask, make_proposal):
    make_proposal(status="agreed")
    with CaptureQueriesContext(connection) as few:
        progress_of(campaign, ask)
    for i in range(40):
        make_proposal(status=["agreed", "new", "declined"][i % 3])
    with CaptureQueriesContext(connection) as many:
        progress = progress_of(campaign, ask)
    assert len(few) == len(many) == 1
    assert progress.current == 1 + 14


def test_campaign_page_shows_progress_and_supporter_total(client, campaign, make_proposal):
    make_proposal(status="agreed")
    make_proposal(status="agreed", show_publicly=False)
    make_proposal(status="new")
    html = client.get(campaign.url).content.decode()
    assert "2 / 4 mitra" in html
    assert "50%" in html
    assert "<strong>2</strong>" in html  # supporters total


def test_wall_shows_only_agreed_partners_who_consented(client, campaign, make_proposal):
    make_proposal(status="agreed", organisation_name="PT Tirta Makmur", sector="business", name="Budi Rahasia")
    make_proposal(status="agreed", organisation_name="Dinas Tersembunyi", show_publicly=False, sector="government")
    make_proposal(status="new", organisation_name="UD Belum Disetujui")
    make_proposal(status="discussion", organisation_name="Radio Masih Dibahas")
    make_proposal(status="declined", organisation_name="CV Ditolak")
    wall = registry.call("partnership", "supporter_wall", campaign=campaign, limit=12)
    assert [s.name for s in wall] == ["PT Tirta Makmur"]
    assert wall[0].type_key == "partnership"
    assert "Bisnis / perusahaan" in wall[0].summary

    html = client.get(campaign.url).content.decode()
    assert "PT Tirta Makmur" in html
    for hidden in ("Budi Rahasia", "Dinas Tersembunyi", "UD Belum Disetujui", "Radio Masih Dibahas", "CV Ditolak",
                   "kontak1@mitra.contoh.id"):
        assert hidden not in html


def test_wall_is_one_query_newest_first_and_limited(campaign, make_proposal):
    for i in range(5):
        make_proposal(status="agreed", organisation_name=f"Mitra {i}")
    with CaptureQueriesContext(connection) as queries:
        wall = registry.call("partnership", "supporter_wall", campaign=campaign, limit=3)
    assert len(queries) == 1
    assert [s.name for s in wall] == ["Mitra 4", "Mitra 3", "Mitra 2"]


def test_pledge_page_lists_public_partners(client, pledge_url, make_proposal):
    make_proposal(status="agreed", organisation_name="Universitas Nusantara Raya", sector="academia")
    make_proposal(status="agreed", organisation_name="Diam-diam Corp", show_publicly=False)
    html = client.get(pledge_url).content.decode()
    assert "Universitas Nusantara Raya" in html
    assert "Akademisi / perguruan tinggi" in html
    assert "Diam-diam Corp" not in html


def test_public_name_never_reveals_a_non_consenting_partner(make_proposal):
    hidden = make_proposal(status="agreed", show_publicly=False, organisation_name="Rahasia")
    shown = make_proposal(status="agreed", organisation_name="Terbuka")
    assert hidden.public_name != "Rahasia" and "Rahasia" not in hidden.public_name
    assert shown.public_name == "Terbuka"
    assert Proposal.COUNTED_STATUSES == (Proposal.Status.AGREED,)
