"""The English site shows no Indonesian interface text.

The demo content (``seed_demo --records 2``, in both languages) is crawled from ``/en/``, following
internal ``/en/`` links (public GET pages only, up to ``LIMIT`` pages). The visible text of each
page is compared with the Indonesian translations (msgstr) of every catalogue of the project
(``**/locale/id/LC_MESSAGES/django.po``): a text that is the Indonesian translation of a different
English msgid means a string reached the English page untranslated-back (hard-coded Indonesian,
data stored in Indonesian, or rendered in the wrong language). Proper nouns (region and OMS
names) and words that are also English msgids ("Total", "Status", "OMS") are not counted.
"""
import io
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 120
#: Paths that are not pages to read: feeds, files, forms' per-visitor steps, the admin.
SKIP = re.compile(r"\.(rss|atom|xml|pdf|png|jpe?g|webp|avif|svg|csv)$|^/(admin|django-admin|documents|media|static)/"
                  r"|/(og|poster)[-/]|/cari/saran/|/kabar/berhenti/|/forum/berhenti/")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{?\s*\w+\s*\}?\}")
#: Substrings are matched only for catalogue texts this long (in words): a single word is too often a name.
MIN_WORDS_IN_TEXT = 3


def catalogue_files():
    return sorted(path for path in ROOT.glob("**/locale/id/LC_MESSAGES/django.po")
                  if ".venv" not in path.parts and "node_modules" not in path.parts)


COUNT = re.compile(r"%\((n|count|number|total)\)[sd]|%d|\{\{?\s*(n|count)\s*\}?\}")


def _pattern(msgstr):
    """A regex for a msgstr: counts match numbers only, other placeholders any text."""
    pattern, position = "", 0
    for match in PLACEHOLDER.finditer(msgstr):
        pattern += re.escape(msgstr[position:match.start()])
        pattern += r"[\d.,]+" if COUNT.fullmatch(match.group()) else r".+?"
        position = match.end()
    return pattern + re.escape(msgstr[position:])


def indonesian_texts():
    """``[(pattern, msgstr, msgid, catalogue)]``: Indonesian msgstrs that differ from their msgid."""
    entries, english = [], set()
    for path in catalogue_files():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            english.add(" ".join(entry.msgid.split()).casefold())
            if entry.msgid_plural:
                english.add(" ".join(entry.msgid_plural.split()).casefold())
            if "fuzzy" in entry.flags:
                continue
            translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
            for msgstr in translations:
                msgstr = " ".join(msgstr.split())
                if msgstr and msgstr != " ".join(entry.msgid.split()):
                    entries.append((msgstr, entry.msgid, str(path.relative_to(ROOT))))
    found = []
    for msgstr, msgid, catalogue in entries:
        if msgstr.casefold() in english or not re.search(r"[^\W\d_]{2}", PLACEHOLDER.sub("", msgstr)):
            continue
        pattern = _pattern(msgstr)
        whole = re.compile(rf"^{pattern}$", re.IGNORECASE)
        words = len(PLACEHOLDER.sub("", msgstr).split())
        inside = re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE) if words >= MIN_WORDS_IN_TEXT else None
        found.append((whole, inside, msgstr, msgid, catalogue))
    return found


class VisibleText(HTMLParser):
    """The text a visitor reads (not scripts, styles or templates), one string per text node; and links."""

    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._hidden:
            self.texts.append(text)


def proper_nouns():
    """Names that are the same in both languages: provinces, kabupaten/kota, kecamatan, OMS, SDG short names."""
    from partners.models import OrganisationPage
    from regions.models import Province, Regency

    names = set(Province.objects.values_list("name", flat=True)) | set(Regency.objects.values_list("name", flat=True))
    names |= set(OrganisationPage.objects.values_list("title", flat=True))
    return {name.casefold() for name in names}


def crawl(client, start="/en/", limit=LIMIT):
    """``{path: [visible texts]}`` of up to ``limit`` public /en/ pages reachable from ``start``."""
    seen, queue, pages = {start}, deque([start]), {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        pages[path] = parser.texts
        for href in parser.links:
            href, _fragment = urldefrag(href)
            parts = urlsplit(href)
            if parts.netloc and parts.netloc != "testserver":
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target.startswith("/en/") and not SKIP.search(parts.path) and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages


WORD = re.compile(r"\w+")


def _key_word(msgstr):
    """The longest word every text matching ``msgstr`` contains whole, lower-cased; None if none."""
    spans, position = [], 0
    for match in PLACEHOLDER.finditer(msgstr):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(msgstr)))
    words = []
    for first, last in spans:
        for word in WORD.finditer(msgstr, first, last):
            # A word touching a placeholder could be glued to the text that fills it.
            if (word.start() > first or first == 0) and (word.end() < last or last == len(msgstr)):
                words.append(word.group().lower())
    return max(words, key=len) if words else None


def indonesian_on(pages, texts, nouns):
    """``[(path, text, msgstr, msgid, catalogue)]``: visible texts that are Indonesian catalogue strings.

    Each catalogue text is indexed by its longest whole word, so a visible text is matched only
    against the entries whose word it contains (and the few without one), not against all of them.
    """
    by_word, everywhere = {}, []
    for order, entry in enumerate(texts):
        word = _key_word(entry[2])
        (by_word.setdefault(word, []) if word else everywhere).append((order, entry))
    problems = []
    for path, visible in pages.items():
        for text in visible:
            if text.casefold() in nouns:
                continue
            candidates = list(everywhere)
            for word in set(WORD.findall(text.lower())):
                candidates.extend(by_word.get(word, ()))
            for _order, (whole, inside, msgstr, msgid, catalogue) in sorted(candidates, key=lambda c: c[0]):
                if whole.match(text) or (inside is not None and inside.search(text)):
                    problems.append((path, text, msgstr, msgid, catalogue))
                    break
    return problems


def test_the_catalogue_check_finds_indonesian_text():
    """The check itself: an Indonesian msgstr is found, English text and names are not."""
    texts = indonesian_texts()
    assert texts, "no Indonesian catalogue entries found"
    whole, _inside, msgstr, msgid, _catalogue = next(t for t in texts if not PLACEHOLDER.search(t[2]))
    pages = {"/en/x/": [msgstr, msgid, "Jawa Tengah"]}
    found = indonesian_on(pages, texts, {"jawa tengah"})
    assert [problem[1] for problem in found] == [msgstr]


@pytest.mark.django_db
def test_english_pages_show_no_indonesian_interface_text(client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    call_command("seed_demo", "--records", "2", "--no-admin", stdout=io.StringIO())
    pages = crawl(client)
    assert len(pages) >= 20, f"the crawl reached only {sorted(pages)}"
    assert any(path.startswith("/en/wilayah/") for path in pages)
    problems = indonesian_on(pages, indonesian_texts(), proper_nouns())
    report = "\n".join(f"{path}: {text!r} is the Indonesian of {msgid!r} ({catalogue})"
                       for path, text, _msgstr, msgid, catalogue in problems[:80])
    assert not problems, f"{len(problems)} Indonesian text(s) on the English site:\n{report}"
