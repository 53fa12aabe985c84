"""In a real browser (Debian's chromium): a visitor reports a campaign, its province's moderator freezes it,
and the public page then says "Sedang ditinjau" and offers no way to give."""
import re
from decimal import Decimal

import pytest
from django.core import mail

from partners.testing import PASSWORD, make_moderator, make_verified_oms  # noqa: F401 - fixtures
from reports.models import CampaignStanding, ModerationAction, Report

DONATION = ("donation", {"title": "Donasi lampu", "target": Decimal("2000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reports_a_campaign_and_the_moderator_freezes_it(browser_page, live_server, make_verified_oms,
                                                                  make_moderator, make_campaign):
    oms = make_verified_oms("oms-lampu", "33.74")
    campaign = make_campaign(asks=[DONATION], parent=oms, slug="lampu-desa", title="Lampu Desa Terang")
    moderator = make_moderator("33")
    moderator.set_password(PASSWORD)
    moderator.save()
    page = browser_page

    # The visitor finds the small "Laporkan" link under the campaign and reports it.
    page.goto(live_server.url + campaign.url)
    assert page.locator(f"#ask-{campaign.get_asks()[0].id} a.btn").count() == 1
    page.get_by_role("link", name="Laporkan").click()
    page.wait_for_url(re.compile(rf"/id/laporkan/{campaign.pk}/$"))
    page.get_by_label("Penipuan atau penyalahgunaan dana").check()
    page.fill("#id_detail", "Foto penerima manfaat diambil dari kampanye lain.")
    page.fill("#id_email", "pelapor@contoh.id")
    page.get_by_role("button", name="Kirim laporan").click()
    page.wait_for_url(re.compile(r"/id/laporkan/terima-kasih/$"))
    assert "Terima kasih atas laporan Anda" in page.locator("main").inner_text()
    report = Report.objects.get()
    assert report.page_id == campaign.pk and report.province.code == "33"
    assert [m.to for m in mail.outbox] == [[moderator.email]]

    # The moderator signs in, finds the report and freezes the campaign with a reason.
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", moderator.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}/admin/laporan/")
    assert "Foto penerima manfaat diambil dari kampanye lain." in page.locator("main").inner_text()
    page.locator(f"#laporan-{report.pk} a", has_text="Tinjau kampanye").click()
    page.wait_for_url(re.compile(rf"/admin/laporan/kampanye/{campaign.pk}/\?report={report.pk}$"))
    page.fill("#decision-reason-freeze", "Laporan foto palsu; minta klarifikasi OMS.")
    page.locator("#decision-freeze button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/admin/laporan/kampanye/{campaign.pk}/$"))
    assert "Dibekukan" in page.locator("#standing").inner_text()
    assert CampaignStanding.objects.get(campaign=campaign).state == "frozen"
    action = ModerationAction.objects.get()
    assert action.user == moderator and action.report == report

    # The public page now says it is under review and offers no pledge button.
    page.goto(live_server.url + campaign.url)
    notice = page.locator(".support-notice")
    assert notice.is_visible() and "Sedang ditinjau" in notice.inner_text()
    assert page.locator(f"#ask-{campaign.get_asks()[0].id} a.btn").count() == 0
    assert page.console_errors == [] and page.outside_requests == []
