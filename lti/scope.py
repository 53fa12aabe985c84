"""Who manages which LTI platform registration: the one rule every LTI admin view applies.

Invariants:
- National staff (``dashboards.scope.is_national_staff``) see and manage every platform, and may
  register national ones (no network).
- A provincial moderator sees and manages only the platforms of the networks they moderate, and
  registers new ones only for those networks (never a national one).
- Nobody else sees any: the admin views answer 404 for a platform outside the user's scope, which
  does not reveal whether it exists.
- The tool's private key is in no view's scope: it is never shown to anyone.
"""
from django.http import Http404


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_national(user):
    from dashboards.scope import is_national_staff

    return is_national_staff(user)


def manageable_networks(user):
    """The networks ``user`` may register platforms for."""
    from network.models import ProvincialNetwork

    if not _active(user):
        return ProvincialNetwork.objects.none()
    if is_national(user):
        return ProvincialNetwork.objects.all()
    return ProvincialNetwork.objects.filter(moderators=user)


def may_manage_any(user):
    return _active(user) and (is_national(user) or manageable_networks(user).exists())


def visible_platforms(user):
    """The platform registrations ``user`` may see and change."""
    from .models import Platform

    if not _active(user):
        return Platform.objects.none()
    if is_national(user):
        return Platform.objects.all()
    return Platform.objects.filter(network__moderators=user)


def platform_or_404(user, pk):
    platform = visible_platforms(user).select_related("network__province").filter(pk=pk).first()
    if platform is None:
        raise Http404
    return platform
