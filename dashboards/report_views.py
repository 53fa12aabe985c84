"""The downloadable reports: an OMS's quarter and a province's month (admin), and the OMS's
donor-facing quarter (public).

Invariants:
- **Admin reports pass the one rule first**: ``scope.organisation_or_404`` / ``scope.province_or_404``
  run before anything else is read, so whoever may not see the figures gets the same 404 as for an
  OMS or province that does not exist (Wagtail's ``require_admin_access`` sends the anonymous to
  the login page before that).
- **The public report** answers only for a live, public, verified OMS (its source page decides
  verification), shows only totals, disbursements (without their notes) and published stories:
  ``dashboards.reports`` never reads a supporter's name, email or phone.
- Bad input (a quarter outside 1-4, a month outside 1-12, a period not begun, a format other than
  pdf/csv, an unknown OMS or province) is a 404, never a server error.
- Each report costs a fixed number of queries whatever the data (``dashboards.reports``).
"""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from wagtail.models import Locale

from . import report_pdf, reports, scope

FORMATS = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}


def _check_format(fmt):
    if fmt not in FORMATS:
        raise Http404("Unknown format")


def _quarter(year, quarter):
    try:
        return reports.quarter_period(year, quarter)
    except reports.BadPeriod as exc:
        raise Http404(str(exc)) from exc


def _month(year, month):
    try:
        return reports.month_period(year, month)
    except reports.BadPeriod as exc:
        raise Http404(str(exc)) from exc


def _download(blocks, fmt, name, title, public=False):
    if fmt == "csv":
        content = report_pdf.to_csv(blocks)
    else:
        content = report_pdf.render_pdf(blocks, title=title)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "public, max-age=600" if public else "private, no-store"
    return response


def _language():
    return (get_language() or Locale.get_default().language_code).split("-")[0]


# --- Admin: an OMS's quarterly report -------------------------------------------------------------


def oms_reports(request, pk):
    """The quarters an OMS's report can be downloaded for, newest first."""
    organisation = scope.organisation_or_404(request.user, pk)
    periods = reports.quarters_since(reports.first_activity(organisation=organisation))
    rows = [(period, {fmt: reverse("dashboards:oms_report", args=[pk, period.year, period.number, fmt])
                      for fmt in FORMATS}) for period in periods]
    return TemplateResponse(request, "dashboards/reports/oms_index.html", {
        "organisation": organisation, "rows": rows,
        "public_url": reverse("dashboards_public:oms_index", args=[pk]) if organisation.is_verified else None})


def oms_report(request, pk, year, quarter, fmt):
    organisation = scope.organisation_or_404(request.user, pk)
    _check_format(fmt)
    period = _quarter(year, quarter)
    report = reports.organisation_report(organisation, period, language=_language(), request=request)
    blocks = report_pdf.organisation_blocks(report)
    return _download(blocks, fmt, f"laporan-{organisation.slug}-{period.slug}", blocks[0].text)


# --- Admin: a province's monthly report -----------------------------------------------------------


def province_reports(request, code):
    province = scope.province_or_404(request.user, code)
    periods = reports.months_since(reports.first_activity(province=province))
    rows = [(period, {fmt: reverse("dashboards:province_report", args=[code, period.year, period.number, fmt])
                      for fmt in FORMATS}) for period in periods]
    return TemplateResponse(request, "dashboards/reports/province_index.html", {"province": province, "rows": rows})


def province_report(request, code, year, month, fmt):
    province = scope.province_or_404(request.user, code)
    _check_format(fmt)
    period = _month(year, month)
    report = reports.province_report(province, period)
    blocks = report_pdf.province_blocks(report)
    return _download(blocks, fmt, f"laporan-{province.slug}-{period.slug}", blocks[0].text)


# --- Public: the donor-facing quarterly report ----------------------------------------------------


def _public_organisation(pk):
    """``(page in the visitor's language, source page)`` of a live, public, verified OMS; else 404."""
    from partners.models import OrganisationPage

    page = get_object_or_404(OrganisationPage.objects.live().public(), pk=pk)
    default = Locale.get_default()
    source = page if page.locale_id == default.pk else (
        OrganisationPage.objects.live().filter(translation_key=page.translation_key, locale=default).first())
    if source is None or not source.is_verified:
        raise Http404
    return page, source


def public_index(request, pk):
    page, source = _public_organisation(pk)
    periods = reports.quarters_since(reports.first_activity(organisation=source))
    return TemplateResponse(request, "dashboards/reports/public_index.html", {
        "page": page, "organisation": page, "periods": periods})


def public_report(request, pk, year, quarter):
    page, source = _public_organisation(pk)
    period = _quarter(year, quarter)
    report = reports.organisation_report(source, period, language=_language(), request=request, title=page.title)
    return TemplateResponse(request, "dashboards/reports/public_report.html", {
        "page": page, "organisation": page, "report": report, "period": period})


def public_report_file(request, pk, year, quarter, fmt):
    _check_format(fmt)
    page, source = _public_organisation(pk)
    period = _quarter(year, quarter)
    report = reports.organisation_report(source, period, language=_language(), request=request, title=page.title)
    blocks = report_pdf.organisation_blocks(report, public=True)
    return _download(blocks, fmt, f"laporan-{slugify(source.slug)}-{period.slug}", blocks[0].text, public=True)
