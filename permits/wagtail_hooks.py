"""Admin menu, URLs, Settings entry, page buttons and log actions of fundraising permits."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import access, admin_views


@hooks.register("register_admin_urls")
def register_permit_urls():
    urls = [
        path("", admin_views.permit_list, name="list"),
        path("baru/", admin_views.permit_add, name="add"),
        path("kebijakan/", admin_views.policy, name="policy"),
        path("<int:pk>/", admin_views.permit_detail, name="detail"),
        path("<int:pk>/ganti/", admin_views.permit_replace, name="replace"),
    ]
    return [path("izin-pub/", include((urls, "permits_admin"), namespace="permits_admin"))]


class PermitsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.may_use_admin(request.user)


class PolicyMenuItem(MenuItem):
    def is_shown(self, request):
        return access.may_edit_policy(request.user)


@hooks.register("register_admin_menu_item")
def register_permits_menu():
    return PermitsMenuItem(_("Fundraising permits"), reverse("permits_admin:list"), icon_name="doc-full-inverse",
                           order=263)


@hooks.register("register_settings_menu_item")
def register_policy_menu():
    return PolicyMenuItem(_("Fundraising permit policy"), reverse("permits_admin:policy"), icon_name="cog",
                          order=310)


def _permit_button(page, user, priority):
    from campaigns.models import CampaignPage

    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if not isinstance(specific, CampaignPage) or not access.may_record(user, specific):
        return None
    url = reverse("permits_admin:add") + f"?campaign={specific.source.pk}"
    return Button(_("Fundraising permit (izin PUB)"), url, icon_name="doc-full-inverse", priority=priority)


@hooks.register("register_page_listing_more_buttons")
def permit_listing_button(page, user, next_url=None):
    button = _permit_button(page, user, 55)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def permit_header_button(page, user, view_name, next_url=None):
    button = _permit_button(page, user, 55)
    if button:
        yield button


@hooks.register("register_log_actions")
def register_permit_log_actions(actions):
    actions.register_action("permits.submit", _("Permit submitted"), _("Fundraising permit submitted"))
    actions.register_action("permits.verify", _("Permit verified"), _("Fundraising permit verified"))
    actions.register_action("permits.reject", _("Permit rejected"), _("Fundraising permit rejected"))
    actions.register_action("permits.policy", _("Permit policy changed"), _("Fundraising permit policy changed"))
