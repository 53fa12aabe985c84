"""In a real browser on a phone: a provincial moderator signs in to the admin, creates a cohort for its
province with two OMS and a course, sees the progress of its OMS, and finds the cohort's forum space."""
import datetime
import re

import pytest
from django.utils import timezone

from cohorts import testing as cohorts_testing
from cohorts.testing import record_progress
from partners import testing as partners_testing
from tests.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = partners_testing.PASSWORD
make_verified_oms = partners_testing.make_verified_oms  # the fixtures, for this module
make_moderator = partners_testing.make_moderator
make_course = cohorts_testing.make_course
PHONE = {"width": 390, "height": 844}


def test_a_moderator_creates_a_cohort_and_follows_its_oms_progress(browser_page, live_server, make_verified_oms,
                                                                  make_moderator, make_course):
    from cohorts.models import Cohort

    semarang = make_verified_oms("bank-sampah-semarang", "33.74", title="Bank Sampah Semarang")
    solo = make_verified_oms("kampung-solo", "33.72", title="Komunitas Kampung Solo")
    makassar = make_verified_oms("taman-baca-makassar", "73.71", title="Taman Baca Makassar")
    moderator = make_moderator("33")
    course = make_course("Keuangan Lembaga", lessons=3)
    make_course("Pemasaran Sosial", lessons=2)
    # Their editors had already started on the site: the cohort's table shows it.
    record_progress(semarang.editor, course, 2, organisation=semarang)
    record_progress(solo.editor, course, 3, organisation=solo, completed=True)

    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", moderator.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/kohort/")
    page.click("a[href='/admin/kohort/tambah/']")
    page.wait_for_url(re.compile(r"/admin/kohort/tambah/$"))
    # Only the province's verified OMS are offered.
    choices = page.locator("#id_organisations").inner_text()
    assert "Bank Sampah Semarang" in choices and "Komunitas Kampung Solo" in choices
    assert "Taman Baca Makassar" not in choices
    today = timezone.localdate()
    page.fill("#id_title", "Kohort Keuangan Jawa Tengah")
    page.fill("#id_start_date", today.isoformat())
    page.fill("#id_end_date", (today + datetime.timedelta(days=56)).isoformat())
    page.get_by_label("Keuangan Lembaga").check()
    # The search box narrows the list of OMS.
    search = page.locator("#id_organisations_filter")
    search.fill("solo")
    assert not page.get_by_label(re.compile("Bank Sampah Semarang")).is_visible()
    page.get_by_label(re.compile("Komunitas Kampung Solo")).check()
    search.fill("")
    page.get_by_label(re.compile("Bank Sampah Semarang")).check()
    page.click("#cohort-save")
    page.wait_for_url(re.compile(r"/admin/kohort/\d+/$"))
    cohort = Cohort.objects.get(title="Kohort Keuangan Jawa Tengah")
    assert cohort.network.province.code == "33"
    assert {m.organisation_id for m in cohort.members.all()} == {semarang.pk, solo.pk}
    assert makassar.pk not in {m.organisation_id for m in cohort.members.all()}

    table = page.locator("#cohort-progress")
    row_semarang = table.locator(f"tr[data-oms='{semarang.pk}']")
    row_solo = table.locator(f"tr[data-oms='{solo.pk}']")
    totals = table.locator("tr[data-oms='total']")
    assert row_semarang.locator(".cohort-lessons").inner_text().startswith("2 / 3")
    assert row_semarang.locator(".cohort-completed").inner_text() == "0"
    assert row_solo.locator(".cohort-lessons").inner_text().startswith("3 / 3")
    assert row_solo.locator(".cohort-completed").inner_text() == "1"
    assert totals.locator(".cohort-lessons").inner_text().startswith("5 / 6")
    assert totals.locator(".cohort-learners").inner_text() == "2"
    # The page fits the phone (the table scrolls inside its own box).
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    # Checked without the one-off "saved" message (Wagtail's own message bar, not this page).
    page.reload()
    assert_no_axe_violations(page, context="main")

    # The drill-down names the OMS's learners, for the moderator.
    row_semarang.locator("a").click()
    page.wait_for_url(re.compile(rf"/admin/kohort/{cohort.pk}/oms/{semarang.pk}/$"))
    assert semarang.editor.username in page.locator("#cohort-learners").inner_text()

    # The cohort's discussions are its forum space: linked from the admin and from the members' page.
    space = cohort.forum_space
    page.goto(f"{live_server.url}/admin/kohort/{cohort.pk}/")
    assert page.locator("#cohort-forum").get_attribute("href").endswith(f"/forum/{space.slug}/")
    page.goto(f"{live_server.url}/en/kohort/{cohort.pk}/")
    section = page.locator("#forum-kohort")
    assert section.locator("#cohort-forum").get_attribute("href") == f"/en/forum/{space.slug}/"
    assert section.locator("#cohort-forum-new").get_attribute("href") == f"/en/forum/{space.slug}/baru/"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page, context="main")
    assert page.console_errors == [] and page.outside_requests == []
