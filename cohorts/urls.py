"""The members' pages of cohorts, under /<lang>/kohort/."""
from django.urls import path

from . import views

app_name = "cohorts"
urlpatterns = [
    path("", views.my_cohorts, name="mine"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
]
