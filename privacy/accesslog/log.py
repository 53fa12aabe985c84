"""Writing the access log: one row per view or export of supporters' personal data by staff.

Invariants:

* Every screen that shows supporters' names, emails, phone numbers, addresses or messages to a
  signed-in staff member, and every export of them, calls ``log_access`` once in the same request
  (``screens.py`` has one function per screen; ``tests/test_privacy_access_coverage.py`` walks them).
* The log itself holds no supporter's personal data: a search text (``?q=``) is never stored, in
  ``what`` or in the address; records are named by type and id, never by name.
* ``what`` is written in the platform's language (``settings.LANGUAGE_CODE``), whatever the
  viewer's, so the log reads as one record.
* ``organisation`` is whose supporters were seen: one OMS (its source-language page), or None when
  the data spans several OMS or belongs to the platform (then only national admins see the entry).
"""
from urllib.parse import urlencode

from django.conf import settings
from django.utils import translation

from ..models import AccessLogEntry

Action = AccessLogEntry.Action

#: How long an entry is kept (``tasks.purge_access_log`` deletes older ones, daily): long enough to
#: answer a data subject or an inquiry about last year's access, short enough not to profile staff.
RETENTION_YEARS = 2

#: Query parameters whose value may be a person's name, address or number: kept out of the log.
REDACTED_PARAMETERS = frozenset({"q", "query", "search", "email", "phone", "name", "token"})
REDACTED = "…"


def logged_path(request):
    """The request's address with the free-text parameters' values replaced by "…"."""
    query = request.GET
    if not query:
        return request.path[:500]
    pairs = [(key, REDACTED if key.lower() in REDACTED_PARAMETERS and value else value)
             for key, values in query.lists() for value in values]
    return f"{request.path}?{urlencode(pairs)}"[:500]


def platform_language():
    """A context manager: gettext in the platform's language (what the log is written in)."""
    return translation.override(settings.LANGUAGE_CODE)


def log_access(request, action, what, record_count=0, organisation=None):
    """Record that ``request.user`` saw or downloaded supporters' data (``action``: an
    ``AccessLogEntry.Action``; ``what``: a short description, a string or a lazy one;
    ``organisation``: whose supporters, an ``OrganisationPage`` or None when the data spans OMS)."""
    user = request.user
    if organisation is not None:
        from partners.access import source_of

        organisation = source_of(organisation)  # one OMS, whichever language its page was read in
    with platform_language():
        text = str(what)
    return AccessLogEntry.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username()[:150] if user.is_authenticated else "",
        organisation=organisation, action=action, what=text[:300], record_count=record_count or 0,
        path=logged_path(request),
    )


def common_organisation(campaigns):
    """The one OMS every campaign of ``campaigns`` belongs to (its parent page), or None when they
    belong to several OMS, or to none, or there are no campaigns.

    ``campaigns``: ``CampaignPage`` instances (no query but the OMS's own) or a queryset of them
    (one query more, however many campaigns).
    """
    from django.db.models import F
    from django.db.models.functions import Substr
    from wagtail.models import Page

    from partners.models import OrganisationPage

    if hasattr(campaigns, "query"):
        parents = list(campaigns.order_by().annotate(
            _parent_path=Substr("path", 1, (F("depth") - 1) * Page.steplen),
        ).values_list("_parent_path", flat=True).distinct()[:2])
    else:
        parents = list({campaign.path[:(campaign.depth - 1) * Page.steplen] for campaign in campaigns})
    if len(parents) != 1:
        return None
    return OrganisationPage.objects.filter(path=parents[0]).first()
