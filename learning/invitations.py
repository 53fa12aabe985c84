"""OMS invite people to learn under their name (placeholder: the invitations helper writes this module)."""
admin_urlpatterns = []
public_urlpatterns = []
