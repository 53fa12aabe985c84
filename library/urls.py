"""URLs of this app."""
app_name = "library"
urlpatterns = []
