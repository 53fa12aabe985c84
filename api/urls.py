"""``/api/v1/``: the endpoints, the OpenAPI schema and its documentation page.

Mounted without a language prefix (``lokadaya/urls.py``): the language is ``?lang=`` or
``Accept-Language`` (``api.views.choose_language``). Anything else under ``/api/v1/`` is a JSON 404.
"""
from django.urls import path, re_path

from . import views

app_name = "api"

urlpatterns = [
    path("campaigns/", views.CampaignList.as_view(), name="campaigns"),
    path("campaigns/<int:id>/", views.CampaignDetail.as_view(), name="campaign"),
    path("support-types/", views.SupportTypeList.as_view(), name="support_types"),
    path("organisations/", views.OrganisationList.as_view(), name="organisations"),
    path("organisations/<int:id>/", views.OrganisationDetail.as_view(), name="organisation"),
    path("stories/", views.StoryList.as_view(), name="stories"),
    path("stories/<int:id>/", views.StoryDetail.as_view(), name="story"),
    path("programmes/", views.ProgrammeList.as_view(), name="programmes"),
    path("programmes/<int:id>/", views.ProgrammeDetail.as_view(), name="programme"),
    path("sdgs/", views.SDGList.as_view(), name="sdgs"),
    path("sdgs/<int:number>/", views.SDGDetail.as_view(), name="sdg"),
    path("regions/provinces/", views.ProvinceList.as_view(), name="provinces"),
    path("regions/provinces/<str:code>/", views.ProvinceDetail.as_view(), name="province"),
    path("regions/regencies/", views.RegencyList.as_view(), name="regencies"),
    path("regions/regencies/<str:code>/", views.RegencyDetail.as_view(), name="regency"),
    path("transparency/", views.TransparencyView.as_view(), name="transparency"),
    path("transparency/provinces/<str:code>/", views.ProvinceTransparencyView.as_view(),
         name="province_transparency"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    re_path(r"^", views.not_found, name="not_found"),
]

#: Routes that are not data endpoints (the schema lists every other one: tests/test_api_schema.py).
NOT_IN_SCHEMA = {"schema", "docs", "not_found"}
