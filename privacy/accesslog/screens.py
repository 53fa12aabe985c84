"""One function per staff screen or export that shows supporters' personal data: each writes that
screen's ``AccessLogEntry`` (``log.log_access``), so a view needs one line and the log's wording
lives here, in the platform's language.

Invariant: called once per request that shows or downloads the data, after the view has chosen
what to show (a refused request, a 404 or a redirect after a change shows nothing and logs nothing).
The count is the number of records shown on the page (a list) or downloaded (an export), never
more than one query to learn it. See ``log.py`` for what the log never holds.
"""
from django.utils.translation import gettext as _

from .log import Action, common_organisation, log_access, platform_language


def _join(head, parts):
    return " · ".join([str(head), *[str(part) for part in parts if part]])


def _page_part(page):
    number = getattr(page, "number", 1)
    return _("page %(page)s") % {"page": number} if number and number > 1 else ""


def _filter_parts(filters, status_choices=(), rows=()):
    """The records admin's filters, as words (the search text itself is never written)."""
    parts = []
    campaign_id = str(filters.get("campaign") or "")
    if campaign_id:
        titles = {str(row.campaign_id): row.campaign.title for row in rows if getattr(row, "campaign", None)}
        parts.append(_("campaign %(campaign)s") % {"campaign": titles.get(campaign_id) or f"#{campaign_id}"})
    if filters.get("ask"):
        parts.append(_("ask %(ask)s") % {"ask": filters["ask"]})
    status = filters.get("status")
    if status:
        parts.append(_("status %(status)s") % {"status": dict(status_choices).get(status, status)})
    if filters.get("q"):
        parts.append(_("with a search"))
    return parts


def _scope_organisation(rows, campaigns):
    """Whose supporters a list shows: the one OMS of the rows on the page, else of the campaigns in scope."""
    shown = [row.campaign for row in rows if getattr(row, "campaign", None) is not None]
    if shown:
        return common_organisation(shown)
    return common_organisation(campaigns) if campaigns is not None else None


def _campaign_filtered(campaigns, filters):
    campaign_id = str(filters.get("campaign") or "")
    if campaigns is not None and campaign_id.isdigit():
        return campaigns.filter(pk=int(campaign_id))
    return campaigns


# -- the records admin of every support type (campaigns/admin_views.py) ----------------------------

def records_list(request, support_type, filters, page, campaigns, status_choices=()):
    rows = list(page)
    with platform_language():
        what = _join(_("%(type)s records") % {"type": support_type.name},
                     [*_filter_parts(filters, status_choices, rows), _page_part(page)])
    return log_access(request, Action.LIST, what, len(rows),
                      organisation=_scope_organisation(rows, _campaign_filtered(campaigns, filters)))


def records_export(request, support_type, filters, records, status_choices=()):
    """``records``: the queryset about to be streamed (counted here, once)."""
    from campaigns.models import CampaignPage

    count = records.count()
    with platform_language():
        what = _join(_("%(type)s records (CSV)") % {"type": support_type.name},
                     _filter_parts(filters, status_choices))
    organisation = common_organisation(CampaignPage.objects.filter(
        pk__in=records.order_by().values("campaign_id"))) if count else None
    return log_access(request, Action.EXPORT, what, count, organisation=organisation)


def record(request, support_type, record):
    with platform_language():
        what = _("%(type)s record #%(id)s") % {"type": support_type.name, "id": record.pk}
        if getattr(record, "campaign", None) is not None:
            what = _join(what, [record.campaign.title])
    return log_access(request, Action.RECORD, what, 1,
                      organisation=common_organisation([record.campaign]) if record.campaign_id else None)


# -- monthly donors (plugins/donation/recurring) ---------------------------------------------------

def recurring_list(request, page, filters, campaigns):
    rows = list(page)
    from plugins.donation.recurring.models import RecurringDonation

    with platform_language():
        what = _join(_("Monthly donors"), [*_filter_parts(filters, RecurringDonation.Status.choices, rows),
                                           _page_part(page)])
    return log_access(request, Action.LIST, what, len(rows),
                      organisation=_scope_organisation(rows, _campaign_filtered(campaigns, filters)))


def recurring_export(request, plans, filters):
    from campaigns.models import CampaignPage
    from plugins.donation.recurring.models import RecurringDonation

    count = plans.count()
    with platform_language():
        what = _join(_("Monthly donors (CSV)"), _filter_parts(filters, RecurringDonation.Status.choices))
    organisation = common_organisation(CampaignPage.objects.filter(
        pk__in=plans.order_by().values("campaign_id"))) if count else None
    return log_access(request, Action.EXPORT, what, count, organisation=organisation)


# -- supporters' fundraisers (plugins/donation/fundraisers) ----------------------------------------

def fundraisers_list(request, page):
    rows = list(page)
    with platform_language():
        what = _join(_("Supporters' fundraisers: owners' names and emails"), [_page_part(page)])
    return log_access(request, Action.LIST, what, len(rows), organisation=_scope_organisation(rows, None))


def fundraiser(request, fundraiser, donations=()):
    with platform_language():
        what = _join(_("Supporters' fundraiser #%(id)s: its owner and donors") % {"id": fundraiser.pk},
                     [fundraiser.campaign.title])
    return log_access(request, Action.RECORD, what, 1 + len(donations),
                      organisation=common_organisation([fundraiser.campaign]))


# -- bank transfers (banktransfer/admin_views.py) --------------------------------------------------

def transfers_list(request, page, status, query=""):
    from banktransfer.models import BankTransfer

    rows = list(page)
    with platform_language():
        what = _join(_("Bank transfers: senders' names"), [
            _("status %(status)s") % {"status": BankTransfer.Status(status).label}
            if status in BankTransfer.Status.values else "",
            _("with a search") if query else "", _page_part(page)])
    organisations = {row.organisation_id for row in rows}
    organisation = rows[0].organisation if len(organisations) == 1 else None
    return log_access(request, Action.LIST, what, len(rows), organisation=organisation)


def transfer(request, transfer):
    with platform_language():
        what = _join(_("Bank transfer #%(id)s: donor, sender and proof") % {"id": transfer.pk},
                     [transfer.campaign.title])
    return log_access(request, Action.RECORD, what, 1, organisation=transfer.organisation)


def transfer_proof(request, transfer):
    """The proof downloaded as a file (shown inline on the transfer's page, it is that page's entry)."""
    with platform_language():
        what = _("Proof of bank transfer #%(id)s (file)") % {"id": transfer.pk}
    return log_access(request, Action.EXPORT, what, 1, organisation=transfer.organisation)


# -- event registrations (events/admin_views.py): the platform's events, no OMS's ---------------------

def event_registrations(request, event, count):
    with platform_language():
        what = _("Registrations of the event “%(event)s”") % {"event": event.title}
    return log_access(request, Action.LIST, what, count)


def event_export(request, event, count):
    with platform_language():
        what = _("Registrations of the event “%(event)s” (CSV)") % {"event": event.title}
    return log_access(request, Action.EXPORT, what, count)


# -- learner invitations (learning/invitations.py) -------------------------------------------------

def learner_invitations(request, organisation, count):
    with platform_language():
        what = _("Learner invitations and learners")
    return log_access(request, Action.LIST, what, count, organisation=organisation)


# -- the OMS dashboard (dashboards/oms.py) ---------------------------------------------------------

def dashboard_supporters(request, organisation, supporters):
    """The dashboard's "recent supporters" block; nothing is logged when it is empty."""
    if not supporters:
        return None
    with platform_language():
        what = _("OMS dashboard: recent supporters and their messages")
    return log_access(request, Action.LIST, what, len(supporters), organisation=organisation)


# -- reports (reports/admin_views.py): reporters' emails, the platform's ---------------------------

def reports_list(request, page, status):
    from reports.models import Report

    rows = list(page)
    with platform_language():
        what = _join(_("Reports: reporters' emails"), [
            _("status %(status)s") % {"status": Report.Status(status).label}
            if status in Report.Status.values else "", _page_part(page)])
    return log_access(request, Action.LIST, what, sum(1 for row in rows if row.email))


# -- certificates (certificates/admin_views.py): the platform's ------------------------------------

def certificates_list(request, page, query=""):
    rows = list(page)
    with platform_language():
        what = _join(_("Certificates: recipients' names and emails"),
                     [_("with a search") if query else "", _page_part(page)])
    return log_access(request, Action.LIST, what, len(rows))


def certificate(request, certificate):
    with platform_language():
        what = _("Certificate #%(id)s: its recipient") % {"id": certificate.pk}
    return log_access(request, Action.RECORD, what, 1)
