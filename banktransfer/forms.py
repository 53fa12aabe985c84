"""The donor's proof upload, and the reviewer's rejection reason."""
from django import forms
from django.utils.translation import gettext_lazy as _

from lokadaya.forms import RupiahField

from .conf import PROOF_TYPES, max_proof_bytes
from .validators import validate_proof

ACCEPT = ",".join([f".{extension}" for extension in PROOF_TYPES]
                  + sorted({content_type for _format, content_type in PROOF_TYPES.values()}))


class ProofForm(forms.Form):
    proof = forms.FileField(
        label=_("Proof of transfer"),
        error_messages={
            "required": _("Choose the photo, screenshot or PDF of your transfer receipt."),
            "empty": _("The file is empty. Choose the photo or PDF of your transfer receipt."),
            "invalid": _("No file was received. Choose the file again."),
        },
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    sender_name = forms.CharField(
        label=_("Name on the account you transferred from (optional)"), max_length=150, required=False,
        help_text=_("Helps the organisation find your transfer on its bank statement."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.template.defaultfilters import filesizeformat

        self.fields["proof"].help_text = _(
            "A photo or screenshot (JPG, PNG, WebP) or a PDF, at most %(limit)s."
        ) % {"limit": filesizeformat(max_proof_bytes())}

    def clean_proof(self):
        uploaded = self.cleaned_data["proof"]
        self.content_type = validate_proof(uploaded)
        return uploaded

    def clean_sender_name(self):
        return " ".join(self.cleaned_data.get("sender_name", "").split())


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the donor by email. For example: “No transfer of this amount has arrived.”"),
        error_messages={"required": _("Write the reason: the donor will receive it.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Write the reason: the donor will receive it."), code="required")
        return reason


class ConfirmForm(forms.Form):
    """The reviewer's confirmation: what arrived on the statement, and a note (needed when late)."""

    received = RupiahField(
        label=_("Amount that arrived (Rp)"), required=False,
        help_text=_("As on your bank statement. Leave it as it is when exactly the amount to transfer arrived."))
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the transfer arrived after its deadline or after it was rejected: say when it arrived."))

    def __init__(self, *args, transfer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.transfer = transfer
        if transfer is not None and not self.is_bound:
            self.initial["received"] = f"{transfer.amount_to_pay:,.0f}".replace(",", ".")

    def clean_received(self):
        received = self.cleaned_data.get("received")
        if received is not None and received <= 0:
            raise forms.ValidationError(_("Enter the amount that arrived, in whole rupiah."), code="amount")
        return received

    def clean(self):
        cleaned = super().clean()
        note = (cleaned.get("note") or "").strip()
        cleaned["note"] = note
        from .services import LATE_STATUSES

        # As the service: a note for money that arrived late (expired, rejected); confirming a
        # confirmed transfer again is harmless and answered "already confirmed".
        if self.transfer is not None and self.transfer.status in LATE_STATUSES and not note:
            self.add_error("note", forms.ValidationError(
                _("This transfer is “%(status)s”. Say when the money arrived.")
                % {"status": self.transfer.get_status_display()}, code="note_required"))
        return cleaned
