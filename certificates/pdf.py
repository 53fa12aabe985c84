"""The certificate as a one-page PDF (A4 landscape, fpdf2), drawn on request: nothing is stored.

It shows the name, what was achieved, the date, the issuer, the code and a QR code of the absolute
verification URL. Fonts are the reports' (``dashboards.report_pdf``: DejaVu Sans, or the core font
with the text transliterated to Latin-1 when DejaVu is missing), so a missing font never fails a
download. The QR code is a grey-scale raster image, whole pixels per module, so it stays sharp
when printed and scanned.
"""
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from campaigns.sharing import qr_image
from dashboards.report_pdf import unicode_fonts, latin1

from .models import Certificate

BRAND = (19, 111, 70)
INK = (30, 30, 30)
MUTED = (90, 90, 90)
#: Side of the printed QR code, in millimetres.
QR_MM = 38


def certificate_lines(certificate):
    """The texts of the certificate, in the active language (shared by the PDF and its tests)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    course = certificate.kind == Certificate.Kind.COURSE
    title = certificate.title_for(language)
    other = certificate.title_en if language != "en" and certificate.title_en != title else ""
    lines = {
        "heading": _("Certificate of completion") if course else _("Certificate of attendance"),
        "intro": _("This certifies that"),
        "name": certificate.recipient_name,
        "organisation": (_("of %(organisation)s") % {"organisation": certificate.organisation_name}
                         if certificate.organisation_name else ""),
        "achievement": _("has completed the course") if course else _("attended"),
        "title": title,
        "title_other": other,
        "date": _("on %(date)s") % {"date": date_format(certificate.achieved_on, "j F Y")},
        "issuer": (_("Issued by Lokadaya and %(organiser)s") % {"organiser": certificate.issuer_name}
                   if certificate.issuer_name else _("Issued by Lokadaya")),
        "code": _("Certificate code: %(code)s") % {"code": certificate.display_code},
        "verify": _("Check that it is genuine: scan the code or open"),
    }
    return lines


def render_certificate(certificate, verification_url):
    """The PDF (bytes) of ``certificate``, whose QR code opens ``verification_url``."""
    from fpdf import FPDF
    from fpdf.enums import Align, XPos, YPos

    fonts = unicode_fonts()
    clean = (lambda text: str(text)) if fonts else latin1
    lines = {key: clean(value) for key, value in certificate_lines(certificate).items()}

    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    if fonts:
        family = "DejaVu"
        for style, path in fonts.items():
            pdf.add_font(family, style, path)
    else:
        family = "helvetica"
    pdf.set_title(lines["heading"] + " - " + lines["name"])
    pdf.set_lang(get_language() or settings.LANGUAGE_CODE)
    pdf.set_creator("Lokadaya")
    pdf.set_auto_page_break(False)
    pdf.set_margins(25, 20, 25)
    pdf.add_page()
    width = pdf.epw

    # A double frame in the brand colour.
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)

    def text(value, size, style="", color=INK, height=None, gap=0):
        if not value:
            return
        pdf.set_font(family, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(width, height or size * 0.5, value, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if gap:
            pdf.ln(gap)

    pdf.set_y(20)
    text("Lokadaya", 16, "B", BRAND, gap=6)
    text(lines["heading"], 26, "B", BRAND, gap=8)
    text(lines["intro"], 12, color=MUTED, gap=3)
    text(lines["name"], 24, "B", gap=1)
    text(lines["organisation"], 12, color=MUTED)
    pdf.ln(4)
    text(lines["achievement"], 12, color=MUTED, gap=2)
    text(lines["title"], 17, "B", gap=1)
    text(lines["title_other"], 11, color=MUTED)
    pdf.ln(3)
    text(lines["date"], 12, gap=5)
    text(lines["issuer"], 12, "B", BRAND)

    # The code and the QR code at the bottom.
    qr_x, qr_y = pdf.w - 25 - QR_MM, pdf.h - 20 - QR_MM
    pdf.image(qr_image(verification_url, 400).convert("L"), x=qr_x, y=qr_y, w=QR_MM, h=QR_MM)
    pdf.set_xy(25, qr_y + 6)
    left = qr_x - 30
    pdf.set_font(family, "B", 11)
    pdf.set_text_color(*INK)
    pdf.multi_cell(left, 6, lines["code"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(family, "", 9.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(left, 5, lines["verify"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*BRAND)
    pdf.multi_cell(left, 5, clean(verification_url), link=verification_url, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
