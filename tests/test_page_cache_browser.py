"""The page cache as a visitor's browser meets it: a kept campaign page whose times stay true."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from plugins.donation.models import Donation, Payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DONATION = ("donation", {"title": "Donasi untuk sumur bor", "description": "Setiap rupiah untuk pipa.",
                         "target": Decimal("1000000"), "minimum": Decimal("10000"), "suggested_amounts": [50000]})


def test_a_kept_campaign_page_says_how_old_its_figures_and_messages_are(browser_page, make_campaign):
    campaign = make_campaign(asks=[DONATION], title="Sumur Bor Tembalang", slug="sumur-bor")
    ask = campaign.get_asks()[0]
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(50000), status="confirmed")
    donation = Donation.objects.create(campaign=campaign, ask_id=ask.id, amount=Decimal(50000), payment=payment,
                                       name="Siti Rahmawati", email="siti@contoh.id", message="Semoga lancar",
                                       status=Donation.Status.CONFIRMED, received_amount=Decimal(50000))
    Donation.objects.filter(pk=donation.pk).update(created_at=timezone.now() - datetime.timedelta(hours=3))

    first = browser_page.goto(browser_page.base_url + campaign.url)
    assert first.headers.get("x-page-cache") == "miss"
    # The next visitor (another phone: nothing in its browser cache) gets the kept page.
    visitor = browser_page.context.browser.new_context(locale="id-ID")
    page = visitor.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    second = page.goto(browser_page.base_url + campaign.url)
    assert second.headers.get("x-page-cache") == "hit"
    # The server wrote "3 jam lalu" once; the kept page is brought up to date on the visitor's clock.
    wall_time = page.locator(".wall time[data-ago]").first
    assert "3 jam" in wall_time.inner_text() and "yang lalu" in wall_time.inner_text()
    updated = page.locator(".figures-updated time[data-ago]")
    assert updated.get_attribute("datetime") and updated.inner_text() != "baru saja"
    assert page.locator(".figures-updated").inner_text().startswith("Angka diperbarui")
    assert not errors and not browser_page.console_errors and not browser_page.outside_requests
    visitor.close()  # its connections to the live server end with it
