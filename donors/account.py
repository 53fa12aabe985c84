"""What a donor account shows, read by the account's own address only.

Invariants:

* Every function here takes the ``DonorAccount`` (from ``donors.session.current_donor``) and reads
  records by its address, lower-cased, through the plugins' ``donor_history`` /
  ``donor_commitments`` hooks or ``editorial.updates.record_models()``: nothing from the request
  chooses whose data is read.
* Money is what the records count now (``HistoryItem.amount``, Decimal): a pending, failed or
  refunded donation is listed but adds nothing to a year's total.
* Campaigns and their OMS are loaded in a fixed number of queries, in the visitor's language
  where a live translation exists.
"""
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from .models import DonorAccount


@dataclass
class Entry:
    item: object  # campaigns.types.HistoryItem
    campaign: object = None  # the campaign page, localized (None if it is gone)
    organisation: object = None  # its OMS page, localized

    @property
    def counts(self):
        return self.item.amount is not None and self.item.amount > 0

    @property
    def day(self):
        return timezone.localtime(self.item.created_at).date()


@dataclass
class Year:
    year: int
    entries: list = field(default_factory=list)
    total: Decimal = Decimal("0")

    @property
    def counted(self):
        return [entry for entry in self.entries if entry.counts]


def has_given(email):
    """Whether this address has an account or any support record (of any type) on the site."""
    from editorial.updates import record_models

    email = email.strip().lower()
    if DonorAccount.objects.filter(email=email).exists():
        return True
    return any(model.objects.filter(email__iexact=email).exists() for model in record_models())


def campaigns_by_id(campaign_ids):
    """``{source campaign id: (localized campaign, localized OMS or None)}`` in four queries at most."""
    from campaigns.models import CampaignPage
    from lokadaya.cards import localized_all
    from partners.models import OrganisationPage

    sources = list(CampaignPage.objects.filter(pk__in=set(campaign_ids)))
    if not sources:
        return {}
    steplen = CampaignPage.steplen
    organisations = {page.path: page for page in
                     OrganisationPage.objects.filter(path__in={c.path[:-steplen] for c in sources})}
    localized_organisations = dict(zip(organisations, localized_all(organisations.values())))
    return {source.pk: (campaign, localized_organisations.get(source.path[:-steplen]))
            for source, campaign in zip(sources, localized_all(sources))}


def history(account):
    """``[Year]``, newest first, each with its entries newest first and the total of money that counts."""
    from campaigns.plugins import registry

    items = [item for result in registry.hook.donor_history(email=account.email) or [] for item in result or []]
    items.sort(key=lambda item: item.created_at, reverse=True)
    campaigns = campaigns_by_id(item.campaign_id for item in items)
    years = OrderedDict()
    for item in items:
        campaign, organisation = campaigns.get(item.campaign_id, (None, None))
        entry = Entry(item, campaign, organisation)
        year = years.setdefault(entry.day.year, Year(entry.day.year))
        year.entries.append(entry)
        if entry.counts:
            year.total += item.amount
    return list(years.values())


def commitments(account):
    """The account's monthly donations (``[Commitment]``), active ones first, titles localized."""
    from campaigns.plugins import registry

    found = [c for result in registry.hook.donor_commitments(email=account.email) or [] for c in result or []]
    campaigns = campaigns_by_id(c.campaign_id for c in found)
    for commitment in found:
        campaign = campaigns.get(commitment.campaign_id, (None, None))[0]
        if campaign is not None:
            commitment.title = campaign.title
            commitment.campaign = campaign
    return sorted(found, key=lambda c: not c.active)


# -- story updates -------------------------------------------------------------------------------


def update_campaign_ids(account):
    """The campaigns this address asked for updates from (any support type), source ids."""
    from editorial.updates import record_models

    ids = set()
    for model in record_models():
        ids.update(model.objects.filter(email__iexact=account.email, wants_updates=True)
                   .values_list("campaign_id", flat=True).distinct())
    return ids


def update_choices(account):
    """``(campaigns, muted ids, everything muted)``: the opted-in campaigns (``(source id, localized
    page)`` by title),
    those opted out of one by one, and whether the address opted out of all updates."""
    from editorial.models import UpdateOptOut

    ids = update_campaign_ids(account)
    campaigns = campaigns_by_id(ids)
    optouts = list(UpdateOptOut.objects.filter(email=account.email).values_list("campaign_id", flat=True))
    listed = sorted(((pk, campaign) for pk, (campaign, _organisation) in campaigns.items()),
                    key=lambda pair: pair[1].title.lower())
    return listed, {pk for pk in optouts if pk is not None}, None in optouts


def save_update_choices(account, keep_ids, nothing):
    """Write the choices as the one-click unsubscribe does (``UpdateOptOut``): an opt-out for each
    opted-in campaign not in ``keep_ids``, none for the others; ``nothing``: the opt-out from all."""
    from django.db import transaction

    from editorial.models import UpdateOptOut

    ids = update_campaign_ids(account)
    keep = {pk for pk in keep_ids if pk in ids}
    email = account.email
    with transaction.atomic():
        # Lock the account row: two saves of this page at once apply one after the other.
        DonorAccount.objects.select_for_update().filter(pk=account.pk).first()
        existing = set(UpdateOptOut.objects.filter(email=email, campaign__isnull=False)
                       .values_list("campaign_id", flat=True))
        UpdateOptOut.objects.filter(email=email, campaign_id__in=keep).delete()
        for pk in sorted((ids - keep) - existing):
            _opt_out(email, pk)
        if nothing:
            _opt_out(email, None)
        else:
            UpdateOptOut.objects.filter(email=email, campaign__isnull=True).delete()


def _opt_out(email, campaign_id):
    """One opt-out row; the one-click unsubscribe may be writing the same one at this moment."""
    from django.db import IntegrityError, transaction

    from editorial.models import UpdateOptOut

    try:
        with transaction.atomic():
            UpdateOptOut.objects.get_or_create(email=email, campaign_id=campaign_id)
    except IntegrityError:
        pass
