"""In a real browser on a phone: an alliance of three OMS in two provinces publishes a joint petition; an
editor creates it in the admin and links its campaign's petition, the others link theirs, visitors sign on
the three campaigns (one through the form and the emailed link in the browser) and the alliance's page
shows the exact total and the breakdown per OMS."""
import re

import pytest
from django.core import mail
from django.test import Client

from alliances import testing as alliances_testing
from partners import testing as partners_testing
from tests.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = partners_testing.PASSWORD
make_verified_oms = partners_testing.make_verified_oms
alliance_index = alliances_testing.alliance_index
make_alliance = alliances_testing.make_alliance
PHONE = {"width": 390, "height": 844}

PETITION = {"title": "Sahkan perda air bersih", "description": "Tanda tangani petisi ini.", "decision_maker": "DPRD",
            "demand": "Sahkan perda air bersih tahun ini.", "goal": 100}
CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/(?:id|en)/dukung/petition/konfirmasi/[^/\s]+/)")


def petition_ask(campaign):
    return [a for a in campaign.get_asks() if a.type_key == "petition"][0]


def sign_and_confirm(campaign, email):
    """A visitor signs and clicks the emailed link (the plugin's form and view, outside the browser)."""
    client = Client()
    mail.outbox.clear()
    ask = petition_ask(campaign)
    response = client.post(campaign.url + "dukung/" + ask.id + "/",
                           {"name": "Warga", "email": email, "regency": "33.72", "show_name": "on"})
    assert response.status_code == 200
    assert client.get(CONFIRM_PATH.search(mail.outbox[-1].body).group(1)).status_code == 200


def test_a_joint_petition_adds_up_across_three_oms_in_two_provinces(browser_page, live_server, make_verified_oms,
                                                                     make_alliance, make_campaign):
    from alliances.joint import link_ask
    from alliances.models import JointAction
    from plugins.petition.models import Signature

    semarang = make_verified_oms("air-semarang", "33.74", title="Air Semarang")
    solo = make_verified_oms("air-solo", "33.72", title="Air Solo")
    makassar = make_verified_oms("air-makassar", "73.71", title="Air Makassar")
    alliance = make_alliance(semarang, solo, makassar, title="Aliansi Air Bersih", level="national",
                             province_code=None, live=False)
    campaigns = {oms.slug: make_campaign(asks=[("petition", PETITION)], parent=oms, slug=f"kampanye-{oms.slug}",
                                         title=f"Air untuk {oms.title}")
                 for oms in (semarang, solo, makassar)}

    # Semarang's editor creates the joint petition and links its campaign's petition.
    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", semarang.editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}/admin/aliansi/{alliance.pk}/aksi-bersama/")
    page.click("#joint-action-add")
    page.wait_for_url(re.compile(r"/aksi-bersama/tambah/$"))
    page.fill("#id_title", "Petisi bersama air bersih")
    page.select_option("#id_type_key", "petition")
    page.fill("#id_goal", "500")
    page.fill("#id_description", "Tiga OMS, satu tuntutan.")
    page.click("#joint-action-save")
    page.wait_for_url(re.compile(r"/aksi-bersama/\d+/$"))
    action = JointAction.objects.get()
    assert action.type_key == "petition" and action.goal == 500
    own = campaigns["air-semarang"]
    options = page.locator("#id_ask option").all_inner_texts()
    assert any("Air untuk Air Semarang" in o for o in options)
    assert not any("Air Solo" in o for o in options)  # only its own OMS's campaigns
    page.select_option("#id_ask", f"{own.pk}:{petition_ask(own).id}")
    page.click("#joint-link-save")
    page.wait_for_url(re.compile(rf"/aksi-bersama/{action.pk}/$"))
    assert page.locator("#joint-action tbody tr").count() == 1
    page.reload()  # checked without Wagtail's one-off "saved" message bar (not this page's)
    assert_no_axe_violations(page, context="main")

    # The other two members link theirs; the alliance is published.
    for oms in (solo, makassar):
        campaign = campaigns[oms.slug]
        link_ask(action, campaign, petition_ask(campaign).id, oms.editor)
    alliance.save_revision().publish()
    alliance.refresh_from_db()

    # Visitors sign: on Solo's and Makassar's campaigns through the plugin's form and link...
    for n in range(3):
        sign_and_confirm(campaigns["air-solo"], f"solo{n}@contoh.id")
    for n in range(2):
        sign_and_confirm(campaigns["air-makassar"], f"makassar{n}@contoh.id")
    # ...and one on Semarang's in the browser, confirmed through the emailed link.
    visitor = page.context.browser.new_context(locale="id-ID")
    tab = visitor.new_page()
    tab.set_viewport_size(PHONE)
    mail.outbox.clear()
    tab.goto(live_server.url + own.url + "dukung/" + petition_ask(own).id + "/")
    tab.fill("#id_name", "Siti Rahmawati")
    tab.fill("#id_email", "siti@contoh.id")
    tab.select_option("#id_regency", "33.74")
    tab.locator("main form button[type=submit]").last.click()
    tab.wait_for_load_state()
    assert tab.locator("main [role=alert]").count() == 0, tab.locator("main").inner_text()
    tab.goto(live_server.url + CONFIRM_PATH.search(mail.outbox[-1].body).group(1))
    tab.wait_for_load_state()
    assert Signature.objects.filter(status="confirmed").count() == 6

    # The alliance's page: the exact total, and what each OMS's campaign gathered.
    tab.goto(live_server.url + alliance.url)
    box = tab.locator(f"#joint-action-{action.pk}")
    assert box.get_attribute("data-total") == "6"
    parts = {int(li.get_attribute("data-campaign")): li.get_attribute("data-current")
             for li in box.locator(".joint-part").all()}
    assert parts == {campaigns["air-semarang"].pk: "1", campaigns["air-solo"].pk: "3",
                     campaigns["air-makassar"].pk: "2"}
    text = box.inner_text()
    assert "Air Semarang" in text and "Air Solo" in text and "Air Makassar" in text
    assert box.locator(".joint-total strong").inner_text() == "6"
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(tab, context="main")
    # Each part leads to the member's own petition form.
    box.locator(f".joint-part[data-campaign='{campaigns['air-solo'].pk}'] a").click()
    tab.wait_for_url(re.compile(rf"{re.escape(campaigns['air-solo'].url)}dukung/"))
    visitor.close()
    assert page.console_errors == [] and page.outside_requests == []
