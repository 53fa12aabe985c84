"""The donor's page for one monthly donation, reached by the signed link in every email about it
(no account needed): see it, change the amount, pause, resume, stop.

Who may do what: whoever holds the link (it is the plan's key, like the receipt's); a forged or
damaged token is a 404. Every change is a POST with the CSRF token.
"""
from django import forms
from django.contrib import messages
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _, gettext_lazy

from lokadaya.forms import RupiahField
from lokadaya.money import format_rupiah

from . import service
from .models import MANAGE_SALT, RecurringDonation

#: The charges listed on the page (newest first).
RECENT_CHARGES = 12


def plan_for_token(token):
    """The plan a manage token names, or 404."""
    try:
        pk = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    if not isinstance(pk, int):
        raise Http404
    plan = RecurringDonation.objects.select_related("campaign", "saved_method").filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


class AmountForm(forms.Form):
    amount = RupiahField(label=gettext_lazy("Monthly amount (Rp)"),
                         error_messages={"required": gettext_lazy("Enter the amount you want to give each month.")})

    def __init__(self, *args, plan=None, **kwargs):
        from decimal import Decimal

        from ..forms import max_donation

        super().__init__(*args, **kwargs)
        ask = next((a for a in plan.campaign.get_asks() if a.id == plan.ask_id), None)
        self.minimum = Decimal((ask.value.get("minimum") if ask else None) or 1)
        self.maximum = max_donation()
        self.fields["amount"].help_text = _("From %(minimum)s to %(maximum)s.") % {
            "minimum": format_rupiah(self.minimum), "maximum": format_rupiah(self.maximum)}

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None:
            raise forms.ValidationError(_("Enter the amount you want to give each month."), code="required")
        if amount < self.minimum:
            raise forms.ValidationError(_("The minimum donation is %(minimum)s.") % {
                "minimum": format_rupiah(self.minimum)}, code="min_value")
        if amount > self.maximum:
            raise forms.ValidationError(
                _("That amount is too large. The most one donation can be is %(maximum)s.")
                % {"maximum": format_rupiah(self.maximum)}, code="max_value")
        return amount


def manage(request, token):
    """The donor's page for one monthly donation, by its signed link: pause, resume, change, stop."""
    plan = plan_for_token(token)
    Status = RecurringDonation.Status
    form = AmountForm(initial={"amount": plan.amount}, plan=plan)
    confirm_stop = False
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "amount":
                form = AmountForm(request.POST, plan=plan)
                if form.is_valid():
                    service.change_amount(plan, form.cleaned_data["amount"])
                    messages.success(request, _("Saved: from now on you give %(amount)s a month.") % {
                        "amount": format_rupiah(form.cleaned_data["amount"])})
                    return redirect(request.path)
                status = 400
            elif action == "pause":
                service.pause(plan)
                messages.success(request, _("Your monthly donation is paused. Nothing is charged until you resume it."))
                return redirect(request.path)
            elif action == "resume":
                plan = service.resume(plan)
                messages.success(request, _("Your monthly donation is running again. The next gift is on %(date)s.")
                                 % {"date": _date(plan.next_charge_on)})
                return redirect(request.path)
            elif action == "stop":
                if request.POST.get("confirm") != "yes":
                    confirm_stop = True  # ask once more, on the same page
                else:
                    service.stop(plan)
                    messages.success(request, _("Your monthly donation is stopped. Nothing more will be charged. "
                                                "Thank you for all you gave."))
                    return redirect(request.path)
            else:
                status = 400
        except service.PlanError as error:
            messages.error(request, str(error.message))
            return redirect(request.path)
    plan.refresh_from_db()
    charges = list(plan.charges.select_related("payment").order_by("-period", "-pk")[:RECENT_CHARGES])
    return TemplateResponse(request, "donation/recurring/manage.html", {
        "plan": plan, "page": plan.campaign.localized, "form": form, "charges": charges,
        "method_label": service.method_label(plan), "confirm_stop": confirm_stop,
        "can_pause": plan.status == Status.ACTIVE,
        "can_resume": plan.status == Status.PAUSED or (plan.status == Status.FAILED and any(
            charge.status == "confirmed" for charge in charges)),
        "can_change": plan.status != Status.STOPPED,
        "can_stop": plan.status != Status.STOPPED,
    }, status=status)


def _date(value):
    from django.utils.formats import date_format

    return date_format(value, "j F Y") if value else ""
