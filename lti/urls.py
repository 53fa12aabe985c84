"""URLs of this app."""
app_name = "lti"
urlpatterns = []
