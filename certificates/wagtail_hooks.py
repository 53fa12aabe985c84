"""Admin wiring of certificates (list and revoke, national staff) and of learner invitations' menu item."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from learning import invitations

from . import access, admin_views


@hooks.register("register_admin_urls")
def register_certificate_urls():
    urls = [
        path("", admin_views.certificate_list, name="list"),
        path("<int:pk>/cabut/", admin_views.revoke, name="revoke"),
    ]
    return [path("sertifikat/", include((urls, "certificates_admin"), namespace="certificates_admin"))]


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return access.may_revoke(request.user)


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return CertificatesMenuItem(_("Certificates"), reverse("certificates_admin:list"), name="certificates",
                                icon_name="doc-full", order=275)


@hooks.register("register_admin_menu_item")
def register_invitations_menu_item():
    # The invitations' URLs are registered by learning/wagtail_hooks.py; their menu item lives here.
    return invitations.InvitationsMenuItem(_("Invite learners"), reverse("learning_invitations:index"),
                                           name="learner-invitations", icon_name="user", order=276)
