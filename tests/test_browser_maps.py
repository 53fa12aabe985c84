"""The maps in a real browser on a phone (Debian's chromium, 390x844): a tap on a province lands on its
page, a tap on a kabupaten/kota on the province's map lands on its page; the map fits the screen; axe
finds no violation on the network index, the home page and a province page (the figures table open).
No JavaScript is needed: the measure switches by a plain link.
"""
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from payments import PaymentStatus

from regions.maps import render
from tests.axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DONATION = ("donation", {"title": "Donasi", "target": Decimal("100000000"), "minimum": Decimal("1000"),
                         "suggested_amounts": []})


@pytest.fixture
def site(home_page, make_organisation, make_campaign):
    """Money raised in Kota Semarang (Jawa Tengah) and Denpasar (Bali)."""
    from plugins.donation.models import Donation, Payment
    from regions.models import Regency

    for slug, code, amount in (("oms-semarang", "33.74", 900_000), ("oms-denpasar", "51.71", 50_000)):
        regency = Regency.objects.get(code=code)
        campaign = make_campaign(asks=[DONATION], parent=make_organisation(slug=slug, regency_code=code),
                                 slug=f"kampanye-{slug}", regency=regency)
        payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount))
        Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                                payment=payment, name="Donatur", email="d@contoh.id")
        payment.change_status(PaymentStatus.CONFIRMED)
    return home_page


def _phone(browser, live_server, javascript):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="id-ID", java_script_enabled=javascript)
    page = context.new_page()
    page.outside_requests = []
    own = urlparse(live_server.url).netloc
    page.on("request", lambda request: urlparse(request.url).netloc != own
            and request.url.startswith("http") and page.outside_requests.append(request.url))
    page.base_url = live_server.url
    return context, page


@pytest.fixture
def phone(browser, live_server):
    """A phone without JavaScript: the map needs none."""
    context, page = _phone(browser, live_server, javascript=False)
    yield page
    context.close()


@pytest.fixture
def phone_js(browser, live_server):
    """A phone with JavaScript (axe-core runs in the page)."""
    context, page = _phone(browser, live_server, javascript=True)
    yield page
    context.close()


def _screen_point(page, href, x, y):
    """Where the map's point (x, y) (viewBox units) of the link to ``href`` is on the screen."""
    return page.evaluate("""([href, x, y]) => {
        const link = document.querySelector(`svg.map-svg a[href="${href}"]`);
        const svg = link.ownerSVGElement;
        const point = svg.createSVGPoint();
        point.x = x; point.y = y;
        const screen = point.matrixTransform(link.querySelector('path').getScreenCTM());
        return [screen.x, screen.y];
    }""", [href, x, y])


def _tap(page, href, label):
    page.locator(f'svg.map-svg a[href="{href}"]').scroll_into_view_if_needed()
    x, y = _screen_point(page, href, *label)
    # What is under the finger is that place's shape (not a neighbour, not the sea).
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a').getAttribute('href')", [x, y])
    assert hit == href
    with page.expect_navigation():
        page.mouse.click(x, y)


def _fits_the_screen(page):
    box = page.locator("svg.map-svg").bounding_box()
    assert 300 < box["width"] <= PHONE["width"] and box["height"] > 50
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_tap_a_province_then_a_regency_on_a_phone(phone, site):
    page = phone
    page.goto(page.base_url + "/id/jejaring/")
    _fits_the_screen(page)
    province = "/id/wilayah/kalimantan-tengah/"
    _tap(page, province, render.load("provinces")["shapes"]["62"]["label"])
    assert page.url == page.base_url + province
    assert page.locator("h1").inner_text().endswith("Kalimantan Tengah")

    page.goto(page.base_url + "/id/wilayah/jawa-tengah/")
    _fits_the_screen(page)
    regency = "/id/wilayah/jawa-tengah/kabupaten-banyumas/"
    _tap(page, regency, render.load("regencies-33")["shapes"]["33.02"]["label"])
    assert page.url == page.base_url + regency

    # The measure switches without JavaScript (this context has none).
    page.goto(page.base_url + "/id/jejaring/")
    with page.expect_navigation():
        page.locator('.map-measures a[href="?peta=inisiatif#peta"]').click()
    assert page.url.endswith("/id/jejaring/?peta=inisiatif#peta")
    assert page.locator('.map-measures a[aria-current="true"]').get_attribute("href") == "?peta=inisiatif#peta"
    assert page.outside_requests == []


@pytest.mark.parametrize("path", ["/id/jejaring/", "/id/", "/id/wilayah/jawa-tengah/", "/en/jejaring/?peta=inisiatif"])
def test_axe_finds_nothing_on_the_map_pages(phone_js, site, path):
    page = phone_js
    page.goto(page.base_url + path)
    assert page.locator("svg.map-svg a").count() in (35, 38)
    page.locator(".map-table summary").click()  # the figures table, open
    assert page.locator(".map-table table").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
