"""Feeds (RSS and Atom: all stories, per OMS, per province), share metadata and the sitemap, all valid."""
import datetime
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.models import Locale

from editorial.testing import make_image, make_story, story_index  # noqa: F401 - fixtures
from sdgs.models import SDG

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def stories(story_index, make_story, make_organisation, organisation):
    aceh = make_organisation(slug="oms-aceh", title="OMS Aceh", regency_code="11.01")
    first = make_story("Cerita Semarang", summary="Dari Semarang.", sdgs=[SDG.objects.get(number=6)])
    second = make_story("Cerita Aceh", parent=aceh, summary="Dari Aceh.")
    third = make_story("Cerita Nasional", parent=story_index, organisation=aceh, regency=aceh.regency,
                       summary="Tentang Aceh.")
    make_story("Draf", live=False)
    return first, second, third


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for tag in ("title", "link", "description"):
        assert channel.findtext(tag)
    items = channel.findall("item")
    for item in items:
        link = item.findtext("link")
        assert urlparse(link).scheme == "http" and urlparse(link).netloc, link
        assert item.findtext("pubDate") and item.findtext("title")
    return [item.findtext("title") for item in items]


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for tag in ("title", "id", "updated"):
        assert root.findtext(f"{ATOM}{tag}")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")
        assert urlparse(entry.find(f"{ATOM}link").get("href")).netloc
    return [entry.findtext(f"{ATOM}title") for entry in entries]


def test_all_stories_feed(client, stories):
    first, second, third = stories
    titles = rss_items(client.get(reverse("editorial:feed_rss")))
    assert titles == ["Cerita Nasional", "Cerita Aceh", "Cerita Semarang"]  # newest first, no draft
    assert atom_entries(client.get(reverse("editorial:feed_atom"))) == titles
    channel = ET.fromstring(client.get(reverse("editorial:feed_rss")).content).find("channel")
    item = channel.find("item")
    assert item.findtext("link").endswith(third.url)
    assert item.findtext("description") == "Tentang Aceh."


def test_organisation_and_province_feeds(client, stories, organisation):
    assert rss_items(client.get(reverse("editorial:organisation_feed_rss", args=["oms-aceh"]))) == [
        "Cerita Nasional", "Cerita Aceh"]
    assert atom_entries(client.get(reverse("editorial:organisation_feed_atom", args=[organisation.slug]))) == [
        "Cerita Semarang"]
    assert rss_items(client.get(reverse("editorial:province_feed_rss", args=["aceh"]))) == [
        "Cerita Nasional", "Cerita Aceh"]
    assert atom_entries(client.get(reverse("editorial:province_feed_atom", args=["jawa-tengah"]))) == [
        "Cerita Semarang"]
    assert client.get(reverse("editorial:organisation_feed_rss", args=["tidak-ada"])).status_code == 404
    assert client.get(reverse("editorial:province_feed_atom", args=["atlantis"])).status_code == 404


def test_feeds_follow_the_language(client, stories):
    first = stories[0]
    english = first.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "A story from Semarang"
    english.save_revision().publish()
    with_language = reverse("editorial:feed_rss").replace("/id/", "/en/")
    assert rss_items(client.get(with_language)) == ["A story from Semarang"]


class MetaParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)


def share_meta(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = MetaParser()
    parser.feed(response.content.decode())
    return parser


def share_image_bytes(client, url):
    """The bytes behind og:image: a rendition in the media storage, or a generated campaign card (a view)."""
    parsed = urlparse(url)
    if "/media/" in parsed.path:
        with default_storage.open(parsed.path.split("/media/", 1)[1]) as handle:
            return handle.read()
    response = client.get(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    return response.content


def assert_valid_share_meta(parser, page, og_type, size=(1200, 630), client=None):
    meta = {key: values[0] for key, values in parser.meta.items()}
    for key in ("og:title", "og:description", "og:url", "og:image", "og:type", "og:site_name", "og:locale"):
        assert meta.get(key), key
    assert meta["og:type"] == og_type
    assert meta["og:title"] == page.title
    assert urlparse(meta["og:url"]).scheme in ("http", "https") and meta["og:url"].endswith(page.url)
    assert "<" not in meta["og:description"] and len(meta["og:description"]) <= 200
    # WhatsApp: an absolute JPEG URL, 1200x630, small enough to be fetched and shown.
    image_url = urlparse(meta["og:image"])
    assert image_url.scheme == "http" and image_url.netloc and image_url.path.endswith(".jpg")
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == (
        str(size[0]), str(size[1]), "image/jpeg")
    data = share_image_bytes(client, meta["og:image"])
    assert len(data) < 300 * 1024
    assert PILImage.open(io.BytesIO(data)).size == size
    assert meta["twitter:card"] == "summary_large_image"
    assert any(link.get("rel") == "canonical" and link.get("href") == meta["og:url"] for link in parser.links)
    return meta


def test_share_metadata_on_stories_campaigns_and_profiles(client, make_story, make_campaign, make_image,
                                                          organisation):
    long_summary = "Warga Dusun Kali kini punya air bersih. " * 6
    story = make_story("Air Bersih", summary=long_summary[:300], hero_image=make_image("Sumur"),
                       sdgs=[SDG.objects.get(number=6)])
    meta = assert_valid_share_meta(share_meta(client, story.url), story, "article")
    assert meta["og:locale"] == "id_ID"
    assert meta["og:description"].startswith("Warga Dusun Kali kini punya air bersih.")
    assert meta["article:published_time"].startswith(str(story.first_published_at.year))
    parser = share_meta(client, story.url)
    assert "6. " in parser.meta["article:tag"][0]

    # A campaign shares its generated card (campaigns/sharing.py: photo, title, progress).
    campaign = make_campaign(title="Sumur untuk Dusun Kali", hero_image=make_image("Kampanye"))
    meta = assert_valid_share_meta(share_meta(client, campaign.url), campaign, "website", client=client)
    assert urlparse(meta["og:image"]).path == reverse("campaigns:og_image", kwargs={"pk": campaign.pk})

    # A profile with only a logo shares the logo whole (never cropped), on white.
    organisation.logo = make_image("Logo", size=(800, 800))
    organisation.save_revision().publish()
    assert_valid_share_meta(share_meta(client, organisation.url), organisation, "website", size=(600, 600))


def test_share_metadata_links_the_translations(client, make_story):
    story = make_story("Air Bersih")
    english = story.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Clean water"
    english.save_revision().publish()
    parser = share_meta(client, english.url)
    meta = {key: values[0] for key, values in parser.meta.items()}
    assert meta["og:locale"] == "en_GB" and meta["og:locale:alternate"] == "id_ID"
    assert meta["twitter:card"] == "summary"  # no image: no large card
    assert {"rel": "alternate", "hreflang": "id", "href": "http://testserver" + story.url} in parser.links


def test_sitemap_lists_both_languages(client, stories):
    first = stories[0]
    english = first.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "A story from Semarang"
    english.save_revision().publish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locations = {url.findtext("s:loc", namespaces=ns): url for url in root.findall("s:url", ns)}
    # Absolute URLs on the host the request came to (lokadaya/site_url.py), not Wagtail's localhost.
    first_url, english_url = "http://testserver" + first.url, "http://testserver" + english.url
    assert first_url in locations and english_url in locations
    assert not any("localhost" in loc for loc in locations)
    assert not any(loc.endswith("/draf/") for loc in locations)
    alternates = {link.get("hreflang"): link.get("href")
                  for link in locations[first_url].findall("x:link", ns)}
    assert alternates == {"id": first_url, "en": english_url}
    # Pages carry their last change; region and network pages have none to give.
    assert all(datetime.date.fromisoformat(locations[url].findtext("s:lastmod", namespaces=ns))
               for url in (first_url, english_url))
