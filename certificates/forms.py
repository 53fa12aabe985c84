"""Forms of certificates' admin."""
from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Shown on the public verification page."),
                             error_messages={"required": _("Say why the certificate is revoked.")})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the certificate is revoked."))
        return reason
