"""Reports as documents: one list of blocks per report, written out as PDF (fpdf2) or CSV.

The same blocks make both files, so the PDF and the CSV of a report always hold the same figures.
A table cell keeps its raw value: a ``Decimal`` is rupiah (``Rp 1.500.000`` in the PDF, in the
active language; a plain integer in the CSV), an ``int`` a count, a ``date`` a day.

Fonts: DejaVu Sans (Unicode) from ``settings.LOKADAYA_PDF_FONT_DIR`` (default: Debian's
``/usr/share/fonts/truetype/dejavu``). When it is missing, the PDF falls back to the core Helvetica
with the text transliterated to Latin-1, so a missing font never fails a download.
"""
import csv
import datetime
import io
import os
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import get_language

from lokadaya.numbers import format_money, format_number

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


# --- Blocks -----------------------------------------------------------------------------------


@dataclass
class Title:
    text: str


@dataclass
class Line:
    text: str
    emphasis: bool = False


@dataclass
class Table:
    heading: str
    headers: list[str]
    rows: list[list[Any]]
    total: list[Any] | None = None
    widths: tuple = ()
    empty: str = ""
    #: Column index -> the URL column it links to (stories' titles), PDF only.
    links: dict = field(default_factory=dict)


def _day(value):
    return date_format(value, "j M Y")


def display(value):
    """A cell as the PDF shows it, in the active language."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, datetime.date):
        return _day(value)
    return str(value)


def raw(value):
    """A cell as the CSV holds it: plain integers, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("1")))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def document_text(blocks):
    """Every text the PDF draws, one string per block line (for tests and checks)."""
    out = []
    for block in blocks:
        if isinstance(block, (Title, Line)):
            out.append(block.text)
        else:
            out.append(block.heading)
            out.append(" | ".join(block.headers))
            for row in block.rows + ([block.total] if block.total else []):
                out.append(" | ".join(display(cell) for cell in row))
    return out


# --- The two reports as blocks -----------------------------------------------------------------


def _period_lines(period):
    lines = [Line(_("Period: %(label)s (%(first)s – %(last)s)") % {
        "label": period.label, "first": _day(period.first_day), "last": _day(period.last_day)})]
    if period.in_progress:
        lines.append(Line(_("This period is still in progress: its figures will change."), emphasis=True))
    lines.append(Line(_("Generated on %(date)s from the Lokadaya ledger and records.") % {
        "date": _day(timezone.localdate())}))
    return lines


def organisation_blocks(report, public=False):
    """The blocks of an OMS's quarterly report; ``public``: the donor-facing version (no notes)."""
    title = (_("Quarterly report for supporters: %(name)s") if public else _("Quarterly report: %(name)s")) % {
        "name": report.title}
    money = report.money
    blocks = [Title(title), *_period_lines(report.period)]
    blocks.append(Table(
        _("Money raised in the period"), [_("Campaign"), _("Gross (Rp)"), _("Management fee (Rp)"), _("Net (Rp)")],
        [[c.title, c.money.gross, c.money.fee, c.money.net] for c in report.campaigns],
        total=[_("Total"), money.gross, money.fee, money.net], widths=(40, 20, 20, 20),
        empty=_("No money was raised in this period.")))
    blocks.append(Table(
        _("Support by type"), [_("Type of support"), _("Supporters counted")],
        [[s.name, s.records] for s in report.support], widths=(70, 30),
        empty=_("No support type is installed.")))
    headers = [_("Paid on"), _("Campaign"), _("Amount (Rp)")]
    rows = [[d.paid_on, d.campaign, d.amount] for d in report.disbursements]
    widths = (20, 50, 30)
    if not public:
        headers.append(_("Note"))
        rows = [row + [d.note] for row, d in zip(rows, report.disbursements)]
        widths = (16, 34, 20, 30)
    total = [_("Total"), "", report.disbursed] + ([""] if not public else [])
    blocks.append(Table(_("Disbursed to the OMS"), headers, rows, total=total, widths=widths,
                        empty=_("Nothing was disbursed in this period.")))
    blocks.append(Table(
        _("Stories of change published"), [_("Title"), _("Published on"), _("Link")],
        [[s.title, s.published, s.url] for s in report.stories], widths=(45, 17, 38),
        empty=_("No story of change was published in this period."), links={0: 2}))
    return blocks


def province_blocks(report):
    """The blocks of a province's monthly report."""
    total = report.total

    def figures(f):
        return [f.gross, f.provincial, f.verified, f.campaigns, f.stories]

    headers = [_("Money raised (Rp)"), _("Provincial fee share, 75% (Rp)"), _("OMS verified"),
               _("Campaigns launched"), _("Stories published")]
    blocks = [Title(_("Monthly report: %(province)s") % {"province": report.province.name}),
              *_period_lines(report.period)]
    blocks.append(Table(_("Summary"), [_("Figure"), _("Value")],
                        [[header, value] for header, value in zip(headers, figures(total))], widths=(60, 40)))
    blocks.append(Table(
        _("Per kabupaten/kota"), [_("Kabupaten/kota"), *headers],
        [[row.name, *figures(row.figures)] for row in report.regencies],
        total=[_("Total"), *figures(total)], widths=(25, 17, 17, 13, 14, 14)))
    blocks.append(Table(
        _("Per OMS"), [_("OMS"), _("Kabupaten/kota"), *headers],
        [[row.name, row.regency, *figures(row.figures)] for row in report.organisations],
        widths=(20, 15, 15, 15, 11, 12, 12), empty=_("No OMS was active in this period.")))
    return blocks


# --- CSV ----------------------------------------------------------------------------------------


def to_csv(blocks):
    """UTF-8 with a byte-order mark (Excel opens it as UTF-8); blank rows between the tables."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for block in blocks:
        if isinstance(block, (Title, Line)):
            writer.writerow([block.text])
            continue
        writer.writerow([])
        writer.writerow([block.heading])
        writer.writerow(block.headers)
        for row in block.rows:
            writer.writerow([raw(cell) for cell in row])
        if block.total:
            writer.writerow([raw(cell) for cell in block.total])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- PDF ----------------------------------------------------------------------------------------

#: Characters Latin-1 lacks, for the core-font fallback.
_LATIN1 = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "*",
                         "€": "EUR", "→": "->", "←": "<-", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d",
                         "ı": "i", "Œ": "OE", "œ": "oe"})


def latin1(text):
    """``text`` in Latin-1 only: accents kept where Latin-1 has them, others stripped or replaced."""
    text = str(text).translate(_LATIN1)
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)) or "?")
    return "".join(out)


def font_dir():
    return getattr(settings, "LOKADAYA_PDF_FONT_DIR", None) or DEFAULT_FONT_DIR


def unicode_fonts():
    """``{style: path}`` of DejaVu Sans, or None when a file is missing."""
    directory = font_dir()
    paths = {style: os.path.join(directory, name) for style, name in FONT_FILES.items()}
    return paths if all(os.path.isfile(path) for path in paths.values()) else None


def render_pdf(blocks, title=""):
    """The PDF of ``blocks`` (bytes), A4 portrait, in the active language."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos
    from fpdf.fonts import FontFace

    fonts = unicode_fonts()
    clean = (lambda text: str(text)) if fonts else latin1
    footer_text = clean(_("Lokadaya · page %(page)s of %(pages)s"))

    class Document(FPDF):
        def footer(self):
            self.set_y(-12)
            self.set_font(family, "", 8)
            self.set_text_color(90, 90, 90)
            self.cell(0, 6, footer_text % {"page": self.page_no(), "pages": "{nb}"}, align="C")

    pdf = Document(orientation="portrait", unit="mm", format="A4")
    if fonts:
        family = "DejaVu"
        for style, path in fonts.items():
            pdf.add_font(family, style, path)
    else:
        family = "helvetica"
    pdf.set_title(clean(title))
    pdf.set_lang(get_language() or settings.LANGUAGE_CODE)
    pdf.set_creator("Lokadaya")
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    width = pdf.epw

    for block in blocks:
        if isinstance(block, Title):
            pdf.set_font(family, "B", 15)
            pdf.set_text_color(19, 111, 70)
            pdf.multi_cell(width, 7, clean(block.text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
            pdf.ln(1)
        elif isinstance(block, Line):
            pdf.set_font(family, "B" if block.emphasis else "", 9.5)
            pdf.multi_cell(width, 5, clean(block.text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.ln(4)
            pdf.set_font(family, "B", 11.5)
            pdf.multi_cell(width, 6, clean(block.heading), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
            if not block.rows and block.empty:
                pdf.set_font(family, "", 9.5)
                pdf.multi_cell(width, 5, clean(block.empty), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                continue
            pdf.set_font(family, "", 8.5)
            columns = len(block.headers)
            widths = block.widths if len(block.widths) == columns else (1,) * columns
            sample = block.total or (block.rows[0] if block.rows else [""] * columns)
            aligns = tuple("RIGHT" if isinstance(cell, (Decimal, int)) else "LEFT" for cell in sample)
            bold = FontFace(emphasis="BOLD")
            with pdf.table(col_widths=widths, text_align=aligns, line_height=4.6, padding=1,
                           headings_style=FontFace(emphasis="BOLD", fill_color=(230, 240, 234)),
                           first_row_as_headings=True) as table:
                header = table.row()
                for text in block.headers:
                    header.cell(clean(text))
                for cells in block.rows:
                    row = table.row()
                    for index, cell in enumerate(cells):
                        link = cells[block.links[index]] if index in block.links else None
                        row.cell(clean(display(cell)), link=link or None)
                if block.total:
                    row = table.row()
                    for cell in block.total:
                        row.cell(clean(display(cell)), style=bold)
    return bytes(pdf.output())
