"""The public signature form; the OMS's delivery form (admin)."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Regency

from .models import PetitionDelivery, normalise_email

_LINK = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def regency_choices():
    """The 514 kabupaten/kota, grouped by province (one query; a plain <select> with optgroups)."""
    groups, current, options = [], None, None
    for code, name, province in (Regency.objects.order_by("province__code", "name")
                                 .values_list("code", "name", "province__name")):
        if province != current:
            current, options = province, []
            groups.append((province, options))
        options.append((code, name))
    return [("", _("Choose your kabupaten/kota"))] + groups


class SignatureForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}),
                           error_messages={"required": _("Write your full name.")})
    email = forms.EmailField(
        label=_("Email"), max_length=254,
        help_text=_("We send a link to confirm your signature: it counts only once you click it. "
                    "Never shown publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Write your email address: your signature is confirmed through it."),
                        "invalid": _("That does not look like an email address. Check it, e.g. nama@contoh.id.")})
    regency = forms.ChoiceField(
        label=_("Kabupaten/kota where you live"), choices=(),
        help_text=_("Shown with your signature, so the decision maker sees where signers live."),
        error_messages={"required": _("Choose your kabupaten/kota."),
                        "invalid_choice": _("Choose your kabupaten/kota from the list.")})
    comment = forms.CharField(
        label=_("Why are you signing? (optional)"), required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Keep your comment to %(limit_value)d characters or fewer "
                                        "(it now has %(show_value)d).")})
    show_name = forms.BooleanField(
        label=_("Show my name, kabupaten/kota and comment on the public list of signers"),
        required=False, initial=True,
        help_text=_("Untick to sign without appearing publicly; your signature still counts and is "
                    "delivered to the decision maker."))
    wants_updates = forms.BooleanField(label=_("Send me news of this petition"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = regency_choices()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Write your full name."), code="required")
        if _LINK.search(name):
            raise forms.ValidationError(_("Write your name, not a web address."), code="invalid")
        return name

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_regency(self):
        code = self.cleaned_data["regency"]
        regency = Regency.objects.select_related("province").filter(code=code).first()
        if regency is None:
            raise forms.ValidationError(_("Choose your kabupaten/kota from the list."), code="invalid_choice")
        return regency

    def clean_comment(self):
        return self.cleaned_data["comment"].strip()


class DeliveryForm(forms.ModelForm):
    """The OMS records (or corrects) that a petition was handed to its decision maker.

    ``confirmed``: the confirmed signatures now, what ``signatures_delivered`` means when left empty.
    """

    class Meta:
        model = PetitionDelivery
        fields = ["delivered_on", "delivered_to", "signatures_delivered", "note", "response"]
        widgets = {
            "delivered_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "delivered_on": {"required": _("Enter the date the petition was handed over."),
                             "invalid": _("Enter a valid date, e.g. 2026-12-31.")},
            "delivered_to": {"required": _("Enter who received the petition: name and office.")},
            "signatures_delivered": {"invalid": _("Enter a whole number of signatures.")},
        }

    def __init__(self, *args, confirmed=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.confirmed = confirmed
        field = self.fields["signatures_delivered"]
        field.required = False
        field.help_text = _("Left empty: the %(count)s confirmed signatures of today.") % {"count": confirmed}

    def clean_delivered_to(self):
        return " ".join(self.cleaned_data["delivered_to"].split())

    def clean_signatures_delivered(self):
        value = self.cleaned_data.get("signatures_delivered")
        return self.confirmed if value is None else value
