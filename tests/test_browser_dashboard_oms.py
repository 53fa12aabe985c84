"""In a real browser on a phone (390x844): an OMS editor signs in, sees what waits on the admin home,
follows an item to its records; the OMS dashboard fits the phone and has no accessibility violation."""
import datetime
import re

import pytest
from django.utils import timezone

from campaigns.plugins import registry
from campaigns.types import DemoInitiative
from partners import testing as partners_testing
from tests.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = partners_testing.PASSWORD
make_verified_oms = partners_testing.make_verified_oms  # the fixture, for this module
PHONE = {"width": 390, "height": 844}
INITIATIVE = DemoInitiative(slug="lampu", title="Lampu jalan tenaga surya", keywords=("lampu", "energi"))


def test_an_oms_editor_follows_a_to_do_item_to_its_records(browser_page, live_server, make_verified_oms,
                                                          make_campaign):
    from plugins.inkind.items import ask_items
    from plugins.inkind.models import InKindPledge

    oms = make_verified_oms("oms-lampu", "33.74")
    asks = [(key, registry.call(key, "demo_ask", initiative=INITIATIVE)) for key in ("donation", "inkind")]
    campaign = make_campaign(asks=asks, parent=oms, slug="lampu-desa", title="Lampu Desa Terang")
    goods = campaign.get_asks()[1]
    item = ask_items(goods.value)[0]
    InKindPledge.objects.create(campaign=campaign, ask_id=goods.id, item_key=item.key, item_name=item.name,
                                unit=item.unit, quantity=3, delivery="drop_off", name="Pak Darmo Penyumbang",
                                email="darmo@contoh.id",
                                delivery_date=timezone.localdate() + datetime.timedelta(days=2))
    page = browser_page
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", oms.editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    panel = page.locator(f"#dash-panel-{oms.pk}-section")
    assert panel.is_visible()
    todo = panel.locator(f"#dash-todo-{oms.pk} li")
    assert todo.count() == 1 and "Lampu Desa Terang" in todo.inner_text()
    assert todo.locator(".dash-count").inner_text() == "1"
    # The panel fits the phone: nothing wider than the screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

    todo.locator("a").click()
    page.wait_for_url(re.compile(rf"/admin/galang-daya/inkind/\?campaign={campaign.pk}&status=pledged$"))
    assert "Pak Darmo Penyumbang" in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/admin/dasbor/oms/{oms.pk}/")
    region = page.locator("#dash-oms")
    assert "Pak Darmo Penyumbang" in region.inner_text()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
    assert page.console_errors == [] and page.outside_requests == []
