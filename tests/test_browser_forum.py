"""In a real browser on a phone: an OMS editor of Central Java asks a question in its province's forum,
another OMS's editor of the province answers, the first gets an email with a link to the thread, opens
it and marks the reply as the answer; an editor of another province gets a 404 on that forum."""
import re

import pytest
from django.core import mail

from forums import testing as forums_testing
from forums.models import Thread
from partners import testing as partners_testing
from tests.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = partners_testing.PASSWORD
make_verified_oms = partners_testing.make_verified_oms  # the fixtures, for this module
make_space = forums_testing.make_space
PHONE = {"width": 390, "height": 844}


def sign_in(page, base, user, next_path):
    page.context.clear_cookies()
    page.goto(f"{base}/admin/login/?next={next_path}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def test_a_question_is_answered_and_marked_solved(browser_page, live_server, make_verified_oms, make_space):
    semarang = make_verified_oms("bank-sampah-semarang", "33.74", title="Bank Sampah Semarang")
    solo = make_verified_oms("kampung-solo", "33.72", title="Komunitas Kampung Solo")
    makassar = make_verified_oms("taman-baca-makassar", "73.71", title="Taman Baca Makassar")
    a, b, c = semarang.editor, solo.editor, makassar.editor
    a.first_name, a.last_name = "Siti", "Aminah"
    a.save()
    b.first_name, b.last_name = "Budi", "Santoso"
    b.save()
    space = make_space("33")
    base = live_server.url

    page = browser_page
    page.set_viewport_size(PHONE)

    # A asks.
    sign_in(page, base, a, "/id/forum/")
    page.click(f"[data-space='{space.slug}'] a")
    page.wait_for_url(re.compile(rf"/id/forum/{space.slug}/$"))
    assert_no_axe_violations(page, context="main")
    page.click("#forum-new-thread")
    page.wait_for_url(re.compile(rf"/id/forum/{space.slug}/baru/$"))
    page.fill("#id_title", "Bagaimana menyusun laporan dana hibah?")
    page.fill("#id_body", "Kami baru pertama kali menerima **hibah**. Ada contoh laporannya?")
    assert_no_axe_violations(page, context="main")
    page.click("#forum-thread-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/id/forum/{space.slug}/\d+/$"))
    thread = Thread.objects.get(title="Bagaimana menyusun laporan dana hibah?")
    assert thread.author == a and thread.organisation_id == semarang.pk
    assert page.locator("#forum-posts .forum-body strong").first.inner_text() == "hibah"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    thread_path = f"/id/forum/{space.slug}/{thread.pk}/"

    # B, of another OMS of the province, answers.
    mail.outbox.clear()
    sign_in(page, base, b, thread_path)
    page.fill("#id_body", "Kami pakai format dari program: https://contoh.id/format-laporan. Semoga membantu!")
    page.click("#forum-reply-form button[type=submit]")
    page.wait_for_url(re.compile(rf"{re.escape(thread_path)}#pos-\d+$"))
    answer = thread.posts.order_by("-pk").first()
    assert answer.author == b
    assert page.locator(f"#pos-{answer.pk} a[href='https://contoh.id/format-laporan']").count() == 1
    assert page.locator(".forum-mark-answer").count() == 0  # B did not ask

    # A gets an email with a link to the thread (forums.notify through the immediate task backend).
    emails = [m for m in mail.outbox if a.email in m.to]
    assert emails, [m.to for m in mail.outbox]
    link = re.search(r"https?://[^\s/]+(/id/forum/[^\s\"<>#]+)", emails[0].body)
    assert link and link.group(1).startswith(thread_path), emails[0].body

    # A opens the link and marks B's reply as the answer.
    sign_in(page, base, a, "/id/forum/")
    page.goto(base + link.group(1))
    page.click(f".forum-mark-answer[data-post='{answer.pk}']")
    page.wait_for_url(re.compile(rf"{re.escape(thread_path)}$"))
    assert page.locator("#forum-solved").is_visible()
    assert "contoh.id/format-laporan" in page.locator("#forum-answer").inner_text()
    assert page.locator(f"#pos-{answer.pk}[data-solution='1']").count() == 1
    thread.refresh_from_db()
    assert thread.solution_id == answer.pk
    page.reload()
    assert_no_axe_violations(page, context="main")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    assert page.console_errors == [] and page.outside_requests == []

    # An editor of South Sulawesi (73) gets a 404 on Central Java's forum and its thread.
    sign_in(page, base, c, "/id/forum/")
    assert page.locator(f"[data-space='{space.slug}']").count() == 0
    assert page.goto(f"{base}/id/forum/{space.slug}/").status == 404
    assert page.goto(base + thread_path).status == 404
    assert all("404" in error for error in page.console_errors) and page.outside_requests == []
