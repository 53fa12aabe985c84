"""Public editorial addresses (under /id/kabar/ and /en/kabar/): story feeds and unsubscribing."""
from django.urls import path

from . import feeds, views

app_name = "editorial"
urlpatterns = [
    path("cerita.rss", feeds.StoryFeed(), name="feed_rss"),
    path("cerita.atom", feeds.AtomStoryFeed(), name="feed_atom"),
    path("oms/<slug:slug>.rss", feeds.OrganisationStoryFeed(), name="organisation_feed_rss"),
    path("oms/<slug:slug>.atom", feeds.AtomOrganisationStoryFeed(), name="organisation_feed_atom"),
    path("provinsi/<slug:slug>.rss", feeds.ProvinceStoryFeed(), name="province_feed_rss"),
    path("provinsi/<slug:slug>.atom", feeds.AtomProvinceStoryFeed(), name="province_feed_atom"),
    path("berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
