"""Matching funds: what a match counts (ratio, cap, limit, refunds, chargebacks, re-confirmations),
which donations a fund covers (dates, status, programme in any language, province, SDG), the
ledger lines of matches, the campaign's money including them, and reconcile staying clean."""
from decimal import Decimal

import pytest

from finance.ledger import split, summary
from finance.models import LedgerEntry
from finance.reconcile import reconcile
from gateways.testing import ASK
from plugins.donation.matching.models import Match, MatchFund
from plugins.donation.matching.testing import confirm, make_fund, pending_donation, refund, void
from regions.models import Province
from sdgs.models import SDG

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", ASK)], title="Sumur Bor")


@pytest.fixture
def jateng():
    return Province.objects.get(code="33")


def fund_state(fund):
    fund.refresh_from_db()
    return fund.matched


def match_lines(match):
    totals = {}
    for kind, amount in LedgerEntry.objects.filter(source_type="donation.match", source_id=match.pk).values_list(
            "kind", "amount"):
        totals[kind] = totals.get(kind, 0) + amount
    return totals


def assert_reconciled():
    report = reconcile(pages=False)
    assert report.ok, "\n".join(map(str, report.differences))


def test_one_to_one_doubles_the_gift_and_writes_its_own_ledger_lines(campaign, jateng):
    fund = make_fund(province=jateng)
    donation = confirm(pending_donation(campaign, 150_000))
    match = Match.objects.get(donation=donation)
    assert (match.amount, match.granted, match.fund_id, match.ask_id) == (150_000, 150_000, fund.pk, donation.ask_id)
    assert fund_state(fund) == 150_000
    assert match_lines(match) == {k: v for k, v in split(150_000, match_lines(match) and
                                                          LedgerEntry.objects.filter(source_type="donation.match")
                                                          .first().fee_percentage).items()}
    assert summary(campaign=campaign)["gross"] == 300_000
    (_ask, _type, progress), = campaign.get_progress()
    assert progress.current == 300_000 and progress.money == 300_000 and progress.supporters == 1
    assert_reconciled()


def test_half_ratio_rounds_down_to_whole_rupiah(campaign, jateng):
    fund = make_fund(province=jateng, ratio="0.5")
    donation = confirm(pending_donation(campaign, 100_001))
    assert Match.objects.get(donation=donation).amount == 50_000
    assert fund_state(fund) == 50_000
    assert_reconciled()


def test_the_cap_is_reached_exactly_and_the_limit_per_gift_holds(campaign, jateng):
    fund = make_fund(province=jateng, cap=250_000, limit=120_000)
    first = confirm(pending_donation(campaign, 200_000))
    second = confirm(pending_donation(campaign, 200_000))
    third = confirm(pending_donation(campaign, 200_000))
    amounts = [Match.objects.get(donation=d).amount for d in (first, second)]
    assert amounts == [120_000, 120_000]
    assert Match.objects.get(donation=third).amount == 10_000  # what was left
    fourth = confirm(pending_donation(campaign, 50_000))
    assert not Match.objects.filter(donation=fourth).exists()
    assert fund_state(fund) == 250_000 == fund.cap
    assert_reconciled()


def test_a_refund_frees_the_match_for_later_gifts(campaign, jateng):
    fund = make_fund(province=jateng, cap=100_000)
    first = confirm(pending_donation(campaign, 100_000))
    refund(first, 40_000)  # partial: the match follows what counts
    assert Match.objects.get(donation=first).amount == 60_000 and fund_state(fund) == 60_000
    refund(first)
    match = Match.objects.get(donation=first)
    assert (match.amount, match.granted) == (0, 100_000) and fund_state(fund) == 0
    assert match_lines(match)["gross"] == 0
    second = confirm(pending_donation(campaign, 100_000))
    assert Match.objects.get(donation=second).amount == 100_000 and fund_state(fund) == 100_000
    assert summary(campaign=campaign)["gross"] == 200_000
    assert_reconciled()


def test_a_chargeback_takes_the_match_back(campaign, jateng):
    fund = make_fund(province=jateng)
    donation = confirm(pending_donation(campaign, 80_000))
    refund(donation, event="chargeback")
    match = Match.objects.get(donation=donation)
    assert match.amount == 0 and fund_state(fund) == 0
    assert set(LedgerEntry.objects.filter(source_type="donation.match", source_id=match.pk)
               .values_list("reference", flat=True)) == {"match", "match-refund"}
    assert summary(campaign=campaign)["gross"] == 0
    assert_reconciled()


def test_a_reconfirmed_gift_never_takes_more_than_granted_nor_the_cap(campaign, jateng):
    fund = make_fund(province=jateng, cap=150_000)
    first = confirm(pending_donation(campaign, 100_000))
    void(first)
    assert Match.objects.get(donation=first).amount == 0 and fund_state(fund) == 0
    other = confirm(pending_donation(campaign, 120_000))
    assert Match.objects.get(donation=other).amount == 120_000
    confirm(first, received=200_000)  # arrived after all, and more than asked
    match = Match.objects.get(donation=first)
    assert match.amount == 30_000 and match.granted == 100_000  # only what the fund had left
    assert fund_state(fund) == 150_000
    refund(other)
    confirm(first)  # a repeated notification: the freed money does not raise it past granted
    assert Match.objects.get(donation=first).amount == 30_000
    assert_reconciled()


def test_overpaid_gift_keeps_its_granted_match(campaign, jateng):
    fund = make_fund(province=jateng)
    donation = confirm(pending_donation(campaign, 100_000))
    confirm(donation, received=300_000)
    assert Match.objects.get(donation=donation).amount == 100_000 and fund_state(fund) == 100_000
    assert_reconciled()


@pytest.mark.parametrize("fund_kwargs", [
    {"days": (1, 10)},  # not started
    {"days": (-10, -1)},  # ended
    {"status": MatchFund.Status.DRAFT},
    {"status": MatchFund.Status.CLOSED},
])
def test_only_an_active_fund_within_its_dates_matches(campaign, jateng, fund_kwargs):
    make_fund(province=jateng, **fund_kwargs)
    donation = confirm(pending_donation(campaign, 50_000))
    assert not Match.objects.filter(donation=donation).exists()
    assert summary(campaign=campaign)["gross"] == 50_000


def test_scope_by_province_of_the_campaign_else_its_oms(make_campaign, organisation, jateng):
    from regions.models import Regency

    elsewhere = make_campaign(asks=[("donation", ASK)], regency=Regency.objects.get(code="73.71"), slug="makassar")
    local = make_campaign(asks=[("donation", ASK)], slug="semarang")  # the OMS's regency (Jawa Tengah)
    make_fund(province=jateng)
    assert not Match.objects.filter(donation=confirm(pending_donation(elsewhere, 50_000))).exists()
    assert Match.objects.filter(donation=confirm(pending_donation(local, 50_000))).exists()


def test_scope_by_sdg(make_campaign):
    clean_water = SDG.objects.get(number=6)
    tagged = make_campaign(asks=[("donation", ASK)], slug="air")
    tagged.sdgs.set([clean_water])
    tagged.save_revision().publish()
    untagged = make_campaign(asks=[("donation", ASK)], slug="lain")
    make_fund(sdg=clean_water)
    assert Match.objects.filter(donation=confirm(pending_donation(tagged, 50_000))).exists()
    assert not Match.objects.filter(donation=confirm(pending_donation(untagged, 50_000))).exists()


def test_scope_by_programme_links_in_any_language(make_campaign, home_page):
    from wagtail.models import Locale

    from programmes.models import ProgrammeIndexPage, ProgrammePage

    linked = make_campaign(asks=[("donation", ASK)], slug="terhubung")
    other = make_campaign(asks=[("donation", ASK)], slug="tidak")
    index = ProgrammeIndexPage(title="Program Nasional", slug="program-nasional")
    home_page.add_child(instance=index)
    programme = ProgrammePage(title="Air Bersih", slug="air-bersih")
    index.add_child(instance=programme)
    programme.save_revision().publish()
    # The English programme links the English campaign: records point at the Indonesian page.
    english_campaign = linked.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english_programme = programme.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english_programme.campaigns.set([english_campaign])
    english_programme.save()
    make_fund(programme=programme)
    assert Match.objects.filter(donation=confirm(pending_donation(linked, 50_000))).exists()
    assert not Match.objects.filter(donation=confirm(pending_donation(other, 50_000))).exists()


def test_the_page_offers_the_fund_the_database_would_match(make_campaign, organisation, home_page, jateng):
    """The campaign page decides which funds cover a campaign from the kept scopes
    (``matching/scopes.py``); the database decides for the money (``covering_funds``). Every kind of
    scope, as funds open, are used up and close: both always name the same fund."""
    from wagtail.models import Locale

    from campaigns.models import CampaignPage
    from plugins.donation.matching.scopes import funds_changed
    from plugins.donation.matching.sections import active_offer
    from plugins.donation.matching.service import covering_funds
    from programmes.models import ProgrammeIndexPage, ProgrammePage
    from regions.models import Regency

    def campaign(slug, sdgs=(), **fields):
        page = make_campaign(asks=[("donation", ASK)], slug=slug, **fields)
        if sdgs:
            page.sdgs.set(SDG.objects.filter(number__in=sdgs))
            page.save_revision().publish()
        return page

    campaigns = [
        campaign("semarang"),  # the OMS's kabupaten/kota, in Jawa Tengah
        campaign("makassar", regency=Regency.objects.get(code="73.71")),
        campaign("tanpa-tempat"),  # no kabupaten/kota of its own: its OMS's province
        campaign("air", sdgs=[6]),
        campaign("iklim", sdgs=[13], regency=Regency.objects.get(code="73.71")),
        campaign("terhubung", regency=Regency.objects.get(code="73.71")),
    ]
    CampaignPage.objects.filter(pk=campaigns[2].pk).update(regency=None)
    index = ProgrammeIndexPage(title="Program Nasional", slug="program-nasional")
    home_page.add_child(instance=index)
    water = ProgrammePage(title="Air Bersih", slug="air-bersih")
    climate = ProgrammePage(title="Iklim", slug="iklim", sdg=SDG.objects.get(number=13), include_sdg_matches=True)
    for programme in (water, climate):
        index.add_child(instance=programme)
        programme.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    english_programme = water.copy_for_translation(english, copy_parents=True)
    english_programme.campaigns.set([campaigns[-1].copy_for_translation(english, copy_parents=True)])
    english_programme.save()

    def agree():
        for page in campaigns:
            page = CampaignPage.objects.get(pk=page.pk)  # as the page view reads it
            offered = active_offer(page)
            expected = covering_funds(page).first()
            assert (offered["fund"].pk if offered else None) == (expected.pk if expected else None), page.slug

    agree()
    funds = [make_fund(sdg=SDG.objects.get(number=6)), make_fund(programme=climate), make_fund(province=jateng),
             make_fund(programme=water), make_fund(province=jateng, cap=50)]
    for fund in funds:
        agree()
    MatchFund.objects.filter(pk=funds[0].pk).update(matched=funds[0].cap)  # used up: no signal
    agree()
    MatchFund.objects.filter(pk=funds[2].pk).update(status=MatchFund.Status.CLOSED)
    funds_changed()  # as the admin's "close" does after its update
    agree()
    def offered(slug):
        found = active_offer(CampaignPage.objects.get(slug=slug, locale=Locale.get_default()))
        return found and found["fund"].pk

    assert [offered(slug) for slug in ("semarang", "tanpa-tempat", "terhubung", "iklim", "air", "makassar")] == [
        funds[4].pk, funds[4].pk, funds[3].pk, funds[1].pk, funds[4].pk, None]


def test_the_oldest_fund_matches_first_then_the_next(campaign, jateng):
    first = make_fund(province=jateng, cap=60_000)
    second = make_fund(province=jateng, cap=1_000_000)
    one = confirm(pending_donation(campaign, 100_000))
    two = confirm(pending_donation(campaign, 100_000))
    assert Match.objects.get(donation=one).fund_id == first.pk
    assert Match.objects.get(donation=two).fund_id == second.pk
    assert (fund_state(first), fund_state(second)) == (60_000, 100_000)
    assert_reconciled()


def test_reconcile_names_a_fund_out_of_step_and_a_match_above_its_donation(campaign, jateng):
    fund = make_fund(province=jateng)
    donation = confirm(pending_donation(campaign, 100_000))
    MatchFund.objects.filter(pk=fund.pk).update(matched=Decimal("90000"))
    Match.objects.filter(donation=donation).update(granted=Decimal("200000"), amount=Decimal("150000"))
    texts = "\n".join(map(str, reconcile(pages=False).differences))
    assert f"matching fund {fund.pk}: matched 90000" in texts
    assert "its donation allows at most 100000" in texts
