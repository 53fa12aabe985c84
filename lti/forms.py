"""The platform registration form of the admin (scoped by ``lti.scope``)."""
import re

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import scope
from .models import Platform


class PlatformForm(forms.ModelForm):
    deployment_ids = forms.CharField(
        label=_("deployment IDs"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Moodle shows it as \"Deployment ID\" in the tool's details; several separated by commas or "
                    "lines."))

    class Meta:
        model = Platform
        # Moodle's addresses are https; a bare host typed without a scheme gets https.
        formfield_callback = staticmethod(lambda field, **kwargs: field.formfield(assume_scheme="https", **kwargs)
                                          if isinstance(field, models.URLField) else field.formfield(**kwargs))
        fields = ["network", "name", "issuer", "client_id", "deployment_ids", "auth_login_url",
                  "access_token_url", "key_set_url", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = scope.manageable_networks(user).select_related("province")
        if not scope.is_national(user):
            # A moderator registers for their own network only, never a national platform.
            self.fields["network"].required = True
            self.fields["network"].empty_label = None
        if self.instance.pk:
            self.initial["deployment_ids"] = "\n".join(str(d) for d in self.instance.deployment_ids)

    def clean_deployment_ids(self):
        ids = [part.strip() for part in re.split(r"[,\n]", self.cleaned_data["deployment_ids"]) if part.strip()]
        if not ids:
            raise forms.ValidationError(_("Enter at least one deployment ID."))
        if any(len(value) > 255 for value in ids):
            raise forms.ValidationError(_("A deployment ID is at most 255 characters."))
        return ids
