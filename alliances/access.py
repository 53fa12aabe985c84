"""Who may do what with an alliance: the one rule every alliance view applies.

Invariants:
- The public sees a published alliance page and its members (``MEMBER`` rows) only; invitations,
  declined and departed OMS are never public.
- An alliance's **editors** are the editors of its member OMS (their ``OrganisationAccess`` group):
  they edit its page (a page permission granted by ``alliances.membership``), invite OMS, and manage
  its joint actions. National admins may too.
- An invited OMS's editors see the invitation and accept or decline it; nobody else does.
- A member OMS's editors link only their own OMS's campaigns' asks to a joint action.
- Anything else is a 404 that does not say whether the alliance exists.
"""
from django.http import Http404

from .models import AllianceMembership, AlliancePage

Status = AllianceMembership.Status


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


def _national(user):
    from partners.verification import is_national

    return is_national(user)


def own_organisations(user):
    """The verified source-language OMS ``user`` edits for."""
    from dashboards.scope import own_organisations as own

    return own(user).filter(is_verified=True)


def member_organisations(alliance):
    """The OMS that are members of ``alliance`` (source pages), the lead first."""
    from partners.models import OrganisationPage

    return (OrganisationPage.objects.filter(alliance_memberships__alliance=alliance,
                                            alliance_memberships__status=Status.MEMBER)
            .order_by("-alliance_memberships__is_lead", "title"))


def own_member_organisations(user, alliance):
    """``user``'s OMS that are members of ``alliance``."""
    if not _active(user):
        return member_organisations(alliance).none()
    return member_organisations(alliance).filter(pk__in=own_organisations(user).values("pk"))


def editable_alliances(user):
    """The (source-language) alliances ``user`` may manage: their OMS's, all for national admins."""
    from wagtail.models import Locale

    if not _active(user):
        return AlliancePage.objects.none()
    alliances = AlliancePage.objects.filter(locale=Locale.get_default())
    if _national(user):
        return alliances
    return alliances.filter(memberships__status=Status.MEMBER,
                            memberships__organisation__in=own_organisations(user).values("pk")).distinct()


def may_edit(user, alliance):
    return editable_alliances(user).filter(pk=alliance.pk).exists()


def alliance_or_404(user, pk):
    alliance = editable_alliances(user).filter(pk=pk).first()
    if alliance is None:
        raise Http404
    return alliance


def invitations_for(user):
    """Open invitations addressed to ``user``'s OMS."""
    if not _active(user):
        return AllianceMembership.objects.none()
    return (AllianceMembership.objects.filter(status=Status.INVITED, organisation__in=own_organisations(user).values("pk"))
            .select_related("alliance", "organisation", "invited_by"))


def invitation_or_404(user, pk):
    invitation = invitations_for(user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation
