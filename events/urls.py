"""Public URLs of events (mounted at /<lang>/acara-pelatihan/)."""
from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("daftar/<int:page_id>/", views.register, name="register"),
    path("<str:token>/", views.personal, name="personal"),
    path("<str:token>/kalender.ics", views.calendar_file, name="calendar"),
    path("<str:token>/batal/", views.cancel, name="cancel"),
    path("<str:token>/gabung/", views.join, name="join"),
]
