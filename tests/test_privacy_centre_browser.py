"""In a real browser on a phone (390 px wide, Debian's chromium): a person asks the privacy centre about
their address, opens the link from their email, sees what is held about them and downloads it as JSON."""
import json
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache

from gateways.testing import ASK
from plugins.donation.models import Donation, Payment
from privacy.models import SETTINGS_CACHE_KEY, DataSubjectRequest
from tests.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SITI = "siti@contoh.id"


def give(campaign, email, name, amount):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount),
                                     received_amount=Decimal(amount), status="confirmed", billing_email=email)
    return Donation.objects.create(
        campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount), payment=payment, name=name,
        email=email, status=Donation.Status.CONFIRMED, received_amount=Decimal(amount),
        message="Semoga lampunya cepat menyala")


def test_a_person_asks_opens_the_link_sees_their_data_on_a_phone_and_downloads_it(browser_page, live_server,
                                                                                   make_organisation, make_campaign):
    cache.delete(SETTINGS_CACHE_KEY)
    oms = make_organisation(slug="oms-lampu", title="Yayasan Lampu")
    campaign = make_campaign(asks=[("donation", ASK)], parent=oms, title="Lampu Jalan Kampung Nelayan")
    mine = give(campaign, SITI, "Siti Rahmawati", 150_000)
    give(campaign, "budi@contoh.id", "Budi Santoso", 75_000)
    mail.outbox.clear()
    page = browser_page
    page.set_viewport_size(PHONE)

    # The start page: one address, what they want; the answer page says a link is on its way.
    page.goto(f"{live_server.url}/id/privasi/data-saya/")
    page.fill("#id_email", SITI)
    assert page.locator('input[name="kind"][value="access"]').is_checked()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert SITI in page.locator("main").inner_text()
    assert [m.to for m in mail.outbox] == [[SITI]]

    # The link from the email: a button, then the data.
    link = re.search(r"(http://\S+/id/privasi/data-saya/tautan/\S+/)", mail.outbox[0].body).group(1)
    assert link.startswith(live_server.url)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/id/privasi/data-saya/data/$"))
    main = page.locator("main").inner_text()
    assert "Yayasan Lampu" in main and "Lampu Jalan Kampung Nelayan" in main and "Siti Rahmawati" in main
    assert "Budi" not in main
    # A phone's width: nothing scrolls sideways; the page passes axe.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page, context="main")

    # The JSON download: Siti's donation, nobody else's.
    with page.expect_download() as info:
        page.locator('a[href$="/data/unduh.json"]').first.click()
    download = info.value
    assert re.fullmatch(r"lokadaya-data-saya-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as handle:
        document = json.load(handle)
    references = {record["reference"] for record in document["records"]}
    assert f"donation.donation:{mine.pk}" in references
    assert "Budi" not in json.dumps(document)
    assert DataSubjectRequest.objects.get(kind="access").outcome["downloads"] == ["json"]
    assert page.console_errors == [] and page.outside_requests == []
