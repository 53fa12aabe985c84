"""Middleware of the project."""
from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation

#: Paths outside the language prefixes: a 404 there stays a 404.
UNPREFIXED = ("/admin/", "/django-admin/", "/documents/", "/payments/", "/static/", "/media/", "/api/",
              "/embed/", "/oembed/")
#: The Wagtail admin speaks the site's language unless the user chose another in their account.
ADMIN_PREFIX = "/admin/"


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that it never turns a 404 of an unprefixed path into a redirect, and that
    the admin starts in the site's default language (Indonesian) whatever the browser asks.

    Wagtail serves every path under /id/, so Django's middleware would otherwise answer a
    missing admin page with a redirect to /id/admin/... instead of the 404 it is.
    """

    def process_request(self, request):
        # Outside the language prefixes Django would follow the browser's Accept-Language (or a
        # cookie the public language switch left), so an English browser got an English admin.
        # The admin is Indonesian by default; Wagtail's require_admin_access then switches to
        # the language a user picked in their account (UserProfile.preferred_language).
        if request.path_info.startswith(ADMIN_PREFIX):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
