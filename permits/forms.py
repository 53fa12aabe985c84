"""The forms of permits: an OMS records (or replaces) a permit, a moderator decides, national staff set the policy.

Upload rules: a PDF or a picture (JPG, PNG, WebP) of at most 10 MB, checked by its content with
the site's upload checks (``lokadaya.uploads``): no web page or script passes as a permit.
"""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.forms import RegencyChoiceField

from .models import FundraisingPermit, PermitPolicy, Scope
from .rules import covers

MAX_DOCUMENT_SIZE = 10 * 2**20
DOCUMENT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".webp")


def check_permit_document(document):
    """A PDF or a picture, ≤ 10 MB, that is what it says (``lokadaya.uploads``); raises ValidationError."""
    from PIL import Image

    from lokadaya.uploads import check_document, check_image

    name = (document.name or "").lower()
    if not name.endswith(DOCUMENT_EXTENSIONS):
        raise forms.ValidationError(_("Upload the permit as a PDF or a picture (JPG, PNG, WebP)."), code="extension")
    if document.size > MAX_DOCUMENT_SIZE:
        raise forms.ValidationError(_("The permit document is larger than %(size)s MB.") % {
            "size": MAX_DOCUMENT_SIZE // 2**20}, code="size")
    if name.endswith(".pdf"):
        try:
            check_document(document, extensions=["pdf"])
        except forms.ValidationError as error:
            if error.code == "markup":
                raise
            raise forms.ValidationError(_("This file is not a real PDF."), code="mismatch") from None
        return document
    try:
        check_image(document, formats={"JPEG", "PNG", "WEBP"})
    except forms.ValidationError as error:
        if error.code in ("too_many_pixels", "markup"):
            raise
        raise forms.ValidationError(_("This file is not a real picture."), code="not_image") from None
    try:
        Image.open(document).verify()
    except Exception as exc:  # noqa: BLE001 - any decoding failure means not a picture
        raise forms.ValidationError(_("This file is not a real picture."), code="not_image") from exc
    finally:
        document.seek(0)
    return document


class PermitForm(forms.ModelForm):
    """A permit of one of the editor's campaigns (``campaigns``: those they may edit)."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, error_messages={
        "required": _("Choose the campaign this permit is for."),
        "invalid_choice": _("Choose one of your campaigns.")})
    regency = RegencyChoiceField(label=_("Kabupaten/kota"), required=False,
                                 help_text=_("Only for a permit of a bupati or wali kota."))

    class Meta:
        model = FundraisingPermit
        fields = ["campaign", "number", "issuer", "scope", "province", "regency", "valid_from", "valid_until",
                  "document"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "number": _("As written on the permit, e.g. 123/HUK/2026."),
            "province": _("Only for a permit of a governor."),
            "document": _("A scan or photo of the whole permit: PDF, JPG, PNG or WebP, at most 10 MB."),
        }

    def __init__(self, *args, campaigns, replacing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns.order_by("title")
        self.fields["regency"].group_by_province()
        self.fields["province"].required = False
        self.fields["province"].empty_label = _("Choose a province")
        if replacing:
            # A replacement keeps its campaign; a new document is optional (the old one stays).
            del self.fields["campaign"]
            self.fields["document"].required = False
        for name in ("number", "issuer"):
            self.fields[name].error_messages["required"] = {
                "number": _("Write the permit's number."), "issuer": _("Write who issued the permit.")}[name]
        self.fields["valid_from"].error_messages["required"] = _("Give the first day the permit is valid.")
        self.fields["valid_until"].error_messages["required"] = _("Give the last day the permit is valid.")
        self.fields["document"].error_messages["required"] = _("Upload the permit document.")

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "content_type"):  # a new upload, not the stored file
            check_permit_document(document)
        return document

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == Scope.NATIONAL:
            data["province"] = data["regency"] = None
        elif scope == Scope.PROVINCE:
            data["regency"] = None
            if not data.get("province"):
                self.add_error("province", _("A governor's permit is for a province: choose it."))
        elif scope == Scope.REGENCY:
            regency = data.get("regency")
            if not regency:
                self.add_error("regency", _("A bupati's or wali kota's permit is for a kabupaten/kota: choose it."))
            else:
                data["province"] = regency.province
        valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
        if valid_from and valid_until:
            if valid_until < valid_from:
                self.add_error("valid_until", _("The permit cannot end before it starts."))
            elif valid_until < timezone.localdate():
                self.add_error("valid_until", _("This permit has already expired: record a valid one."))
        campaign = data.get("campaign") if "campaign" in self.fields else self.instance.campaign
        if campaign is not None and scope and not self.errors.get("province") and not self.errors.get("regency"):
            probe = FundraisingPermit(scope=scope, province=data.get("province"), regency=data.get("regency"))
            if not covers(probe, campaign):
                self.add_error("scope", _("This permit's area does not cover the campaign's kabupaten/kota. "
                                          "Record the permit of the government where the campaign collects."))
        return data


class DecisionForm(forms.Form):
    """A moderator's decision on a permit: verify, or reject with a reason (emailed to the OMS)."""

    VERIFY, REJECT = "verify", "reject"
    action = forms.ChoiceField(choices=[(VERIFY, _("Verify")), (REJECT, _("Reject"))])
    reason = forms.CharField(label=_("Reason (sent to the organisation)"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("action") == self.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the permit is rejected: the organisation reads it to fix it."))
        return data


class PolicyForm(forms.ModelForm):
    class Meta:
        model = PermitPolicy
        fields = ["require_national", "require_regional"]
