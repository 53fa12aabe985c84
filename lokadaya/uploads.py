"""Checks every file uploaded to the site goes through: images by their header, documents by their content.

The site takes files from OMS editors (logos, team photos, campaign images and transparency
documents, all through Wagtail's image and document forms), from donors (bank-transfer proofs) and
from finance (disbursement proofs). Each of those forms calls the validators here, so one set of
rules holds for all of them.

Invariants this module keeps:

- **An image is never decoded to be checked.** ``check_image`` reads the header only (Pillow's
  ``Image.open`` is lazy; ``load()`` is never called) and refuses more than ``max_image_pixels()``
  pixels (``WAGTAILIMAGES_MAX_IMAGE_PIXELS``, 40 megapixels here: a 40 MP phone photo fits; a
  100 MP PNG, which took ~950 MB and seconds per preview, is refused in milliseconds). Wagtail's own
  image field enforces the same setting on its forms, so the cap is one number for the whole site.
- **A document is what its extension says.** ``check_document`` accepts an extension only if this
  module knows how to recognise its content (``DOCUMENT_TYPES``) and the bytes match: ``%PDF-`` for
  a PDF, the OLE2 signature for .doc/.xls/.ppt, a ZIP with the right parts for Office Open XML and
  OpenDocument files, text without NUL bytes for .csv/.txt. An extension listed in
  ``WAGTAILDOCS_EXTENSIONS`` without a check here is refused, never waved through (system check
  ``lokadaya.E101`` says so at start-up).
- **No markup, anywhere.** HTML, SVG, XML and script content is refused in every upload (text
  files are searched whole, other files in their first bytes, where browsers sniff), so a file can
  never become a page of the site's origin, whatever it is called.
- Validators raise a translated ``ValidationError`` with a stable ``code``, leave the file at
  position 0, and never save, move or delete anything: a refused file costs the form nothing else.
"""
import re
import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

#: The pixel cap when ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` is not set (40 megapixels).
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000

#: How much of a file is searched for markup when it is not a text file (browsers sniff at most
#: the first 1,445 bytes; the rest of a binary file is not looked at by any browser).
SNIFF_BYTES = 4096

#: How much of a text file (csv, txt) is read to check it (its whole content, up to this size).
MAX_TEXT_BYTES = 20 * 1024 * 1024

#: Markup a browser would render or run, wherever it appears: HTML documents, SVG, frames,
#: plugins, scripts and ``javascript:`` URLs.
MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|frame|frameset|object|embed|svg|math|meta|"
    rb"base|form)[\s/>]|javascript\s*:",
    re.IGNORECASE,
)
#: What a browser takes for a web page or XML when a file *starts* with it (the WHATWG MIME
#: sniffing table), after white space and a byte-order mark.
SNIFFED_AS_MARKUP = re.compile(
    rb"(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|"
    rb"body|br|p|!--|\?xml|svg)[\s/>]",
    re.IGNORECASE,
)

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: Extension -> (kind of check, what the content must contain). Every document the site takes.
DOCUMENT_TYPES = {
    "pdf": ("pdf", None),
    "doc": ("ole2", None),
    "xls": ("ole2", None),
    "ppt": ("ole2", None),
    "docx": ("ooxml", "word/document.xml"),
    "xlsx": ("ooxml", "xl/workbook.xml"),
    "pptx": ("ooxml", "ppt/presentation.xml"),
    "odt": ("opendocument", b"application/vnd.oasis.opendocument.text"),
    "ods": ("opendocument", b"application/vnd.oasis.opendocument.spreadsheet"),
    "odp": ("opendocument", b"application/vnd.oasis.opendocument.presentation"),
    "csv": ("text", None),
    "txt": ("text", None),
}

MARKUP_REFUSED = _("This file contains web page or script code (HTML, SVG or JavaScript), which is not "
                   "accepted. Upload the original document or image.")


def max_image_pixels():
    """The most pixels (width × height) an uploaded image may have."""
    return int(getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or DEFAULT_MAX_IMAGE_PIXELS)


def extension_of(uploaded):
    name = getattr(uploaded, "name", "") or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(uploaded, size=SNIFF_BYTES):
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def refuse_markup(data):
    """Raise if ``data`` (bytes, a file's start or whole) holds markup a browser could render."""
    if SNIFFED_AS_MARKUP.match(data) or MARKUP.search(data):
        raise ValidationError(MARKUP_REFUSED, code="markup")


# -- images ---------------------------------------------------------------------------------

def check_image(uploaded, formats=None):
    """Return ``(format, width, height)`` of an uploaded image, read from its header only.

    Refuses (translated ``ValidationError``): anything Pillow cannot identify (``not_image``),
    a format outside ``formats`` (Pillow names such as ``"JPEG"``; ``format``), more pixels than
    ``max_image_pixels()`` (``too_many_pixels``), and markup at the start of the file (``markup``:
    an SVG or HTML file renamed .png). The pixels themselves are never decoded.
    """
    limit = max_image_pixels()
    refuse_markup(_head(uploaded))
    try:
        with warnings.catch_warnings():
            # Pillow warns between its own limit (~89 MP) and twice it, and refuses beyond (the error
            # below). Our cap is lower and checked just after, with the pixel count in the message.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            uploaded.seek(0)
            with Image.open(uploaded) as image:  # reads the header; the pixels stay on disk
                image_format, (width, height) = image.format, image.size
                frames = getattr(image, "n_frames", 1) if image_format == "GIF" else 1
    except Image.DecompressionBombError:
        raise too_many_pixels(None, limit) from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors for files it cannot read
        raise ValidationError(_("This file is not an image, or it is damaged. Upload a JPG, PNG or WebP "
                                "photo."), code="not_image") from None
    finally:
        uploaded.seek(0)
    if formats is not None and image_format not in formats:
        raise ValidationError(_("This image format (%(format)s) is not accepted here.") % {"format": image_format},
                              code="format")
    if width * height * frames > limit:
        raise too_many_pixels(width * height * frames, limit)
    return image_format, width, height


def too_many_pixels(pixels, limit):
    megapixels = f"{limit / 1_000_000:g}"
    if pixels is None:
        message = _("The image is too large in pixels: at most %(limit)s megapixels are accepted. Send a "
                    "smaller photo or a screenshot.") % {"limit": megapixels}
    else:
        message = _("The image is too large in pixels (%(pixels)s megapixels): at most %(limit)s megapixels "
                    "are accepted. Send a smaller photo or a screenshot.") % {
            "pixels": f"{pixels / 1_000_000:.1f}", "limit": megapixels}
    return ValidationError(message, code="too_many_pixels")


# -- documents ------------------------------------------------------------------------------

def allowed_document_extensions():
    return [extension.lower() for extension in getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
            or DOCUMENT_TYPES]


def check_document(uploaded, extensions=None):
    """Refuse a document whose content is not what its extension says; return the extension.

    ``extensions`` defaults to ``WAGTAILDOCS_EXTENSIONS``. Codes: ``extension`` (not accepted
    here, or no content check known for it), ``empty``, ``mismatch`` (the bytes are another kind
    of file, e.g. a web page named .pdf), ``markup``.
    """
    extensions = allowed_document_extensions() if extensions is None else list(extensions)
    extension = extension_of(uploaded)
    if extension not in extensions or extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Accepted: %(extensions)s.")
            % {"extensions": ", ".join(sorted(set(extensions) & set(DOCUMENT_TYPES)))}, code="extension")
    head = _head(uploaded)
    if not head:
        raise ValidationError(_("The file is empty."), code="empty")
    kind, expected = DOCUMENT_TYPES[extension]
    try:
        matches = CHECKS[kind](uploaded, head, expected)
    finally:
        uploaded.seek(0)
    if not matches:
        raise ValidationError(
            _("The file's content is not a .%(extension)s file. Upload the original document, saved in "
              "that format.") % {"extension": extension}, code="mismatch")
    return extension


def _is_pdf(uploaded, head, expected):
    # The PDF header is the very first bytes; a leading web page is how a polyglot starts.
    if not head.startswith(b"%PDF-"):
        return False
    refuse_markup(head)
    return True


def _is_ole2(uploaded, head, expected):
    return head.startswith(OLE2)


def _zip(uploaded, head):
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        uploaded.seek(0)
        return zipfile.ZipFile(uploaded)  # reads the central directory, not the members
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_ooxml(uploaded, head, expected):
    archive = _zip(uploaded, head)
    if archive is None:
        return False
    names = set(archive.namelist())
    return "[Content_Types].xml" in names and expected in names


def _is_opendocument(uploaded, head, expected):
    archive = _zip(uploaded, head)
    if archive is None:
        return False
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return False
    if info.file_size > 200:  # the member holds one media type; anything bigger is not it
        return False
    return archive.read(info).strip() == expected


def _is_text(uploaded, head, expected):
    uploaded.seek(0)
    data = uploaded.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES or b"\x00" in data:
        return False
    # Text saved by spreadsheet programs is UTF-8, UTF-8 with a BOM, or Windows-1252; the checks
    # below are on bytes, so each of them is searched the same.
    refuse_markup(data)
    return True


CHECKS = {"pdf": _is_pdf, "ole2": _is_ole2, "ooxml": _is_ooxml, "opendocument": _is_opendocument,
          "text": _is_text}


def check_document_extensions(app_configs=None, **kwargs):
    """System check ``lokadaya.E101``: every extension in WAGTAILDOCS_EXTENSIONS has a content check.

    Such an extension would be refused on every upload (nothing is waved through unchecked); the
    check says so at start-up instead of to the first editor who tries.
    """
    from django.core.checks import Error

    unknown = sorted(set(allowed_document_extensions()) - set(DOCUMENT_TYPES))
    if not unknown:
        return []
    return [Error(f"WAGTAILDOCS_EXTENSIONS lists {', '.join(unknown)}, which lokadaya.uploads cannot check "
                  "by content: every such upload would be refused.",
                  hint="Add a check to lokadaya.uploads.DOCUMENT_TYPES, or remove the extension.",
                  id="lokadaya.E101")]
