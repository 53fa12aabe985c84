"""Who may read the access log, and which entries.

Invariants:

* National admins (``partners.verification.is_national``) read every entry.
* An OMS editor reads only the entries whose ``organisation`` is one of their own OMS
  (``partners.access.accesses_of``): never another OMS's, never the platform's (organisation None),
  whatever the URL asks; every filter narrows ``visible_entries`` and never widens it.
* Anyone else signed in to the admin (provincial moderators, communications staff, finance) gets a
  403; anonymous visitors, the admin's login (Wagtail's own guard on every admin URL).
"""
from ..models import AccessLogEntry


def is_national(user):
    from partners.verification import is_national as national

    return bool(user and user.is_authenticated and national(user))


def own_organisation_ids(user):
    """The source-language OMS pages whose editor group ``user`` is in."""
    from partners.access import accesses_of

    if not (user and user.is_authenticated and user.is_active):
        return []
    return list(accesses_of(user).values_list("organisation_id", flat=True))


def may_read_log(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    return is_national(user) or bool(own_organisation_ids(user))


def visible_entries(user):
    """The entries ``user`` may read (none when they may read none)."""
    if not may_read_log(user):
        return AccessLogEntry.objects.none()
    if is_national(user):
        return AccessLogEntry.objects.all()
    return AccessLogEntry.objects.filter(organisation_id__in=own_organisation_ids(user))
