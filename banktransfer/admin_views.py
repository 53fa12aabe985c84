"""Review of bank transfers in the Wagtail admin, for the OMS's editors and superusers.

An editor sees only the transfers to campaigns whose pages they may edit; any other transfer,
its proof and its actions are a 404.
"""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from campaigns.admin_views import editable_campaigns
from privacy.accesslog import screens as access_log

from .forms import ConfirmForm, RejectForm
from .models import BankTransfer
from .services import LATE_STATUSES, TransferError, confirm, reject

DEFAULT_STATUS = BankTransfer.Status.PROOF_UPLOADED


def reviewable(user):
    """The transfers ``user`` may see and review."""
    return (BankTransfer.objects.filter(campaign__in=editable_campaigns(user))
            .select_related("campaign", "payment__donation", "reviewed_by"))


def transfer_list(request):
    qs = reviewable(request.user)
    status = request.GET.get("status", DEFAULT_STATUS)
    statuses = dict(BankTransfer.Status.choices)
    if status not in statuses and status != "all":
        status = DEFAULT_STATUS
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    if status != "all":
        qs = qs.filter(status=status)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        digits = query.replace(".", "").replace("Rp", "").replace(" ", "")
        qs = qs.filter(amount_to_pay=int(digits)) if digits.isdigit() and len(digits) <= 17 else qs.filter(
            payment__donation__name__icontains=query)
    order = "proof_uploaded_at" if status == BankTransfer.Status.PROOF_UPLOADED else "-created_at"
    page = Paginator(qs.order_by(order, "pk"), 50).get_page(request.GET.get("p"))
    tabs = [(value, label, counts.get(value, 0)) for value, label in BankTransfer.Status.choices]
    access_log.transfers_list(request, page, status, query)
    return TemplateResponse(request, "banktransfer/admin/list.html", {
        "page_obj": page, "status": status, "tabs": tabs, "query": query,
    })


def transfer_detail(request, pk):
    transfer = get_object_or_404(reviewable(request.user), pk=pk)
    return _detail(request, transfer, RejectForm())


def _detail(request, transfer, reject_form, status=200, confirm_form=None):
    access_log.transfer(request, transfer)
    return TemplateResponse(request, "banktransfer/admin/detail.html", {
        "transfer": transfer, "donation": transfer.payment.donation, "reject_form": reject_form,
        "confirm_form": confirm_form or ConfirmForm(transfer=transfer),
        "late": transfer.status in LATE_STATUSES,
    }, status=status)


@never_cache
def transfer_proof(request, pk):
    """The proof file, only to those who may review this transfer; never cached, never sniffed."""
    transfer = get_object_or_404(reviewable(request.user), pk=pk)
    if not transfer.proof:
        raise Http404
    try:
        handle = transfer.proof.storage.open(transfer.proof.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    extension = transfer.proof_extension or "bin"
    if request.GET.get("download") == "1":  # shown inline, it is part of the transfer's page (logged there)
        access_log.transfer_proof(request, transfer)
    response = FileResponse(handle, content_type=transfer.proof_content_type or "application/octet-stream",
                            as_attachment=request.GET.get("download") == "1",
                            filename=f"bukti-transfer-{transfer.pk}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def transfer_confirm(request, pk):
    transfer = get_object_or_404(reviewable(request.user), pk=pk)
    form = ConfirmForm(request.POST, transfer=transfer)
    if not form.is_valid():
        return _detail(request, transfer, RejectForm(), status=400, confirm_form=form)
    try:
        changed = confirm(transfer, request.user, received=form.cleaned_data["received"],
                          note=form.cleaned_data["note"])
    except TransferError as error:
        messages.error(request, str(error.message))
        return redirect("banktransfer_admin:detail", pk=pk)
    if changed:
        messages.success(request, _("Confirmed: the donation of %(name)s now counts for the campaign.")
                         % {"name": transfer.payment.donation.name or transfer.payment.donation.email})
    else:
        messages.info(request, _("This transfer was already confirmed."))
    return redirect("banktransfer_admin:list")


@require_POST
def transfer_reject(request, pk):
    transfer = get_object_or_404(reviewable(request.user), pk=pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _detail(request, transfer, form, status=400)
    try:
        changed = reject(transfer, request.user, form.cleaned_data["reason"])
    except TransferError as error:
        messages.error(request, str(error.message))
        return redirect("banktransfer_admin:detail", pk=pk)
    if changed:
        messages.success(request, _("Rejected. The donor was told the reason by email."))
    else:
        messages.info(request, _("This transfer was already rejected."))
    return redirect("banktransfer_admin:list")
