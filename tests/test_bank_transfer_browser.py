"""In a real browser: a donor gives by bank transfer and uploads a proof; the admin confirms it."""
import re

import pytest
from django.test import Client

from banktransfer.models import BankTransfer
from banktransfer.testing import *  # noqa: F401,F403 - fixtures and helpers
from banktransfer.testing import ASK, BANK, png_bytes, set_bank_account


@pytest.fixture
def reference_data(transactional_db):
    """What the migrations load, back in place if an earlier transactional test flushed it.

    ``serialized_rollback`` cannot restore it here: once Playwright's event loop runs in this
    thread, Django's connection is a new, context-local one without the serialized contents.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page

    from regions.loader import load_regions
    from regions.models import District, Province, Regency

    ContentType.objects.clear_cache()  # the flush emptied the table; cached ids are stale
    for code in ("id", "en"):
        Locale.objects.get_or_create(language_code=code)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="id"),
                                    content_type=ContentType.objects.get_for_model(Page)))
    if not Regency.objects.filter(code="33.74").exists():
        load_regions(Province, Regency, District)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_donor_transfers_and_admin_confirms(reference_data, browser_page, live_server, home_page, make_campaign,
                                            organisation, django_user_model):
    page = browser_page
    set_bank_account(organisation)
    campaign = make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Desa")
    ask_id = campaign.get_asks()[0].id

    # The donor fills the donation form and picks the bank transfer.
    page.goto(f"{live_server.url}{campaign.url}dukung/{ask_id}/")
    page.fill("#id_amount", "150.000")
    page.fill("#id_name", "Siti Rahmawati")
    page.fill("#id_email", "siti@contoh.id")
    page.select_option("#id_method", "transfer")
    page.click("form.pledge-form button[type=submit]")
    page.wait_for_url(re.compile(r"/id/transfer/[0-9a-f-]+/$"))
    transfer = BankTransfer.objects.get()
    amount = f"Rp 150.{transfer.unique_code:03d}"
    assert page.locator(".transfer-amount").inner_text().strip() == amount
    assert page.locator(".account-number").inner_text().strip() == BANK["bank_account_number"]
    assert BANK["bank_account_holder"] in page.locator(".bank-account").inner_text()

    # A wrong file is refused with a message; then the real proof is accepted.
    page.set_input_files("#id_proof", files=[{"name": "bukti.png", "mimeType": "image/png",
                                              "buffer": b"bukan gambar sama sekali"}])
    page.fill("#id_sender_name", "Siti R")
    page.click("form.pledge-form button[type=submit]")
    assert "bukan gambar asli" in page.locator(".errorlist[role=alert]").inner_text()
    assert page.input_value("#id_sender_name") == "Siti R"
    page.set_input_files("#id_proof", files=[{"name": "bukti.png", "mimeType": "image/png",
                                              "buffer": png_bytes()}])
    page.click("form.pledge-form button[type=submit]")
    page.wait_for_selector(".notice")
    assert "Kami sudah menerima bukti transfer" in page.content()
    transfer.refresh_from_db()
    assert transfer.status == BankTransfer.Status.PROOF_UPLOADED

    assert not page.outside_requests, page.outside_requests  # the donor's pages load nothing from elsewhere
    # The only console message is the refused upload's own 400 response.
    assert [e for e in page.console_errors if "400" not in e] == [], page.console_errors

    # The admin logs in (a session made by the test client) and confirms.
    admin = django_user_model.objects.create_superuser("admin", "admin@contoh.id", "rahasia-123")
    client = Client()
    client.force_login(admin)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/transfer-bank/")
    assert amount in page.content()
    page.click(f"a[href='/admin/transfer-bank/{transfer.pk}/']")
    page.wait_for_url(re.compile(rf"/admin/transfer-bank/{transfer.pk}/$"))
    proof = page.locator(f"img[src='/admin/transfer-bank/{transfer.pk}/bukti/']")
    assert proof.evaluate("img => img.naturalWidth") == 480  # the proof really loads in the admin
    page.click("button[name=confirm]")
    page.wait_for_url(re.compile(r"/admin/transfer-bank/$"))
    transfer.refresh_from_db()
    assert transfer.status == BankTransfer.Status.CONFIRMED

    # The campaign shows all the money that arrived: the donation and its unique code.
    assert transfer.received_amount == transfer.amount_to_pay
    page.goto(f"{live_server.url}{campaign.url}")
    assert amount in page.content()
    # Wagtail's admin asks gravatar.com for the user's avatar unless WAGTAIL_GRAVATAR_PROVIDER_URL is None
    # (a settings matter, reported); nothing else may leave the site.
    assert not [url for url in page.outside_requests if "gravatar.com" not in url], page.outside_requests
