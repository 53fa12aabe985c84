"""Withdrawing the optional consents (news by email, name shown publicly), one click per campaign.

Invariants:

* **Only the address's own.** Every function takes the address the caller proved (a signed link,
  ``tokens``; the donor's session) and reads and changes records matching that address only
  (``privacy.subjects.matching``), across every installed support type's records model
  (``records_admin``) and the models that copy the same choices onto new records (a monthly
  donation's plan), so a withdrawn choice does not come back with the next charge.
* **Everything at once.** One transaction: the records (``wants_updates=False`` /
  ``is_anonymous=True``), the ``editorial.UpdateOptOut`` the one-click unsubscribe writes (story
  updates stop), and ``withdrawn_at`` on the consent rows. The campaigns' kept pages are purged
  when it commits (their walls named the person).
* **Idempotent**: withdrawing twice changes nothing the second time.
"""
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Consent
from ..subjects import Subject, matching, normalise_email

OPTIONAL = (Consent.Purpose.UPDATES, Consent.Purpose.PUBLIC_NAME)
#: The record field each optional consent is, and the value that withdraws it.
FLAGS = {Consent.Purpose.UPDATES: ("wants_updates", False), Consent.Purpose.PUBLIC_NAME: ("is_anonymous", True)}


@dataclass
class Choice:
    """One optional consent still given: a purpose on one campaign."""

    purpose: str
    campaign_id: Any
    campaign: Any = None  # the campaign page, localized (None when it is gone)
    organisation: Any = None

    @property
    def key(self):
        return f"{self.purpose}:{self.campaign_id or 0}"

    @property
    def label(self):
        return Consent.Purpose(self.purpose).label


def record_models():
    """Every installed support type's records model (switched-off types' records too), once each."""
    from campaigns.plugins import registry

    found = []
    for support_type in registry.installed_types():
        if registry.implements(support_type.key, "records_admin"):
            model = getattr(registry.call(support_type.key, "records_admin"), "model", None)
            if model is not None and model not in found:
                found.append(model)
    return found


def companion_models(records=None):
    """Models beside the records that hold the same choices for a campaign and copy them onto new
    records (a monthly plan: its next charge is a new donation): an ``email``, a ``campaign`` and
    ``wants_updates`` or ``is_anonymous``."""
    from campaigns.models import CampaignPage

    records = records if records is not None else record_models()
    found = []
    for model in apps.get_models():
        if model in records or model is Consent or model._meta.abstract:
            continue
        names = {field.name: field for field in model._meta.concrete_fields}
        campaign = names.get("campaign")
        if ("email" in names and campaign is not None and getattr(campaign, "related_model", None) is CampaignPage
                and ("wants_updates" in names or "is_anonymous" in names)):
            found.append(model)
    return found


def _has(model, name):
    return any(field.name == name for field in model._meta.concrete_fields)


def active_choices(email):
    """The optional consents ``email`` still gives, as ``[Choice]`` by campaign title then purpose.

    Read from the records themselves (what is sent and shown) and from the consent rows not yet
    withdrawn, so records made before consents were kept are listed too.
    """
    from donors.account import campaigns_by_id

    email = normalise_email(email)
    if not email:
        return []
    subject = Subject.of(email)
    found = set()
    for model in record_models():
        rows = matching(model.objects.all(), subject, phone_field=None).filter(
            Q(wants_updates=True) | (Q(is_anonymous=False) & ~Q(name=""))).values_list(
            "campaign_id", "wants_updates", "is_anonymous", "name")
        for campaign_id, wants_updates, is_anonymous, name in rows:
            if wants_updates:
                found.add((Consent.Purpose.UPDATES.value, campaign_id))
            if not is_anonymous and (name or "").strip():
                found.add((Consent.Purpose.PUBLIC_NAME.value, campaign_id))
    for purpose, campaign_id in (Consent.objects.filter(email=email, purpose__in=OPTIONAL, granted=True,
                                                        withdrawn_at__isnull=True, campaign__isnull=False)
                                 .values_list("purpose", "campaign_id").distinct()):
        found.add((purpose, campaign_id))
    campaigns = campaigns_by_id({campaign_id for _purpose, campaign_id in found})
    choices = []
    for purpose, campaign_id in found:
        campaign, organisation = campaigns.get(campaign_id, (None, None))
        choices.append(Choice(purpose, campaign_id, campaign, organisation))
    order = {purpose: index for index, purpose in enumerate(OPTIONAL)}
    return sorted(choices, key=lambda c: ((c.campaign.title.lower() if c.campaign else ""), c.campaign_id or 0,
                                          order[c.purpose]))


def parse(value, choices):
    """The choices a button names: "all", or one ``Choice.key`` among ``choices``; ``[]`` for anything else."""
    if value == "all":
        return list(choices)
    return [choice for choice in choices if choice.key == value]


def withdraw(email, choices):
    """Withdraw ``choices`` (``Choice`` items, or ``(purpose, campaign_id)`` pairs) for ``email``.

    Returns ``{"records": n, "consents": k}``: records changed, consent rows marked withdrawn.
    """
    from editorial.models import UpdateOptOut

    email = normalise_email(email)
    pairs = {(c.purpose, c.campaign_id) if isinstance(c, Choice) else tuple(c) for c in choices}
    pairs = {(purpose, campaign_id) for purpose, campaign_id in pairs if purpose in OPTIONAL and campaign_id}
    if not email or not pairs:
        return {"records": 0, "consents": 0}
    subject = Subject.of(email)
    by_purpose = {purpose: sorted({c for p, c in pairs if p == purpose}) for purpose in OPTIONAL}
    now = timezone.now()
    changed = withdrawn = 0
    records = record_models()
    with transaction.atomic():
        # Two clicks at once on the same address apply one after the other.
        list(Consent.objects.select_for_update().filter(email=email, withdrawn_at__isnull=True,
                                                        purpose__in=OPTIONAL).values_list("pk", flat=True))
        for model in records + companion_models(records):
            for purpose, campaign_ids in by_purpose.items():
                field, value = FLAGS[purpose]
                if not campaign_ids or not _has(model, field):
                    continue
                rows = matching(model.objects.filter(campaign_id__in=campaign_ids), subject, phone_field=None)
                extra = {"updated_at": now} if _has(model, "updated_at") else {}
                changed += rows.exclude(**{field: value}).update(**{field: value}, **extra)
        for campaign_id in by_purpose[Consent.Purpose.UPDATES]:
            try:
                with transaction.atomic():
                    UpdateOptOut.objects.get_or_create(email=email, campaign_id=campaign_id)
            except IntegrityError:
                pass  # the one-click unsubscribe wrote the same row at this moment
        for purpose, campaign_ids in by_purpose.items():
            if campaign_ids:
                withdrawn += Consent.objects.filter(email=email, purpose=purpose, campaign_id__in=campaign_ids,
                                                    granted=True, withdrawn_at__isnull=True).update(withdrawn_at=now)
        _purge(by_purpose[Consent.Purpose.PUBLIC_NAME])
    return {"records": changed, "consents": withdrawn}


def _purge(campaign_ids):
    """The walls of these campaigns named the person: their kept pages go when this commits."""
    if not campaign_ids:
        return
    from campaigns.models import CampaignPage
    from pagecache.purge import purge_page

    for campaign in CampaignPage.objects.filter(pk__in=campaign_ids):
        purge_page(campaign)
