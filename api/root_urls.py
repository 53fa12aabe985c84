"""A URLconf with the API alone: what the OpenAPI schema is generated from (``api.views.SchemaView``),
so Wagtail's admin API and wagtail-localize's stay out of it. (An API 404 stays a 404 because
``/api/`` is among the locale middleware's unprefixed paths, ``lokadaya/middleware.py``.)
"""
from django.urls import include, path

urlpatterns = [path("api/v1/", include("api.urls"))]
