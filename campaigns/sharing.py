"""Sharing a campaign: absolute URLs, share links, its Open Graph card and its printable A4 poster.

- ``share_links(url, text)``: the share targets people in Indonesia use, WhatsApp first; the
  template ``includes/share.html`` draws them (plain links: they work without JavaScript).
- ``og_image`` (``campaigns:og_image``): a 1200x630 JPEG of the campaign's cover photo, title and
  money progress, the image WhatsApp and Facebook show with a shared link. It is drawn with Pillow
  once per state of the campaign: the file in ``default_storage`` under ``og/`` is named by a hash
  of what it shows (title, cover, raised, target, language), so a new donation draws a new card and
  the old one is removed.
- ``poster`` (``campaigns:poster``): an A4 PDF (drawn at 150 dpi, saved by Pillow) with the cover,
  title, summary, OMS, money progress and a large QR code of the campaign's address, for notice
  boards of mosques, posyandu and RT meetings. Cached the same way under ``poster/``.

Both answer only for live, public campaigns (404 for drafts and private pages) and are drawn in
the campaign's own language, whatever the request's.
"""
import hashlib
import io
import logging
import re
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lokadaya.money import format_rupiah, percentage
from lokadaya.site_url import absolute_url as site_absolute_url
from lokadaya.site_url import page_full_url

logger = logging.getLogger(__name__)

#: Bump when the drawing changes, so every cached card and poster is drawn again.
DESIGN_VERSION = "1"
OG_SIZE = (1200, 630)
#: A4 at 150 dpi: 8.27 x 11.69 inches. Pillow writes the PDF page as pixels / dpi * 72 points.
POSTER_DPI = 150
POSTER_SIZE = (1240, 1754)
#: Crawlers and browsers may keep a card for an hour; the URL's ``?v=`` changes when it does.
MAX_AGE = 3600

BRAND = (11, 110, 79)          # --brand of static/css/lokadaya.css
BRAND_DARK = (8, 76, 55)
INK = (29, 36, 48)
MUTED = (74, 85, 101)
TRACK = (217, 222, 229)
WHITE = (255, 255, 255)

#: Bold then regular fonts tried first; Pillow's embedded font when none is installed.
FONT_FILES = {
    True: ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
           "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"],
    False: ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"],
}


# -- absolute URLs and share links ---------------------------------------------------------------

def absolute_url(url, request=None):
    """``url`` made absolute on the public site's address (``lokadaya.site_url``, the one rule)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_absolute_url(url, request)


def page_absolute_url(page, request=None):
    return page_full_url(page, request)


def share_links(url, text=""):
    """``[(key, label, href)]``: WhatsApp first (most shared links in Indonesia travel there).

    No tracking parameters are added: the shared address is the page's own.
    """
    text = str(text or "")
    whatsapp = f"{text}\n{url}" if text else url
    return [
        ("whatsapp", "WhatsApp", "https://wa.me/?" + urlencode({"text": whatsapp}, quote_via=quote)),
        ("facebook", "Facebook",
         "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}, quote_via=quote)),
        ("x", "X", "https://x.com/intent/post?" + urlencode({"text": text, "url": url}, quote_via=quote)),
        ("telegram", "Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": text}, quote_via=quote)),
    ]


# -- what a card shows -----------------------------------------------------------------------------

def money_progress(campaign, progress_rows=None):
    """``{"raised", "target", "percent", "supporters"}`` across the campaign's asks (Decimal rupiah).

    Raised is the campaign's money total (``CampaignPage.totals``); the target is the sum of its
    money asks' targets (0 when it asks for no money).
    """
    rows = campaign.get_progress() if progress_rows is None else progress_rows
    totals = campaign.totals(rows)
    raised = Decimal(totals["money"] or 0)
    target = sum((Decimal(p.target or 0) for _a, _t, p in rows if p and p.is_money), start=Decimal(0))
    return {"raised": raised, "target": target, "percent": percentage(raised, target),
            "supporters": totals["supporters"]}


def _language(campaign):
    return campaign.locale.language_code if campaign.locale_id else settings.LANGUAGE_CODE


def card_version(campaign, progress_rows=None, extra=""):
    """A short hash of everything a card or poster shows: it names the cached file and is the ETag."""
    money = money_progress(campaign, progress_rows)
    parts = [DESIGN_VERSION, campaign.pk, campaign.title, campaign.hero_image_id or "", money["raised"],
             money["target"], money["supporters"], _language(campaign), extra]
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:20]


def og_image_url(campaign, request=None, progress_rows=None):
    """The absolute URL of the campaign's card, with its version (crawlers re-fetch when it moves).

    None when the URLs are not mounted (``campaigns.urls`` missing from the root URLconf): the
    page then shares its cover photo rather than failing.
    """
    try:
        path = reverse("campaigns:og_image", kwargs={"pk": campaign.pk})
    except NoReverseMatch:
        return None
    return absolute_url(f"{path}?v={card_version(campaign, progress_rows)[:12]}", request)


# -- drawing ------------------------------------------------------------------------------------

def _font(size, bold=False):
    from PIL import ImageFont

    for name in FONT_FILES[bold]:
        if Path(name).exists():
            try:
                return ImageFont.truetype(name, size)
            except OSError:  # an unreadable font file: try the next one
                continue
    return ImageFont.load_default(size=size)


def _wrap(draw, text, font, width, max_lines):
    """Lines of ``text`` fitting ``width`` pixels, at most ``max_lines``, the last one ellipsised."""
    words = " ".join(str(text or "").split()).split(" ")
    lines, current = [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    # A single word wider than the line (a long URL): cut it by characters.
    fitted = []
    for line in lines:
        while draw.textlength(line, font=font) > width and len(line) > 1:
            cut = len(line)
            while cut > 1 and draw.textlength(line[:cut], font=font) > width:
                cut -= 1
            fitted.append(line[:cut])
            line = line[cut:]
        fitted.append(line)
    if len(fitted) > max_lines:
        last = fitted[max_lines - 1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1].rstrip()
        fitted = fitted[:max_lines - 1] + [last + "…"]
    return fitted


def _wrap_url(draw, url, font, width):
    """An address over lines broken after its slashes (a word too long is cut by ``_wrap``)."""
    lines, current = [], ""
    for part in re.findall(r"[^/]*/?", url):
        if current and draw.textlength(current + part, font=font) > width:
            lines.append(current)
            current = part
        else:
            current += part
    if current:
        lines.append(current)
    return [piece for line in lines for piece in _wrap(draw, line, font, width, 99)]


def _text_block(draw, xy, lines, font, fill, line_height):
    x, y = xy
    for line in lines:
        draw.text((x, y), line, font=font, fill=fill)
        y += line_height
    return y


def _bar(draw, box, percent):
    """A rounded progress bar; a sliver shows even for 1%, and over 100% stays full."""
    x0, y0, x1, y1 = box
    radius = (y1 - y0) // 2
    draw.rounded_rectangle(box, radius=radius, fill=TRACK)
    share = max(0, min(100, percent))
    if share:
        width = max(y1 - y0, int((x1 - x0) * share / 100))
        draw.rounded_rectangle((x0, y0, x0 + width, y1), radius=radius, fill=BRAND)


def _cover(campaign, size):
    """The cover photo cropped to ``size`` (its focal point kept, through a Wagtail rendition), or None."""
    from PIL import Image

    image = campaign.hero_image
    if image is None:
        return None
    try:
        rendition = image.get_rendition(f"fill-{size[0]}x{size[1]}-c100|format-jpeg|jpegquality-90")
        with rendition.file.open("rb") as handle:
            picture = Image.open(handle)
            picture.load()
    except Exception:  # a missing or broken file must not break sharing: draw the branded card
        logger.warning("Cover of campaign %s could not be read for its share card", campaign.pk, exc_info=True)
        return None
    picture = picture.convert("RGB")
    if picture.size != tuple(size):
        from PIL import ImageOps

        picture = ImageOps.fit(picture, size)
    return picture


def _money_lines(money):
    """(big line, small line) of the money progress, or of the supporters when no money is asked."""
    if money["target"] > 0:
        return (format_rupiah(money["raised"]),
                _("raised of a %(target)s goal · %(percent)s%%") % {"target": format_rupiah(money["target"]),
                                                             "percent": money["percent"]})
    return (format_rupiah(money["supporters"], prefix=False), _("supporters"))


def render_og_image(campaign, money):
    """The 1200x630 JPEG card, as bytes."""
    from PIL import Image, ImageDraw

    width, height = OG_SIZE
    card = Image.new("RGB", OG_SIZE, WHITE)
    draw = ImageDraw.Draw(card)
    photo_width = 600
    cover = _cover(campaign, (photo_width, height))
    if cover is not None:
        card.paste(cover, (0, 0))
    else:
        # No photo yet: a branded panel, so the card still looks like Lokadaya.
        draw.rectangle((0, 0, photo_width, height), fill=BRAND)
        draw.text((photo_width // 2, height // 2), "Lokadaya", font=_font(84, bold=True), fill=WHITE, anchor="mm")
    draw.rectangle((photo_width, 0, width, 12), fill=BRAND)

    x, inner = photo_width + 48, width - photo_width - 96
    draw.text((x, 48), "Lokadaya", font=_font(30, bold=True), fill=BRAND)
    title_font = _font(46, bold=True)
    y = _text_block(draw, (x, 104), _wrap(draw, campaign.title, title_font, inner, 4), title_font, INK, 58)
    organisation = campaign.organisation
    if organisation is not None and y < 360:
        small = _font(26)
        _text_block(draw, (x, y + 10), _wrap(draw, organisation.title, small, inner, 1), small, MUTED, 32)

    big, small_line = _money_lines(money)
    draw.text((x, 440), big, font=_font(48, bold=True), fill=BRAND_DARK)
    small = _font(26)
    draw.text((x, 502), _wrap(draw, small_line, small, inner, 1)[0], font=small, fill=MUTED)
    if money["target"] > 0:
        _bar(draw, (x, 552, x + inner, 578), money["percent"])
    out = io.BytesIO()
    card.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def qr_image(url, size):
    """A QR code of ``url`` as a square black-on-white image of about ``size`` pixels (quiet zone included)."""
    import segno
    from PIL import Image

    qr = segno.make(url, error="m", micro=False)
    border = 4
    modules = len(qr.matrix) + 2 * border
    scale = max(1, size // modules)
    picture = Image.new("L", (modules, modules), 255)
    pixels = picture.load()
    for row, line in enumerate(qr.matrix):
        for column, dark in enumerate(line):
            if dark:
                pixels[column + border, row + border] = 0
    # Whole pixels per module: sharp edges for phone cameras and for printers.
    return picture.resize((modules * scale, modules * scale), Image.Resampling.NEAREST).convert("RGB")


def render_poster(campaign, money, url):
    """The A4 poster as PDF bytes (one page, 150 dpi)."""
    from PIL import Image, ImageDraw

    width, height = POSTER_SIZE
    margin = 80
    inner = width - 2 * margin
    page = Image.new("RGB", POSTER_SIZE, WHITE)
    draw = ImageDraw.Draw(page)

    draw.rectangle((0, 0, width, 120), fill=BRAND)
    draw.text((margin, 60), "Lokadaya", font=_font(58, bold=True), fill=WHITE, anchor="lm")
    draw.text((width - margin, 60), _("Local resources for local change."), font=_font(26), fill=WHITE,
              anchor="rm")
    y = 160
    cover = _cover(campaign, (inner, 480))
    if cover is not None:
        page.paste(cover, (margin, y))
        y += 480 + 36

    # Without a photo, the title takes its place: larger, on more lines.
    title_font = _font(60 if cover is not None else 76, bold=True)
    y = _text_block(draw, (margin, y), _wrap(draw, campaign.title, title_font, inner, 2 if cover is not None else 4),
                    title_font, INK, 74 if cover is not None else 92)
    organisation = campaign.organisation
    if organisation is not None:
        font = _font(32)
        y = _text_block(draw, (margin, y + 6),
                        _wrap(draw, _("by %(name)s") % {"name": organisation.title}, font, inner, 1),
                        font, MUTED, 44)
    summary_font = _font(32)
    y = _text_block(draw, (margin, y + 18), _wrap(draw, campaign.summary, summary_font, inner,
                                                  3 if cover is not None else 6), summary_font, INK, 44)

    big, small_line = _money_lines(money)
    y += 24
    draw.text((margin, y), big, font=_font(52, bold=True), fill=BRAND_DARK)
    y += 66
    font = _font(30)
    draw.text((margin, y), _wrap(draw, small_line, font, inner, 1)[0], font=font, fill=MUTED)
    if money["target"] > 0:
        _bar(draw, (margin, y + 46, width - margin, y + 76), money["percent"])

    # The QR code, bottom left, as large as the space left allows (at least ~6.5 cm at 150 dpi).
    qr_size = max(400, min(640, height - margin - (y + 76) - 50))
    qr_top = height - margin - qr_size
    code = qr_image(url, qr_size)
    page.paste(code, (margin - 16, qr_top + (qr_size - code.size[1]) // 2))
    text_x = margin + qr_size + 24
    text_width = width - margin - text_x
    heading = _font(44, bold=True)
    ty = _text_block(draw, (text_x, qr_top + 40), _wrap(draw, _("Scan to support"), heading, text_width, 2),
                     heading, INK, 56)
    font = _font(28)
    ty = _text_block(draw, (text_x, ty + 16), _wrap(draw, _("or open this address:"), font, text_width, 2),
                     font, MUTED, 38)
    url_font = _font(30, bold=True)
    _text_block(draw, (text_x, ty + 8), _wrap_url(draw, url, url_font, text_width), url_font, BRAND_DARK, 40)

    out = io.BytesIO()
    page.save(out, "PDF", resolution=POSTER_DPI, quality=88, title=campaign.title, author="Lokadaya")
    return out.getvalue()


# -- the cache in default_storage -----------------------------------------------------------------

def _cached(folder, campaign, version, extension, render):
    """The bytes of ``folder/campaign-<pk>-<version>.<extension>``, drawn by ``render()`` when missing.

    When a new version is drawn, the campaign's older files in ``folder`` are removed.
    """
    prefix = f"campaign-{campaign.pk}-"
    name = f"{folder}/{prefix}{version}.{extension}"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    data = render()
    try:
        _directories, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        files = []
    for old in files:
        if old.startswith(prefix) and old != name.rsplit("/", 1)[1]:
            default_storage.delete(f"{folder}/{old}")
    if not default_storage.exists(name):  # another request may have drawn it meanwhile
        default_storage.save(name, ContentFile(data))
    return data


def get_og_image(campaign):
    """``(bytes, etag)`` of the campaign's current card."""
    rows = campaign.get_progress()
    version = card_version(campaign, rows)
    money = money_progress(campaign, rows)
    with translation.override(_language(campaign)):
        data = _cached("og", campaign, version, "jpg", lambda: render_og_image(campaign, money))
    return data, version


def get_poster(campaign, url):
    """``(bytes, etag)`` of the campaign's current poster for ``url``."""
    rows = campaign.get_progress()
    version = card_version(campaign, rows, extra=f"{campaign.summary}\x1f{url}")
    money = money_progress(campaign, rows)
    with translation.override(_language(campaign)):
        data = _cached("poster", campaign, version, "pdf", lambda: render_poster(campaign, money, url))
    return data, version


# -- views --------------------------------------------------------------------------------------

def _public_campaign(pk):
    """The live campaign anyone may see (no view restriction on it or above it), else 404."""
    from .models import CampaignPage

    campaign = (CampaignPage.objects.live().public().filter(pk=pk)
                .select_related("hero_image", "locale").first())
    if campaign is None:
        raise Http404
    return campaign


def _answer(request, data, etag, content_type, filename=None):
    quoted = f'"{etag}"'
    headers = {"ETag": quoted, "Cache-Control": f"public, max-age={MAX_AGE}"}
    if quoted in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(data if request.method != "HEAD" else b"", content_type=content_type)
        response["Content-Length"] = str(len(data))
        if filename:
            response["Content-Disposition"] = f'inline; filename="{filename}"'
    for key, value in headers.items():
        response[key] = value
    return response


@require_http_methods(["GET", "HEAD"])
def og_image(request, pk):
    """The campaign's share card (1200x630 JPEG), drawn again only when what it shows has changed."""
    campaign = _public_campaign(pk)
    data, etag = get_og_image(campaign)
    return _answer(request, data, etag, "image/jpeg")


@require_http_methods(["GET", "HEAD"])
def poster(request, pk):
    """The campaign's A4 poster (PDF) with a QR code of its address."""
    campaign = _public_campaign(pk)
    url = page_absolute_url(campaign, request)
    data, etag = get_poster(campaign, url)
    # An ASCII file name: slugs may hold other letters, which a plain Content-Disposition cannot carry.
    name = re.sub(r"[^A-Za-z0-9-]", "", campaign.slug) or campaign.pk
    return _answer(request, data, etag, "application/pdf", filename=f"poster-{name}.pdf")
