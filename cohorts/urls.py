"""The members' pages of cohorts, under /<lang>/kohort/."""
from django.urls import path

from . import views

app_name = "cohorts"
urlpatterns = [
    path("", views.my_cohorts, name="mine"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
    path("<int:pk>/diskusi/", views.thread_list, name="threads"),
    path("<int:pk>/diskusi/baru/", views.thread_new, name="thread_new"),
    path("<int:pk>/diskusi/<int:thread_pk>/", views.thread_detail, name="thread"),
]
