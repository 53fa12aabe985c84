"""National staff's screens for matching funds, under /admin/donasi/pencocokan/ (``access.national_only``:
everyone else gets 403): the list, a fund's form, closing it, and the sponsor's statement (matched
per campaign and per month, also as CSV) to invoice the sponsor."""
import csv

from django.contrib import messages
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from .access import can_manage, national_only
from .forms import MatchFundForm
from .models import Match, MatchFund
from .scopes import funds_changed


@national_only
def fund_list(request):
    funds = MatchFund.objects.select_related("programme", "province", "sdg", "partner").order_by("-starts_on", "-pk")
    return TemplateResponse(request, "donation/matching/admin/list.html", {"funds": funds})


def _edit(request, fund):
    form = MatchFundForm(request.POST or None, request.FILES or None, instance=fund)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if fund.pk:
                # The fund's lock: what it matched is read after any donation being matched now, and
                # the form never writes ``matched`` (the donations' transactions own it).
                locked = MatchFund.objects.select_for_update().get(pk=fund.pk)
                if form.cleaned_data["cap"] < locked.matched:
                    form.add_error("cap", _("The cap cannot be below what the fund has already matched "
                                            "(Rp %(matched)s).") % {"matched": locked.matched})
                else:
                    saved = form.save(commit=False)
                    saved.save(update_fields=[name for name in form.Meta.fields] + ["updated_at"])
            else:
                saved = form.save(commit=False)
                saved.created_by = request.user
                saved.save()
        if form.is_valid() and not form.errors:
            messages.success(request, _("Matching fund “%(sponsor)s” saved.") % {"sponsor": saved.sponsor_name})
            return redirect("donation_admin:matching_funds")
    return TemplateResponse(request, "donation/matching/admin/edit.html", {"form": form, "fund": fund},
                            status=400 if request.method == "POST" else 200)


@national_only
def fund_create(request):
    return _edit(request, MatchFund())


@national_only
def fund_edit(request, pk):
    return _edit(request, get_object_or_404(MatchFund, pk=pk))


@national_only
def fund_close(request, pk):
    """Close a fund (POST): it matches no new donation; matches made stay, and still follow refunds."""
    fund = get_object_or_404(MatchFund, pk=pk)
    if request.method == "POST":
        MatchFund.objects.filter(pk=fund.pk).update(status=MatchFund.Status.CLOSED)
        funds_changed()  # an update sends no signal: its offer leaves the campaign pages now
        messages.success(request, _("Matching fund “%(sponsor)s” closed.") % {"sponsor": fund.sponsor_name})
        return redirect("donation_admin:matching_funds")
    return TemplateResponse(request, "donation/matching/admin/close.html", {"fund": fund})


def statement_rows(fund):
    """``(per campaign, per month)``: what the fund's matches count now, for invoicing the sponsor."""
    matches = Match.objects.filter(fund=fund, amount__gt=0)
    campaigns = list(matches.values("campaign_id", "campaign__title").annotate(total=Sum("amount"))
                     .order_by("campaign__title"))
    months = list(matches.annotate(month=TruncMonth("created_at")).values("month").annotate(total=Sum("amount"))
                  .order_by("month"))
    return campaigns, months


@national_only
def statement(request, pk):
    fund = get_object_or_404(MatchFund.objects.select_related("programme", "province", "sdg"), pk=pk)
    campaigns, months = statement_rows(fund)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pencocokan-{fund.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow([_("Sponsor"), fund.sponsor_name])
        writer.writerow([_("Cap (Rp)"), fund.cap])
        writer.writerow([_("Matched (Rp)"), fund.matched])
        writer.writerow([])
        writer.writerow([_("Campaign"), _("Campaign id"), _("Matched (Rp)")])
        for row in campaigns:
            writer.writerow([row["campaign__title"], row["campaign_id"], row["total"]])
        writer.writerow([])
        writer.writerow([_("Month"), _("Matched (Rp)")])
        for row in months:
            writer.writerow([row["month"].strftime("%Y-%m"), row["total"]])
        return response
    return TemplateResponse(request, "donation/matching/admin/statement.html",
                            {"fund": fund, "campaigns": campaigns, "months": months})


urlpatterns = [
    path("pencocokan/", fund_list, name="matching_funds"),
    path("pencocokan/baru/", fund_create, name="matching_fund_create"),
    path("pencocokan/<int:pk>/", fund_edit, name="matching_fund_edit"),
    path("pencocokan/<int:pk>/tutup/", fund_close, name="matching_fund_close"),
    path("pencocokan/<int:pk>/laporan/", statement, name="matching_fund_statement"),
]


class MatchingMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage(request.user)


def menu_items():
    return [MatchingMenuItem(gettext_lazy("Matching funds"), reverse("donation_admin:matching_funds"),
                             icon_name="pick", order=262)]
