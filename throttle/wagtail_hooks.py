"""A link in the admin's Settings menu, for superusers only, to the sign-in lockouts (django-axes).

Unlocking is deleting the lockout's access attempt in Django's admin (/django-admin/axes/), where
only superusers have the permissions to see or change it.
"""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return SuperuserMenuItem(_("Sign-in lockouts"), reverse("admin:axes_accessattempt_changelist"),
                             icon_name="lock", order=900)
