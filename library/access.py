"""Who may write the library: the one rule the page permissions carry out.

Invariants:
- Library pages (the index and its resources) are written, published and deleted by the training
  team (group ``TRAINING_GROUP``, created by ``learning``'s migration) and national staff
  (superusers); nobody else holds page permissions on a library index. The team's permissions are
  granted on every library index when it is created (``grant_library_permissions``, from a
  ``post_save`` signal), so a translated index gets them too.
- OMS editors and provincial moderators hold page permissions on their own subtrees only (OMS
  profiles, networks): the library is outside them, so they may read it like any visitor and
  change nothing.
"""
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

#: The training team's group; ``learning`` creates it by migration (coordinated by name).
TRAINING_GROUP = "Tim Pelatihan"
LIBRARY_PERMISSIONS = ("add_page", "change_page", "publish_page", "delete_page", "lock_page", "unlock_page")


def training_group():
    group, _created = Group.objects.get_or_create(name=TRAINING_GROUP)
    if _created:
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


def grant_library_permissions(index_page):
    """The training team writes and publishes under ``index_page`` (idempotent)."""
    group = training_group()
    for codename in LIBRARY_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(group=group, page_id=index_page.pk, permission=permission)


def may_edit_library(user, page):
    """Whether ``user`` may change ``page`` (a library page): what Wagtail's page permissions say."""
    return bool(user.is_authenticated and user.is_active and page.permissions_for_user(user).can_edit())


def library_index_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_library_permissions(instance)
