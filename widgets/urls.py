"""``/embed/`` (no language prefix: the language is ``?lang=``): the widgets another site frames.

Only paths under this prefix may be framed by other sites (``lokadaya/csp.py``, ``widgets.middleware``).
"""
from django.urls import path

from . import views

app_name = "widgets"

urlpatterns = [
    path("v1.js", views.script, name="script"),
    path("kampanye/<int:pk>/", views.campaign_card, name="campaign"),
    path("provinsi/<str:code>/", views.province_widget, name="province"),
]
