"""Who a breach affects, from its scope: the people behind every installed support type's records.

Invariants:

* **The scope decides, nothing else.** A record is in when its campaign is one of the breach's
  campaigns (none: every campaign, in any language the breach named), its type one of the breach's
  types (none: every installed type) and it was made within ``records_from``/``records_until``.
  Anonymised records hold no one and are left out.
* **One row per person.** Records are merged by their normalised email; a record without an email
  joins the person with its normalised phone number, or stands for a person of its own.
* Shared by ``manage.py breach_report`` and the breach admin's downloads: the same files either way.
"""
import csv
import io
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.plugins import registry

from ..subjects import normalise_email, normalise_phone


@dataclass
class AffectedPerson:
    name: str = ""
    email: str = ""
    phone: str = ""
    campaigns: set = field(default_factory=set)  # campaign ids
    types: set = field(default_factory=set)  # support type keys
    records: int = 0
    first_at: object = None
    last_at: object = None

    def add(self, row, type_key):
        created = row["created_at"]
        # The newest record's name, address and number come first: the person's latest details.
        newest = self.last_at is None or (created is not None and created >= self.last_at)
        for name in ("name", "email", "phone"):
            value = (row[name] or "").strip()
            if value and (newest or not getattr(self, name)):
                setattr(self, name, value)
        self.campaigns.add(row["campaign_id"])
        self.types.add(type_key)
        self.records += 1
        if created is not None:
            self.first_at = created if self.first_at is None else min(self.first_at, created)
            self.last_at = created if self.last_at is None else max(self.last_at, created)


def record_sources(breach):
    """``[(support type, record model)]``: the installed types in the breach's scope."""
    wanted = set(breach.support_types or [])
    sources = []
    for support_type in registry.installed_types():
        if wanted and support_type.key not in wanted:
            continue
        if not registry.implements(support_type.key, "records_admin"):
            continue
        model = getattr(registry.call(support_type.key, "records_admin"), "model", None)
        if model is not None:
            sources.append((support_type, model))
    return sources


def scope_campaign_ids(breach):
    """The source-language campaigns the breach names (records point there), or None: every campaign."""
    from wagtail.models import Locale

    from campaigns.models import CampaignPage

    if breach.pk is None or not breach.campaigns.exists():
        return None
    keys = breach.campaigns.values("translation_key")
    return set(CampaignPage.objects.filter(translation_key__in=keys, locale=Locale.get_default())
               .values_list("pk", flat=True))


def affected_people(breach):
    """The people the breach affects: a list of ``AffectedPerson``, by name then address."""
    campaign_ids = scope_campaign_ids(breach)
    by_email, by_phone, alone = {}, {}, []
    rows_without_email = []
    for support_type, model in record_sources(breach):
        queryset = model.objects.exclude(name="", email="", phone="")
        if campaign_ids is not None:
            queryset = queryset.filter(campaign_id__in=campaign_ids)
        if breach.records_from:
            queryset = queryset.filter(created_at__gte=breach.records_from)
        if breach.records_until:
            queryset = queryset.filter(created_at__lte=breach.records_until)
        for row in queryset.values("name", "email", "phone", "campaign_id", "created_at").order_by("pk").iterator(
                chunk_size=2000):
            email = normalise_email(row["email"])
            if email:
                person = by_email.setdefault(email, AffectedPerson())
                person.add({**row, "email": email}, support_type.key)
                phone = normalise_phone(row["phone"])
                if phone:
                    by_phone.setdefault(phone, person)
            else:
                rows_without_email.append((row, support_type.key))
    # Then those with a number only: they join the person who gave that number with an email.
    for row, type_key in rows_without_email:
        phone = normalise_phone(row["phone"])
        if phone:
            person = by_phone.get(phone)
            if person is None:
                person = by_phone[phone] = AffectedPerson()
                alone.append(person)
            person.add(row, type_key)
        else:
            person = AffectedPerson()
            person.add(row, type_key)
            alone.append(person)
    people = list(by_email.values()) + alone
    return sorted(people, key=lambda p: (p.name.lower(), p.email, p.phone))


def campaign_titles(people):
    from campaigns.models import CampaignPage

    ids = {pk for person in people for pk in person.campaigns}
    return dict(CampaignPage.objects.filter(pk__in=ids).values_list("pk", "title"))


def type_names():
    return {support_type.key: str(support_type.name) for support_type in registry.installed_types()}


def _cell(value):
    from campaigns.admin_views import _csv_value

    return _csv_value(value)


def affected_csv(people, language="id"):
    """The affected list as CSV text (with a BOM, for spreadsheet programs)."""
    from django.utils import timezone

    titles, names = campaign_titles(people), type_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    with translation.override(language):
        writer.writerow([_("Name"), _("Email"), _("Phone"), _("Campaigns"), _("Support types"), _("Records"),
                         _("First record"), _("Last record")])
        for person in people:
            writer.writerow([_cell(value) for value in (
                person.name, person.email, person.phone,
                "; ".join(sorted(titles.get(pk, f"#{pk}") for pk in person.campaigns)),
                "; ".join(sorted(names.get(key, key) for key in person.types)),
                person.records,
                timezone.localtime(person.first_at).strftime("%Y-%m-%d %H:%M") if person.first_at else "",
                timezone.localtime(person.last_at).strftime("%Y-%m-%d %H:%M") if person.last_at else "",
            )])
    return buffer.getvalue()


def scope_description(breach):
    """``(campaign titles or None: every campaign, type names or None: every type)``, for the draft."""
    campaigns = sorted(breach.campaigns.values_list("title", flat=True)) if breach.pk else []
    names = type_names()
    types = [names.get(key, key) for key in breach.support_types or []]
    return campaigns or None, types or None

