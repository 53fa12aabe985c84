"""The learner's own pages (Belajar saya) and actions; invitations' public pages."""
from django.urls import path

from . import views
from .invitations import public_urlpatterns as invitation_urlpatterns

app_name = "learning"
urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("ikuti/<int:course_id>/", views.enrol_view, name="enrol"),
    path("selesai/<int:lesson_id>/", views.complete_lesson, name="complete_lesson"),
    path("kuis/<int:lesson_id>/<str:block_id>/", views.submit_quiz, name="submit_quiz"),
    path("posisi/<int:lesson_id>/", views.save_position, name="save_position"),
    *invitation_urlpatterns,
]
