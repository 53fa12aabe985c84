"""National finance in the Wagtail admin: the management fee (with its history), disbursements, and
money flags (money that arrived otherwise than asked).

Only users with the model permissions (national admins, the "National finance" group) get in;
everyone else, OMS editors and moderators included, gets 403.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.utils import timezone
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Locale

from campaigns.models import CampaignPage

from .forms import DisbursementForm, FeeSettingForm, MoneyFlagResolveForm, balance_message
from .ledger import BalanceError, DisbursementRefused, record_disbursement, summary
from .models import Disbursement, FeeSetting, MoneyFlag


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def fee(request):
    _require(request, "finance.add_feesetting")
    form = FeeSettingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        setting = form.save(commit=False)
        setting.set_by = request.user
        setting.save()
        messages.success(request, _("The management fee is now %(percentage)s%%.") % {"percentage": setting.percentage})
        return redirect("finance_admin:fee")
    return TemplateResponse(request, "finance/admin/fee.html", {
        "form": form, "history": FeeSetting.objects.select_related("set_by")[:100],
        "current": FeeSetting.current(),
    }, status=400 if request.method == "POST" else 200)


def disbursements(request):
    _require(request, "finance.add_disbursement")
    campaigns = CampaignPage.objects.filter(locale=Locale.get_default()).order_by("title")
    form = DisbursementForm(request.POST or None, request.FILES or None, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_disbursement(data["campaign"], data["amount"], data["paid_on"], data["proof"], data["note"],
                                user=request.user)
        except BalanceError as error:
            form.add_error("amount", balance_message(error.args[0]))
        except DisbursementRefused as error:
            form.add_error("campaign", error.message)
        else:
            messages.success(request, _("Disbursement recorded."))
            return redirect("finance_admin:disbursements")
    selected = form["campaign"].value()
    balance = None
    if selected and str(selected).isdigit():
        campaign = campaigns.filter(pk=int(selected)).first()
        balance = summary(campaign=campaign) if campaign else None
    return TemplateResponse(request, "finance/admin/disbursements.html", {
        "form": form, "balance": balance,
        "disbursements": Disbursement.objects.select_related("campaign", "recorded_by")[:200],
    }, status=400 if request.method == "POST" else 200)


def money_flags(request):
    """Money that arrived otherwise than asked: open flags first; resolving one needs a note."""
    _require(request, "finance.change_moneyflag")
    show_resolved = request.GET.get("resolved") == "1"
    form = MoneyFlagResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            flag = MoneyFlag.objects.select_for_update().filter(pk=form.cleaned_data["flag"],
                                                                resolved_at__isnull=True).first()
            if flag is None:
                messages.info(request, _("This flag was already resolved."))
            else:
                flag.resolved_at, flag.resolved_by = timezone.now(), request.user
                flag.resolution = form.cleaned_data["resolution"]
                flag.save(update_fields=["resolved_at", "resolved_by", "resolution"])
                messages.success(request, _("Flag resolved."))
        return redirect("finance_admin:flags")
    flags = (MoneyFlag.objects.filter(resolved_at__isnull=not show_resolved)
             .select_related("campaign", "resolved_by").order_by("-created_at"))
    return TemplateResponse(request, "finance/admin/flags.html", {
        "page_obj": Paginator(flags, 50).get_page(request.GET.get("p")), "form": form,
        "show_resolved": show_resolved,
    }, status=400 if request.method == "POST" else 200)
