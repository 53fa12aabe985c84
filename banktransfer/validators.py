"""Checking a proof of transfer: extension, declared type, size, and the content itself."""
import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

from lokadaya.uploads import check_document, check_image

from .conf import MAX_IMAGE_SIDE, MIN_IMAGE_SIDE, PROOF_TYPES, max_proof_bytes

WRONG_TYPE = _("Upload a photo or screenshot (JPG, PNG or WebP) or a PDF file.")


def validate_proof(uploaded):
    """Return the proof's content type, or raise a translated ``ValidationError``.

    The extension and the browser's declared type must be one of JPG, PNG, WebP or PDF and
    agree with each other; the size must be within ``BANK_TRANSFER_MAX_PROOF_BYTES``; an image
    must open and ``verify()`` in Pillow, be of the format its extension says, and have sane
    dimensions within the site's pixel cap; a PDF must start with ``%PDF-``; neither may hold web
    page or script code (``lokadaya.uploads``). The file is left at position 0.
    """
    name = getattr(uploaded, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in PROOF_TYPES:
        raise ValidationError(WRONG_TYPE, code="extension")
    expected_format, content_type = PROOF_TYPES[extension]
    declared = (getattr(uploaded, "content_type", "") or "").split(";")[0].strip().lower()
    if declared != content_type:
        raise ValidationError(WRONG_TYPE, code="content_type")
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError(_("The file is empty. Choose the photo or PDF of your transfer receipt."),
                              code="empty")
    limit = max_proof_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The largest file accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}, code="size")
    try:
        if expected_format == "PDF":
            _check_pdf(uploaded)
        else:
            _check_image(uploaded, expected_format)
    finally:
        uploaded.seek(0)
    return content_type


def _check_pdf(uploaded):
    try:
        # The site's document check: the %PDF- header, and no web page or script hidden at the start.
        check_document(uploaded, extensions=["pdf"])
    except ValidationError as error:
        if error.code == "markup":
            raise
        raise ValidationError(_("This file is not a real PDF. Upload the PDF receipt from your bank, "
                                "or a photo or screenshot of it."), code="not_pdf") from None


def _check_image(uploaded, expected_format):
    not_image = ValidationError(
        _("This file is not a real image, or it is damaged. Take a new photo or screenshot of your "
          "transfer receipt and try again."), code="not_image")
    # The site's pixel cap first, from the header alone: a 100-megapixel PNG is refused before
    # anything reads its pixels (lokadaya.uploads); its other refusals keep this form's wording.
    try:
        actual_format, width, height = check_image(uploaded)
    except ValidationError as error:
        if error.code in ("too_many_pixels", "markup"):
            raise
        raise not_image from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            uploaded.seek(0)
            with Image.open(uploaded) as image:
                image.verify()  # the structure and checksums, without decoding the pixels
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of errors for bad files
        raise not_image from None
    if actual_format != expected_format:
        raise ValidationError(
            _("The file's content does not match its name (.%(extension)s). Upload the original photo, "
              "screenshot or PDF.") % {"extension": uploaded.name.rsplit(".", 1)[-1].lower()},
            code="mismatch")
    if min(width, height) < MIN_IMAGE_SIDE:
        raise ValidationError(
            _("The image is too small to read (%(width)s × %(height)s pixels). Send a clearer photo or "
              "screenshot.") % {"width": width, "height": height}, code="dimensions")
    if max(width, height) > MAX_IMAGE_SIDE:
        raise ValidationError(_("The image is too large in pixels. Send a smaller photo or a screenshot."),
                              code="dimensions")
