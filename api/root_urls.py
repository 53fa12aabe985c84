"""A URLconf with the API alone, set on API requests that end in a 404 (``api.views.as_api_404``).

The site's ``LocaleMiddleware`` answers a 404 outside the language prefixes with a redirect to the
same path under ``/id/`` whenever that path resolves, and Wagtail resolves every path there; an
API client must get its JSON 404 instead. Django's middleware reads ``request.urlconf``: with
this one (no language-prefixed patterns) it leaves the 404 alone.
"""
from django.urls import include, path

urlpatterns = [path("api/v1/", include("api.urls"))]
