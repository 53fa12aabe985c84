"""In a real browser: a supporter pledges goods in Indonesian and reads what to do next."""
import datetime

import pytest
from django.utils import timezone

from plugins.inkind.models import InKindPledge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supporter_pledges_goods_for_pick_up(reference_data, browser_page, campaign, ask, make_pledge):
    make_pledge("Pasir", 5)  # the sand is all pledged
    page = browser_page
    page.goto(page.base_url + campaign.url)
    with page.expect_navigation():
        # The ask's own button on the campaign page, whatever its wording.
        page.locator(f"main a[href='{campaign.pledge_url(ask)}']").first.click()
    assert page.locator("h1").inner_text() == "Bahan bangunan tandon air"
    options = page.locator("#id_item option").all_inner_texts()
    assert options == ["Semen (masih dibutuhkan: 20 sak)", "Talang PVC (masih dibutuhkan: 100 meter)"]

    page.get_by_label("Barang").select_option(label="Semen (masih dibutuhkan: 20 sak)")
    page.get_by_label("Jumlah").fill("25")
    page.get_by_label("Tanggal").fill((timezone.localdate() + datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Tolong dijemput di tempat saya").check()
    page.get_by_label("Nama Anda").fill("Budi")
    page.get_by_label("Telepon / WhatsApp").fill("0812 3456 7890")
    with page.expect_navigation():
        page.get_by_role("button", name="Janjikan barang ini").click()
    # Two mistakes, each explained, and what was typed is still there.
    alerts = page.get_by_role("alert").all_inner_texts()
    assert any("Semen hanya masih dibutuhkan 20 sak" in text for text in alerts), alerts
    assert any("Tulis alamat tempat barang dapat dijemput" in text for text in alerts), alerts
    assert page.get_by_label("Nama Anda").input_value() == "Budi"

    page.get_by_label("Jumlah").fill("2")
    page.get_by_label("Alamat penjemputan").fill("Jl. Kaliurang Km 5, Sleman")
    with page.expect_navigation():
        page.get_by_role("button", name="Janjikan barang ini").click()
    assert page.locator("h1").inner_text() == "Terima kasih!"
    assert "Anda menjanjikan 2 sak Semen" in page.locator("main").inner_text()
    assert "Jl. Kaliurang Km 5, Sleman" in page.locator("main").inner_text()
    assert InKindPledge.objects.filter(delivery="pick_up", quantity=2, name="Budi").exists()

    # The refused form came back with 400, which the browser logs; nothing else may be there.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
    assert page.outside_requests == []
