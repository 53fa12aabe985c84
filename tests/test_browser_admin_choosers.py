"""In a real browser (Debian's chromium): an editor finds a kabupaten/kota by typing in its chooser,
and the campaign's add-block menu offers no "not installed" support type."""
import re
from decimal import Decimal

import pytest

from editorial.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_editor_finds_and_picks_kota_semarang_by_typing(browser_page, live_server, home_page, organisation,
                                                        django_user_model):
    from regions.models import Regency
    from stories.models import StoryIndexPage

    index = StoryIndexPage(title="Cerita", slug="cerita")
    home_page.add_child(instance=index)
    django_user_model.objects.create_superuser("root", "root@lokadaya.id", PASSWORD)
    page = browser_page
    _login(page, live_server, "root")
    page.goto(f"{live_server.url}/admin/pages/add/stories/storypage/{index.pk}/")
    assert page.locator("html").get_attribute("lang") == "id"

    page.locator("#id_regency-chooser [data-chooser-action-choose]").first.click()
    search = page.locator(".modal input[name=q]")
    search.wait_for()
    search.fill("semarang")
    choice = page.locator(".modal a[data-chooser-modal-choice]", has_text="Kota Semarang, Jawa Tengah")
    choice.wait_for()
    assert page.locator(".modal a[data-chooser-modal-choice]").count() == 2  # Kabupaten and Kota Semarang
    choice.click()
    page.locator(".modal").wait_for(state="hidden")
    semarang = Regency.objects.get(code="33.74")
    assert page.locator("#id_regency").input_value() == str(semarang.pk)
    assert "Kota Semarang, Jawa Tengah" in page.locator("#id_regency-chooser").inner_text()

    # The OMS chooser offers the OMS once and shows where it is.
    page.locator("#id_organisation-chooser [data-chooser-action-choose]").first.click()
    page.locator(".modal input[name=q]").wait_for()
    oms = page.locator(".modal a[data-chooser-modal-choice]")
    oms.first.wait_for()
    assert oms.count() == 1 and "Kota Semarang" in oms.first.inner_text()
    assert page.console_errors == [], page.console_errors
    assert page.outside_requests == [], page.outside_requests


def test_add_block_menu_has_no_unavailable_type_and_filter_box_works(browser_page, live_server, organisation,
                                                                      make_campaign, django_user_model):
    campaign = make_campaign(asks=[("donation", {"title": "Donasi", "target": Decimal("5000000"),
                                                 "minimum": Decimal("10000"), "suggested_amounts": [50000]})])
    django_user_model.objects.create_superuser("root", "root@lokadaya.id", PASSWORD)
    page = browser_page
    _login(page, live_server, "root")
    page.goto(f"{live_server.url}/admin/pages/{campaign.pk}/edit/")
    add = page.locator("#panel-child-content-asks-content button[title], #asks-content button.c-sf-add-button")
    if not add.count():
        add = page.locator("button.c-sf-add-button")
    add.last.click()
    options = page.locator("[role=option]")
    options.first.wait_for()
    labels = [options.nth(i).inner_text() for i in range(options.count())]
    assert labels, labels
    assert not any("installed" in label.lower() or "terpasang" in label.lower() for label in labels), labels
    page.keyboard.press("Escape")

    # The OMS's "other regencies/cities": typing narrows the list of 514.
    page.goto(f"{live_server.url}/admin/pages/{organisation.pk}/edit/")
    box = page.locator("[data-searchable-choices-input]").first
    box.scroll_into_view_if_needed()
    box.fill("kota semarang")
    root = page.locator("[data-searchable-choices]").first
    visible = root.locator("label:has(input[type=checkbox]):visible")
    assert visible.count() == 1 and "Kota Semarang, Jawa Tengah" in visible.first.inner_text()
    visible.first.click()
    box.fill("")
    assert root.locator("input[type=checkbox]:checked").count() == 1
    assert page.console_errors == [], page.console_errors
