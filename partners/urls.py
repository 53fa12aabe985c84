"""Public URLs of "Daftar sebagai Mitra" (mounted at /<lang>/daftar-mitra/)."""
from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.register_view, name="register"),
    path("terkirim/", views.registered_view, name="registered"),
    path("konfirmasi/<str:uidb64>/<str:token>/", views.confirm_view, name="confirm"),
    path("masuk/", views.ApplicantLoginView.as_view(), name="login"),
    path("status/", views.status_view, name="status"),
    path("status/<int:pk>/ubah/", views.edit_application_view, name="edit"),
    path("undangan/<str:uidb64>/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
]
