"""In chromium: no public page breaks the Content-Security-Policy (lokadaya/csp.py).

The browser reports every blocked script, style, frame, image or form target as a
``securitypolicyviolation`` event and a console error. The walk: the home page, the campaign
list and its filter, a campaign page with every built-in plugin's ask and each plugin's pledge
form, a donation through the test provider to its thank-you page (the suggested-amount buttons
and the filter run from lokadaya.js, not inline handlers), a bank transfer's instructions, a
story with SDG badges, an OMS profile and the search page with its suggestions. Each page must
carry the policy, and no violation may be reported.
"""
import datetime
import re

import pytest
from django.utils import timezone

from banktransfer.testing import ASK, set_bank_account
from campaigns.plugins import registry
from campaigns.types import DemoInitiative
from editorial.testing import make_story  # noqa: F401 - fixture (used by name below)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUILTIN = ("donation", "inkind", "volunteering", "partnership", "petition")

#: Runs in every document before the page's own scripts; collects what the policy blocked.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline") + " at " +
                    event.sourceFile + ":" + event.lineNumber);
});
"""


@pytest.fixture
def world(make_campaign, make_story, organisation, campaign_index):  # noqa: F811 - fixture
    from sdgs.models import SDG

    set_bank_account(organisation)
    initiative = DemoInitiative(slug="bank-sampah", title="Bank Sampah RW 07", keywords=("sampah", "daur ulang"))
    asks = [(key, registry.call(key, "demo_ask", initiative=initiative)) for key in BUILTIN]
    campaign = make_campaign(asks=asks, title="Bank Sampah RW 07", slug="bank-sampah-rw-07",
                             end_date=timezone.localdate() + datetime.timedelta(days=30))
    transfer_campaign = make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Desa", slug="lampu-jalan")
    organisation.sdgs.set(SDG.objects.filter(number__in=[6, 7, 17]))
    organisation.save_revision().publish()
    story = make_story(title="Sampah Jadi Berkah", campaigns=[campaign],
                       sdgs=list(SDG.objects.filter(number__in=[7, 12])),
                       problem="<p>Sampah menumpuk.</p>", what_was_done="<p>Bank sampah dibuka.</p>")
    return {"campaign": campaign, "transfer_campaign": transfer_campaign, "story": story,
            "organisation": organisation, "campaign_index": campaign_index}


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, (url, response.status)
    header = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in header and "frame-ancestors 'none'" in header, (url, header)
    assert "'unsafe-inline'" not in header, (url, header)
    return response


def violations(page):
    return page.evaluate("window.__csp || []")


def assert_clean(page, where):
    assert violations(page) == [], (where, violations(page))
    blocked = [error for error in page.console_errors if "Content Security Policy" in error or "Refused" in error]
    assert blocked == [], (where, blocked)


def test_no_public_page_breaks_the_policy(browser_page, world):
    page = browser_page
    page.add_init_script(LISTEN)
    base = page.base_url
    campaign = world["campaign"]

    visit(page, base + "/id/")
    assert_clean(page, "home")
    visit(page, base + "/en/")
    assert_clean(page, "home (en)")

    # The campaign list's filter submits on change, from lokadaya.js.
    visit(page, base + world["campaign_index"].url)
    page.select_option("select#status", index=1)
    page.wait_for_url(re.compile(r"[?&]status="))
    assert_clean(page, "campaign list")

    visit(page, base + campaign.url)
    assert page.locator(".bar span[class^=fill-]").count() >= len(BUILTIN)
    assert_clean(page, "campaign page")
    for ask in campaign.get_asks():
        visit(page, f"{base}{campaign.url}dukung/{ask.id}/")
        assert page.locator("main form").count() >= 1, ask.type_key
        assert_clean(page, f"{ask.type_key} pledge form")

    # A donation: a suggested amount fills the field (no inline handler), then the test provider.
    donation = next(ask for ask in campaign.get_asks() if ask.type_key == "donation")
    visit(page, f"{base}{campaign.url}dukung/{donation.id}/")
    suggested = page.locator("button.suggested").first
    suggested.click()
    assert page.input_value("#id_amount") == suggested.get_attribute("data-amount")
    page.fill("#id_name", "Siti Rahmawati")
    page.fill("#id_email", "siti@contoh.id")
    if page.locator("select#id_method").count():
        page.select_option("#id_method", "dummy")
    page.locator("form.pledge-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert_clean(page, "payment step")
    page.select_option("select[name=status]", "confirmed")
    page.select_option("select[name=fraud_status]", "accept")
    page.select_option("select[name=gateway_response]", "3ds-disabled")
    page.get_by_role("button", name="Bayar").click()
    page.wait_for_load_state("networkidle")
    assert "Terima kasih" in page.locator("main").inner_text()
    assert_clean(page, "donation thanks")

    # A bank transfer's instructions (their big amount and account number are styled by class).
    transfer = world["transfer_campaign"]
    visit(page, f"{base}{transfer.url}dukung/{transfer.get_asks()[0].id}/")
    page.fill("#id_amount", "150.000")
    page.fill("#id_name", "Budi Santoso")
    page.fill("#id_email", "budi@contoh.id")
    page.select_option("#id_method", "transfer")
    page.locator("form.pledge-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/id/transfer/[0-9a-f-]+/$"))
    assert page.locator(".transfer-amount").evaluate("e => getComputedStyle(e).fontWeight") == "700"
    assert_clean(page, "bank transfer")

    visit(page, base + world["story"].url)
    badge = page.locator(".sdg-7").first
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(252, 195, 11)"  # #FCC30B
    assert_clean(page, "story")

    visit(page, base + world["organisation"].url)
    assert_clean(page, "OMS profile")

    visit(page, base + "/id/cari/?q=sampah")
    search = page.locator("input[type=search]").first
    search.fill("bank sam")
    page.wait_for_timeout(600)  # the suggestions' fetch
    assert_clean(page, "search")

    assert page.outside_requests == []
    assert page.console_errors == [], page.console_errors
