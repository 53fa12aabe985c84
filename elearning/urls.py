"""URLs of this app."""
app_name = "elearning"
urlpatterns = []
