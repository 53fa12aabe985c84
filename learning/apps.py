from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def portal_index_created(sender, instance, created, raw=False, **kwargs):
    """A new training portal index (or its translation): the training team's rights and review workflow."""
    from .roles import set_up_portal_index

    if created and not raw:
        set_up_portal_index(instance)


class LearningConfig(AppConfig):
    """Lokadaya.net training portal: courses, modules, lessons, enrolment, progress, certificates."""

    name = "learning"
    verbose_name = _("Learning")

    def ready(self):
        from .models import LearningIndexPage

        post_save.connect(portal_index_created, sender=LearningIndexPage, dispatch_uid="learning_portal_index")
