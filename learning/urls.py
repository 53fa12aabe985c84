"""The learner's own pages (Belajar saya) and actions; invitations' public pages."""
from .invitations import public_urlpatterns as invitation_urlpatterns

app_name = "learning"
urlpatterns = [*invitation_urlpatterns]
