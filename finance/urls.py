from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("kampanye/<int:pk>/", views.campaign_transparency, name="campaign"),
    path("mitra/<int:pk>/", views.organisation_transparency, name="organisation"),
    path("provinsi/<slug:slug>/", views.province_fee_share, name="province"),
]
