"""A donor's yearly summary: the year's donations that count, as PDF or CSV.

Built from the same blocks as the OMS reports (``dashboards.report_pdf``: DejaVu Sans, Unicode),
so the PDF and the CSV always hold the same rows and total. Only money that counts now is listed
(confirmed, less refunds): the total is what the donor's gifts did for the campaigns that year.
"""
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards.report_pdf import Line, Table, Title, render_pdf, to_csv


def note():
    """What the summary is, and is not, for tax (Indonesia)."""
    return _("This is a summary of the receipts of your donations through Lokadaya, not a tax document. In "
             "Indonesia, zakat and compulsory religious donations reduce taxable income only when paid to an "
             "officially recognised collector (such as BAZNAS or a licensed LAZ) and proven by that collector's "
             "own proof of payment; only some other donations (for example disaster relief or education, under "
             "PP 93/2010) may be deducted, with their own proof. If you need such proof, ask the organisation "
             "you gave to whether it can issue one, or ask a tax adviser.")


def blocks(account, year):
    """The summary's blocks for ``year`` (a ``donors.account.Year``)."""
    rows = [[entry.day, entry.organisation.title if entry.organisation else "",
             entry.campaign.title if entry.campaign else "", entry.item.reference, entry.item.amount]
            for entry in reversed(year.counted)]  # oldest first, as a statement reads
    return [
        Title(_("Your donations in %(year)s") % {"year": year.year}),
        Line(_("Donor: %(email)s") % {"email": account.email}),
        Line(_("Generated on %(date)s.") % {"date": timezone.localdate().isoformat()}),
        Line(note()),
        Table(heading=_("Donations that count"),
              headers=[_("Date"), _("Organisation"), _("Campaign"), _("Receipt number"), _("Amount")],
              rows=rows, total=[_("Total"), "", "", "", year.total], widths=(16, 26, 34, 22, 20),
              empty=_("No donation counts in this year.")),
    ]


def pdf(account, year):
    return render_pdf(blocks(account, year), title=_("Your donations in %(year)s") % {"year": year.year})


def csv(account, year):
    return to_csv(blocks(account, year))
