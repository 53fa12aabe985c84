"""In a real browser: an OMS editor enrols, completes a lesson and passes a quiz; on a phone (a second
browser, same login) "Belajar saya" resumes where they stopped; they finish the course and download
the certificate, whose QR code opens its verification page."""
import re

import pytest
import zxingcpp
from PIL import Image as PILImage

from learning import testing as learning_testing
from learning.testing import quiz_answers
from partners import testing as partners_testing
from tests.test_certificates import qr_picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = partners_testing.PASSWORD
make_verified_oms = partners_testing.make_verified_oms  # the fixtures, for this module
learning_index, course = learning_testing.learning_index, learning_testing.course
PHONE = {"width": 390, "height": 844}


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_an_oms_editor_learns_on_two_devices_and_gets_the_certificate(browser, browser_page, live_server, course,
                                                                     make_verified_oms):
    from learning.models import Enrolment, LessonProgress

    oms = make_verified_oms("oms-belajar", "33.74")
    first, second, third = course.lessons
    page = browser_page
    sign_in(page, live_server.url, oms.editor.username)

    page.goto(f"{live_server.url}{course.url}")
    page.click(f"form[action$='/ikuti/{course.pk}/'] button")
    page.wait_for_url(f"{live_server.url}{first.url}")
    assert page.locator("progress").get_attribute("value") == "0"
    page.click(f"form[action$='/selesai/{first.pk}/'] button")
    page.wait_for_url(f"{live_server.url}{second.url}")
    assert page.locator("progress").get_attribute("value") == "33"

    # The quiz: a wrong answer first (graded on the server), then the right ones.
    block_id, right = quiz_answers(second, right=False)
    for values in right.values():
        for value in values:
            page.check(f"input[value='{value}']")
    page.click(f"form[action$='/kuis/{second.pk}/{block_id}/'] button")
    page.wait_for_url(re.compile(re.escape(second.url)))
    assert page.locator(".notice-error").count() == 1
    _block_id, right = quiz_answers(second, right=True)
    for values in right.values():
        for value in values:
            page.check(f"input[value='{value}']")
    page.click(f"form[action$='/kuis/{second.pk}/{block_id}/'] button")
    page.wait_for_url(re.compile(re.escape(second.url)))
    assert page.locator(".notice-success").count() == 1
    enrolment = Enrolment.objects.get(user=oms.editor)
    assert enrolment.quiz_attempts.filter(passed=True).count() == 1
    assert page.console_errors == [] and page.outside_requests == []

    # A phone: a second browser, the same person signed in.
    phone = browser.new_context(locale="id-ID", viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        mobile = phone.new_page()
        errors = []
        mobile.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
        mobile.on("pageerror", lambda exc: errors.append(str(exc)))
        sign_in(mobile, live_server.url, oms.editor.username)
        mobile.goto(f"{live_server.url}/id/belajar-saya/")
        current = mobile.locator("section[aria-labelledby=current-title]")
        assert course.title in current.inner_text()
        assert current.locator("progress").get_attribute("value") == "33"
        current.locator("a.btn").click()
        mobile.wait_for_url(re.compile(re.escape(second.url)))  # where they stopped
        assert mobile.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        mobile.click(f"form[action$='/selesai/{second.pk}/'] button")
        mobile.wait_for_url(f"{live_server.url}{third.url}")
        mobile.click(f"form[action$='/selesai/{third.pk}/'] button")
        mobile.wait_for_url(f"{live_server.url}/id/belajar-saya/")
        enrolment.refresh_from_db()
        assert enrolment.completed_at is not None
        assert LessonProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False).count() == 3
        completed = mobile.locator("section[aria-labelledby=completed-title]")
        assert course.title in completed.inner_text()

        link = mobile.locator("a[href*='/sertifikat/'][href$='/pdf/']")
        assert link.count() == 1
        answer = phone.request.get(f"{live_server.url}{link.get_attribute('href')}")
        assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
        codes = zxingcpp.read_barcodes(qr_picture(answer.body()).resize((800, 800), PILImage.Resampling.NEAREST))
        assert len(codes) == 1 and re.fullmatch(rf"{re.escape(live_server.url)}/id/sertifikat/[^/]+/", codes[0].text)
        mobile.goto(codes[0].text)
        assert course.title in mobile.locator("main").inner_text()
        assert errors == []
    finally:
        phone.close()


def test_a_lesson_video_loads_only_when_played(browser_page, live_server, course):
    """Nothing of the video host is asked for until the learner presses play; then its player frames in."""
    lesson = course.lessons[0]
    lesson.body.append(("video", {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "title": "Arus kas singkat",
                                  "duration": "", "poster": None, "transcript": "Uang masuk dan keluar."}))
    lesson.save_revision().publish()
    page = browser_page
    outside = []
    # No test reaches the internet: requests to other hosts are recorded and refused.
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost)"),
               lambda route: (outside.append(route.request.url), route.abort()))
    page.goto(f"{live_server.url}{lesson.url}")
    figure = page.locator("figure[data-video-player]")
    assert figure.count() == 1 and page.locator("iframe").count() == 0
    assert outside == []
    with page.expect_request(re.compile(r"^https://www\.youtube-nocookie\.com/embed/dQw4w9WgXcQ")):
        figure.locator("[data-video-play]").click()
    frame = figure.locator("iframe")
    assert frame.count() == 1 and frame.get_attribute("title") == "Arus kas singkat"
    assert all(url.startswith("https://www.youtube-nocookie.com/") for url in outside)
