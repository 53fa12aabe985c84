"""Issue 17's browser test, in chromium on a phone: a donor starts a monthly donation through a
supporter's fundraiser, a sponsor's match doubles it on the campaign page, the fundraiser's page
shows its share (the gift, not the match) and the donor, and the emailed link manages the plan."""
import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASK = {"title": "Donasi lampu jalan tenaga surya", "description": "", "target": Decimal("2000000"),
       "minimum": Decimal("10000"), "suggested_amounts": [50000, 150000], "allow_monthly": True}
SPONSOR = "PT Terang Nusantara"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(make_campaign, organisation):
    """A live campaign of a verified OMS in Semarang (Jawa Tengah), an active 1:1 match for the province
    (cap Rp 500.000) and an approved fundraiser for its donation ask."""
    from plugins.donation.fundraisers.models import Fundraiser
    from plugins.donation.matching.models import MatchFund

    campaign = make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Kampung Nelayan", slug="lampu-jalan")
    assert organisation.is_verified
    today = timezone.localdate()
    fund = MatchFund.objects.create(
        sponsor_name=SPONSOR, ratio=Decimal("1"), cap=Decimal("500000"),
        province=organisation.regency.province, starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=60), status=MatchFund.Status.ACTIVE)
    ask = campaign.get_asks()[0]
    fundraiser = Fundraiser.objects.create(
        campaign=campaign, ask_id=ask.id, slug="lari-10k-untuk-lampu", title="Lari 10K untuk Lampu Kampung",
        story="Saya berlari 10 kilometer; setiap rupiah Anda menerangi jalan kampung.",
        target=Decimal("1000000"), owner_name="Dewi Lestari", owner_email="dewi@contoh.id", language="id",
        status=Fundraiser.Status.APPROVED)
    return campaign, ask, fund, fundraiser


def _text(page, selector="main"):
    return page.locator(selector).first.inner_text()


def test_a_monthly_gift_through_a_fundraiser_is_doubled_by_the_match(browser_page, world):
    from plugins.donation.models import Donation

    campaign, ask, fund, fundraiser = world
    page = browser_page
    page.set_viewport_size(PHONE)
    campaign_url = page.base_url + campaign.url

    # The campaign page offers the match: the sponsor and what is left of it.
    page.goto(campaign_url)
    offer = page.locator(f"#ask-{ask.id} .match-offer")
    offer.wait_for()
    assert SPONSOR in offer.inner_text() and "Rp 500.000" in offer.inner_text(), offer.inner_text()

    # The fundraiser's page and its donate button.
    page.goto(page.base_url + fundraiser.get_absolute_url())
    assert fundraiser.title in _text(page, "h1")
    page.locator("a.btn-give").click()
    page.wait_for_url(re.compile(r"penggalang=" + fundraiser.slug))

    # Monthly, Rp 100.000, paid with the test payment.
    page.locator("input[name=frequency][value=monthly]").check()
    page.fill("#id_amount", "100.000")
    page.fill("#id_name", "Siti Rahmawati")
    page.fill("#id_email", "siti@contoh.id")
    if page.locator("select#id_method").count():
        page.select_option("#id_method", "dummy")
    elif page.locator("input[name=method][value=dummy]").count():
        page.locator("input[name=method][value=dummy]").check()
    mail.outbox.clear()
    page.locator("form.pledge-form button[type=submit]").click()
    page.locator("select[name=status]").wait_for()
    page.select_option("select[name=status]", "confirmed")
    page.select_option("select[name=fraud_status]", "accept")
    page.select_option("select[name=gateway_response]", "3ds-disabled")
    page.locator("form.test-payment button[type=submit]").click()
    page.wait_for_url(re.compile(r"/terima-kasih/"))
    thanks = _text(page)
    assert re.search(r"Terima kasih|Thank you", thanks), thanks
    assert "Rp 100.000" in thanks, thanks

    donation = Donation.objects.select_related("recurring", "fundraiser").get(email="siti@contoh.id")
    assert donation.status == Donation.Status.CONFIRMED
    assert donation.fundraiser_id == fundraiser.pk and donation.recurring is not None
    assert donation.recurring.status == donation.recurring.Status.ACTIVE

    # The campaign page: the gift and its match (Rp 200.000), the match's rest down to Rp 400.000.
    page.goto(campaign_url)
    raised = _text(page, f"#ask-{ask.id} .give-raised")
    assert "Rp 200.000" in raised, raised
    offer_text = page.locator(f"#ask-{ask.id} .match-offer").inner_text()
    assert "Rp 400.000" in offer_text and SPONSOR in offer_text, offer_text
    # The match is money, not a donor.
    donors = _text(page, f"#ask-{ask.id} .give-facts li:nth-child(2)")
    assert donors.split()[0] == "1", donors
    # The leaderboard lists the fundraiser with its share.
    board = _text(page, ".fundraisers")
    assert fundraiser.title in board and "Rp 100.000" in board, board

    # The fundraiser's page: its share (the gift, not the match) and the donor.
    page.goto(page.base_url + fundraiser.get_absolute_url())
    assert "Rp 100.000" in _text(page, ".give-raised"), _text(page, ".give-raised")
    assert "Rp 200.000" not in _text(page, ".give-raised")
    main = _text(page)
    assert "Siti Rahmawati" in main, main

    # The manage link, from the donor's email (else the thank-you page), says it is every month.
    links = [re.sub(r"^https?://[^/]+", "", link) for message in mail.outbox
             for link in re.findall(r"https?://\S+", message.body) if "/rutin/" in link]
    manage = links[0] if links else donation.recurring.get_manage_url()
    assert links, "no email with the monthly donation's manage link: " + repr([m.subject for m in mail.outbox])
    page.goto(page.base_url + manage)
    text = _text(page)
    assert "Rp 100.000" in text and "Lampu Jalan Kampung Nelayan" in text, text
    assert re.search(r"every month|a month|each month|setiap bulan|tiap bulan|per bulan|sebulan", text, re.I), text

    assert page.console_errors == []
    assert page.outside_requests == []
