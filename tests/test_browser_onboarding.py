"""In a real browser: an OMS registers, confirms its email, is verified by its province's moderator,
and its profile is published."""
import re

import pytest
from django.core import mail

from partners.models import OrganisationPage
from partners.testing import *  # noqa: F401,F403 - fixtures
from partners.testing import PASSWORD


@pytest.fixture
def reference_data(transactional_db):
    """What the migrations load (regions, locales, networks, permissions), back in place if an earlier
    transactional test flushed it: serialized rollback cannot restore it once Playwright's event loop
    runs in this thread (see tests/test_bank_transfer_browser.py)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    from network.models import ProvincialNetwork
    from regions.loader import load_regions
    from regions.models import District, Province, Regency
    from sdgs.loader import load_goals
    from sdgs.models import SDG

    ContentType.objects.clear_cache()
    for code in ("id", "en"):
        Locale.objects.get_or_create(language_code=code)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="id"),
                                    content_type=ContentType.objects.get_for_model(Page)))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    if not Regency.objects.filter(code="74.71").exists():
        load_regions(Province, Regency, District)
    load_goals(SDG)
    for province in Province.objects.all():
        ProvincialNetwork.objects.get_or_create(province=province,
                                                defaults={"name": f"Jejaring Lokadaya Provinsi {province.name}"})
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_registration_through_verification(reference_data, browser, browser_page, live_server, partner_index,
                                           make_moderator):
    page = browser_page
    moderator = make_moderator("74")
    mail.outbox.clear()

    # The OMS fills in "Daftar sebagai Mitra"; a first try without a kabupaten/kota is refused.
    page.goto(f"{live_server.url}/id/daftar-mitra/")
    assert page.locator("h1").inner_text() == "Daftar sebagai Mitra"
    page.fill("#id_name", "Yayasan Lentera Pesisir")
    page.select_option("#id_form", "yayasan")
    page.fill("#id_founded_year", "2017")
    page.fill("#id_summary", "Sekolah pesisir dan koperasi nelayan kecil di Teluk Kendari.")
    page.fill("#id_about", "Kami mendampingi keluarga nelayan di Teluk Kendari sejak 2017, bersama sekolah pesisir.")
    page.fill("#id_districts", "Mandonga, Poasia")
    page.get_by_label("14. Ekosistem Lautan").check()
    page.fill("#id_email", "halo@lenterapesisir.or.id")
    page.fill("#id_whatsapp", "0812 3456 7890")
    page.fill("#id_full_name", "Wa Ode Sitti Rahma")
    page.fill("#id_account_email", "rahma@lenterapesisir.or.id")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_agree")
    page.click("form button[type=submit]")
    assert "Pilih kabupaten atau kota tempat organisasi bekerja." in page.content()
    assert page.input_value("#id_name") == "Yayasan Lentera Pesisir"  # nothing typed is lost
    page.select_option("#id_regency", "74.71")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/id/daftar-mitra/terkirim/$"))
    assert "rahma@lenterapesisir.or.id" in page.content()
    organisation = OrganisationPage.objects.get(title="Yayasan Lentera Pesisir")
    assert not organisation.live and organisation.verification_status == "unconfirmed"

    # The confirmation link from the email: a button, then the status page.
    [message] = [m for m in mail.outbox if m.to == ["rahma@lenterapesisir.or.id"]]
    match = re.search(r"https?://[^/\s]+(/id/daftar-mitra/konfirmasi/\S+/)", message.body)
    assert match, message.body
    link = match.group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Konfirmasi email saya").click()
    page.wait_for_url(re.compile(r"/id/daftar-mitra/status/$"))
    assert "Menunggu verifikasi" in page.content()
    assert any(moderator.email in m.to for m in mail.outbox)

    # The moderator of Sulawesi Tenggara verifies it in the admin.
    context = browser.new_context(locale="id-ID")
    admin = context.new_page()
    admin.goto(f"{live_server.url}/admin/login/")
    admin.fill("#id_username", moderator.username)
    admin.fill("#id_password", PASSWORD)
    admin.click("button[type=submit]")
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto(f"{live_server.url}/admin/mitra/verifikasi/")
    admin.get_by_role("link", name="Periksa").click()
    admin.wait_for_url(re.compile(r"/admin/mitra/verifikasi/\d+/$"))
    details = admin.locator("main").inner_text()
    assert "Yayasan Lentera Pesisir" in details and "Mandonga" in details and "Kota Kendari" in details
    admin.get_by_label("Verifikasi dan terbitkan").check()
    admin.get_by_role("button", name="Simpan keputusan").click()
    admin.wait_for_url(re.compile(r"/admin/mitra/verifikasi/$"))
    assert "sudah diverifikasi" in admin.content()
    context.close()

    # The profile is public, verified by the network; the applicant can now edit it.
    page.goto(f"{live_server.url}/id/mitra/yayasan-lentera-pesisir/")
    text = page.locator("main").inner_text()
    assert "Terverifikasi" in text and "Jejaring Lokadaya Provinsi Sulawesi Tenggara" in text
    assert "Mandonga" in text and "Kota Kendari" in text
    page.goto(f"{live_server.url}/id/daftar-mitra/status/")
    page.get_by_role("link", name="Sunting halaman Anda").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    # The only console message is the refused first submission's own 400 response.
    assert [e for e in page.console_errors if "400" not in e] == [], page.console_errors
    assert len(page.console_errors) <= 1
    assert page.outside_requests == [], page.outside_requests
