"""The admin's account page links to two-step verification ("Verifikasi dua langkah")."""
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from . import policy


@hooks.register("register_account_menu_item")
def two_step_menu_item(request):
    on = policy.has_device(request.user)
    return {
        "url": reverse("twofactor:account"),
        "label": _("Two-step verification"),
        "help_text": _("On: sign-in asks for a code from your authenticator app.") if on else
        _("Off: turn it on so a stolen password alone cannot open your account."),
    }
