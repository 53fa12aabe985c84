"""The campaign page's weight on a phone: HTML+CSS+JS compressed within 50 KB, no image over 150 KB.

The budgets are sizes, not times: bytes are what a phone on a slow network waits for. The times
(first paint, LCP on throttled chromium) are a benchmark, ``manage.py page_benchmark``, which the
last test here runs once to check it measures something.
"""
import io
import re

import pytest
from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter

from editorial.testing import every_type_asks
from lokadaya.bench.weight import measure

HTML_CSS_JS_BUDGET = 50 * 1024
IMAGE_BUDGET = 150 * 1024


def photo_like(size=(1600, 900)):
    """A JPEG that compresses like a photograph (texture everywhere), not like a flat colour."""
    noise = PILImage.effect_noise(size, 48).convert("RGB")
    picture = PILImage.linear_gradient("L").resize(size).convert("RGB")
    picture = PILImage.blend(picture, noise, 0.35)
    draw = ImageDraw.Draw(picture)
    for i in range(40):
        x, y = (i * 137) % size[0], (i * 71) % size[1]
        draw.ellipse((x, y, x + 120 + i * 3, y + 90 + i * 2), fill=((i * 53) % 255, (i * 97) % 255, (i * 31) % 255))
    picture = picture.filter(ImageFilter.GaussianBlur(1))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92)
    return buffer


@pytest.fixture
def campaign(make_campaign, organisation):
    from wagtail.images.models import Image

    cover = Image.objects.create(title="Sampul", file=ImageFile(photo_like(), name="sampul.jpg"))
    return make_campaign(asks=every_type_asks(), title="Air Bersih untuk Dusun Krajan", slug="air-bersih",
                         hero_image=cover, summary="Sumur bor dan tandon untuk 120 keluarga di Dusun Krajan.")


@pytest.mark.django_db
def test_campaign_page_html_css_and_js_fit_in_50_kb_compressed(client, campaign):
    weight = measure(client, campaign.url)
    assert weight.compressed, "the page was sent uncompressed"
    assert weight.css and weight.js, "the page's stylesheet and script were not found"
    assert weight.total <= HTML_CSS_JS_BUDGET, (
        f"{weight.total / 1024:.1f} KB: html {weight.html} B, css {weight.css}, js {weight.js}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_image_on_the_campaign_page_weighs_over_150_kb_on_a_phone(browser, live_server, campaign):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, locale="id-ID")
    page = context.new_page()
    images = {}

    def record(response):
        if response.request.resource_type == "image" and response.ok:
            images[response.url] = len(response.body())

    page.on("response", record)
    page.goto(live_server.url + campaign.url)
    # Bring every lazy image in, so the largest one is counted whichever it is.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    cover = page.locator("picture img").first
    chosen = cover.evaluate("img => img.currentSrc")
    context.close()
    assert re.search(r"\.avif$", chosen), f"the phone did not get the AVIF cover: {chosen}"
    assert images, "no image was loaded"
    heaviest = max(images, key=images.get)
    assert images[heaviest] <= IMAGE_BUDGET, f"{heaviest}: {images[heaviest] / 1024:.1f} KB"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_paint_benchmark_prints_its_figures(live_server, campaign):
    out = io.StringIO()
    call_command("page_benchmark", campaign.url, base_url=live_server.url, runs=1, stdout=out)
    row = next(line for line in out.getvalue().splitlines() if line.startswith(campaign.url))
    fp, fcp, lcp = (float(v) for v in row.split()[1:4])
    assert 0 < fp <= fcp <= lcp, row
    kb = re.findall(r"([\d.]+) KB", row)
    assert float(kb[0]) > 0 and float(kb[1]) > 0, row
