"""Moderators get into the Wagtail admin through one group, kept in step with the networks' moderators.

Being a moderator gives admin access and the verification queue of one's own provinces, nothing
else: no page, image or document permission.
"""
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import ProvincialNetwork

MODERATOR_GROUP = "Moderator Jejaring Provinsi"


def moderator_group():
    group, created = Group.objects.get_or_create(name=MODERATOR_GROUP)
    if created:
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin",
                                                     codename="access_admin"))
    return group


def sync_moderator(user):
    """In the moderators' group exactly while they moderate at least one network."""
    group = moderator_group()
    if user.moderated_networks.exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


@receiver(m2m_changed, sender=ProvincialNetwork.moderators.through)
def moderators_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if reverse:
        # ``instance`` is a user whose networks changed.
        if action == "pre_clear":
            return
        users = [instance]
    elif action == "pre_clear":
        instance._cleared_moderators = list(instance.moderators.all())
        return
    elif action == "post_clear":
        users = getattr(instance, "_cleared_moderators", [])
    else:
        users = list(model.objects.filter(pk__in=pk_set or []))
    for user in users:
        sync_moderator(user)
