"""What a support-type plugin uses to take part in the data subject's rights and in retention.

Every plugin's records are ``campaigns.records.SupportRecord`` rows with ``name``, ``email`` and
``phone`` (and often more: an address, a message). A plugin's hooks (``personal_data``,
``correct_personal_data``, ``erase_personal_data``, ``expire_personal_data``) are a few lines
each with these helpers; ``docs/plugins.md`` shows them.

Invariants:

* **Anonymising keeps the record.** Its amount, status, dates and campaign stay, so the progress,
  the ledger and ``manage.py reconcile`` are unchanged; only the personal fields are blanked, the
  record is marked anonymous (the wall says "Anonim") and asks for no more updates.
* **It is idempotent**: an anonymised record matches no subject again and is skipped by retention.
"""
from django.db.models import Q
from django.utils import timezone

from campaigns.types import PersonalRecord

from .subjects import matching

PERSONAL_FIELDS = ("name", "email", "phone")
CORRECTABLE_FIELDS = ("name", "email", "phone")


def of_subject(queryset, subject):
    """The records of ``queryset`` (a SupportRecord model's) that are about ``subject``."""
    return matching(queryset, subject)


def not_anonymised(queryset, extra_fields=()):
    """Records still holding a personal field (``extra_fields``: the model's own, e.g. ``address``)."""
    condition = Q()
    for name in (*PERSONAL_FIELDS, *extra_fields):
        condition |= ~Q(**{name: ""})
    return queryset.filter(condition)


def describe(queryset, source, extra_fields=(), money=False):
    """``PersonalRecord`` items for ``queryset``: what each record holds about the person.

    ``source``: what the records are, as the person reads it (e.g. the support type's label).
    ``extra_fields``: the model's further personal or descriptive fields to show. ``money``: the
    records are financial records, kept (anonymised) after erasure.
    """
    items = []
    fields = [queryset.model._meta.get_field(name) for name in
              (*PERSONAL_FIELDS, "is_anonymous", "wants_updates", *extra_fields)]
    for record in queryset.select_related("campaign"):
        values = {}
        for field in fields:
            value = getattr(record, field.attname)
            if field.choices:
                value = getattr(record, f"get_{field.name}_display")()
            values[str(field.verbose_name)] = value
        if hasattr(record, "status") and hasattr(record, "get_status_display"):
            values[str(record._meta.get_field("status").verbose_name)] = record.get_status_display()
        campaign = record.campaign
        organisation = campaign.organisation if campaign else None
        items.append(PersonalRecord(
            source=str(source), reference=f"{record._meta.label_lower}:{record.pk}",
            created_at=record.created_at, fields=values,
            organisation=organisation.title if organisation else "",
            campaign=campaign.title if campaign else "", campaign_id=campaign.pk if campaign else None,
            kept_after_erasure=money,
        ))
    return items


def correct(queryset, changes):
    """Set the corrected ``changes`` (any of name, email, phone) on every record of ``queryset``;
    the number of records changed."""
    values = {name: value for name, value in changes.items() if name in CORRECTABLE_FIELDS}
    if not values:
        return 0
    return queryset.update(updated_at=timezone.now(), **values)


def anonymise(queryset, **extra):
    """Blank the personal fields of every record of ``queryset`` (``extra``: the model's own, e.g.
    ``address=""``); the number of records anonymised."""
    fields = {"name": "", "email": "", "phone": "", "is_anonymous": True, "wants_updates": False, **extra}
    return not_anonymised(queryset, [name for name, value in extra.items() if value == ""]).update(
        updated_at=timezone.now(), **fields)
