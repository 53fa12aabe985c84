"""Provincial moderators may add, change and publish pages below the events index.

What they may do with a given event is narrowed by ``access.EventPagePermissionTester`` (their own
provinces' events only). The grant is made by migration 0003 for an index that exists, and by the
``post_save`` receiver below for an index created later (the demo, a new site).
"""
from django.db.models.signals import post_save

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def grant_moderators(index):
    """Give the moderators' group add/change/publish on ``index`` (idempotent)."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    from network.roles import moderator_group

    group = moderator_group()  # with its admin access, when this creates it
    for codename in PAGE_PERMISSIONS:
        permission = Permission.objects.filter(codename=codename, content_type__app_label="wagtailcore").first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=permission)


def _on_index_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_moderators(instance)


def connect():
    from .models import EventIndexPage

    post_save.connect(_on_index_saved, sender=EventIndexPage, dispatch_uid="events_grant_moderators")

