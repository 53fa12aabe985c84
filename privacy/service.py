"""Access, correction and erasure of one person's data, across core and every plugin.

Invariants:

* **Everything or nothing.** A correction or an erasure runs in one transaction over every source
  (core's ``sources.CORE_SOURCES`` and every plugin's hooks): a failure anywhere changes nothing.
* **Money stays right.** Erasure anonymises financial records instead of deleting them (the
  plugins' ``erase_personal_data`` keep amounts and statuses): the ledger and ``reconcile`` are
  unchanged.
* **Names follow.** What was held is collected first (``sources.Held``: every record, the names
  written on them); core's free texts (audit logs, status notes) then have those names, the
  address and the number replaced: by the corrected values on a correction, masked on an erasure.
* **What stays is said.** Erasure leaves a staff account and a task already queued as they are;
  ``erase`` returns them (``left``) so the person is told, never silently.
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
        if not source.reads_held:
            items.extend(source.describe(subject))
    for answer in registry.hook.personal_data(subject=subject):
        items.extend(answer or [])
    # The free texts and the worker's tasks are found through the records and names found so far.
    held = sources.Held.of(subject, items)
    for source in sources.CORE_SOURCES:
        if source.reads_held:
            items.extend(source.describe(subject, held))
    return sorted(items, key=lambda item: (item.created_at is None, item.created_at or 0, item.reference))


def correct(subject, changes):
    """Set ``changes`` (validated: any of name, email, phone) everywhere ``subject`` appears.

    Returns ``{"records": n}``. The caller's ``subject`` is the old identity; a changed email or
    phone is the person's new identity afterwards.
    """
    changes = {name: value for name, value in (changes or {}).items() if value}
    if not subject or not changes:
        return {"records": 0}
    held = sources.Held.of(subject, collect(subject))
    campaign_ids = {item.campaign_id for item in held.items if item.campaign_id}
    with transaction.atomic():
        count = sum(answer or 0 for answer in registry.hook.correct_personal_data(subject=subject, changes=changes))
        # Core last: the free texts are rewritten from the names found before anything changed.
        count += sum(source.correct(subject, changes, held) or 0 for source in sources.CORE_SOURCES)
    _purge(campaign_ids)
    return {"records": count}


def erase(subject):
    """Anonymise or delete everything about ``subject``; financial records stay, anonymised.

    Returns ``{"records": n, "kept": k, "left": [...]}``: records changed, of which financial
    records kept; ``left``: what erasure leaves as it is and why (``{"source", "reference",
    "reason"}``: a staff account, a task already queued).
    """
    if not subject:
        return {"records": 0, "kept": 0, "left": []}
    held = sources.Held.of(subject, collect(subject))
    campaign_ids = {item.campaign_id for item in held.items if item.campaign_id}
    kept = sum(1 for item in held.items if item.kept_after_erasure)
    left = [{"source": item.source, "reference": item.reference, "reason": item.erasure_note}
            for item in held.items if getattr(item, "erasure_note", "")]
    with transaction.atomic():
        count = sum(answer or 0 for answer in registry.hook.erase_personal_data(subject=subject))
        # Core last: its sources include the consents and requests that name the plugins' records,
        # and the free texts, rewritten from the names found before anything changed.
        count += sum(source.erase(subject, held) or 0 for source in sources.CORE_SOURCES)
    _purge(campaign_ids)
    return {"records": count, "kept": kept, "left": left}


def _purge(campaign_ids):
    """Purge the kept pages of these campaigns and the pages showing them (their walls named the person)."""
    if not campaign_ids:
        return
    from campaigns.models import CampaignPage
    from pagecache.purge import purge_page

    for campaign in CampaignPage.objects.filter(pk__in=campaign_ids):
        purge_page(campaign)
