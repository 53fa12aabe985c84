"""A joint petition under concurrency (PostgreSQL, real threads): signatures confirmed at the same time on
three member OMS's campaigns while the asks are being linked add up exactly; two links of one ask: one wins."""
import pytest
from django.db import connection
from django.test import Client

from alliances import testing as alliances_testing
from lokadaya.testing import race
from partners import testing as partners_testing

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL concurrency")]

make_verified_oms = partners_testing.make_verified_oms
alliance_index = alliances_testing.alliance_index
make_alliance = alliances_testing.make_alliance

PETITION = {"title": "Perda air bersih", "description": "Dukung.", "decision_maker": "DPRD",
            "demand": "Sahkan perda air bersih.", "goal": 100}
PER_CAMPAIGN = 6




def petition_ask(campaign):
    return [a for a in campaign.get_asks() if a.type_key == "petition"][0]


@pytest.fixture
def world(make_verified_oms, make_alliance, make_campaign):
    from alliances.joint import connect_signals

    connect_signals()
    oms = [make_verified_oms("air-semarang", "33.74", title="Air Semarang"),
           make_verified_oms("air-solo", "33.72", title="Air Solo"),
           make_verified_oms("air-makassar", "73.71", title="Air Makassar")]
    alliance = make_alliance(*oms, title="Aliansi Air Bersih", level="national", province_code=None)
    campaigns = [make_campaign(asks=[("petition", PETITION)], parent=o, slug=f"kampanye-{o.slug}") for o in oms]
    return alliance, oms, campaigns


def test_concurrent_confirmations_and_links_add_up_exactly(world):
    from alliances.joint import link_ask, totals
    from alliances.models import JointAction, JointActionAsk
    from plugins.petition.models import Signature
    from plugins.petition.tokens import make_confirm_token
    from plugins.petition.views import sign

    alliance, oms, campaigns = world
    action = JointAction.objects.create(alliance=alliance, type_key="petition", title="Petisi bersama", goal=50)
    # Pending signatures written by the plugin's own signing code; their emailed links are the tokens.
    tokens = []
    for campaign in campaigns:
        ask = petition_ask(campaign)
        for n in range(PER_CAMPAIGN):
            _outcome, signature = sign(campaign, ask, {"name": f"Warga {n}", "email": f"w{n}-{campaign.slug}@contoh.id",
                                                       "regency": campaign.get_parent().specific.regency,
                                                       "show_name": True})
            tokens.append(make_confirm_token(signature))
    paths = [f"/id/dukung/petition/konfirmasi/{token}/" for token in tokens]

    def work(i):
        if i < len(paths):  # a signer clicks the emailed link
            return ("confirm", Client().get(paths[i]).status_code)
        # an editor of each member links its campaign's petition at the same moment
        j = i - len(paths)
        return ("link", link_ask(action, campaigns[j], petition_ask(campaigns[j]).id, oms[j].editor).pk)

    results, errors = race(len(paths) + len(campaigns), work)
    assert errors == []
    assert sorted(status for kind, status in results if kind == "confirm") == [200] * len(paths)
    assert JointActionAsk.objects.filter(joint_action=action).count() == 3
    confirmed = Signature.objects.filter(status=Signature.Status.CONFIRMED).count()
    assert confirmed == 3 * PER_CAMPAIGN
    total = totals([JointAction.objects.get(pk=action.pk)])[action.pk]
    assert total.current == confirmed and total.supporters == confirmed
    assert sorted(int(p.progress.current) for p in total.per_member) == [PER_CAMPAIGN] * 3

    # More signatures confirmed concurrently on the three campaigns: still exact.
    more = []
    for campaign in campaigns:
        ask = petition_ask(campaign)
        for n in range(4):
            _o, signature = sign(campaign, ask, {"name": "Lagi", "email": f"lagi{n}-{campaign.slug}@contoh.id",
                                                 "regency": campaign.get_parent().specific.regency})
            more.append(f"/id/dukung/petition/konfirmasi/{make_confirm_token(signature)}/")
    # Each link clicked twice at once: a signature counts once.
    results, errors = race(len(more) * 2, lambda i: Client().get(more[i % len(more)]).status_code)
    assert errors == [] and set(results) == {200}
    total = totals([action])[action.pk]
    assert total.current == Signature.objects.filter(status="confirmed").count() == 3 * PER_CAMPAIGN + len(more)


def test_two_concurrent_links_of_one_ask_one_wins(world):
    from alliances.joint import JointError, link_ask
    from alliances.models import JointAction, JointActionAsk

    alliance, oms, campaigns = world
    first = JointAction.objects.create(alliance=alliance, type_key="petition", title="Petisi satu")
    second = JointAction.objects.create(alliance=alliance, type_key="petition", title="Petisi dua")
    campaign, editor = campaigns[0], oms[0].editor
    ask_id = petition_ask(campaign).id

    def work(i):
        try:
            return link_ask((first, second)[i % 2], campaign, ask_id, editor).pk
        except JointError as refused:
            return ("refused", refused.status, refused.message)

    results, errors = race(4, work)
    assert errors == []
    wins = [r for r in results if not isinstance(r, tuple)]
    refusals = [r for r in results if isinstance(r, tuple)]
    assert len(wins) == 1 and len(refusals) == 3
    assert all(status == 409 for _r, status, _m in refusals)
    assert JointActionAsk.objects.filter(campaign=campaign, ask_id=ask_id).count() == 1
