"""The demo matching fund: its matches are consistent with the ledger (reconcile clean), and seeding
again adds nothing."""
import pytest

from finance.reconcile import reconcile
from gateways.testing import ASK
from plugins.donation.matching import demo
from plugins.donation.matching.models import Match, MatchFund
from plugins.donation.matching.testing import confirm, pending_donation

pytestmark = pytest.mark.django_db


def test_demo_fund_matches_confirmed_donations_and_reconciles(make_campaign):
    from programmes.models import StrategicPartner

    StrategicPartner.objects.create(name="Kemitraan Iklim Nusantara")
    campaign = make_campaign(asks=[("donation", ASK)])  # Semarang, Jawa Tengah: the province fallback
    for amount in (50_000, 400_000):
        confirm(pending_donation(campaign, amount))
    pending_donation(campaign, 75_000)  # never confirmed: not matched
    assert demo.seed()
    fund = MatchFund.objects.get()
    assert fund.status == "active" and fund.partner.name == "Kemitraan Iklim Nusantara"
    assert sorted(Match.objects.values_list("amount", flat=True)) == [50_000, demo.LIMIT]
    assert fund.matched == 50_000 + demo.LIMIT
    report = reconcile(pages=False)
    assert report.ok, "\n".join(map(str, report.differences))
    assert demo.seed() == [] and MatchFund.objects.count() == 1
