"""The donor's pages: the transfer instructions with the proof upload, and the refusal."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from payments.core import provider_factory

from plugins.donation.models import Payment

from .forms import ProofForm
from .models import BankTransfer
from .services import TransferError, expire_if_due, refusal_reason, upload_proof

def _transfer_payment(token):
    payment = get_object_or_404(Payment.objects.select_related("donation__campaign"), token=token,
                                donation__isnull=False)
    if not _is_transfer(payment):
        raise Http404
    return payment


def _is_transfer(payment):
    from .provider import BankTransferProvider

    try:
        return isinstance(provider_factory(payment.variant, payment), BankTransferProvider)
    except ValueError:
        return False


def _campaign_context(donation):
    page = donation.campaign.localized
    ask = page.get_ask(donation.ask_id)
    return {"page": page, "ask": ask, "pledge_url": page.pledge_url(ask) if ask else page.url}


@never_cache
def transfer(request, token):
    """What to transfer, to which account, by when; and the proof upload (re-upload until reviewed)."""
    payment = _transfer_payment(token)
    donation = payment.donation
    transfer = BankTransfer.objects.filter(payment=payment).select_related("campaign").first()
    if transfer is None:
        # Not opened yet (or refused): the payment step opens it, or says why it cannot.
        return redirect("donation:pay", token=token)
    if expire_if_due(transfer):  # past the deadline without a proof, and the command has not run yet
        transfer.refresh_from_db()
    form = ProofForm(request.POST, request.FILES) if request.method == "POST" else ProofForm()
    status = 200
    if request.method == "POST":
        if not transfer.accepts_proof:
            status = 409
            form = ProofForm()
            messages.error(request, _("This transfer can no longer take a proof."))
        elif form.is_valid():
            try:
                upload_proof(transfer, form.cleaned_data["proof"], form.content_type,
                             sender_name=form.cleaned_data.get("sender_name", ""))
            except TransferError as error:
                messages.error(request, str(error.message))
                status = 409
            else:
                messages.success(request, _("Thank you! Your proof of transfer was received. "
                                            "The organisation will check it and you will get an email."))
                return redirect("banktransfer:transfer", token=token)
        else:
            status = 400
        transfer.refresh_from_db()
    context = {"payment": payment, "donation": donation, "transfer": transfer, "form": form}
    context.update(_campaign_context(donation))
    return TemplateResponse(request, "banktransfer/transfer.html", context, status=status)


@never_cache
def unavailable(request, token):
    """This OMS takes no bank transfers (no account on its profile): say so, offer another way."""
    payment = _transfer_payment(token)
    if BankTransfer.objects.filter(payment=payment).exists():
        return redirect("banktransfer:transfer", token=token)
    donation = payment.donation
    reason = refusal_reason(donation.campaign) or _(
        "Too many bank transfers to this organisation are waiting right now. "
        "Please try again later or choose another payment method.")
    context = {"payment": payment, "donation": donation, "reason": reason}
    context.update(_campaign_context(donation))
    return TemplateResponse(request, "banktransfer/unavailable.html", context)
