"""``/oembed/``: the oEmbed endpoint (placeholder: widgets helper)."""
app_name = "oembed"

urlpatterns = []
