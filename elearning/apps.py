from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    """Packaged e-learning (SCORM 1.2/2004, H5P) played inside lessons, with completion recorded."""

    name = "elearning"
    verbose_name = _("Packaged e-learning")

    def ready(self):
        from django.core.checks import register
        from django.db.models.signals import post_delete

        from .checks import h5p_player_present
        from .models import Package

        register(h5p_player_present)

        post_delete.connect(package_deleted, sender=Package, dispatch_uid="elearning_package_deleted")


def package_deleted(sender, instance, **kwargs):
    """A deleted package's files go once the deletion has committed."""
    from django.db import transaction

    from .models import remove_files

    extracted, name = instance.extracted_path, instance.file.name
    transaction.on_commit(lambda: remove_files(extracted, name))
