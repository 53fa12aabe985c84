"""The widgets an OMS puts on its own website (widgets/): the campaign card and its figures, its
closed state, the 404 card, a province's initiatives, the one-line script, oEmbed, framing and
cookie headers, the purge of a card when its campaign changes, and the editor's embed-code panel."""
import datetime
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import GroupPagePermission, Locale, Page, PageViewRestriction, Site

from campaigns.models import CampaignPage
from editorial.gate import publishing_without_review
from lokadaya.testing import module_transaction
from plugins.donation.models import Donation, Payment

DONATION = ("donation", {"title": "Donasi sumur bor", "description": "", "target": Decimal("1000000"),
                         "minimum": Decimal("10000"), "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Petisi air bersih", "description": "Dukung kami.", "decision_maker": "Wali Kota",
                         "demand": "Perbaiki saluran air.", "goal": 100})
SEMARANG = "33.74"   # Kota Semarang, Jawa Tengah (province 33)
BANDUNG = "32.73"    # Kota Bandung, Jawa Barat (province 32)
PASSWORD = "rahasia-123"


class World(dict):
    __getattr__ = dict.__getitem__


def _image(title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (960, 540), (11, 110, 79)).save(buffer, "JPEG", quality=80)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.jpg"))


def _home():
    from home.models import HomePage

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
    home = HomePage.objects.filter(locale__language_code="id").first()
    if home is None:
        home = HomePage(title="Lokadaya", slug="home", hero_title="Memacu keberdayaan lokal")
        root.add_child(instance=home)
        home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Lokadaya")
    if not HomePage.objects.filter(locale__language_code="en").exists():
        english = home.copy_for_translation(Locale.objects.get(language_code="en"))
        english.save_revision().publish()
    return home


def _organisation(index, slug, regency_code):
    from partners.models import OrganisationPage
    from regions.models import Regency

    page = OrganisationPage(title=slug.replace("-", " ").title(), slug=slug, regency=Regency.objects.get(code=regency_code),
                            email=f"{slug}@contoh.id", summary="OMS contoh", is_verified=True)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _campaign(parent, slug, title, asks, live=True, **fields):
    today = timezone.localdate()
    fields.setdefault("start_date", today - datetime.timedelta(days=5))
    fields.setdefault("end_date", today + datetime.timedelta(days=20))
    page = CampaignPage(title=title, slug=slug, summary=f"Ringkasan {title}.", asks=list(asks), live=live, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def donate(campaign, amount):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed")
    ask = next(a for a in campaign.get_asks() if a.type_key == "donation")
    return Donation.objects.create(campaign=campaign, ask_id=ask.id, amount=Decimal(amount), payment=payment,
                                   name="Siti", email="siti@contoh.id", status=Donation.Status.CONFIRMED,
                                   received_amount=Decimal(amount))


def _editor(organisation, username):
    group = Group.objects.create(name=f"Editor {organisation.title}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=group, page=organisation, permission=Permission.objects.get(
            codename=codename, content_type__app_label="wagtailcore"))
    user = get_user_model().objects.create_user(username, password=PASSWORD, email=f"{username}@contoh.id")
    user.groups.add(group)
    return user


def build_world():
    from partners.models import OrganisationIndexPage

    home = _home()
    index = OrganisationIndexPage(title="Mitra", slug="mitra")
    home.add_child(instance=index)
    index.save_revision().publish()
    oms = _organisation(index, "oms-air-bersih", SEMARANG)
    other = _organisation(index, "oms-lain", BANDUNG)
    today = timezone.localdate()
    well = _campaign(oms, "sumur-bor", "Sumur Bor Tembalang", [PETITION, DONATION], hero_image=_image("Sumur"))
    donate(well, 250_000)
    donate(well, 150_000)
    ended = _campaign(oms, "kampanye-lama", "Kampanye Lama", [DONATION],
                      start_date=today - datetime.timedelta(days=60), end_date=today - datetime.timedelta(days=2))
    petition = _campaign(oms, "petisi-saja", "Petisi Saluran Air", [PETITION])
    draft = _campaign(oms, "draf", "Kampanye Draf", [DONATION], live=False)
    private = _campaign(oms, "rahasia", "Kampanye Tertutup", [DONATION])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    elsewhere = _campaign(other, "di-bandung", "Kampanye Bandung", [DONATION])
    return World(home=home, oms=oms, other=other, well=well, ended=ended, petition=petition, draft=draft,
                 private=private, elsewhere=elsewhere, editor=_editor(oms, "editor-air"),
                 other_editor=_editor(other, "editor-lain"))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with (module_transaction(django_db_blocker), translation.override("id"),
          publishing_without_review("tests/test_widgets.py world")):
        yield build_world()


@pytest.fixture
def w(world, db):
    return world


def card(client, campaign_id, lang=None, **extra):
    query = f"?lang={lang}" if lang else ""
    return client.get(f"/embed/kampanye/{campaign_id}/{query}", **extra)


class Parsed(HTMLParser):
    """Links, progress bars and texts by class, of a widget page."""

    def __init__(self, html):
        super().__init__()
        self.links, self.progress, self.scripts, self.styles, self.images = [], [], [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs)
        elif tag == "progress":
            self.progress.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)
        elif tag == "img":
            self.images.append(attrs)
        if "style" in attrs:
            self.styles.append((tag, attrs))


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- the campaign card --------------------------------------------------------------------------

def test_the_card_shows_the_campaign_pages_figures(w, client):
    response = card(client, w.well.pk)
    assert response.status_code == 200
    html = response.content.decode()
    body = text(html)
    assert w.well.title in body and w.oms.title in body
    # Raised of target as the campaign page writes it, its percentage and the supporters.
    assert "Rp 400.000" in body and "Rp 1.000.000" in body, body
    with translation.override("id"):
        assert gettext("raised of %(target)s") % {"target": "Rp 1.000.000"} in body
        assert f"40% {gettext('of target')}" in body
        assert f"2 {gettext('supporters')}" in body
        days = w.well.end_date - timezone.localdate()
        assert ngettext("%(days)s day left", "%(days)s days left", days.days) % {"days": days.days} in body
    parsed = Parsed(html)
    assert [p["value"] for p in parsed.progress] == ["40"]
    # The donate button: the money ask's pledge page (not the petition's, first in the editor), in a new tab.
    with translation.override("id"):
        buttons = [a for a in parsed.links if "lw-btn" in a.get("class", "")]
        assert len(buttons) == 1
        ask = next(a for a in w.well.get_asks() if a.type_key == "donation")
        assert urlsplit(buttons[0]["href"]).path == w.well.pledge_url(ask)
        assert buttons[0]["href"].startswith("http"), "an absolute link: the card lives on another site"
    assert all(a.get("target") == "_blank" and a.get("rel") == "noopener" for a in parsed.links), parsed.links
    # A small cover, no inline style or script (the CSP has no nonce for it), light.
    assert parsed.images and "fill-480x270" in parsed.images[0]["src"]
    assert not parsed.styles and all(s.get("src") for s in parsed.scripts)
    assert len(response.content) < 6000, len(response.content)


def test_the_card_counts_a_new_donation(w, client):
    """Live figures: the page cache keeps the card, and a pledge re-renders it."""
    first = card(client, w.well.pk)
    assert "Rp 400.000" in text(first.content.decode())
    again = card(client, w.well.pk)
    assert again["X-Page-Cache"] == "hit", "the card is kept like the campaign page"
    donate(w.well, 100_000)
    after = text(card(client, w.well.pk).content.decode())
    assert "Rp 500.000" in after and "50%" in after, after


def test_the_card_is_cached_briefly(w, client):
    response = card(client, w.well.pk)
    control = response["Cache-Control"]
    assert "public" in control and "max-age=0" in control, control
    seconds = int(re.search(r"s-maxage=(\d+)", control).group(1))
    assert seconds <= 60, control
    assert response["ETag"]
    assert client.get(f"/embed/kampanye/{w.well.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_card_in_english_uses_the_english_interface(w, client):
    response = card(client, w.well.pk, "en")
    assert response.status_code == 200 and response["Content-Language"] == "en"
    body = text(response.content.decode())
    assert "raised of Rp 1,000,000" in body and "Donate now" in body, body


def test_an_ended_campaign_shows_its_closed_state(w, client):
    response = card(client, w.ended.pk)
    assert response.status_code == 200
    html = response.content.decode()
    verdict = w.ended.support_verdict()
    assert not verdict.open
    with translation.override("id"):
        assert str(verdict.message) in html
        buttons = [a for a in Parsed(html).links if "lw-btn" in a.get("class", "")]
        # No donate button: one link to the campaign page.
        assert len(buttons) == 1 and urlsplit(buttons[0]["href"]).path == w.ended.url
        assert gettext("See the campaign") in text(html)
        assert gettext("Donate now") not in text(html)


def test_a_frozen_campaign_shows_the_moderators_state_at_once(w, client):
    from reports.models import CampaignStanding

    with translation.override("id"):
        assert gettext("Sign the petition") in text(card(client, w.petition.pk).content.decode())
    CampaignStanding.objects.create(campaign=w.petition, state=CampaignStanding.State.FROZEN)
    html = card(client, w.petition.pk).content.decode()
    with translation.override("id"):
        assert str(w.petition.support_verdict().message) in html
        assert gettext("Sign the petition") not in text(html)


def test_a_campaign_without_money_offers_its_first_asks_button(w, client):
    html = card(client, w.petition.pk).content.decode()
    parsed = Parsed(html)
    buttons = [a for a in parsed.links if "lw-btn" in a.get("class", "")]
    ask = w.petition.get_asks()[0]
    assert len(buttons) == 1 and urlsplit(buttons[0]["href"]).path == w.petition.pledge_url(ask)
    with translation.override("id"):
        assert gettext("Sign the petition") in text(html)
        assert "/ 100" in text(html)  # signatures of the goal, not rupiah
    assert "Rp" not in text(html)


@pytest.mark.parametrize("which", ["draft", "private", "unknown"])
def test_a_draft_private_or_unknown_campaign_is_a_404_card(w, client, which):
    pk = {"draft": w.draft.pk, "private": w.private.pk, "unknown": 987654}[which]
    response = card(client, pk)
    assert response.status_code == 404
    html = response.content.decode()
    with translation.override("id"):
        assert gettext("Campaign not found") in html
    assert "Kampanye Draf" not in html and "Kampanye Tertutup" not in html
    assert "frame-ancestors *" in response["Content-Security-Policy"]


def test_unpublishing_a_campaign_purges_its_card(w, client):
    assert card(client, w.elsewhere.pk).status_code == 200
    assert card(client, w.elsewhere.pk)["X-Page-Cache"] == "hit"
    w.elsewhere.unpublish()
    assert card(client, w.elsewhere.pk).status_code == 404


# -- the province widget ---------------------------------------------------------------------

def test_the_province_widget_lists_its_active_initiatives(w, client):
    response = client.get("/embed/provinsi/33/")
    assert response.status_code == 200
    html = response.content.decode()
    body = text(html)
    assert w.well.title in body and w.petition.title in body
    # Not the ended one, the draft, the private one, nor another province's.
    for page in (w.ended, w.draft, w.private, w.elsewhere):
        assert page.title not in body, page.title
    # Newest first, each with its progress and link; then the province page.
    assert body.index(w.petition.title) < body.index(w.well.title)
    assert len(Parsed(html).progress) == 2
    links = [urlsplit(a["href"]).path for a in Parsed(html).links]
    assert w.well.url in links and w.petition.url in links
    with translation.override("id"):
        from regions.models import Province

        assert Province.objects.get(code="33").get_absolute_url() in links
    assert "Rp 400 rb" in body or "Rp 400" in body, body
    assert client.get("/embed/provinsi/32/").status_code == 200
    assert w.elsewhere.title in text(client.get("/embed/provinsi/32/").content.decode())


def test_an_unknown_province_is_a_404_card(w, client):
    response = client.get("/embed/provinsi/99/")
    assert response.status_code == 404
    with translation.override("id"):
        assert gettext("Province not found") in response.content.decode()


# -- the one-line script ---------------------------------------------------------------------

def test_the_script_is_small_and_static(w, client):
    response = client.get("/embed/v1.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert len(response.content) <= 15 * 1024, len(response.content)
    body = response.content.decode()
    # Its checks: the frame's messages are taken only from the site's origin and from its own frame.
    assert "event.origin !== origin" in body and "event.source !== frame.contentWindow" in body
    assert "/*TITLES*/{}" not in body
    for lang in ("id", "en"):
        with translation.override(lang):
            assert json.dumps(gettext("Campaign on Lokadaya"), ensure_ascii=False) in body
    # Nothing from another host, no cookie, no storage.
    assert not re.search(r"document\.cookie|localStorage|sessionStorage|https?://", body.split("*/", 1)[1])
    assert "max-age" in response["Cache-Control"]
    assert client.get("/embed/v1.js", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


# -- headers: no cookies, framing ------------------------------------------------------------

def widget_responses(w, client):
    return {
        "card": card(client, w.well.pk),
        "card-en": card(client, w.well.pk, "en"),
        "card-closed": card(client, w.ended.pk),
        "card-404": card(client, 987654),
        "province": client.get("/embed/provinsi/33/?lang=en"),
        "province-404": client.get("/embed/provinsi/99/"),
        "script": client.get("/embed/v1.js"),
        "oembed": client.get("/oembed/", {"url": "http://localhost" + w.well.url}),
        "oembed-404": client.get("/oembed/", {"url": "http://localhost/id/tidak-ada/"}),
        "oembed-400": client.get("/oembed/"),
    }


def test_no_widget_response_sets_a_cookie(w):
    # A visitor who already has the site's cookies (the language switch, a CSRF token) too.
    for visitor in (Client(), Client(HTTP_ACCEPT_LANGUAGE="en")):
        visitor.cookies["django_language"] = "en"
        visitor.cookies["csrftoken"] = "x" * 32
        for name, response in widget_responses(w, visitor).items():
            assert "Set-Cookie" not in response, (name, response.cookies)
            assert not response.cookies, (name, response.cookies)


def test_only_embed_pages_may_be_framed(w, client):
    for name, response in widget_responses(w, client).items():
        if name.startswith(("card", "province")):
            policy = response["Content-Security-Policy"]
            assert "frame-ancestors *" in policy, (name, policy)
            assert "X-Frame-Options" not in response, name
            # The rest of the strict public policy stays.
            assert "script-src 'self'" in policy and "object-src 'none'" in policy
    normal = client.get(w.well.url)
    assert normal.status_code == 200
    assert "frame-ancestors 'none'" in normal["Content-Security-Policy"]
    assert normal["X-Frame-Options"] == "DENY"
    oembed = client.get("/oembed/", {"url": "http://localhost" + w.well.url})
    assert "frame-ancestors *" not in oembed.get("Content-Security-Policy", "")


def test_the_language_comes_from_the_url_not_the_browser(w, client):
    """An English browser gets the card in the campaign's language, and the same cached copy."""
    english_browser = card(client, w.well.pk, HTTP_ACCEPT_LANGUAGE="en")
    assert english_browser["Content-Language"] == "id"
    with translation.override("id"):
        assert gettext("supporters") in english_browser.content.decode()


# -- oEmbed ----------------------------------------------------------------------------------

def test_oembed_answers_for_a_campaign_page(w, client):
    url = "http://localhost" + w.well.url + "?utm_source=wa"
    response = client.get("/oembed/", {"url": url, "format": "json", "maxwidth": "320"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == w.well.title and data["provider_name"] == "Lokadaya"
    assert data["provider_url"].startswith("http") and data["author_name"] == w.oms.title
    assert data["width"] == 320 and isinstance(data["height"], int) and data["height"] > 0
    iframe = re.search(r'<iframe src="([^"]+)"[^>]* width="(\d+)" height="(\d+)"', data["html"])
    src = iframe.group(1).replace("&amp;", "&")
    assert urlsplit(src).path == f"/embed/kampanye/{w.well.pk}/" and parse_qs(urlsplit(src).query)["lang"] == ["id"]
    assert int(iframe.group(2)) <= 320
    assert client.get(urlsplit(src).path + "?" + urlsplit(src).query).status_code == 200
    assert "thumbnail_url" not in data  # the 480-pixel thumbnail is wider than maxwidth
    full = json.loads(client.get("/oembed/", {"url": url}).content)
    assert full["thumbnail_url"].startswith("http") and full["thumbnail_width"] == 480
    assert client.get("/oembed/", {"url": url, "maxheight": "200"}).json()["height"] == 200


@pytest.mark.parametrize("params, status", [
    ({}, 400),
    ({"url": "not a url"}, 400),
    ({"url": "ftp://localhost/id/x/"}, 400),
    ({"url": "https://example.org/id/mitra/oms-air-bersih/sumur-bor/"}, 404),
    ({"url": "http://localhost/id/mitra/oms-air-bersih/tidak-ada/"}, 404),
    ({"url": "http://localhost/id/mitra/oms-air-bersih/draf/"}, 404),
    ({"url": "http://localhost/id/mitra/oms-air-bersih/"}, 404),  # a page, but not a campaign
    ({"url": "http://localhost/id/mitra/oms-air-bersih/sumur-bor/", "format": "xml"}, 501),
    ({"url": "http://localhost/id/mitra/oms-air-bersih/sumur-bor/", "maxwidth": "-3"}, 400),
])
def test_oembed_errors_are_clear_json(w, client, params, status):
    assert w.well.url == "/id/mitra/oms-air-bersih/sumur-bor/"
    response = client.get("/oembed/?" + urlencode(params))
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["error"]


def test_campaign_pages_name_their_oembed_answer(w, client):
    """Discovery: the campaign page's head links to its oEmbed answer (the lead's edit of campaign_page.html)."""
    html = client.get(w.well.url).content.decode()
    link = re.search(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html)
    assert link, "no oEmbed discovery link in the campaign page's head"
    href = link.group(1).replace("&amp;", "&")
    response = client.get(urlsplit(href).path + "?" + urlsplit(href).query)
    assert response.status_code == 200 and response.json()["title"] == w.well.title


# -- the editor's panel ----------------------------------------------------------------------

def test_the_embed_code_panel_shows_in_the_campaigns_editor(w):
    client = Client()
    client.force_login(w.editor)
    response = client.get(f"/admin/pages/{w.well.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-embed-code" in html and "widgets/admin/embed-code.js" in html
    assert f'data-lokadaya-campaign="{w.well.pk}"' in html.replace("&quot;", '"')
    assert f"/embed/kampanye/{w.well.pk}/?lang=en" in html
    with translation.override("id"):
        assert gettext("Embed on your website") in html


def test_another_oms_editor_cannot_open_the_campaigns_editor(w):
    client = Client()
    client.force_login(w.other_editor)
    response = client.get(f"/admin/pages/{w.well.pk}/edit/")
    assert response.status_code in (302, 403, 404)
    assert "data-embed-code" not in response.content.decode()


def test_the_panel_renders_both_languages_codes(w, rf):
    from widgets.panels import EmbedCodePanel

    request = rf.get("/admin/")
    request.user = w.editor
    bound = EmbedCodePanel().bind_to_model(CampaignPage).get_bound_panel(instance=w.well, request=request, form=None)
    html = bound.render_html()
    for lang in ("id", "en"):
        assert f"/embed/kampanye/{w.well.pk}/?lang={lang}" in html
        assert f'data-lang=&quot;{lang}&quot;' in html
    assert "&lt;iframe" in html and "/embed/v1.js" in html
    unsaved = EmbedCodePanel().bind_to_model(CampaignPage).get_bound_panel(
        instance=CampaignPage(title="Baru"), request=request, form=None).render_html()
    assert "/embed/" not in unsaved
