"""The figures of the downloadable reports: an OMS's quarter, a province's month. Pure reads.

Invariants:
- **Money comes from the ledger only** (``finance.LedgerEntry``, by ``occurred_at`` in the period):
  a refund is a negative line, so it lowers the period it happened in; gross, fee and net are sums
  of lines, never recomputed. Disbursements are ``finance.Disbursement`` by ``paid_on``.
- **Other support is counted from the plugins' records**, through the registry: each type's record
  model (its ``records_admin`` hook) and its ``COUNTED_STATUSES``, records created in the period.
  No type is named here, so a new plugin appears without a change.
- **No personal data**: nothing here reads a supporter's name, email or phone; only counts and sums.
- **A fixed number of queries** whatever the data size (aggregates and one ``UNION ALL``).
- The callers decide who may see a report (``dashboards.scope``); these functions trust them.
- Periods are half-open ``[start, end)`` in the site's time zone; a period that has not started, a
  quarter outside 1-4, a month outside 1-12 or a year before 2000 raise :class:`BadPeriod`.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

ZERO = Decimal("0")
FIRST_YEAR = 2000


class BadPeriod(ValueError):
    """A period a report cannot be made for (the views answer 404)."""


# --- Periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """``[start, end)`` as aware datetimes; ``first_day``..``last_day`` as dates."""

    kind: str  # "quarter" or "month"
    year: int
    number: int  # the quarter (1-4) or the month (1-12)
    start: datetime.datetime
    end: datetime.datetime
    in_progress: bool

    @property
    def first_day(self):
        return timezone.localtime(self.start).date()

    @property
    def last_day(self):
        return timezone.localtime(self.end).date() - datetime.timedelta(days=1)

    @property
    def slug(self):
        """``2026-q1`` / ``2026-03``: for file names."""
        return f"{self.year}-q{self.number}" if self.kind == "quarter" else f"{self.year}-{self.number:02d}"

    @property
    def label(self):
        """``Q1 2026`` / ``March 2026`` in the active language."""
        if self.kind == "quarter":
            return _("Q%(quarter)s %(year)s") % {"quarter": self.number, "year": self.year}
        from django.utils.dates import MONTHS

        return f"{MONTHS[self.number]} {self.year}"


def _local_midnight(year, month):
    return timezone.make_aware(datetime.datetime(year, month, 1))


def _today(today):
    return today or timezone.localdate()


def quarter_period(year, quarter, today=None):
    """The quarter ``quarter`` (1-4) of ``year``; :class:`BadPeriod` if invalid or not begun."""
    today = _today(today)
    if not (1 <= quarter <= 4) or not (FIRST_YEAR <= year <= today.year):
        raise BadPeriod("no such quarter")
    first_month = 3 * (quarter - 1) + 1
    start = _local_midnight(year, first_month)
    end = _local_midnight(year + 1, 1) if quarter == 4 else _local_midnight(year, first_month + 3)
    if datetime.date(year, first_month, 1) > today:
        raise BadPeriod("the quarter has not begun")
    return Period("quarter", year, quarter, start, end, in_progress=timezone.localtime(end).date() > today)


def month_period(year, month, today=None):
    """The month ``month`` (1-12) of ``year``; :class:`BadPeriod` if invalid or not begun."""
    today = _today(today)
    if not (1 <= month <= 12) or not (FIRST_YEAR <= year <= today.year):
        raise BadPeriod("no such month")
    if datetime.date(year, month, 1) > today:
        raise BadPeriod("the month has not begun")
    start = _local_midnight(year, month)
    end = _local_midnight(year + 1, 1) if month == 12 else _local_midnight(year, month + 1)
    return Period("month", year, month, start, end, in_progress=timezone.localtime(end).date() > today)


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def quarters_since(first_day, today=None, limit=40):
    """Quarter periods from the one holding ``first_day`` to the current one, newest first."""
    today = _today(today)
    first_day = max(first_day or today, datetime.date(FIRST_YEAR, 1, 1))
    year, quarter = today.year, quarter_of(today)
    periods = []
    while len(periods) < limit and (year, quarter) >= (first_day.year, quarter_of(first_day)):
        periods.append(quarter_period(year, quarter, today))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return periods


def months_since(first_day, today=None, limit=60):
    """Month periods from the one holding ``first_day`` to the current one, newest first."""
    today = _today(today)
    first_day = max(first_day or today, datetime.date(FIRST_YEAR, 1, 1))
    year, month = today.year, today.month
    periods = []
    while len(periods) < limit and (year, month) >= (first_day.year, first_day.month):
        periods.append(month_period(year, month, today))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return periods


# --- An OMS's quarter --------------------------------------------------------------------------


@dataclass
class Money:
    gross: Decimal = ZERO
    fee: Decimal = ZERO
    net: Decimal = ZERO
    provincial: Decimal = ZERO
    national: Decimal = ZERO

    def add(self, kind, amount):
        setattr(self, kind, getattr(self, kind) + (amount or ZERO))


@dataclass
class CampaignMoney:
    campaign_id: int
    title: str
    money: Money


@dataclass
class TypeSupport:
    """One support type's records counted in the period (supporters whose support counts)."""

    key: str
    name: str
    records: int


@dataclass
class DisbursementLine:
    paid_on: datetime.date
    campaign: str
    amount: Decimal
    note: str = ""


@dataclass
class StoryLine:
    title: str
    published: datetime.date
    url: str


@dataclass
class OrganisationReport:
    organisation: Any  # the source OrganisationPage
    title: str  # its name in the report's language
    period: Period
    money: Money
    campaigns: list[CampaignMoney]
    support: list[TypeSupport]
    disbursements: list[DisbursementLine]
    stories: list[StoryLine]

    @property
    def disbursed(self):
        return sum((line.amount for line in self.disbursements), ZERO)


def _in(period, name="occurred_at"):
    return {f"{name}__gte": period.start, f"{name}__lt": period.end}


def _campaign_ids(organisation):
    """The organisation's campaigns (its children), as a subquery."""
    from campaigns.models import CampaignPage

    return CampaignPage.objects.filter(path__startswith=organisation.path, depth=organisation.depth + 1).values("pk")


def support_in_period(period, campaigns):
    """``[TypeSupport]`` of every installed type with a records model: its counted records created in
    ``period`` on ``campaigns`` (a queryset/subquery of source campaign ids). One query in all."""
    from campaigns.plugins import registry
    from campaigns.progress import as_integer, as_text
    from lokadaya.compiled_queries import combine

    querysets, types = [], []
    for support_type in registry.support_types():
        described = registry.call(support_type.key, "records_admin")
        model = getattr(described, "model", None)
        if model is None:
            continue
        counted = Q(status__in=list(model.COUNTED_STATUSES)) if model.COUNTED_STATUSES else Q()
        querysets.append(
            model.objects.filter(counted, campaign_id__in=campaigns, **_in(period, "created_at")).order_by()
            .annotate(_r_type=as_text(Value(support_type.key))).values("_r_type")
            .annotate(_r_count=as_integer(Count("pk"))).values_list("_r_type", "_r_count"))
        types.append(support_type)
    combined = combine(querysets)
    counts = defaultdict(int)
    for key, count in (combined if combined is not None else ()):
        counts[key] += count or 0
    return [TypeSupport(t.key, str(t.name), counts[t.key]) for t in types]


def _localized(pages, model, language):
    """``{translation_key: page}`` of ``pages``' live translations in ``language`` (one query), or {}."""
    default = Locale.get_default()
    if not pages or not language or language == default.language_code:
        return {}
    return {page.translation_key: page for page in model.objects.live().filter(
        translation_key__in=[p.translation_key for p in pages], locale__language_code=language)}


def _stories(period, language, request=None, **filters):
    from lokadaya.site_url import page_full_url
    from stories.models import StoryPage

    stories = list(StoryPage.objects.live().public().filter(locale=Locale.get_default(),
                                                            **_in(period, "first_published_at"), **filters)
                   .order_by("first_published_at", "pk"))
    translated = _localized(stories, StoryPage, language)
    lines = []
    for story in stories:
        shown = translated.get(story.translation_key, story)
        lines.append(StoryLine(shown.title, timezone.localtime(story.first_published_at).date(),
                               page_full_url(shown, request) or ""))
    return lines


def organisation_report(organisation, period, language=None, request=None, title=None):
    """The quarter ``period`` of ``organisation`` (its source page): six queries whatever the data."""
    from finance.models import Disbursement, LedgerEntry

    money = Money()
    by_campaign = {}
    rows = (LedgerEntry.objects.filter(organisation=organisation, **_in(period))
            .values_list("campaign_id", "campaign__title", "kind").annotate(total=Sum("amount"))
            .order_by("campaign__title", "campaign_id", "kind"))
    for campaign_id, campaign_title, kind, total in rows:
        money.add(kind, total)
        if campaign_id not in by_campaign:
            by_campaign[campaign_id] = CampaignMoney(campaign_id, campaign_title, Money())
        by_campaign[campaign_id].money.add(kind, total)
    support = support_in_period(period, _campaign_ids(organisation))
    disbursements = [
        DisbursementLine(d.paid_on, d.campaign_title, d.amount, d.note)
        for d in Disbursement.objects.filter(organisation=organisation, paid_on__gte=period.first_day,
                                             paid_on__lte=period.last_day)
        .annotate(campaign_title=Subquery(_title_of("campaign_id"))).order_by("paid_on", "pk")
        .only("paid_on", "amount", "note")]
    stories = _stories(period, language, request, organisation=organisation)
    return OrganisationReport(organisation, title or organisation.title, period, money,
                              list(by_campaign.values()), support, disbursements, stories)


def _title_of(column):
    from wagtail.models import Page

    return Page.objects.filter(pk=OuterRef(column)).values("title")[:1]


# --- A province's month ------------------------------------------------------------------------


@dataclass
class PlaceFigures:
    """One kabupaten/kota's or one OMS's month."""

    gross: Decimal = ZERO
    provincial: Decimal = ZERO
    verified: int = 0
    campaigns: int = 0
    stories: int = 0

    @property
    def active(self):
        return bool(self.gross or self.provincial or self.verified or self.campaigns or self.stories)


@dataclass
class RegencyRow:
    code: str
    name: str
    figures: PlaceFigures


@dataclass
class OrganisationRow:
    organisation_id: int
    name: str
    regency: str
    figures: PlaceFigures


@dataclass
class ProvinceReport:
    province: Any
    period: Period
    total: PlaceFigures
    regencies: list[RegencyRow] = field(default_factory=list)
    organisations: list[OrganisationRow] = field(default_factory=list)


def _parent_organisation(path_column="path"):
    """A subquery: the OMS page that is the parent of the row's page (by tree path)."""
    from partners.models import OrganisationPage

    parent_path = Substr(OuterRef(path_column), 1, Length(OuterRef(path_column)) - 4)
    return OrganisationPage.objects.filter(path=parent_path).values("pk")[:1]


def province_report(province, period):
    """The month ``period`` of ``province``: seven queries whatever the data.

    Money is booked by the ledger under the province (``LedgerEntry.province``) and placed in the
    campaign's kabupaten/kota; OMS verified, campaigns launched and stories published are counted by
    their own kabupaten/kota (a campaign's or a story's, else its OMS's) within the province.
    """
    from campaigns.models import CampaignPage
    from finance.models import LedgerEntry
    from partners.models import OrganisationPage
    from regions.models import Regency
    from stories.models import StoryPage

    regencies = list(Regency.objects.filter(province=province).order_by("code").values_list("pk", "code", "name"))
    regency_ids = [pk for pk, _code, _name in regencies]
    by_regency = defaultdict(PlaceFigures)
    by_organisation = defaultdict(PlaceFigures)
    organisation_ids = set()
    default = Locale.get_default()

    ledger = (LedgerEntry.objects.filter(province=province, kind__in=("gross", "provincial"), **_in(period))
              .annotate(place=Coalesce("campaign__regency_id", "organisation__regency_id"))
              .values_list("place", "organisation_id", "kind").annotate(total=Sum("amount")).order_by())
    for place, organisation_id, kind, total in ledger:
        for figures in (by_regency[place], by_organisation[organisation_id]):
            setattr(figures, kind, getattr(figures, kind) + (total or ZERO))
        organisation_ids.add(organisation_id)

    verified = (OrganisationPage.objects.filter(locale=default, is_verified=True, regency_id__in=regency_ids,
                                                **_in(period, "verified_at")).values_list("pk", "regency_id"))
    for organisation_id, place in verified:
        by_regency[place].verified += 1
        by_organisation[organisation_id].verified += 1
        organisation_ids.add(organisation_id)

    launched = (CampaignPage.objects.filter(locale=default, regency_id__in=regency_ids,
                                            **_in(period, "first_published_at"))
                .annotate(parent_oms=Subquery(_parent_organisation(), output_field=IntegerField()))
                .values_list("regency_id", "parent_oms").annotate(n=Count("pk")).order_by())
    for place, organisation_id, count in launched:
        by_regency[place].campaigns += count
        if organisation_id is not None:
            by_organisation[organisation_id].campaigns += count
            organisation_ids.add(organisation_id)

    stories = (StoryPage.objects.live().filter(locale=default, **_in(period, "first_published_at"))
               .annotate(place=Coalesce("regency_id", "organisation__regency_id"))
               .filter(place__in=regency_ids)
               .values_list("place", "organisation_id").annotate(n=Count("pk")).order_by())
    for place, organisation_id, count in stories:
        by_regency[place].stories += count
        if organisation_id is not None:
            by_organisation[organisation_id].stories += count
            organisation_ids.add(organisation_id)

    names = {pk: (title, regency_name or "") for pk, title, regency_name in OrganisationPage.objects.filter(
        pk__in=organisation_ids).values_list("pk", "title", "regency__name")} if organisation_ids else {}

    total = PlaceFigures()
    for figures in by_organisation.values():
        total.verified += figures.verified
    for figures in by_regency.values():
        total.gross += figures.gross
        total.provincial += figures.provincial
        total.campaigns += figures.campaigns
        total.stories += figures.stories
    report = ProvinceReport(province, period, total)
    report.regencies = [RegencyRow(code, name, by_regency.get(pk, PlaceFigures())) for pk, code, name in regencies]
    report.organisations = sorted(
        (OrganisationRow(pk, *names.get(pk, ("?", "")), by_organisation[pk]) for pk in organisation_ids),
        key=lambda row: (-row.figures.gross, row.name))
    return report


def first_activity(organisation=None, province=None):
    """The first day an OMS's or a province's reports may start from (one query)."""
    from django.db.models import Min

    from finance.models import LedgerEntry

    if organisation is not None:
        first = LedgerEntry.objects.filter(organisation=organisation).aggregate(first=Min("occurred_at"))["first"]
        candidates = [first, organisation.first_published_at, organisation.verified_at]
    else:
        first = LedgerEntry.objects.filter(province=province).aggregate(first=Min("occurred_at"))["first"]
        candidates = [first]
    days = [timezone.localtime(moment).date() for moment in candidates if moment is not None]
    return min(days) if days else None
