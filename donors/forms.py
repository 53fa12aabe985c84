"""The donor account's forms."""
from django import forms
from django.utils.translation import gettext_lazy as _


class SignInForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"), max_length=254,
        help_text=_("The address you gave with. We email you a link to sign in; no password needed."),
        error_messages={"required": _("Enter the email address you gave with."),
                        "invalid": _("Enter a valid email address, like nama@contoh.id.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
