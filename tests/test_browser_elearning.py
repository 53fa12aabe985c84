"""In a real browser: a learner opens a lesson with a SCORM 1.2, a SCORM 2004 and an H5P package;
each plays in its frame (our SCORM runtime, the h5p-standalone player), and finishing each one
records the attempt; the last one completes the lesson."""
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from elearning.models import PackageAttempt
from elearning.testing import make_lesson, make_package
from learning.models import Enrolment, LessonProgress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAYER = Path(django_settings.BASE_DIR) / "node_modules" / "h5p-standalone" / "dist"


@pytest.fixture
def elearning_settings(settings, tmp_path):
    """What the lead's settings carry (see docs/learning-packages.md): the player's static files and
    same-origin frames on lesson pages."""
    assert (PLAYER / "main.bundle.js").is_file(), "run `make install` (npm ci) for the H5P player"
    settings.ELEARNING_ROOT = str(tmp_path / "elearning")
    dirs = [entry for entry in settings.STATICFILES_DIRS if not (isinstance(entry, tuple) and
                                                                  entry[0] == "h5p-standalone")]
    settings.STATICFILES_DIRS = dirs + [("h5p-standalone", PLAYER)]
    policy = {**settings.CONTENT_SECURITY_POLICY}
    directives = {**policy["DIRECTIVES"]}
    if "'self'" not in directives["frame-src"]:
        directives["frame-src"] = ["'self'", *directives["frame-src"]]
    policy["DIRECTIVES"] = directives
    settings.CONTENT_SECURITY_POLICY = policy
    return settings


def wait_for(predicate, page, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        page.wait_for_timeout(200)
    return predicate()


def test_a_learner_plays_scorm_12_scorm_2004_and_h5p_and_completes_the_lesson(
        elearning_settings, browser_page, live_server, home_page):
    packages = [make_package("scorm12"), make_package("scorm2004"), make_package("h5p")]
    course, lesson, block_ids = make_lesson(home_page, packages)
    blocks = dict(zip(("scorm12", "scorm2004", "h5p"), block_ids))
    learner = get_user_model().objects.create_user("pelajar", password="rahasia-123")
    Enrolment.objects.create(user=learner, course=course)
    client = Client()
    client.force_login(learner)
    page = browser_page
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto(live_server.url + lesson.url)

    def attempt(kind):
        return PackageAttempt.objects.filter(user=learner, lesson=lesson, block_id=blocks[kind]).first()

    for kind in ("scorm12", "scorm2004"):
        page.locator(f"#blok-{blocks[kind]} iframe").scroll_into_view_if_needed()
        player = page.frame_locator(f"#blok-{blocks[kind]} iframe")
        content = player.frame_locator("#elearning-content")
        # On launch the package initialises and commits "incomplete" with a bookmark.
        content.locator("#done").wait_for()
        assert wait_for(lambda: attempt(kind) is not None and attempt(kind).suspend_data == "halaman-1", page)
        assert not attempt(kind).is_complete
        content.locator("#done").click()
        assert "selesai" in content.locator("#result").inner_text()
        assert wait_for(lambda: attempt(kind).is_complete, page), kind
        assert attempt(kind).status == "passed" and attempt(kind).score == 100
        player.locator("#elearning-status").wait_for()

    assert not LessonProgress.objects.filter(lesson=lesson, completed_at__isnull=False).exists()

    page.locator(f"#blok-{blocks['h5p']} iframe").scroll_into_view_if_needed()
    h5p = page.frame_locator(f"#blok-{blocks['h5p']} iframe").frame_locator("iframe.h5p-iframe")
    h5p.get_by_role("button", name="Anggota, donatur dan masyarakat").click()
    assert "Benar" in h5p.locator(".feedback").inner_text()
    assert wait_for(lambda: attempt("h5p") is not None and attempt("h5p").is_complete, page)
    assert attempt("h5p").status == "passed"
    assert wait_for(lambda: LessonProgress.objects.filter(
        enrolment__user=learner, lesson=lesson, completed_at__isnull=False).exists(), page)

    # Re-opening the SCORM 1.2 package resumes it: the runtime hands back the bookmark.
    page.goto(live_server.url + lesson.url)
    page.locator(f"#blok-{blocks['scorm12']} iframe").scroll_into_view_if_needed()
    content = page.frame_locator(f"#blok-{blocks['scorm12']} iframe").frame_locator("#elearning-content")
    # The package writes its bookmark after it has loaded: wait for the text, do not read it at once.
    expect(content.locator("#resume")).to_contain_text("selesai", timeout=15_000)
    assert page.console_errors == [], page.console_errors
    assert page.outside_requests == []
