"""The privacy centre's forms (public and staff)."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import DataSubjectRequest
from ..subjects import normalise_email, normalise_phone

Kind = DataSubjectRequest.Kind

#: What a person may choose on the centre's form; all of it is then done from the subject page.
PUBLIC_KINDS = [
    (Kind.ACCESS, _("See and download my data")),
    (Kind.CORRECTION, _("Correct my data")),
    (Kind.ERASURE, _("Erase my data")),
    (Kind.WITHDRAWAL, _("Withdraw my consents")),
]


def email_field(label, help_text="", required=True):
    return forms.EmailField(
        label=label, max_length=254, required=required, help_text=help_text,
        error_messages={"required": _("Enter your email address."),
                        "invalid": _("Enter a valid email address, like nama@contoh.id.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}))


class StartForm(forms.Form):
    """The centre's entry: which address, and what the person wants to do."""

    email = email_field(_("Your email address"),
                        _("We email a link to this address. Opening it proves the address is yours."))
    kind = forms.TypedChoiceField(
        label=_("What would you like to do?"), choices=PUBLIC_KINDS, initial=Kind.ACCESS, coerce=str,
        widget=forms.RadioSelect, error_messages={"required": _("Choose what you would like to do."),
                                                  "invalid_choice": _("Choose one of the options.")})

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class CorrectionForm(forms.Form):
    """New values for what is held under the address; empty fields stay as they are."""

    name = forms.CharField(label=_("Correct name"), max_length=150, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = email_field(_("New email address"), required=False)
    phone = forms.CharField(
        label=_("Correct phone number"), max_length=30, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))

    def __init__(self, *args, current_email="", **kwargs):
        super().__init__(*args, **kwargs)
        self.current_email = normalise_email(current_email)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if email and email == self.current_email:
            raise forms.ValidationError(_("This is already the address on record. Leave it empty to keep it."))
        return email

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not normalise_phone(phone):
            raise forms.ValidationError(_("Enter a phone number with its area or mobile code, like 0812 3456 7890."))
        return phone

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name in ("name", "email", "phone")):
            raise forms.ValidationError(_("Fill in at least one field to correct."))
        return data

    def changes(self):
        return {name: value for name, value in self.cleaned_data.items() if value}


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my data is erased for good, and that financial records stay, anonymised."),
        error_messages={"required": _("Tick the box to confirm the erasure.")})


# -- staff -----------------------------------------------------------------------------------------


class StaffRequestForm(forms.Form):
    """A request received by staff: by email, letter or phone (the only way for a phone number)."""

    email = email_field(_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone number"), max_length=30, required=False,
                            help_text=_("A request about a phone number includes every record with that number."))
    kind = forms.ChoiceField(label=_("Request"), choices=Kind.choices, initial=Kind.ACCESS)
    details = forms.CharField(label=_("What was asked"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("How it came in and how you checked that the person is who they say."))
    received_at = forms.DateTimeField(label=_("Received"), required=False,
                                      help_text=_("Empty: now. The deadline counts from this moment."),
                                      widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                      input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"])

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not normalise_phone(phone):
            raise forms.ValidationError(_("Enter a phone number with its area or mobile code, like 0812 3456 7890."))
        return phone

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value and value > timezone.now():
            raise forms.ValidationError(_("A request cannot be received in the future."))
        return value

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("email") or data.get("phone")):
            raise forms.ValidationError(_("Give the email address or the phone number the request is about."))
        return data


class DecisionForm(forms.Form):
    DONE = DataSubjectRequest.Status.DONE
    REFUSED = DataSubjectRequest.Status.REFUSED

    action = forms.ChoiceField(choices=[(DONE, _("answered")), (REFUSED, _("refused"))])
    note = forms.CharField(label=_("Staff note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REFUSED and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the request is refused: the person is told."))
        return data


class StaffCorrectionForm(CorrectionForm):
    """Staff apply a correction they checked themselves: the new address needs no confirmation link."""

    email = email_field(_("Correct email address"), required=False)
