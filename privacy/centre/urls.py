"""The privacy centre (``/<lang>/privasi/data-saya/``), in the ``privacy`` namespace."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.start, name="centre"),
    path("tautan/<str:token>/", views.link, name="centre_link"),
    path("data/", views.subject_page, name="centre_subject"),
    path("data/unduh.json", views.download, {"fmt": "json"}, name="centre_download_json"),
    path("data/unduh.csv", views.download, {"fmt": "csv"}, name="centre_download_csv"),
    path("koreksi/", views.correct, name="centre_correct"),
    path("koreksi/<str:token>/", views.email_link, name="centre_email_link"),
    path("hapus/", views.erase, name="centre_erase"),
    path("dihapus/", views.erased, name="centre_erased"),
    path("persetujuan/tarik/", views.withdraw, name="centre_withdraw"),
    path("keluar/", views.close, name="centre_close"),
]
