"""Donation flow: the form, the payment step (django-payments), the thank-you page."""
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext as _
from payments import PaymentError, RedirectNeeded

from campaigns import events

from .forms import MONTHLY, DonationForm
from .fundraisers.service import fundraiser_for_pledge
from .matching.sections import active_offer
from .models import RECEIPT_SALT, Donation, Payment

#: The query parameter (and hidden field) naming the fundraiser a donor gives through.
FUNDRAISER_PARAM = "penggalang"


def pledge(request, campaign, ask):
    form = DonationForm(request.POST or None, ask=ask, campaign=campaign.source)
    # Given through a supporter's fundraiser ("?penggalang=<slug>", kept in the form as a hidden field).
    fundraiser = fundraiser_for_pledge(campaign.source, ask, request.POST.get(FUNDRAISER_PARAM)
                                       or request.GET.get(FUNDRAISER_PARAM))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = campaign.source
        if data.get("frequency") == MONTHLY:
            # A monthly plan and its first charge, paid now exactly like a one-off donation.
            from .recurring.service import start

            _plan, payment = start(campaign=source, ask=ask, data=data, fundraiser=fundraiser,
                                   ip_address=request.META.get("REMOTE_ADDR"), language=get_language() or "")
            return redirect("donation:pay", token=payment.token)
        with transaction.atomic():
            payment = Payment.objects.create(
                variant=data["method"],
                currency="IDR",
                total=data["amount"],
                description=_("Donation to %(campaign)s") % {"campaign": source.title},
                billing_email=data["email"],
                billing_first_name=(data.get("name") or "")[:256],
                customer_ip_address=request.META.get("REMOTE_ADDR"),
                extra_data=get_language() or "",
            )
            donation = Donation.objects.create(
                campaign=source, ask_id=ask.id, amount=data["amount"], payment=payment,
                name=data.get("name", "").strip(), email=data["email"],
                is_anonymous=data.get("is_anonymous", False), message=data.get("message", ""),
                prayer=data.get("prayer", ""), wants_updates=data.get("wants_updates", False),
                fundraiser=fundraiser,
            )
            events.record_created(donation)
        return redirect("donation:pay", token=payment.token)
    suggested = ask.value.get("suggested_amounts") or []
    return TemplateResponse(request, "donation/pledge_form.html", {
        "page": campaign, "self": campaign, "ask": ask, "form": form, "suggested": suggested,
        "fundraiser": fundraiser, "fundraiser_param": FUNDRAISER_PARAM,
        # A sponsor's match, said again where the donor chooses the amount.
        "match_offer": active_offer(campaign.source),
    }, status=400 if request.method == "POST" else 200)


def pay(request, token):
    """The payment step: the provider's form, or its redirect to the gateway."""
    payment = get_object_or_404(Payment.objects.select_related("donation__campaign"), token=token)
    donation = payment.donation
    if donation.status != Donation.Status.PENDING:
        return redirect("donation:thanks", token=token)
    from reports.support import lock_for_support

    redirect_to = failed = None
    with transaction.atomic():
        # No payment starts while the campaign's money is held back (frozen or closed by its
        # moderators, OMS not verified); the lock keeps a freeze from slipping in meanwhile.
        verdict = lock_for_support(donation.campaign, money=True)
        if verdict.money_blocked:
            # The donation stays pending: if the campaign is cleared, the donor may come back.
            return TemplateResponse(request, "campaigns/pledge_closed.html", {
                "page": donation.campaign.localized, "verdict": verdict}, status=409)
        # Caught inside the block: the provider's redirect is how a started payment is announced,
        # and what it saved on the way (a gateway's transaction, a bank transfer) must commit.
        try:
            form = payment.get_form(data=request.POST or None)
        except RedirectNeeded as to:
            redirect_to = str(to)
        except PaymentError:
            failed = True
    if redirect_to is not None:
        return redirect(redirect_to)
    if failed:
        # The provider could not start the payment; the donation stays pending and can be retried.
        return TemplateResponse(request, "donation/pay_error.html", {
            "payment": payment, "donation": donation, "page": donation.campaign.localized}, status=502)
    return TemplateResponse(request, "donation/pay.html", {
        "payment": payment, "donation": donation, "form": form, "page": donation.campaign.localized,
        "is_test_payment": _is_test_provider(payment),
    })


def _is_test_provider(payment):
    """Is this payment's provider django-payments' dummy (the test payment, no real money)?"""
    from payments.core import provider_factory
    from payments.dummy import DummyProvider

    return isinstance(provider_factory(payment.variant), DummyProvider)


def thanks(request, token):
    payment = get_object_or_404(Payment.objects.select_related("donation__campaign"), token=token)
    return TemplateResponse(request, "donation/thanks.html", {
        "payment": payment, "donation": payment.donation, "page": payment.donation.campaign.localized,
    })


def receipt(request, token):
    """The donor's receipt, reached by the signed link in the receipt email (no login needed)."""
    try:
        pk = signing.loads(token, salt=RECEIPT_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    donation = get_object_or_404(Donation.objects.select_related("campaign", "payment"), pk=pk,
                                 status__in=[Donation.Status.CONFIRMED, Donation.Status.REFUNDED])
    return TemplateResponse(request, "donation/receipt.html", {
        "donation": donation, "page": donation.campaign.localized, "organisation": donation.campaign.organisation,
        "extra": donation.received_amount - donation.amount,
    })
