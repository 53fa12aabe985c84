"""The donor's account: sign in by link, giving history, receipts, yearly summary, monthly
donations, updates."""
from django.urls import path

from . import views

app_name = "donors"

urlpatterns = [
    path("", views.account, name="account"),
    path("masuk/", views.sign_in, name="sign_in"),
    path("masuk/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("keluar/", views.sign_out, name="sign_out"),
    path("ringkasan/<int:year>/", views.yearly_summary, name="yearly_summary"),
    path("kabar/", views.updates, name="updates"),
]
