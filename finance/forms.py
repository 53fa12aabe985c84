"""Forms of national finance: the management fee and disbursements."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokadaya.forms import RupiahField
from lokadaya.money import format_rupiah

from .models import Disbursement, FeeSetting

PROOF_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".webp")
MAX_PROOF_SIZE = 10 * 1024 * 1024


class FeeSettingForm(forms.ModelForm):
    class Meta:
        model = FeeSetting
        fields = ["percentage", "effective_from", "note"]
        widgets = {"effective_from": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Say why the fee changes: the history is public."))
        return note


class DisbursementForm(forms.ModelForm):
    amount = RupiahField(label=_("Amount (Rp)"))

    class Meta:
        model = Disbursement
        fields = ["campaign", "amount", "paid_on", "proof", "note"]
        widgets = {"paid_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaigns is not None:
            self.fields["campaign"].queryset = campaigns

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on > timezone.localdate():
            raise forms.ValidationError(_("A disbursement cannot be dated in the future."))
        return paid_on

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is None or amount <= 0:
            raise forms.ValidationError(_("The amount must be more than zero."))
        return amount

    def clean_proof(self):
        proof = self.cleaned_data["proof"]
        name = proof.name.lower()
        if not name.endswith(PROOF_EXTENSIONS):
            raise forms.ValidationError(_("Upload the proof as a PDF or an image (JPG, PNG, WebP)."))
        if proof.size > MAX_PROOF_SIZE:
            raise forms.ValidationError(_("The proof is larger than %(size)s MB.") % {"size": MAX_PROOF_SIZE // 2**20})
        # The site's upload checks (lokadaya.uploads): a PDF by its content, an image by its header
        # (pixel cap) before Pillow's verify() walks the file; no web page or script in either.
        from lokadaya.uploads import check_document, check_image

        if name.endswith(".pdf"):
            try:
                check_document(proof, extensions=["pdf"])
            except forms.ValidationError as error:
                if error.code == "markup":
                    raise
                raise forms.ValidationError(_("This file is not a real PDF.")) from None
        else:
            from PIL import Image

            try:
                check_image(proof, formats={"JPEG", "PNG", "WEBP"})
            except forms.ValidationError as error:
                if error.code in ("too_many_pixels", "markup"):
                    raise
                raise forms.ValidationError(_("This file is not a real image.")) from None
            try:
                Image.open(proof).verify()
            except Exception as exc:  # noqa: BLE001 - any decoding failure means not an image
                raise forms.ValidationError(_("This file is not a real image.")) from exc
            finally:
                proof.seek(0)
        return proof


def balance_message(balance):
    return _("This would take the campaign's balance below zero: only %(balance)s can be disbursed.") % {
        "balance": format_rupiah(balance)}


class MoneyFlagResolveForm(forms.Form):
    """Resolving a money flag: what was done about it (kept with the flag)."""

    flag = forms.IntegerField(widget=forms.HiddenInput)
    resolution = forms.CharField(
        label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say what was done about it: it stays with the flag.")})

    def clean_resolution(self):
        resolution = self.cleaned_data["resolution"].strip()
        if not resolution:
            raise forms.ValidationError(_("Say what was done about it: it stays with the flag."), code="required")
        return resolution
