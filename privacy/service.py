"""Access, correction and erasure of one person's data, across core and every plugin.

Invariants:

* **Everything or nothing.** A correction or an erasure runs in one transaction over every source
  (core's ``sources.CORE_SOURCES`` and every plugin's hooks): a failure anywhere changes nothing.
* **Money stays right.** Erasure anonymises financial records instead of deleting them (the
  plugins' ``erase_personal_data`` keep amounts and statuses): the ledger and ``reconcile`` are
  unchanged.
* **What the public sees follows.** After an erasure or a correction, the kept pages of the
  campaigns the person supported are purged (their walls named them).

Who may call these is the caller's business: the privacy centre after the address was proved
(``centre/``), staff handling a request (``centre/admin_views.py``).
"""
from django.db import transaction

from campaigns.plugins import registry

from . import sources


def collect(subject):
    """Everything held about ``subject``: a list of ``campaigns.types.PersonalRecord``, oldest first."""
    if not subject:
        return []
    items = []
    for source in sources.CORE_SOURCES:
        items.extend(source.describe(subject))
    for answer in registry.hook.personal_data(subject=subject):
        items.extend(answer or [])
    return sorted(items, key=lambda item: (item.created_at is None, item.created_at or 0, item.reference))


def correct(subject, changes):
    """Set ``changes`` (validated: any of name, email, phone) everywhere ``subject`` appears.

    Returns ``{"records": n}``. The caller's ``subject`` is the old identity; a changed email or
    phone is the person's new identity afterwards.
    """
    if not subject or not changes:
        return {"records": 0}
    campaign_ids = _campaign_ids(subject)
    with transaction.atomic():
        count = sum(source.correct(subject, changes) or 0 for source in sources.CORE_SOURCES)
        count += sum(answer or 0 for answer in registry.hook.correct_personal_data(subject=subject, changes=changes))
    _purge(campaign_ids)
    return {"records": count}


def erase(subject):
    """Anonymise or delete everything about ``subject``; financial records stay, anonymised.

    Returns ``{"records": n, "kept": k}``: records changed, of which financial records kept.
    """
    if not subject:
        return {"records": 0, "kept": 0}
    held = collect(subject)
    campaign_ids = {item.campaign_id for item in held if item.campaign_id}
    kept = sum(1 for item in held if item.kept_after_erasure)
    with transaction.atomic():
        count = sum(answer or 0 for answer in registry.hook.erase_personal_data(subject=subject))
        # Core last: its sources include the consents and requests that name the plugins' records.
        count += sum(source.erase(subject) or 0 for source in sources.CORE_SOURCES)
    _purge(campaign_ids)
    return {"records": count, "kept": kept}


def _campaign_ids(subject):
    return {item.campaign_id for item in collect(subject) if item.campaign_id}


def _purge(campaign_ids):
    """Purge the kept pages of these campaigns and the pages showing them (their walls named the person)."""
    if not campaign_ids:
        return
    from campaigns.models import CampaignPage
    from pagecache.purge import purge_page

    for campaign in CampaignPage.objects.filter(pk__in=campaign_ids):
        purge_page(campaign)
