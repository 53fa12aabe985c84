"""Models of this app (see the app's docstring)."""
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class EventIndexPage(Page):
    """Acara: webinars and trainings of the training portal."""

    parent_page_types = ["learning.LearningIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")
