"""URLs of certificates."""
app_name = "certificates"
urlpatterns = []
