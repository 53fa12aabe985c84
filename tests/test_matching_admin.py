"""Matching funds on the campaign page (the sponsor's offer, the total with the match) and in the
admin (national staff only; the form's errors; what cannot change once a fund has matched)."""
import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from gateways.testing import ASK
from plugins.donation.matching.models import Match, MatchFund
from plugins.donation.matching.sections import page_sections
from plugins.donation.matching.testing import confirm, make_fund, pending_donation
from regions.models import Province

pytestmark = pytest.mark.django_db
LIST = "/admin/donasi/pencocokan/"


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", ASK)], title="Sumur Bor")


@pytest.fixture
def jateng():
    return Province.objects.get(code="33")


def test_campaign_page_shows_the_offer_and_the_total_with_the_match(client, campaign, jateng):
    make_fund(province=jateng, cap=1_000_000, limit=500_000)
    confirm(pending_donation(campaign, 150_000))
    page = client.get(campaign.url).content.decode()
    assert "Yayasan Mitra" in page
    assert "Rp 300.000" in page  # the gift and its match
    assert "Rp 850.000" in page  # left in the fund
    assert "Rp 500.000" in page  # the limit per gift


def test_half_ratio_is_worded_as_what_each_rupiah_gets(campaign, jateng):
    from django.utils import translation

    make_fund(province=jateng, ratio="0.5")
    with translation.override("id"):
        (section,), = page_sections(campaign, campaign.get_asks()).values()
        assert "Rp 0,50" in section.context["headline"]


def test_no_offer_without_a_covering_active_fund_and_no_query(campaign, make_campaign, jateng,
                                                              django_assert_num_queries):
    from regions.models import Regency

    make_fund(province=jateng, status=MatchFund.Status.CLOSED)
    with django_assert_num_queries(1):  # the open funds' scopes, then kept
        assert page_sections(campaign, campaign.get_asks()) == {}
    with django_assert_num_queries(0):
        assert page_sections(campaign, campaign.get_asks()) == {}
    make_fund(province=jateng, cap=100)
    MatchFund.objects.filter(cap=100).update(matched=100)  # used up
    assert page_sections(campaign, campaign.get_asks()) == {}
    # A fund covers some campaign, not this one: still no query for it.
    elsewhere = make_campaign(asks=[("donation", ASK)], regency=Regency.objects.get(code="73.71"), slug="makassar")
    page_sections(elsewhere, elsewhere.get_asks())
    with django_assert_num_queries(0):
        assert page_sections(elsewhere, elsewhere.get_asks()) == {}


def _data(**changes):
    today = timezone.localdate()
    data = {"sponsor_name": "Bank Sejahtera", "ratio": "1", "cap": "5.000.000", "per_donation_limit": "",
            "province": Province.objects.get(code="33").pk, "starts_on": today.isoformat(),
            "ends_on": (today + datetime.timedelta(days=30)).isoformat(), "status": "active", "note": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_national_finance_creates_edits_closes_and_reads_the_statement(client, django_user_model, campaign, jateng):
    user = django_user_model.objects.create_user("keuangan", password="rahasia-123")
    user.groups.add(Group.objects.get(name="Keuangan Nasional"))
    client.force_login(user)
    assert client.get(LIST).status_code == 200
    response = client.post(LIST + "baru/", _data())
    assert response.status_code == 302, response.content.decode()[:2000]
    fund = MatchFund.objects.get(sponsor_name="Bank Sejahtera")
    assert fund.cap == 5_000_000 and fund.per_donation_limit == 0 and fund.created_by == user
    confirm(pending_donation(campaign, 200_000))
    assert Match.objects.get().fund == fund
    # Matched: the ratio cannot change any more (disabled), and the cap not below what was matched.
    response = client.post(f"{LIST}{fund.pk}/", _data(ratio="2", cap="100.000"))
    assert response.status_code == 400 and "Bank Sejahtera" in response.content.decode()
    assert MatchFund.objects.get(pk=fund.pk).cap == 5_000_000
    assert client.post(f"{LIST}{fund.pk}/", _data(ratio="2", cap="6.000.000")).status_code == 302
    fund.refresh_from_db()
    assert fund.ratio == 1 and fund.cap == 6_000_000 and fund.matched == 200_000
    statement = client.get(f"{LIST}{fund.pk}/laporan/?format=csv")
    assert statement.status_code == 200 and "Sumur Bor" in statement.content.decode() and "200000" in \
        statement.content.decode()
    assert page_sections(campaign, campaign.get_asks()) != {}  # the offer, kept on the page
    assert client.post(f"{LIST}{fund.pk}/tutup/").status_code == 302
    assert MatchFund.objects.get(pk=fund.pk).status == "closed"
    assert page_sections(campaign, campaign.get_asks()) == {}  # gone at once


@pytest.mark.parametrize("changes, error", [
    ({"province": None}, "exactly one scope"),
    ({"sdg": 6}, "exactly one scope"),
    ({"ends_on": "2020-01-01"}, "end date"),
    ({"ratio": "0"}, "ratio"),
    ({"cap": "banyak"}, "cap"),
])
def test_form_errors_keep_what_was_typed(admin_client, changes, error):
    from sdgs.models import SDG

    if changes.get("sdg"):
        changes["sdg"] = SDG.objects.get(number=6).pk
    response = admin_client.post(LIST + "baru/", _data(**changes))
    assert response.status_code == 400
    assert not MatchFund.objects.exists()
    assert "Bank Sejahtera" in response.content.decode()


def test_oms_editors_and_moderators_get_403(client, organisation, make_editor, django_user_model, jateng):
    fund = make_fund(province=jateng)
    editor = make_editor(organisation)
    client.force_login(editor)
    for url in (LIST, LIST + "baru/", f"{LIST}{fund.pk}/", f"{LIST}{fund.pk}/laporan/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{LIST}{fund.pk}/tutup/").status_code == 403
    assert MatchFund.objects.get(pk=fund.pk).status == "active"
    assert client.post(LIST + "baru/", _data()).status_code == 403 and MatchFund.objects.count() == 1
