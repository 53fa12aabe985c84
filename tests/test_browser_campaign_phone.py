"""The campaign page on a phone (390x844), in chromium: a page to give on.

The cover photo is there with its AVIF and WebP sources, the sticky "Donate now" stays in view
while the visitor scrolls and leads to the donation's pledge form, the other asks are there, the
page never scrolls sideways, and axe finds nothing.
"""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from editorial.testing import make_image, make_story  # noqa: F401 (fixtures)
from plugins.donation.models import Donation, Payment
from tests.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DONATION = ("donation", {"title": "Donasi untuk sumur bor", "description": "Pipa, pompa dan tandon air.",
                         "target": Decimal("5000000"), "minimum": Decimal("10000"), "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Petisi air bersih untuk Tembalang", "description": "Dukung kami.",
                         "decision_maker": "Wali Kota Semarang", "demand": "Perbaiki saluran air.", "goal": 500})
VOLUNTEERS_AND_GOODS = ("inkind", "volunteering")


@pytest.fixture
def campaign(make_campaign, organisation, make_image, make_story):
    from campaigns.plugins import registry
    from campaigns.types import DemoInitiative

    type(organisation).objects.filter(pk=organisation.pk).update(logo=make_image("Logo", size=(300, 300)))
    initiative = DemoInitiative(slug="sumur", title="Sumur Bor Tembalang", keywords=("air", "sumur"))
    others = [(key, registry.call(key, "demo_ask", initiative=initiative)) for key in VOLUNTEERS_AND_GOODS]
    page = make_campaign(
        asks=[PETITION, DONATION, *others], title="Sumur Bor untuk 120 Keluarga di Tembalang", slug="sumur-bor",
        summary="Sumur bor untuk 120 keluarga RW 07 yang kekurangan air bersih setiap kemarau.",
        problem="<p>Setiap kemarau, sumur warga kering selama tiga bulan.</p>",
        activities="<p>Mengebor sumur 60 meter dan memasang tandon.</p>",
        hero_image=make_image("Sumur warga", size=(1600, 900)),
        end_date=timezone.localdate() + datetime.timedelta(days=20))
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal("250000"), status="confirmed")
    ask = [a for a in page.get_asks() if a.type_key == "donation"][0]
    Donation.objects.create(campaign=page, ask_id=ask.id, amount=Decimal("250000"), payment=payment,
                            name="Siti Rahmawati", email="siti@contoh.id", status=Donation.Status.CONFIRMED,
                            received_amount=Decimal("250000"), message="Semoga lancar.")
    make_story(title="Pengeboran dimulai", campaigns=[page], date=timezone.localdate())
    return page


def test_a_phone_visitor_sees_the_cover_the_big_button_and_nothing_sideways(browser_page, campaign):
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + campaign.url)

    cover = page.locator(".campaign-cover picture")
    assert cover.count() == 1
    assert "480w" in cover.locator('source[type="image/avif"]').get_attribute("srcset")
    assert "480w" in cover.locator('source[type="image/webp"]').get_attribute("srcset")
    image = cover.locator("img")
    assert image.get_attribute("fetchpriority") == "high" and image.get_attribute("srcset")
    assert page.evaluate("() => document.querySelector('.campaign-cover img').complete")
    assert page.locator('link[rel="preload"][as="image"]').count() == 1

    donation = [a for a in campaign.get_asks() if a.type_key == "donation"][0]
    pledge = campaign.pledge_url(donation)
    sticky = page.locator("[data-donate-sticky]")
    assert sticky.is_visible() and sticky.get_attribute("href") == pledge
    box = sticky.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] and box["y"] > PHONE["height"] / 2  # at the bottom
    # Still in view at the bottom of the page, and the footer is not hidden under it.
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    assert sticky.is_visible()
    footer = page.locator("footer").bounding_box()
    assert footer["y"] + footer["height"] <= sticky.bounding_box()["y"] + 1

    for key in ("petition", *VOLUNTEERS_AND_GOODS):
        ask = [a for a in campaign.get_asks() if a.type_key == key][0]
        card = page.locator(f"#ask-{ask.id}")
        assert card.locator("h3").inner_text() == ask.title
        assert card.locator("a.btn").get_attribute("href") == campaign.pledge_url(ask)

    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)

    sticky.click()
    page.wait_for_load_state()
    assert page.url.endswith(pledge)
    assert page.console_errors == [] and page.outside_requests == []


def test_the_sticky_button_is_for_phones_only(browser_page, campaign):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base_url + campaign.url)
    assert not page.locator("[data-donate-sticky]").is_visible()
    assert page.locator(".give a.btn-give").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    assert_no_axe_violations(page)
