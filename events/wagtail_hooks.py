"""Admin wiring of events: the attendance admin under /admin/acara/, its menu item, a button on event pages.

Every view is in ``admin_views.py`` and passes through ``access.event_or_404`` (organisers only).
"""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import access, admin_views


@hooks.register("register_admin_urls")
def register_event_admin_urls():
    urls = [
        path("", admin_views.event_list, name="list"),
        path("<int:page_id>/peserta/", admin_views.attendance, name="attendance"),
        path("<int:page_id>/peserta/<int:pk>/hadir/", admin_views.mark, name="mark"),
        path("<int:page_id>/peserta.csv", admin_views.export, name="export"),
        path("<int:page_id>/sertifikat/", admin_views.issue_certificates, name="certificates"),
    ]
    return [path("acara/", include((urls, "events_admin"), namespace="events_admin"))]


class EventsMenuItem(MenuItem):
    """Shown to organisers: moderators and national staff."""

    def is_shown(self, request):
        return access.is_national(request.user) or access.organiser_provinces(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_events_menu_item():
    return EventsMenuItem(_("Event attendance"), reverse("events_admin:list"), name="event-attendance",
                          icon_name="date", order=95)


def _attendance_button(page, user, priority):
    from .models import EventPage

    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if not isinstance(specific, EventPage) or not access.can_organise(user, specific):
        return None
    source = specific.source
    return Button(_("Registrations and attendance"), reverse("events_admin:attendance", args=[source.pk]),
                  icon_name="group", priority=priority)


@hooks.register("register_page_listing_more_buttons")
def event_listing_button(page, user, next_url=None):
    button = _attendance_button(page, user, 50)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def event_header_button(page, user, view_name, next_url=None):
    button = _attendance_button(page, user, 50)
    if button:
        yield button
