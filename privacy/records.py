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
* **An anonymous address reaches no one.** A model whose email must stay unique or non-empty
  (one signature per address...) is anonymised with ``anonymous_email()``: ``anonim-<pk>@anonim.invalid``
  (``.invalid`` is reserved, RFC 2606: no mail can be delivered there); ``not_anonymised`` counts
  such an address as blank, and ``is_anonymous_email`` tells senders to skip it.
"""
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from campaigns.types import PersonalRecord

from .subjects import matching

PERSONAL_FIELDS = ("name", "email", "phone")
CORRECTABLE_FIELDS = ("name", "email", "phone")
#: The domain of the addresses that stand for an anonymised person (reserved: never delivered).
ANONYMOUS_EMAIL_DOMAIN = "anonim.invalid"


def anonymous_email():
    """An expression for ``update()``: ``anonim-<pk>@anonim.invalid``, unique per row, for models
    whose email must stay unique or non-empty after anonymising."""
    return Concat(Value("anonim-"), Cast("pk", output_field=CharField()), Value("@" + ANONYMOUS_EMAIL_DOMAIN),
                  output_field=CharField())


def is_anonymous_email(value):
    """Is ``value`` blank or an anonymised record's stand-in address (nobody to write to)?"""
    return not value or value.strip().lower().endswith("@" + ANONYMOUS_EMAIL_DOMAIN)


def _blank(name):
    """A condition: the field ``name`` holds nothing personal."""
    if name == "email":
        return Q(email="") | Q(email__endswith="@" + ANONYMOUS_EMAIL_DOMAIN)
    return Q(**{name: ""})


def of_subject(queryset, subject):
    """The records of ``queryset`` (a SupportRecord model's) that are about ``subject``."""
    return matching(queryset, subject)


def not_anonymised(queryset, extra_fields=()):
    """Records still holding a personal field (``extra_fields``: the model's own, e.g. ``address``)."""
    condition = Q()
    for name in dict.fromkeys((*PERSONAL_FIELDS, *extra_fields)):
        condition |= ~_blank(name)
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
            elif field.is_relation and value is not None:
                value = str(getattr(record, field.name))  # a regency's name, not its key
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


def correct(queryset, changes, unique_within=()):
    """Set the corrected ``changes`` (any of name, email, phone) on every record of ``queryset``;
    the number of records changed.

    ``unique_within``: for a model allowing one record per address within these fields (e.g.
    ``("campaign", "ask_id")``), a record whose new address would repeat another record's there (the
    person already took part under the new address) keeps its old address and gets the other
    changes, instead of the whole correction failing on the constraint.
    """
    values = {name: value for name, value in changes.items() if name in CORRECTABLE_FIELDS}
    if not values:
        return 0
    now = timezone.now()
    if values.get("email") and unique_within:
        taken = queryset.model._default_manager.filter(
            email__iexact=values["email"], **{name: OuterRef(name) for name in unique_within}).exclude(pk=OuterRef("pk"))
        clashing = queryset.filter(Exists(taken))
        others = {name: value for name, value in values.items() if name != "email"}
        clashing_ids = list(clashing.values_list("pk", flat=True))
        count = queryset.exclude(pk__in=clashing_ids).update(updated_at=now, **values)
        if others and clashing_ids:
            count += queryset.filter(pk__in=clashing_ids).update(updated_at=now, **others)
        return count
    return queryset.update(updated_at=now, **values)


def anonymise(queryset, **extra):
    """Blank the personal fields of every record of ``queryset`` (``extra``: the model's own, e.g.
    ``address=""``; ``email=anonymous_email()`` where the address must stay unique or non-empty);
    the number of records anonymised."""
    fields = {"name": "", "email": "", "phone": "", "is_anonymous": True, "wants_updates": False, **extra}
    blanked = [name for name, value in extra.items() if isinstance(value, str) and value == ""]
    return not_anonymised(queryset, blanked).update(updated_at=timezone.now(), **fields)


def describe_rows(queryset, source, fields, campaign="campaign", created="created_at", money=False):
    """``PersonalRecord`` items for rows of a model that is not a ``SupportRecord`` (a payment, a
    monthly plan, a fundraiser's owner...).

    ``fields``: the field names to show, each a name or ``(name, label)`` (a label of one's own
    where the field's ``verbose_name`` is not translated, as in third-party models); blank values
    are left out. ``campaign`` and ``created``: where the row's campaign and date are, as attribute
    paths (``"donation.campaign"``; None when there is none). ``money``: financial records, kept
    (anonymised) after erasure.
    """
    if campaign:
        queryset = queryset.select_related(campaign.replace(".", "__"))
    model = queryset.model
    labelled = [(item, None) if isinstance(item, str) else item for item in fields]
    items = []
    for row in queryset:
        values = {}
        for name, label in labelled:
            field = model._meta.get_field(name)
            value = getattr(row, field.attname)
            if getattr(field, "choices", None):
                value = getattr(row, f"get_{field.name}_display")()
            elif hasattr(value, "storage"):  # a file: its stored name
                value = value.name
            elif value is not None and not isinstance(value, (str, int, float, Decimal)) \
                    and not hasattr(value, "isoformat"):
                value = str(value)  # a phone number, an IP address...
            if value is None or value == "":
                continue
            values[str(label or field.verbose_name)] = value
        record_campaign = _follow(row, campaign)
        organisation = getattr(record_campaign, "organisation", None) if record_campaign else None
        items.append(PersonalRecord(
            source=str(source), reference=f"{model._meta.label_lower}:{row.pk}",
            created_at=_follow(row, created), fields=values,
            organisation=organisation.title if organisation else "",
            campaign=record_campaign.title if record_campaign else "",
            campaign_id=record_campaign.pk if record_campaign else None,
            kept_after_erasure=money,
        ))
    return items


def _follow(row, path):
    """``row.a.b`` for the path ``"a.b"``; None where a link is missing (or no path)."""
    if not path:
        return None
    value = row
    for name in path.split("."):
        try:
            value = getattr(value, name)
        except ObjectDoesNotExist:  # a missing reverse one-to-one (a payment without donation)
            return None
        if value is None:
            return None
    return value
