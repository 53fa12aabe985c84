"""URLs of this app: a package block's player, its files and its runtime endpoint."""
from django.urls import path

from . import views

app_name = "elearning"
urlpatterns = [
    path("putar/<int:lesson_id>/<str:block_id>/", views.player, name="player"),
    path("catat/<int:lesson_id>/<str:block_id>/", views.runtime_view, name="runtime"),
    path("konten/<int:lesson_id>/<str:block_id>/<path:path>", views.content, name="content"),
]
