"""Sharing a campaign from a phone (390x844), in chromium: share links, copy link, the OG card and the poster."""
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
import zxingcpp
from PIL import Image as PILImage

from editorial.testing import make_image  # noqa: F401 - fixture
from tests.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DONATION = ("donation", {"title": "Donasi sumur", "target": Decimal("10000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})


def test_a_phone_visitor_shares_a_campaign(browser_page, live_server, make_campaign, make_image):
    campaign = make_campaign(asks=[DONATION], title="Sumur untuk Dusun Kali", slug="sumur-dusun-kali",
                             hero_image=make_image("Sumur"))
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    address = live_server.url + campaign.url
    page.goto(address)

    share = page.locator(".share")
    assert share.count() == 1, "campaign_page.html must include includes/share.html"
    first = share.locator("a.share-link").first
    assert "share-whatsapp" in first.get_attribute("class")
    href = first.get_attribute("href")
    assert href.startswith("https://wa.me/?text=")
    assert parse_qs(urlparse(href).query)["text"] == [f"{campaign.title}\n{address}"]
    assert first.get_attribute("target") == "_blank" and first.get_attribute("rel") == "noopener"
    assert first.is_visible()

    # Copy link: the address lands on the clipboard and a status says so.
    copy = share.locator("[data-share-copy]")
    assert copy.is_visible()
    copy.click()
    status = share.locator("[role=status]")
    page.wait_for_function("() => document.querySelector('.share [role=status]').textContent.trim() !== ''")
    assert status.inner_text() == status.get_attribute("data-copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == address
    # The phone's share sheet: only offered where the browser has one.
    has_share = page.evaluate("() => typeof navigator.share === 'function'")
    assert share.locator("[data-share-native]").is_visible() == has_share

    # The Open Graph card answers an image of 1200x630.
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert urlparse(og_image).path.endswith(f"/{campaign.pk}/og.jpg")
    answer = page.request.get(og_image)
    assert answer.ok and answer.headers["content-type"] == "image/jpeg"
    assert PILImage.open(io.BytesIO(answer.body())).size == (1200, 630)

    # The poster: a PDF whose QR code opens the campaign.
    poster = share.locator(".share-poster a")
    assert poster.is_visible()
    answer = page.request.get(live_server.url + poster.get_attribute("href"))
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    data = answer.body()
    start = data.index(b"\xff\xd8\xff")
    picture = PILImage.open(io.BytesIO(data[start:data.index(b"endstream", start)]))
    assert [code.text for code in zxingcpp.read_barcodes(picture)] == [address]

    # The share box fits the phone and passes axe.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page, context=".share")
    assert not page.console_errors, page.console_errors
    assert not page.outside_requests, page.outside_requests
