"""Sharing built for Indonesia: share links, the campaign's Open Graph card and its A4 poster with a QR code."""
import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

import pytest
import zxingcpp
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.models import PageViewRestriction

from campaigns import sharing
from editorial.testing import make_image  # noqa: F401 - fixture
from plugins.donation.models import Donation, Payment

pytestmark = pytest.mark.django_db

DONATION = ("donation", {"title": "Donasi sumur", "target": Decimal("10000000"), "minimum": Decimal("10000"),
                         "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Petisi", "description": "Dukung kami.", "decision_maker": "Wali Kota",
                         "demand": "Perbaiki jalan.", "goal": 100})
COVER_COLOUR = (200, 40, 40)


def donate(campaign, amount):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed")
    return Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                                   payment=payment, name="Donatur", email="d@contoh.id",
                                   status=Donation.Status.CONFIRMED, received_amount=Decimal(amount))


@pytest.fixture
def campaign(make_campaign, make_image):
    page = make_campaign(asks=[DONATION], title="Sumur untuk Dusun Kali", slug="sumur-dusun-kali",
                         summary="Air bersih untuk 120 keluarga di Dusun Kali.",
                         hero_image=make_image("Sumur", colour=COVER_COLOUR))
    donate(page, 1_250_000)
    return page


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.buttons, self.inputs, self.status = [], [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs)
        elif tag == "button":
            self.buttons.append(attrs)
        elif tag == "input":
            self.inputs.append(attrs)
        elif attrs.get("role") == "status":
            self.status.append(attrs)


def query(href):
    return {key: values[0] for key, values in parse_qs(urlparse(href).query, keep_blank_values=True).items()}


# -- share links ----------------------------------------------------------------------------------

def test_share_links_carry_the_encoded_url_and_text():
    url = "https://lokadaya.id/id/mitra/oms/sumur-dusun-kali/?a=1&b=2"
    text = "Sumur & air bersih: 100% untuk warga #DusunKali"
    links = sharing.share_links(url, text)
    assert [key for key, _label, _href in links] == ["whatsapp", "facebook", "x", "telegram"]
    hrefs = {key: href for key, _label, href in links}
    assert hrefs["whatsapp"].startswith("https://wa.me/?text=")
    assert query(hrefs["whatsapp"]) == {"text": f"{text}\n{url}"}
    assert hrefs["facebook"].startswith("https://www.facebook.com/sharer/sharer.php?")
    assert query(hrefs["facebook"]) == {"u": url}
    assert hrefs["x"].startswith("https://x.com/intent/post?")
    assert query(hrefs["x"]) == {"text": text, "url": url}
    assert hrefs["telegram"].startswith("https://t.me/share/url?")
    assert query(hrefs["telegram"]) == {"url": url, "text": text}
    for href in hrefs.values():
        # Everything of the address and the text is percent-encoded: no raw &, #, space or newline.
        raw_query = urlparse(href).query
        assert not re.search(r"[ #\n]", raw_query) and "%26" in raw_query and "utm_" not in href


def test_share_include_renders_plain_links_and_enhancements():
    request = RequestFactory().get("/id/x/")
    url, text = "http://testserver/id/kampanye/", "Dukung Sumur <Kali>"
    html = render_to_string("includes/share.html",
                            {"url": url, "text": text, "poster_url": "/kampanye/1/poster.pdf"}, request=request)
    parser = LinkParser()
    parser.feed(html)
    share_links = [a for a in parser.links if "share-link" in a.get("class", "")]
    assert [a["class"].split()[-1] for a in share_links] == [
        "share-whatsapp", "share-facebook", "share-x", "share-telegram"]
    for link in share_links:
        assert link["target"] == "_blank" and link["rel"] == "noopener"
    assert query(share_links[0]["href"]) == {"text": f"{text}\n{url}"}
    assert "<Kali>" not in html  # escaped in attributes
    # Copy and share-sheet buttons only appear once JavaScript can make them work.
    assert {b["class"].split()[-1]: "hidden" in b for b in parser.buttons} == {"share-copy": True,
                                                                                "share-native": True}
    assert parser.inputs[0]["value"] == url and "readonly" in parser.inputs[0]
    assert parser.status[0]["aria-live"] == "polite" and parser.status[0]["data-copied"]
    assert any(a.get("href") == "/kampanye/1/poster.pdf" and "download" in a for a in parser.links)

    without_poster = render_to_string("includes/share.html", {"url": url, "text": text}, request=request)
    assert "poster.pdf" not in without_poster


def test_share_include_defaults_to_the_current_address():
    request = RequestFactory().get("/id/cerita/air/", HTTP_HOST="lokadaya.example")
    html = render_to_string("includes/share.html", {"text": "Air"}, request=request)
    parser = LinkParser()
    parser.feed(html)
    assert query(parser.links[2]["href"])["url"] == "http://lokadaya.example/id/cerita/air/"


def test_absolute_urls_come_from_the_request_else_the_admin_base_url(settings, campaign):
    settings.WAGTAILADMIN_BASE_URL = "https://lokadaya.example/"
    request = RequestFactory().get("/", HTTP_HOST="localhost:8123")
    assert sharing.page_absolute_url(campaign, request) == f"http://localhost:8123{campaign.url}"
    assert sharing.page_absolute_url(campaign) == f"https://lokadaya.example{campaign.url}"
    assert sharing.absolute_url("https://other.example/x") == "https://other.example/x"


# -- the Open Graph card --------------------------------------------------------------------------

def test_money_progress_is_decimal_rupiah(campaign):
    money = sharing.money_progress(campaign)
    assert money == {"raised": Decimal("1250000"), "target": Decimal("10000000"), "percent": 13,
                     "supporters": 1}
    big, small = sharing._money_lines(money)
    assert big == "Rp 1.250.000"
    assert "Rp 10.000.000" in small and "13%" in small


def _near(pixel, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour))


def test_og_image_is_a_cached_branded_card_of_the_progress(client, campaign):
    url = reverse("campaigns:og_image", kwargs={"pk": campaign.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    etag = response["ETag"]
    card = PILImage.open(io.BytesIO(response.content))
    assert card.format == "JPEG" and card.size == (1200, 630)
    assert len(response.content) < 300 * 1024
    assert _near(card.getpixel((300, 315)), COVER_COLOUR, 70)  # the cover photo, left
    # The bar: 13% filled in the brand colour, the rest grey.
    assert _near(card.getpixel((648 + 30, 565)), sharing.BRAND)
    assert _near(card.getpixel((648 + 300, 565)), sharing.TRACK)
    _dirs, files = default_storage.listdir("og")
    mine = [name for name in files if name.startswith(f"campaign-{campaign.pk}-")]
    assert len(mine) == 1

    # Unchanged: the same file, and a revalidation answers 304.
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # Moves with the money: a new card (over half now), the old file gone.
    donate(campaign, 4_000_000)
    moved = client.get(url)
    assert moved["ETag"] != etag
    card = PILImage.open(io.BytesIO(moved.content))
    assert _near(card.getpixel((648 + 240, 565)), sharing.BRAND)
    _dirs, files = default_storage.listdir("og")
    assert len([name for name in files if name.startswith(f"campaign-{campaign.pk}-")]) == 1


def test_og_image_without_a_photo_or_money_ask_is_still_a_branded_card(client, make_campaign):
    campaign = make_campaign(asks=[PETITION], title="Petisi jalan desa")
    response = client.get(reverse("campaigns:og_image", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200
    card = PILImage.open(io.BytesIO(response.content))
    assert card.size == (1200, 630)
    assert _near(card.getpixel((20, 20)), sharing.BRAND, 12)


@pytest.mark.parametrize("name", ["campaigns:og_image", "campaigns:poster"])
def test_only_live_public_campaigns_have_a_card_or_poster(client, make_campaign, organisation, name):
    draft = make_campaign(title="Draf", live=False)
    private = make_campaign(title="Rahasia")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="rahasia")
    public = make_campaign(title="Terbuka")
    assert client.get(reverse(name, kwargs={"pk": public.pk})).status_code == 200
    for page in (draft, private):
        assert client.get(reverse(name, kwargs={"pk": page.pk})).status_code == 404
    assert client.get(reverse(name, kwargs={"pk": organisation.pk})).status_code == 404  # not a campaign
    assert client.get(reverse(name, kwargs={"pk": 999_999})).status_code == 404
    assert client.post(reverse(name, kwargs={"pk": public.pk})).status_code == 405


def test_a_campaign_under_a_private_oms_profile_has_no_card(client, make_campaign, organisation):
    campaign = make_campaign(title="Di bawah profil tertutup")
    PageViewRestriction.objects.create(page=organisation, restriction_type="password", password="rahasia")
    assert client.get(reverse("campaigns:og_image", kwargs={"pk": campaign.pk})).status_code == 404


def test_campaign_page_shares_its_card_with_a_version(client, campaign):
    response = client.get(campaign.url)
    html = response.content.decode()
    image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    parsed = urlparse(image)
    assert parsed.scheme == "http" and parsed.netloc == "testserver"
    assert parsed.path == reverse("campaigns:og_image", kwargs={"pk": campaign.pk})
    version = parse_qs(parsed.query)["v"][0]
    assert '<meta property="og:image:width" content="1200">' in html
    donate(campaign, 10_000)
    moved = re.search(r'<meta property="og:image" content="([^"]+)"', client.get(campaign.url).content.decode())
    assert parse_qs(urlparse(moved.group(1)).query)["v"][0] != version


# -- the poster -----------------------------------------------------------------------------------

def pdf_page_image(data):
    """The page picture Pillow wrote into the PDF (one JPEG / DCTDecode stream)."""
    assert b"/DCTDecode" in data
    start = data.index(b"\xff\xd8\xff")
    end = data.index(b"endstream", start)
    return PILImage.open(io.BytesIO(data[start:end].rstrip(b"\r\n")))


def media_box(data):
    box = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [float(value) for value in box.groups()]


def test_poster_is_an_a4_pdf_whose_qr_code_opens_the_campaign(client, campaign):
    response = client.get(reverse("campaigns:poster", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="poster-sumur-dusun-kali.pdf"'
    assert response["ETag"] and response["Cache-Control"] == "public, max-age=3600"
    data = response.content
    assert data.startswith(b"%PDF-")
    x0, y0, width, height = media_box(data)
    assert (x0, y0) == (0, 0) and abs(width - 595) <= 1 and abs(height - 842) <= 1
    picture = pdf_page_image(data)
    assert picture.size == sharing.POSTER_SIZE
    codes = zxingcpp.read_barcodes(picture)
    assert [code.text for code in codes] == [f"http://testserver{campaign.url}"]


def test_poster_draws_in_the_campaigns_language_and_without_photo(client, make_campaign):
    campaign = make_campaign(asks=[PETITION], title="Petisi jalan desa", summary="Jalan desa rusak parah. " * 12)
    response = client.get(reverse("campaigns:poster", kwargs={"pk": campaign.pk}), HTTP_HOST="lokadaya.example")
    picture = pdf_page_image(response.content)
    assert [code.text for code in zxingcpp.read_barcodes(picture)] == [f"http://lokadaya.example{campaign.url}"]
