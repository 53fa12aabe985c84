"""Public and members' forum URLs (mounted at /<lang>/forum/). Every view asks ``forums.access`` first."""
from django.urls import path

from . import moderation_views, notify_views, search_views, views

app_name = "forums"
urlpatterns = [
    path("", views.index, name="index"),
    path("cari/", search_views.search, name="search"),
    path("belum-dibaca/", views.unread, name="unread"),
    path("pengaturan/", notify_views.preferences, name="preferences"),
    path("berhenti/<str:token>/", notify_views.unsubscribe, name="unsubscribe"),
    path("lampiran/<int:pk>/<str:name>", views.attachment, name="attachment"),
    path("pos/<int:pk>/sunting/", views.post_edit, name="post_edit"),
    path("pos/<int:pk>/laporkan/", moderation_views.report_post, name="report_post"),
    path("moderasi/pos/<int:pk>/", moderation_views.moderate_post, name="moderate_post"),
    path("moderasi/topik/<int:pk>/", moderation_views.moderate_thread, name="moderate_thread"),
    path("moderasi/topik/<int:pk>/pindahkan/", moderation_views.move_thread, name="move_thread"),
    path("moderasi/pos/<int:pk>/blokir/", moderation_views.ban_author, name="ban_author"),
    path("<slug:slug>/", views.space, name="space"),
    path("<slug:slug>/anggota/", views.mention_suggestions, name="mention_suggestions"),
    path("<slug:slug>/ikuti/", notify_views.follow_space, name="follow_space"),
    path("<slug:slug>/baru/", views.thread_new, name="thread_new"),
    path("<slug:slug>/<int:pk>/", views.thread, name="thread"),
    path("<slug:slug>/<int:pk>/ikuti/", notify_views.follow_thread, name="follow_thread"),
    path("<slug:slug>/<int:pk>/jawaban/", views.solve, name="solve"),
]
