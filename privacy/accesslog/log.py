"""Writing the access log: one row per view or export of supporters' personal data by staff.

Invariant: every screen that shows supporters' names, emails, phone numbers or addresses to a
signed-in staff member, and every export of them, calls ``log_access`` in the same request.
"""
from ..models import AccessLogEntry


def log_access(request, action, what, record_count=0, organisation=None):
    """Record that ``request.user`` saw or downloaded supporters' data (``action``: an
    ``AccessLogEntry.Action``; ``what``: a short description; ``organisation``: whose supporters,
    an ``OrganisationPage`` or None when the data spans OMS)."""
    user = request.user
    if organisation is not None:
        from partners.access import source_of

        organisation = source_of(organisation)  # one OMS, whichever language its page was read in
    return AccessLogEntry.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username()[:150] if user.is_authenticated else "",
        organisation=organisation, action=action, what=str(what)[:300], record_count=record_count or 0,
        path=request.get_full_path()[:500],
    )
