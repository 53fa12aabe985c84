"""The one field every step asks for: a code from the authenticator app, or a backup code."""
from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"), max_length=32, strip=True,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autofocus": True, "spellcheck": "false"}),
    )


class SetupCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code from the app"), max_length=32, strip=True,
        help_text=_("After adding the account, enter the 6-digit code the app shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )


class ManageForm(CodeForm):
    """A change to the user's own two-step verification, confirmed with a current code."""

    REGENERATE, DISABLE, REPLACE = "regenerate", "disable", "replace"
    action = forms.ChoiceField(choices=[(REGENERATE, REGENERATE), (DISABLE, DISABLE), (REPLACE, REPLACE)],
                               widget=forms.HiddenInput)
