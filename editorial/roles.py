"""Communications staff (the "Komunikasi" group): they write national stories and review every story.

The group is created by migration, with admin access and the right to submit translations; its
page permissions sit on the story indexes (both languages), granted when an index is created.
They edit and publish an OMS's story only while it is in their review (the workflow task lets them).
"""
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

COMMUNICATIONS_GROUP = "Komunikasi"
STORY_INDEX_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def communications_group():
    group, _created = Group.objects.get_or_create(name=COMMUNICATIONS_GROUP)
    return group


def grant_story_index_permissions(page):
    group = communications_group()
    for codename in STORY_INDEX_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
        if permission is not None:
            GroupPagePermission.objects.get_or_create(group=group, page_id=page.pk, permission=permission)
