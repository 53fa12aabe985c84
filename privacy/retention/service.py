"""Retention: supporters' personal data is anonymised some time after their campaign ended.

``campaigns_due(today)`` says which campaigns are past the policy (``PrivacySettings``); ``run()``
anonymises their records through every plugin's ``expire_personal_data`` hook, and core's own
rows tied to them (consents, story-update deliveries). The daily job (``privacy.tasks``) and
``manage.py apply_retention`` call it.

Invariants:

* **Only ended campaigns.** A campaign ended on its end date; one closed early (``closed``) without
  an end date ended when that was published (``last_published_at``), one closed by moderators
  without an end date when they closed it. A campaign with none of these has not ended and is
  never touched.
* **Money keeps its donor longer.** Records that hold or held money are only anonymised once the
  money period (``money_retention_years``, at least 10 years: accounting law) has passed too; their
  amounts always stay, so the ledger and ``manage.py reconcile`` are unchanged.
* **Idempotent.** Anonymised records and blanked consents match nothing again; running twice on the
  same day changes nothing the second time.
* **A batch is all or nothing.** Each batch of campaigns is one transaction over every plugin and
  core's rows; a failing batch changes nothing and the next run tries it again.
* **Opt-outs stay.** ``editorial.UpdateOptOut`` rows are kept: they are what the person asked for
  (no more updates), and forgetting them would start the mail again if the address came back.
"""
import calendar
import datetime
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from campaigns.plugins import registry

logger = logging.getLogger("lokadaya.privacy")

#: Campaigns per transaction: small enough to keep each transaction short.
BATCH_SIZE = 200
#: When the job last finished, for the OMS's screens (``privacy_retention`` template tag).
LAST_RUN_CACHE_KEY = "privacy:retention:last_run"
LAST_RUN_CACHE_SECONDS = 600


def months_before(day, months):
    """``day`` moved back ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def ended_before(cutoff):
    """A filter on ``CampaignPage``: campaigns that ended before the day ``cutoff``."""
    from reports.models import CampaignStanding

    start = _start_of(cutoff)
    return (Q(end_date__isnull=False, end_date__lt=cutoff)
            | Q(end_date__isnull=True, closed=True, last_published_at__lt=start)
            | Q(end_date__isnull=True, standing__state=CampaignStanding.State.CLOSED,
                standing__changed_at__lt=start))


def cutoffs(today, policy=None):
    """``(pledge cutoff, money cutoff)``: a campaign that ended before the day is past that period."""
    from ..models import PrivacySettings

    policy = policy or PrivacySettings.current()
    return (months_before(today, policy.pledge_retention_months),
            months_before(today, policy.money_retention_years * 12))


def campaigns_due(today=None, policy=None):
    """``(pledge_ids, money_ids)``: source-language campaign ids that ended more than the pledge
    period, and more than the money period, before ``today``."""
    from wagtail.models import Locale

    from campaigns.models import CampaignPage

    today = today or timezone.localdate()
    pledge_cutoff, money_cutoff = cutoffs(today, policy)
    source = CampaignPage.objects.filter(locale=Locale.get_default())
    pledge = set(source.filter(ended_before(pledge_cutoff)).values_list("pk", flat=True))
    money = set(source.filter(ended_before(money_cutoff)).values_list("pk", flat=True))
    return pledge, money


# -- what core holds beside the plugins ----------------------------------------------------------


def money_types():
    """``(keys, record labels)`` of the installed support types whose records hold money."""
    keys, labels = set(), set()
    for support_type in registry.installed_types():
        if not (support_type.raises_money or registry.implements(support_type.key, "money_records")):
            continue
        keys.add(support_type.key)
        admin = registry.call(support_type.key, "records_admin") if registry.implements(
            support_type.key, "records_admin") else None
        model = getattr(admin, "model", None)
        if model is not None:
            labels.update({model._meta.label_lower, model._meta.label})
    return keys, labels


def _every_language(campaign_ids):
    """These source campaigns' pages in every language (a consent may name the page it was given on)."""
    from campaigns.models import CampaignPage

    keys = CampaignPage.objects.filter(pk__in=campaign_ids).values("translation_key")
    return CampaignPage.objects.filter(translation_key__in=keys).values("pk")


def consents_to_expire(campaign_ids, include_money):
    """The consents on these campaigns still holding an address or number; a money type's consents
    only when ``include_money`` (they prove the consent for data that is still kept)."""
    from ..models import Consent

    queryset = Consent.objects.filter(campaign_id__in=_every_language(campaign_ids)).exclude(email="", phone="")
    if not include_money:
        keys, labels = money_types()
        queryset = queryset.exclude(source__in=keys).exclude(record_type__in=labels)
    return queryset


def expire_consents(campaign_ids, include_money):
    """Blank the address and number of those consents; their ``subject`` (a keyed hash) stays, so the
    consent can still be proved. The number of consents changed."""
    from ..models import Consent
    from ..subjects import Subject

    queryset = consents_to_expire(campaign_ids, include_money)
    unkeyed = list(queryset.filter(subject="").only("pk", "email", "phone"))
    for consent in unkeyed:
        consent.subject = Subject.of(consent.email, consent.phone).key
    if unkeyed:
        Consent.objects.bulk_update(unkeyed, ["subject"], batch_size=500)
    return queryset.update(email="", phone="")


def deliveries_to_expire(due_ids, today):
    """Story-update deliveries (addresses a story was mailed to) of finished dispatches whose story's
    campaigns have all passed the pledge period, or whose story is gone since before the period."""
    from wagtail.models import Locale

    from campaigns.models import CampaignPage
    from editorial.models import StoryUpdateDelivery, StoryUpdateDispatch
    from stories.models import StoryPage

    pledge_cutoff, _money = cutoffs(today)
    dispatches = (StoryUpdateDispatch.objects.filter(finished_at__isnull=False)
                  .filter(pk__in=StoryUpdateDelivery.objects.values("dispatch_id")))
    expired = []
    default = Locale.get_default()
    for dispatch in dispatches.only("pk", "story_id", "created_at"):
        story = StoryPage.objects.filter(pk=dispatch.story_id).first() if dispatch.story_id else None
        if story is None:
            if dispatch.created_at < _start_of(pledge_cutoff):
                expired.append(dispatch.pk)
            continue
        keys = story.campaigns.values("translation_key")
        ids = set(CampaignPage.objects.filter(translation_key__in=keys, locale=default).values_list("pk", flat=True))
        if ids and ids <= due_ids:
            expired.append(dispatch.pk)
    return StoryUpdateDelivery.objects.filter(dispatch_id__in=expired)


# -- the run ---------------------------------------------------------------------------------------


@dataclass
class Summary:
    """What a run did (or, dry, would do)."""

    today: datetime.date
    pledge_campaigns: int = 0
    money_campaigns: int = 0
    plugin_records: int = 0
    consents: int = 0
    deliveries: int = 0
    failed_batches: int = 0
    dry_run: bool = False
    #: Dry run only: per support type, records on due campaigns still holding personal data.
    estimate: dict = field(default_factory=dict)

    @property
    def records(self):
        return self.plugin_records + self.consents + self.deliveries

    def as_dict(self):
        return {"today": self.today.isoformat(), "pledge_campaigns": self.pledge_campaigns,
                "money_campaigns": self.money_campaigns, "plugin_records": self.plugin_records,
                "consents": self.consents, "deliveries": self.deliveries, "failed_batches": self.failed_batches}


class RetentionError(Exception):
    """Some batches failed (logged); the others are done and the next run tries again."""


def _batches(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        yield ids[start:start + BATCH_SIZE]


def estimate(pledge_ids, money_ids):
    """Dry run: ``{type name: records still holding personal data}`` on the due campaigns (money
    types counted on the money campaigns only). The plugins decide in the end; this is a preview."""
    from ..records import not_anonymised

    keys, _labels = money_types()
    figures = {}
    for support_type in registry.installed_types():
        if not registry.implements(support_type.key, "records_admin"):
            continue
        model = getattr(registry.call(support_type.key, "records_admin"), "model", None)
        if model is None:
            continue
        ids = money_ids if support_type.key in keys else pledge_ids
        figures[str(support_type.name)] = (not_anonymised(model.objects.filter(campaign_id__in=ids)).count()
                                           if ids else 0)
    return figures


def run(today=None, dry_run=False):
    """Apply the retention policy as of ``today``; a ``Summary``. ``dry_run``: change nothing, count."""
    from ..models import RetentionRun

    today = today or timezone.localdate()
    pledge_ids, money_ids = campaigns_due(today)
    summary = Summary(today=today, pledge_campaigns=len(pledge_ids), money_campaigns=len(money_ids),
                      dry_run=dry_run)
    if dry_run:
        summary.estimate = estimate(pledge_ids, money_ids)
        summary.consents = (consents_to_expire(pledge_ids - money_ids, False).count()
                            + consents_to_expire(money_ids, True).count()) if pledge_ids | money_ids else 0
        summary.deliveries = deliveries_to_expire(pledge_ids | money_ids, today).count()
        return summary

    row = RetentionRun.objects.create(started_at=timezone.now())
    # A campaign past the money period is past the pledge period too: one call anonymises everything.
    for include_money, ids in ((False, pledge_ids - money_ids), (True, money_ids)):
        for batch in _batches(ids):
            try:
                with transaction.atomic():
                    changed = sum(answer or 0 for answer in registry.hook.expire_personal_data(
                        campaign_ids=batch, include_money=include_money))
                    consents = expire_consents(batch, include_money)
            except Exception:  # noqa: BLE001 - one plugin's failure must not stop the other batches
                logger.exception("Retention: a batch of %d campaigns failed (include_money=%s)",
                                 len(batch), include_money)
                summary.failed_batches += 1
                continue
            summary.plugin_records += changed
            summary.consents += consents
            if changed:
                _purge(batch)
    with transaction.atomic():
        summary.deliveries = deliveries_to_expire(pledge_ids | money_ids, today).delete()[0]
    row.finished_at = timezone.now()
    row.campaigns, row.records, row.details = summary.pledge_campaigns, summary.records, summary.as_dict()
    row.save(update_fields=["finished_at", "campaigns", "records", "details"])
    cache.delete(LAST_RUN_CACHE_KEY)
    logger.info("Retention %s: %d campaigns past the pledge period, %d past the money period; "
                "%d records anonymised by plugins, %d consents, %d story-update deliveries; %d batches failed",
                today, summary.pledge_campaigns, summary.money_campaigns, summary.plugin_records,
                summary.consents, summary.deliveries, summary.failed_batches)
    if summary.failed_batches:
        raise RetentionError(summary)
    return summary


def last_run_time():
    """When the retention job last finished (None: never), from the shared cache once warm."""
    from ..models import RetentionRun

    value = cache.get(LAST_RUN_CACHE_KEY)
    if value is None:
        row = RetentionRun.last_finished()
        value = {"finished_at": row.finished_at if row else None}
        cache.set(LAST_RUN_CACHE_KEY, value, LAST_RUN_CACHE_SECONDS)
    return value["finished_at"]


def _purge(campaign_ids):
    """Their walls named the supporters: the kept campaign pages must show them anonymised."""
    from ..service import _purge as purge_campaigns

    purge_campaigns(campaign_ids)
