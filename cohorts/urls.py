"""URLs of this app."""
app_name = "cohorts"
urlpatterns = []
