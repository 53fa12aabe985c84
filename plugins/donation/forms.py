"""The public donation form."""
from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lokadaya.forms import RupiahField
from lokadaya.money import MAX_AMOUNT, format_rupiah


def payment_method_choices():
    """The django-payments variants offered to donors, with their public labels."""
    labels = getattr(settings, "PAYMENT_VARIANT_LABELS", {})
    return [(variant, labels.get(variant, variant)) for variant in settings.PAYMENT_VARIANTS]


class DonationForm(forms.Form):
    amount = RupiahField(label=_("Amount (Rp)"),
                         error_messages={"required": _("Enter the amount you want to give.")})
    name = forms.CharField(label=_("Your name"), max_length=150, required=False,
                           help_text=_("Shown on the supporters' wall unless you give anonymously. "
                                       "Many donors write “Hamba Allah”."))
    is_anonymous = forms.BooleanField(label=_("Give anonymously"), required=False)
    email = forms.EmailField(label=_("Email"), help_text=_("For your receipt. Never shown publicly."))
    message = forms.CharField(label=_("Message of support (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    prayer = forms.CharField(label=_("Prayer / doa (optional)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(label=_("Payment method"), choices=())
    wants_updates = forms.BooleanField(label=_("Send me news of this campaign"), required=False)

    def __init__(self, *args, ask=None, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask, self.campaign = ask, campaign
        choices = payment_method_choices()
        self.fields["method"].choices = choices
        if len(choices) == 1:
            self.fields["method"].initial = choices[0][0]
            self.fields["method"].widget = forms.HiddenInput()
        self.minimum = Decimal(ask.value.get("minimum") or 0) if ask else Decimal("0")

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
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(
                _("That amount is too large. The most one donation can be is %(maximum)s.")
                % {"maximum": format_rupiah(MAX_AMOUNT)}, code="max_value")
        return amount

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("method")
        if method and self.campaign is not None:
            # A provider may refuse a campaign up front (e.g. bank transfer without an account).
            from payments.core import provider_factory

            check = getattr(provider_factory(method), "refusal_reason", None)
            reason = check(self.campaign) if check else None
            if reason:
                self.add_error("method", reason)
        if not cleaned.get("is_anonymous") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Write your name, or tick “Give anonymously”."))
        return cleaned
