"""In chromium: suggestions as you type (keyboard only), and the page without picking one (stemmed: PostgreSQL)."""
import pytest
from django.db import connection

pytest_plugins = ["search.testing"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_suggestions_as_you_type_and_a_plain_search(browser_page, search_world):
    page = browser_page
    page.goto(page.base_url + "/id/cari/")
    box = page.locator("#q")
    box.press_sequentially("perpus", delay=40)
    option = page.get_by_role("option", name="Perpustakaan Keliling Pesisir")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    box.press("Enter")
    page.wait_for_url("**" + search_world.library.url)
    assert page.console_errors == [] and page.outside_requests == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Indonesian stemming: PostgreSQL full-text search")
def test_a_plain_search_finds_every_form_of_the_word(browser_page, search_world):
    page = browser_page
    page.goto(page.base_url + "/id/cari/")
    box = page.locator("#q")
    box.press_sequentially("pembangunan", delay=20)
    page.locator("#q-suggestions").wait_for(state="hidden")  # nothing starts with the whole word
    box.press("Enter")
    page.wait_for_url("**/id/cari/?q=pembangunan*")
    results = page.locator("ol.results > li")
    assert results.count() == 3
    assert page.locator("ol.results mark").first.is_visible()
    assert page.console_errors == [] and page.outside_requests == []
