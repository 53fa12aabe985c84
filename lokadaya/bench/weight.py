"""Page weight: the bytes of HTML, CSS and JS a page costs a visitor, compressed as they are sent.

The HTML is measured as Django sends it (GZipMiddleware); each local stylesheet and script the page
references is gzipped as whitenoise pre-compresses it for production. Images are counted apart:
their budget is per image, on a phone (see tests/test_page_weight.py).
"""
import gzip
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.css, self.js = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.css.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.js.append(attrs["src"])


@dataclass
class PageWeight:
    html: int
    css: dict = field(default_factory=dict)  # url -> compressed bytes
    js: dict = field(default_factory=dict)

    @property
    def total(self):
        return self.html + sum(self.css.values()) + sum(self.js.values())


def static_file_bytes(url):
    """The gzipped size of a local static file, or ``None`` when the URL is not one of ours."""
    path = urlparse(url).path
    if not path.startswith(settings.STATIC_URL):
        return None
    found = finders.find(path[len(settings.STATIC_URL):])
    if not found:
        return None
    with open(found, "rb") as handle:
        return len(gzip.compress(handle.read(), compresslevel=9))


def measure(client, url):
    """Fetch ``url`` with the Django test client as a browser accepting gzip; weigh it and its assets."""
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    if response.status_code != 200:
        raise ValueError(f"{url} answered {response.status_code}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    weight = PageWeight(html=len(body))
    for kind, urls in (("css", parser.css), ("js", parser.js)):
        for asset in urls:
            size = static_file_bytes(asset)
            if size is None:
                raise ValueError(f"{url} loads {asset}, which is not a local static file")
            getattr(weight, kind)[asset] = size
    weight.compressed = response.get("Content-Encoding") == "gzip"
    return weight
