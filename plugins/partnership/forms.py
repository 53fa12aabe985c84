"""The public partnership proposal form and the OMS's status form."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from lokadaya.forms import RupiahField
from lokadaya.money import MAX_AMOUNT, format_rupiah

from .choices import Kind, Sector
from .models import Proposal

#: The offer must say something concrete: at least this many characters.
OFFER_MIN_LENGTH = 30
OFFER_MAX_LENGTH = 3000
PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-.]+$")


class RupiahInput(RupiahField):
    """The core's Rupiah field (what people type, cleaned to a whole-rupiah Decimal, or None), for an
    optional estimate: more than zero and not beyond the site's maximum."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        amount = super().to_python(value)
        if amount is None:
            return None
        if amount <= 0:
            raise forms.ValidationError(_("The estimated value must be more than zero."), code="min_value")
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(
                _("That value is too large. The most it can be is %(maximum)s.")
                % {"maximum": format_rupiah(MAX_AMOUNT)}, code="max_value")
        return amount


def clean_phone(value):
    """A phone or WhatsApp number: digits with the usual separators, 8 to 15 digits."""
    value = " ".join((value or "").split())
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARS.match(value) or not 8 <= len(digits) <= 15:
        raise forms.ValidationError(
            _("Enter a phone or WhatsApp number, for example 0812 3456 7890."), code="invalid")
    return value


class ProposalForm(forms.Form):
    organisation_name = forms.CharField(
        label=_("Organisation name"), max_length=200,
        error_messages={"required": _("Write the name of your organisation.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sector = forms.ChoiceField(
        label=_("Sector"), choices=[("", _("Choose a sector"))] + Sector.choices,
        error_messages={"required": _("Choose your organisation's sector."),
                        "invalid_choice": _("Choose one of the sectors in the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of partnership"), choices=(),
        error_messages={"required": _("Choose the kind of partnership you propose."),
                        "invalid_choice": _("This campaign does not seek that kind of partnership. "
                                            "Choose one of the kinds in the list.")},
    )
    name = forms.CharField(
        label=_("Contact person"), max_length=150,
        error_messages={"required": _("Write the name of the person we can contact.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254, help_text=_("Never shown publicly."),
        error_messages={"required": _("Write an email address so the organisation can reply."),
                        "invalid": _("Enter a valid email address, for example nama@perusahaan.co.id.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone / WhatsApp"), max_length=30, help_text=_("Never shown publicly."),
        error_messages={"required": _("Write a phone or WhatsApp number.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    website = forms.URLField(
        label=_("Website (optional)"), required=False, max_length=300, assume_scheme="https",
        error_messages={"invalid": _("Enter a valid web address, for example https://perusahaan.co.id.")},
    )
    offer = forms.CharField(
        label=_("Your offer"), max_length=OFFER_MAX_LENGTH,
        help_text=_("What your organisation proposes to give or do, and how you would like to work together."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe what your organisation offers.")},
    )
    value_estimate = RupiahInput(label=_("Estimated value in Rupiah (optional)"), required=False)
    show_publicly = forms.BooleanField(
        label=_("If the partnership is agreed, the organisation may show our name and sector on the campaign page"),
        required=False,
    )
    wants_updates = forms.BooleanField(label=_("Send me news of this campaign"), required=False)

    def __init__(self, *args, ask=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask = ask
        sought = sought_kinds(ask)
        self.fields["kind"].choices = [(key, label) for key, label in Kind.choices if key in sought]
        if len(self.fields["kind"].choices) == 1:
            self.fields["kind"].initial = self.fields["kind"].choices[0][0]
        else:
            self.fields["kind"].choices = [("", _("Choose a kind"))] + self.fields["kind"].choices
        self.fields["offer"].widget.attrs["minlength"] = OFFER_MIN_LENGTH

    def clean_organisation_name(self):
        value = " ".join(self.cleaned_data["organisation_name"].split())
        if len(value) < 2:
            raise forms.ValidationError(_("Write the full name of your organisation."), code="min_length")
        return value

    def clean_name(self):
        value = " ".join(self.cleaned_data["name"].split())
        if len(value) < 2:
            raise forms.ValidationError(_("Write the full name of the contact person."), code="min_length")
        return value

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_offer(self):
        value = self.cleaned_data["offer"].strip()
        if len(value) < OFFER_MIN_LENGTH:
            raise forms.ValidationError(
                _("Describe your offer in at least %(minimum)d characters (you wrote %(count)d).")
                % {"minimum": OFFER_MIN_LENGTH, "count": len(value)}, code="min_length")
        return value


def sought_kinds(ask):
    """The kinds an ask seeks, as a set of keys; every kind if the editor left it empty."""
    kinds = list(ask.value.get("kinds_sought") or []) if ask is not None else []
    valid = {key for key, _label in Kind.choices}
    sought = {kind for kind in kinds if kind in valid}
    return sought or valid


class ProposalStatusForm(forms.ModelForm):
    """What an OMS editor changes on a proposal: its status and the message sent to the proposer."""

    note = forms.CharField(label=_("Internal note"), required=False,
                           help_text=_("Kept in the record's history; not sent to the proposer."),
                           widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Proposal
        fields = ["status", "response"]
        widgets = {"response": forms.Textarea(attrs={"rows": 3})}

    def clean_response(self):
        return (self.cleaned_data.get("response") or "").strip()

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Proposal.Status.DECLINED and not cleaned.get("response"):
            self.add_error("response", _("Tell the proposer why the proposal is declined: "
                                         "the message is sent to them."))
        if status in Proposal.OPEN_STATUSES and self.instance.pk and self.instance.status not in Proposal.OPEN_STATUSES:
            other_open = Proposal.objects.filter(
                campaign_id=self.instance.campaign_id, ask_id=self.instance.ask_id,
                email__iexact=self.instance.email, status__in=Proposal.OPEN_STATUSES,
            ).exclude(pk=self.instance.pk)
            if other_open.exists():
                self.add_error("status", _("This proposer has another open proposal for the same ask. "
                                           "Close that one first."))
        return cleaned

    def validate_unique(self):
        # The open-proposal constraint is checked in clean() with a clear message.
        pass
