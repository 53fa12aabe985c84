"""Writing records' lifecycle: announce new records and change statuses, with an audit trail.

Plugins call these rather than saving statuses themselves, so every change is transactional,
audited, and announced to every plugin (``pledge_recorded`` / ``pledge_status_changed``) only
once the transaction has committed.
"""
from django.db import transaction

from .models import StatusChange
from .plugins import registry


def record_created(record):
    """Write the record's consents on record (in the caller's transaction), and announce the record
    once the transaction commits."""
    from privacy.consent.records import for_support_record

    for_support_record(record)  # UU PDP: what was agreed, with the privacy notice's version
    transaction.on_commit(lambda: registry.hook.pledge_recorded(record=record))


def change_status(record, new_status, user=None, note="", locked=False, **fields):
    """Move ``record`` to ``new_status`` (and set ``fields``) under a row lock; audited.

    Returns True when something changed. Safe to call twice or concurrently with the same
    arguments: the second call finds the status already set and changes nothing. ``locked``:
    the caller already holds ``record``'s row lock in this transaction and passes the instance it
    read under it; that instance is changed in place.
    """
    model = type(record)
    # No savepoint of its own: nothing here is caught, an error rolls back the caller's change too.
    with transaction.atomic(savepoint=False):
        locked = record if locked else model.objects.select_for_update(no_key=True).get(pk=record.pk)
        old_status = locked.status
        changed_fields = {k: v for k, v in fields.items() if getattr(locked, k) != v}
        if old_status == new_status and not changed_fields:
            return False
        locked.status = new_status
        for name, value in changed_fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=["status", "updated_at", *changed_fields])
        if old_status != new_status:
            StatusChange.objects.create(
                record_type=model._meta.label_lower, record_id=locked.pk, old_status=old_status,
                new_status=new_status, user=user if getattr(user, "is_authenticated", False) else None,
                note=note,
            )
            transaction.on_commit(
                lambda: registry.hook.pledge_status_changed(record=locked, old_status=old_status, user=user)
            )
    if locked is not record:
        record.refresh_from_db()
    return True
