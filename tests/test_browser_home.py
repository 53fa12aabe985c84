"""In a real browser (Debian's chromium through Playwright): the home page, the language switch and back.

No console errors, and no request leaves the site (no CDN, no web font, no tracker).
"""
import re

import pytest
from wagtail.models import Locale

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reference_data(transactional_db):
    """What the migrations load, back in place if an earlier transactional test flushed it.

    (Much faster than ``serialized_rollback``, which re-saves every row one by one.)
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from regions.loader import load_regions
    from regions.models import District, Province, Regency
    from sdgs.loader import load_goals
    from sdgs.models import SDG

    for code in ("id", "en"):
        Locale.objects.get_or_create(language_code=code)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="id"),
                                    content_type=ContentType.objects.get_for_model(Page)))
    load_regions(Province, Regency, District)
    load_goals(SDG)


@pytest.fixture
def site(reference_data, home_page, partner_index, make_organisation):
    """The home page and the Mitra index, both in Indonesian and English; an OMS serving SDGs 7 and 17."""
    from sdgs.models import SDG

    english = partner_index.copy_for_translation(Locale.objects.get(language_code="en"))
    english.slug, english.title = "partners", "Partners"
    english.save_revision().publish()
    organisation = make_organisation(slug="surya-desa", title="Yayasan Surya Desa")
    organisation.sdgs.set(SDG.objects.filter(number__in=[7, 17]))
    organisation.save_revision().publish()
    return home_page


def test_home_page_and_language_switch(browser_page, site):
    page = browser_page
    response = page.goto(page.base_url + "/")
    assert response.ok
    assert page.url == page.base_url + "/id/"
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").inner_text() == "Memacu keberdayaan lokal"
    assert page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Wilayah").is_visible()
    assert page.get_by_role("link", name="Mitra").get_attribute("href") == "/id/mitra/"
    # The stylesheet loaded (not blocked, not missing): the skip link sits off-screen until focused.
    assert page.locator(".skip-link").bounding_box()["x"] < 0

    # To English: the switch is named in the target language.
    with page.expect_navigation():
        page.get_by_role("navigation", name="Bahasa").get_by_role("link", name="English").click()
    assert page.url == page.base_url + "/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Regions").is_visible()
    assert page.get_by_role("link", name="Partners").get_attribute("href") == "/en/partners/"
    current = page.locator('.lang-switch a[aria-current="true"]')
    assert current.get_attribute("hreflang") == "en"

    # On a translated page, the switch keeps you on that page.
    with page.expect_navigation():
        page.get_by_role("link", name="Partners").click()
    assert page.url == page.base_url + "/en/partners/"
    with page.expect_navigation():
        page.get_by_role("navigation", name="Language").get_by_role("link", name="Bahasa Indonesia").click()
    assert page.url == page.base_url + "/id/mitra/"
    assert page.locator("html").get_attribute("lang") == "id"

    # SDG badges stay readable: dark text on the light yellow of goal 7, white on the navy of goal 17.
    with page.expect_navigation():
        page.get_by_role("link", name="Yayasan Surya Desa").click()
    colours = page.eval_on_selector_all(
        ".sdg", "badges => badges.map(b => [b.textContent.trim(), getComputedStyle(b).color])")
    colours = {text.split()[-1]: colour for text, colour in colours}  # "7" or "TPB 7" (visually hidden "TPB")
    assert colours == {"7": "rgb(0, 0, 0)", "17": "rgb(255, 255, 255)"}

    # And back home, by the brand link.
    with page.expect_navigation():
        page.get_by_role("link", name="Lokadaya", exact=True).click()
    assert page.url == page.base_url + "/id/"

    assert page.console_errors == []
    assert page.outside_requests == []


def test_region_pages_switch_language_in_the_browser(browser_page, site):
    page = browser_page
    page.goto(page.base_url + "/id/wilayah/")
    assert page.locator("h1").inner_text() == "Wilayah"
    with page.expect_navigation():
        page.get_by_role("link", name="Daerah Istimewa Yogyakarta", exact=True).first.click()
    assert page.url == page.base_url + "/id/wilayah/daerah-istimewa-yogyakarta/"
    with page.expect_navigation():
        page.get_by_role("link", name="Kota Yogyakarta", exact=True).first.click()
    assert page.url == page.base_url + "/id/wilayah/daerah-istimewa-yogyakarta/kota-yogyakarta/"
    assert page.locator("h1").inner_text() == "Kota Yogyakarta"
    with page.expect_navigation():
        page.get_by_role("link", name="English").click()
    assert page.url == page.base_url + "/en/wilayah/daerah-istimewa-yogyakarta/kota-yogyakarta/"
    assert re.search(r"City \(kota\) · code 34\.71", page.locator("main").inner_text())

    # Keyboard users: the first Tab reaches the skip link, which moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    assert page.console_errors == []
    assert page.outside_requests == []
