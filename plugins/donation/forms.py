"""The public donation form."""
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lokadaya.forms import RupiahField
from lokadaya.money import MAX_AMOUNT, format_rupiah

#: The default largest single donation: Rp 100 juta. Above it an amount is almost surely a typo,
#: and e-wallets, QRIS and card payments at the gateways stop far below it anyway; a larger gift
#: is better arranged with the OMS directly. ``settings.DONATION_MAX_AMOUNT`` overrides it.
DEFAULT_MAX_DONATION = Decimal("100000000")


def max_donation():
    """The largest amount one donation may be (a whole-rupiah Decimal, never above MAX_AMOUNT)."""
    value = getattr(settings, "DONATION_MAX_AMOUNT", None)
    if value is None or value == "":
        return DEFAULT_MAX_DONATION
    if isinstance(value, float):
        raise TypeError("DONATION_MAX_AMOUNT must be a Decimal, int or str, not a float.")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"DONATION_MAX_AMOUNT is not an amount: {value!r}") from exc
    return min(amount, MAX_AMOUNT)


def payment_method_choices():
    """The django-payments variants offered to donors, with their public labels."""
    labels = getattr(settings, "PAYMENT_VARIANT_LABELS", {})
    return [(variant, labels.get(variant, variant)) for variant in settings.PAYMENT_VARIANTS]


def _refusal(variant, campaign):
    """Why the provider of ``variant`` refuses ``campaign`` up front (translated), or None."""
    from payments.core import provider_factory

    check = getattr(provider_factory(variant), "refusal_reason", None)
    return check(campaign) if check else None


def offered_methods(campaign):
    """The payment methods to show for ``campaign``: those whose provider does not refuse it
    (bank transfer only when the campaign's OMS has a bank account)."""
    choices = payment_method_choices()
    if campaign is None:
        return choices
    return [(variant, label) for variant, label in choices if not _refusal(variant, campaign)]


class MethodField(forms.ChoiceField):
    """Offers the methods that work for this campaign, but accepts any configured one, so that a
    refused method posted anyway (an old page, a hand-made request) gets the provider's clear
    reason rather than "not a valid choice"."""

    def valid_value(self, value):
        return value in settings.PAYMENT_VARIANTS


ONCE, MONTHLY = "once", "monthly"


def monthly_allowed(ask):
    """Does ``ask`` offer monthly giving (``allow_monthly``, on unless the OMS turned it off)?"""
    return ask is not None and ask.value.get("allow_monthly") is not False


class DonationForm(forms.Form):
    amount = RupiahField(label=_("Amount (Rp)"),
                         error_messages={"required": _("Enter the amount you want to give.")})
    frequency = forms.ChoiceField(
        label=_("How often?"), choices=[(ONCE, _("Once")), (MONTHLY, _("Every month"))], initial=ONCE,
        widget=forms.RadioSelect, required=False)
    name = forms.CharField(label=_("Your name"), max_length=150, required=False,
                           help_text=_("Shown on the supporters' wall unless you give anonymously. "
                                       "Many donors write “Hamba Allah”."))
    is_anonymous = forms.BooleanField(label=_("Give anonymously"), required=False)
    email = forms.EmailField(label=_("Email"), help_text=_("For your receipt. Never shown publicly."))
    message = forms.CharField(label=_("Message of support (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    prayer = forms.CharField(label=_("Prayer / doa (optional)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    method = MethodField(label=_("Payment method"), choices=(),
                         error_messages={"required": _("Choose how you want to pay.")})
    wants_updates = forms.BooleanField(label=_("Send me news of this campaign"), required=False)

    def __init__(self, *args, ask=None, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask, self.campaign = ask, campaign
        choices = offered_methods(campaign)
        self.fields["method"].choices = choices
        if len(choices) == 1:
            self.fields["method"].initial = choices[0][0]
            self.fields["method"].widget = forms.HiddenInput()
        self.minimum = Decimal(ask.value.get("minimum") or 0) if ask else Decimal("0")
        self.maximum = max_donation()
        self.fields["amount"].help_text = _("From %(minimum)s to %(maximum)s.") % {
            "minimum": format_rupiah(max(self.minimum, Decimal("1"))), "maximum": format_rupiah(self.maximum)}
        self._monthly_setup(choices)

    def _monthly_setup(self, choices):
        """Offer "every month" when the ask allows it and a shown method can give monthly."""
        from django.utils import timezone

        from .recurring.service import charge_day_for, monthly_variants

        labels = dict(choices)
        self.monthly_methods = monthly_variants(list(labels)) if monthly_allowed(self.ask) else []
        self.charge_day = charge_day_for(timezone.localdate())
        if not self.monthly_methods:
            del self.fields["frequency"]
            return
        self.monthly_method_labels = [str(labels[variant]) for variant in self.monthly_methods]
        self.fields["frequency"].help_text = _(
            "Every month: charged on day %(day)s of each month, with a receipt each time. Stop it any "
            "time from the link in every email; no account needed. Works with: %(methods)s.") % {
            "day": self.charge_day, "methods": ", ".join(self.monthly_method_labels)}

    @property
    def offers_monthly(self):
        return "frequency" in self.fields

    def clean_frequency(self):
        return self.cleaned_data.get("frequency") or ONCE

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None:
            raise forms.ValidationError(_("Enter the amount you want to give."), code="required")
        if amount <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."), code="min_value")
        if amount < self.minimum:
            raise forms.ValidationError(
                _("The minimum donation is %(minimum)s.") % {"minimum": format_rupiah(self.minimum)},
                code="min_value")
        if amount > self.maximum:
            raise forms.ValidationError(
                _("That amount is too large. The most one donation can be is %(maximum)s.")
                % {"maximum": format_rupiah(self.maximum)}, code="max_value")
        return amount

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("method")
        if method and self.campaign is not None:
            # Refused methods are not offered; one posted anyway is refused with the provider's reason
            # (e.g. bank transfer when the OMS has no bank account).
            reason = _refusal(method, self.campaign)
            if reason:
                self.add_error("method", reason)
        if method and cleaned.get("frequency") == MONTHLY and method not in self.monthly_methods:
            self.add_error("frequency", _(
                "%(method)s cannot be used for a monthly donation. Choose %(methods)s, or give once.") % {
                "method": dict(payment_method_choices()).get(method, method),
                "methods": ", ".join(self.monthly_method_labels)})
        if not cleaned.get("is_anonymous") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Write your name, or tick “Give anonymously”."))
        return cleaned
