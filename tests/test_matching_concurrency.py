"""The match cap under 50 donations confirmed at the same moment (PostgreSQL, real threads, each its
own connection): the fund matches exactly its cap (the last gift partly), no donation is lost,
the matches add up to the fund's ``matched`` and ``reconcile`` stays clean."""
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from finance.ledger import summary
from finance.reconcile import reconcile
from gateways.testing import ASK
from plugins.donation.matching.models import Match, MatchFund
from plugins.donation.matching.testing import confirm, make_fund, pending_donation
from plugins.donation.models import Donation
from regions.models import Province
from lokadaya.testing import race

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL concurrency")]

DONATIONS = 50
GIFT = 100_000
CAP = 2_525_000  # 25 gifts in full, the 26th for Rp 25.000, then nothing




def test_fifty_concurrent_confirmations_never_exceed_the_cap(make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)], title="Sumur Bor")
    fund = make_fund(province=Province.objects.get(code="33"), cap=CAP)
    donations = [pending_donation(campaign, GIFT, email=f"d{i}@contoh.id") for i in range(DONATIONS)]

    _results, errors = race(DONATIONS, lambda i: confirm(donations[i]))
    assert errors == []

    assert Donation.objects.filter(status=Donation.Status.CONFIRMED).count() == DONATIONS
    fund.refresh_from_db()
    assert fund.matched == CAP == fund.cap
    assert Match.objects.filter(fund=fund).aggregate(total=Sum("amount"))["total"] == CAP
    amounts = sorted(Match.objects.filter(fund=fund).values_list("amount", flat=True))
    assert amounts == [Decimal(CAP % GIFT)] + [Decimal(GIFT)] * (CAP // GIFT)
    assert summary(campaign=campaign)["gross"] == DONATIONS * GIFT + CAP
    (_ask, _type, progress), = campaign.get_progress()
    assert progress.current == DONATIONS * GIFT + CAP and progress.supporters == DONATIONS
    report = reconcile(pages=False)
    assert report.ok, "\n".join(map(str, report.differences))
    assert MatchFund.objects.get(pk=fund.pk).remaining == 0
