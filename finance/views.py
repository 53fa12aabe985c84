"""Public transparency: every campaign's and every OMS's money, and each province's fee share.

Each page is also available as CSV and JSON (``?format=csv`` / ``?format=json``) with the
same figures. Amounts are whole rupiah; JSON carries them as strings so no client turns them
into floats.
"""
import csv
import io

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Locale

from campaigns.models import CampaignPage
from partners.models import OrganisationPage
from regions.models import Province

from .ledger import summary
from .models import Disbursement, FeeSetting, LedgerEntry

FIGURES = ("gross", "fee", "provincial", "national", "net", "disbursed", "balance")


def _source(page_model, pk):
    page = get_object_or_404(page_model.objects.live().public(), pk=pk)
    default = Locale.get_default()
    source = page if page.locale_id == default.id else page.get_translation_or_none(default)
    if source is None:
        raise Http404
    return page, source


def _disbursement_rows(disbursements, request):
    return [{"paid_on": d.paid_on.isoformat(), "campaign": d.campaign.title, "amount": str(d.amount),
             "note": d.note, "proof": request.build_absolute_uri(d.proof.url) if d.proof else ""}
            for d in disbursements]


def _respond(request, template, context, title, figures, rows, row_name):
    fmt = request.GET.get("format")
    if fmt == "json":
        return JsonResponse({"title": title, "currency": "IDR", **{k: str(v) for k, v in figures.items()},
                             row_name: rows}, json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["figure", "amount_idr"])
        for key in FIGURES:
            if key in figures:
                writer.writerow([key, figures[key]])
        if rows:
            writer.writerow([])
            writer.writerow(list(rows[0].keys()))
            for row in rows:
                writer.writerow(list(row.values()))
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{row_name}-{context["slug"]}.csv"'
        return response
    if fmt not in (None, ""):
        raise Http404
    return TemplateResponse(request, template, context)


def campaign_transparency(request, pk):
    page, source = _source(CampaignPage, pk)
    figures = summary(campaign=source)
    disbursements = Disbursement.objects.filter(campaign=source).select_related("campaign")
    rows = _disbursement_rows(disbursements, request)
    context = {"page": page, "campaign": page, "figures": figures, "disbursements": disbursements,
               "slug": source.slug, "fee_percentage": FeeSetting.current()}
    return _respond(request, "finance/campaign_transparency.html", context, page.title, figures, rows,
                    "disbursements")


def organisation_transparency(request, pk):
    page, source = _source(OrganisationPage, pk)
    figures = summary(organisation=source)
    per_campaign = (LedgerEntry.objects.filter(organisation=source, kind=LedgerEntry.Kind.GROSS)
                    .values("campaign_id", "campaign__title").annotate(gross=Sum("amount"))
                    .order_by("campaign__title"))
    disbursements = Disbursement.objects.filter(organisation=source).select_related("campaign")
    rows = _disbursement_rows(disbursements, request)
    context = {"page": page, "organisation": page, "figures": figures, "per_campaign": per_campaign,
               "disbursements": disbursements, "slug": source.slug, "fee_percentage": FeeSetting.current()}
    return _respond(request, "finance/organisation_transparency.html", context, page.title, figures, rows,
                    "disbursements")


def province_fee_share(request, slug):
    province = get_object_or_404(Province, slug=slug)
    months = (LedgerEntry.objects.filter(province=province, kind=LedgerEntry.Kind.PROVINCIAL)
              .annotate(month=TruncMonth("occurred_at")).values("month")
              .annotate(share=Sum("amount")).order_by("-month"))
    rows = [{"month": m["month"].strftime("%Y-%m"), "provincial_share": str(m["share"])} for m in months]
    total = sum((m["share"] for m in months), start=0)
    figures = {"provincial": total}
    context = {"province": province, "months": months, "total": total, "slug": province.slug}
    return _respond(request, "finance/province_fee_share.html", context, province.name, figures, rows, "months")
