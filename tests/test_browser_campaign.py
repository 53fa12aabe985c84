"""A visitor gives every kind of support on one campaign, in chromium, and sees the progress move."""
import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.plugins import registry
from campaigns.types import DemoInitiative

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILTIN = ("donation", "inkind", "volunteering", "partnership", "petition")


def _progress_text(page, ask_id):
    return page.locator(f"#ask-{ask_id} .progress").first.inner_text()


def _open_ask(page, campaign_url, ask_id):
    page.goto(campaign_url)
    page.locator(f"#ask-{ask_id} a.btn").click()
    page.wait_for_load_state()


@pytest.fixture
def campaign(make_campaign):
    initiative = DemoInitiative(slug="bank-sampah", title="Bank Sampah RW 07", keywords=("sampah", "daur ulang"))
    asks = [(key, registry.call(key, "demo_ask", initiative=initiative)) for key in BUILTIN]
    # Shifts and dates of the demo asks lie in the future already; the campaign runs for a month.
    return make_campaign(asks=asks, title="Bank Sampah RW 07", slug="bank-sampah-rw-07",
                         end_date=timezone.localdate() + datetime.timedelta(days=30))


def test_a_visitor_gives_all_five_kinds_of_support(browser_page, campaign):
    page = browser_page
    url = page.base_url + campaign.url
    asks = {ask.type_key: ask.id for ask in campaign.get_asks()}
    assert set(asks) == set(BUILTIN)
    page.goto(url)
    before = {key: _progress_text(page, ask_id) for key, ask_id in asks.items()}

    # Money, through the dummy provider.
    _open_ask(page, url, asks["donation"])
    page.fill("#id_amount", "250.000")
    page.fill("#id_name", "Siti Rahmawati")
    page.fill("#id_email", "siti@contoh.id")
    if page.locator("select#id_method").count():
        page.select_option("#id_method", "dummy")
    page.get_by_role("button", name=re.compile("pembayaran", re.I)).click()
    page.select_option("select[name=status]", "confirmed")
    page.select_option("select[name=fraud_status]", "accept")
    page.select_option("select[name=gateway_response]", "3ds-disabled")
    page.get_by_role("button", name="Bayar").click()
    assert "Terima kasih" in page.locator("main").inner_text()

    # Goods.
    _open_ask(page, url, asks["inkind"])
    page.select_option("#id_item", index=1)
    page.fill("#id_quantity", "1")
    page.fill("#id_delivery_date", (timezone.localdate() + datetime.timedelta(days=3)).isoformat())
    page.fill("#id_name", "Budi Santoso")
    page.fill("#id_phone", "081234567890")
    page.locator("form.pledge-form button[type=submit], main form button[type=submit]").last.click()
    assert page.locator("main [role=alert]").count() == 0, page.locator("main").inner_text()

    # A volunteer shift.
    _open_ask(page, url, asks["volunteering"])
    page.locator("input[name=shift]").first.check() if page.locator("input[name=shift]").count() else \
        page.select_option("#id_shift", index=1)
    page.fill("#id_name", "Made Wirawan")
    page.fill("#id_email", "made@contoh.id")
    page.fill("#id_phone", "081298765432")
    page.locator("main form button[type=submit]").last.click()
    assert page.locator("main [role=alert]").count() == 0, page.locator("main").inner_text()

    # A partnership proposal.
    _open_ask(page, url, asks["partnership"])
    page.fill("#id_organisation_name", "CV Maju Bersama")
    page.select_option("#id_sector", index=1)
    if page.locator("select#id_kind").count():
        page.select_option("#id_kind", index=1)
    elif page.locator("input[name=kind]").count():
        page.locator("input[name=kind]").first.check()
    page.fill("#id_name", "Rina Wulandari")
    page.fill("#id_email", "rina@majubersama.co.id")
    page.fill("#id_phone", "081311112222")
    page.fill("#id_offer", "Kami menyediakan timbangan digital dan 200 karung untuk bank sampah RW 07.")
    page.locator("main form button[type=submit]").last.click()
    assert page.locator("main [role=alert]").count() == 0, page.locator("main").inner_text()

    # A petition signature, confirmed through the emailed link.
    mail.outbox.clear()
    _open_ask(page, url, asks["petition"])
    page.fill("#id_name", "Yohanes Lake")
    page.fill("#id_email", "yohanes@contoh.id")
    page.select_option("#id_regency", index=1)
    page.locator("main form button[type=submit]").last.click()
    assert page.locator("main [role=alert]").count() == 0, page.locator("main").inner_text()
    links = [link for message in mail.outbox for link in re.findall(r"https?://\S+", message.body)
             if "petition" in link]
    assert links, [m.body for m in mail.outbox]
    confirm_path = re.sub(r"^https?://[^/]+", "", links[0])
    page.goto(page.base_url + confirm_path)
    page.wait_for_load_state()

    page.goto(url)
    after = {key: _progress_text(page, ask_id) for key, ask_id in asks.items()}
    for key in ("donation", "volunteering", "petition"):
        assert after[key] != before[key], (key, before[key], after[key])
    assert "Rp 250.000" in after["donation"]
    body = page.locator("main").inner_text()
    assert "Siti Rahmawati" in body  # the wall
    for key in ("inkind", "partnership"):
        # Goods count when received and partners when agreed; both are now waiting for the OMS.
        model = registry.call(key, "records_admin").model
        assert model.objects.filter(campaign=campaign).count() == 1
    assert page.console_errors == []
    assert page.outside_requests == []
