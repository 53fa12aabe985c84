"""Issue 18's widget, in chromium: an OMS's own website (another origin, with a strict
Content-Security-Policy of its own) pastes the one-line script; the campaign's card shows in a
frame with the live figures, takes the height of its content, and shows a new donation after a
reload. No console error (no CSP violation on either side), nothing fetched from a third host."""
import http.server
import threading
from decimal import Decimal
from urllib.parse import urlparse

import pytest

from editorial.testing import make_image  # noqa: F401 - fixture
from plugins.donation.models import Donation, Payment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASK = {"title": "Donasi sumur bor", "description": "", "target": Decimal("1000000"), "minimum": Decimal("10000"),
       "suggested_amounts": [50000]}
PHONE = {"width": 390, "height": 844}


def donate(campaign, amount):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed")
    return Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                                   payment=payment, name="Siti", email="siti@contoh.id",
                                   status=Donation.Status.CONFIRMED, received_amount=Decimal(amount))


@pytest.fixture
def oms_website(live_server):
    """The OMS's website: a page on 127.0.0.1 (the site is on localhost: another origin) that
    allows scripts and frames from the site only, and no inline style or script."""
    site = live_server.url
    pages = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Security-Policy",
                             f"default-src 'none'; script-src {site}; frame-src {site}; style-src 'none'")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    yield origin, pages
    server.shutdown()
    server.server_close()


def test_the_one_line_script_shows_the_live_card_on_another_site(browser_page, live_server, oms_website,
                                                                 make_campaign, make_image):
    campaign = make_campaign(asks=[("donation", ASK)], title="Sumur Bor Tembalang", slug="sumur-bor",
                             hero_image=make_image("Sumur", size=(960, 540)))
    donate(campaign, 250_000)
    origin, pages = oms_website
    assert urlparse(origin).netloc != urlparse(live_server.url).netloc
    pages["/"] = (
        "<!doctype html><html lang='id'><head><meta charset='utf-8'><title>OMS Air Bersih</title></head><body>"
        "<h1>Dukung kampanye kami</h1>"
        f'<script async src="{live_server.url}/embed/v1.js" data-lokadaya-campaign="{campaign.pk}" '
        'data-lang="id"></script><p>Terima kasih.</p></body></html>')

    page = browser_page
    page.set_viewport_size(PHONE)
    page.goto(origin + "/")
    card = page.frame_locator("iframe.lokadaya-widget")
    raised = card.locator(".lw-raised")
    raised.wait_for()
    assert "Rp 250.000" in raised.inner_text() and "Rp 1.000.000" in raised.inner_text(), raised.inner_text()
    assert card.locator("h1").inner_text() == campaign.title
    button = card.locator("a.lw-btn")
    assert button.get_attribute("target") == "_blank" and button.get_attribute("rel") == "noopener"
    assert campaign.url in button.get_attribute("href")
    # Right where the script is, and as tall as the card (from the card's message, not the 560 default).
    assert page.evaluate("document.querySelector('iframe').previousElementSibling.tagName") == "SCRIPT"
    frame = page.locator("iframe.lokadaya-widget")
    content_height = card.locator("body").evaluate("b => Math.ceil(b.getBoundingClientRect().height)")
    assert abs(content_height - 560) > 2, "the card's height should differ from the frame's default"
    page.wait_for_function(f"Math.abs(document.querySelector('iframe').getBoundingClientRect().height - "
                           f"{content_height}) <= 2")
    assert frame.bounding_box()["width"] <= PHONE["width"]

    # A new donation, then the OMS's page again: the new figure.
    donate(campaign, 100_000)
    page.reload()
    card.locator(".lw-raised").wait_for()
    assert "Rp 350.000" in card.locator(".lw-raised").inner_text(), card.locator(".lw-raised").inner_text()
    assert "35%" in card.locator(".lw-facts").inner_text()

    assert not page.console_errors, page.console_errors
    # Only the OMS's own page and the site: no third host, nothing the widget fetched elsewhere.
    assert all(url.startswith(origin) for url in page.outside_requests), page.outside_requests
    cookies = page.context.cookies()
    assert not cookies, cookies
