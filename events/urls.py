"""URLs of this app."""
app_name = "events"
urlpatterns = []
