"""Donation totals (``DonationTotal``): kept by the database equal to the donations and matches.

The campaign page's progress reads them (``hooks.progress_query``); the triggers of migration
``0008_donationtotal_triggers`` keep them through every change, and ``money_problems`` (so ``manage.py
reconcile``) reports a total that differs. A change that moves no money takes no lock on them.
"""
import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import F

from gateways.testing import ASK
from plugins.donation import hooks
from plugins.donation.matching.testing import confirm, make_fund, pending_donation, refund
from plugins.donation.models import Donation, DonationTotal
from regions.models import Province


def kept(campaign):
    return {row[0]: row[1:] for row in DonationTotal.objects.filter(campaign=campaign).exclude(
        donors=0, given=0, matched=0).values_list("ask_id", "donors", "given", "matched")}


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", ASK)], title="Sumur Bor")


def test_totals_follow_confirmations_refunds_and_matches(campaign):
    ask_id = campaign.get_asks()[0].id
    pending = pending_donation(campaign, 40_000)
    assert kept(campaign) == {}  # waiting for payment: nothing counts yet
    make_fund(province=Province.objects.get(code="33"), cap=100_000)
    first = confirm(pending)
    second = confirm(pending_donation(campaign, 150_000))
    assert kept(campaign) == {ask_id: (2, Decimal(190_000), Decimal(100_000))}  # the cap: 40.000 + 60.000
    refund(second, 50_000)  # partial: what counts and the match follow
    assert kept(campaign) == {ask_id: (2, Decimal(140_000), Decimal(100_000))}
    refund(first)
    assert kept(campaign) == {ask_id: (1, Decimal(100_000), Decimal(60_000))}
    (_ask, _type, progress), = campaign.get_progress()
    assert (progress.current, progress.supporters) == (160_000, 1)
    assert hooks.ask_progress(campaign, campaign.get_asks())[ask_id].current == 160_000
    Donation.objects.filter(pk=second.pk).update(received_amount=F("received_amount") + 5)  # by hand, in SQL
    assert kept(campaign) == {ask_id: (1, Decimal(100_005), Decimal(60_000))}
    assert hooks.totals_problems() == []


def test_a_total_changed_behind_the_donations_back_is_reported(campaign):
    donation = confirm(pending_donation(campaign, 25_000))
    assert hooks.money_problems() == []
    DonationTotal.objects.filter(campaign=campaign).update(donors=3)
    [problem] = hooks.money_problems()
    assert problem == (f"donation totals of campaign {campaign.pk} ask {donation.ask_id} (donors, given, matched): "
                       "(3, Decimal('25000'), Decimal('0')), its donations and matches "
                       "(1, Decimal('25000'), Decimal('0'))")


@pytest.mark.django_db(transaction=True)
def test_a_change_that_moves_no_money_takes_no_lock_on_the_totals(home_page, make_campaign):
    """Editing a confirmed donation's message leaves its campaign's totals row unlocked, so pledges
    and confirmations of that campaign never wait on it; changing what it counts locks the row."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    campaign = make_campaign(asks=[("donation", ASK)])
    donation = confirm(pending_donation(campaign, 30_000))

    def total_is_free():
        outcome = []

        def probe():
            try:
                with transaction.atomic():
                    DonationTotal.objects.select_for_update(nowait=True).get(campaign=campaign)
                outcome.append(True)
            except DatabaseError:
                outcome.append(False)
            finally:
                connection.close()

        thread = threading.Thread(target=probe)
        thread.start()
        thread.join()
        return outcome == [True]

    with transaction.atomic():
        Donation.objects.filter(pk=donation.pk).update(message="Semoga lancar")
        assert total_is_free()
        Donation.objects.filter(pk=donation.pk).update(refunded_amount=1_000)
        assert not total_is_free()
    assert total_is_free()
    assert kept(campaign)[donation.ask_id] == (1, Decimal(29_000), Decimal(0))
