"""Middleware of the project."""
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

#: Paths outside the language prefixes: a 404 there stays a 404.
UNPREFIXED = ("/admin/", "/django-admin/", "/documents/", "/payments/", "/static/", "/media/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that it never turns a 404 of an unprefixed path into a redirect.

    Wagtail serves every path under /id/, so Django's middleware would otherwise answer a
    missing admin page with a redirect to /id/admin/... instead of the 404 it is.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            return response
        return super().process_response(request, response)
