"""On a phone (390x844), after a failed submit on the donation and goods forms: focus moves to the
error summary, its links take the visitor to the field, and axe finds no violation (issue 12)."""
import pytest

from banktransfer.testing import ASK as DONATION_ASK
from tests.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOODS_ASK = {
    "title": "Bahan bangunan tandon air", "description": "",
    "items": [{"name": "Semen Portland", "unit": "sak", "quantity": 10}],
    "drop_off_address": "Balai Dusun Ngelo, Jl. Kaliurang Km 12, Sleman",
    "drop_off_hours": "Senin–Sabtu, 09.00–16.00", "drop_off_details": "", "allows_pick_up": True,
}


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", DONATION_ASK), ("inkind", GOODS_ASK)], title="Tandon Air Dusun Ngelo")


@pytest.mark.parametrize("type_key, field_id", [("donation", "id_email"), ("inkind", "id_quantity")])
def test_failed_submit_on_a_phone(browser_page, campaign, type_key, field_id):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    ask = next(a for a in campaign.get_asks() if a.type_key == type_key)
    page.goto(page.base_url + campaign.pledge_url(ask))
    assert page.locator("[data-error-summary]").count() == 0
    page.locator("form.pledge-form button[type=submit]").click()
    page.wait_for_load_state()

    summary = page.locator("[data-error-summary]")
    assert summary.count() == 1 and summary.get_attribute("role") == "alert"
    # Focus moved to the summary, which a screen reader now reads.
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    # Every described-by id exists, and the field in error says so.
    missing = page.evaluate("""() => [...document.querySelectorAll('[aria-describedby]')]
        .flatMap(el => el.getAttribute('aria-describedby').split(/\\s+/))
        .filter(id => id && !document.getElementById(id))""")
    assert missing == []
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{field_id}_error" in field.get_attribute("aria-describedby").split()
    assert_no_axe_violations(page)
    # The summary's link for the field takes focus there.
    summary.locator(f"a[href='#{field_id}']").click()
    assert page.evaluate("document.activeElement.id") == field_id
    # The refused submit itself answers 400, which chromium logs; nothing else may go wrong.
    assert [e for e in page.console_errors if "status of 400" not in e] == []
    assert page.outside_requests == []
