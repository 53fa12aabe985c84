"""What needs an OMS now: the core's to-do items (bank transfers, reports) and every plugin's.

Invariants:
- Called only after ``scope.organisation_or_404`` let the user see the OMS: nothing here checks
  who asks, it only counts this OMS's own records (its campaigns, its transfers, its pages).
- A fixed number of queries whatever the number of records: one per core item, at most one per
  installed type (``dashboard_todo``, see campaigns/hookspecs.py); counts are aggregates.
- An item's link leads to the records behind its count; a link the user could not open (the
  reports admin is the moderators') is left out rather than shown as a dead end.
"""
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.plugins import registry
from campaigns.types import TodoItem


def bank_transfers(organisation):
    """Bank transfers whose donor uploaded a proof: the OMS checks its account and confirms or rejects."""
    from banktransfer.models import BankTransfer

    status = BankTransfer.Status.PROOF_UPLOADED
    count = BankTransfer.objects.filter(organisation=organisation, status=status).count()
    if not count:
        return []
    return [TodoItem(label=_("Bank transfers to review"), count=count, type_key="banktransfer",
                     url=f"{reverse('banktransfer_admin:list')}?status={status}")]


def open_reports(organisation, user):
    """Visitors' open reports about the OMS's profile, campaigns or stories (its pages' subtree)."""
    from reports.moderation import may_see_reports
    from reports.models import Report

    rows = dict(Report.objects.filter(status=Report.Status.OPEN, page__path__startswith=organisation.path)
                .values_list("status").annotate(n=Count("pk")).order_by())
    count = rows.get(Report.Status.OPEN, 0)
    if not count:
        return []
    url = f"{reverse('reports_admin:list')}?status=open" if may_see_reports(user) else ""
    return [TodoItem(label=_("Open reports about your pages (your provincial moderator handles them)")
                     if not url else _("Open reports about the OMS's pages"), count=count, url=url,
                     type_key="reports")]


def plugin_items(campaigns):
    """Every installed type's to-do items for ``campaigns`` (source pages, progress measured)."""
    if not campaigns:
        return []
    items = []
    for answer in registry.hook.dashboard_todo(campaigns=campaigns):
        items.extend(item for item in answer or () if item.count)
    return items


def todo_items(organisation, campaigns, user):
    """The OMS's to-do list: the core's items first (money waits on them), then each type's."""
    return [*bank_transfers(organisation), *plugin_items(campaigns), *open_reports(organisation, user)]
