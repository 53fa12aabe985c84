from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.province_index, name="index"),
    path("<slug:slug>/", views.province_detail, name="province"),
    path("<slug:province_slug>/<slug:slug>/", views.regency_detail, name="regency"),
]
