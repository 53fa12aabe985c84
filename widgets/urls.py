"""``/embed/``: the widgets (placeholder: widgets helper)."""
app_name = "widgets"

urlpatterns = []
