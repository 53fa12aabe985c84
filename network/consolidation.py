"""Consolidated figures: OMS, campaigns, stories and support raised by type, per place.

Counts use the pages in the default language (a translation is the same initiative). Support
raised comes from each campaign's ``get_progress()``, i.e. from the plugins: money for the
donation type, items, places, partners or signatures for the others.

A fixed number of queries whatever the place holds (the figures cache may be cold): the places with
their OMS and story counts in one, the campaigns in one, their progress in one batch
(``campaigns.progress.prefetch_progress``). Which campaign is active is one rule, said twice:
``active_filter`` (SQL) and ``is_active`` (a loaded campaign) must agree.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Locale

from lokadaya.numbers import format_money, format_number

from .figures_cache import cached_within, listing_window


@dataclass
class TypeTotal:
    """Support of one type: the sum of its asks' ``current``, and its supporters."""

    support_type: object
    amount: Decimal = Decimal("0")
    supporters: int = 0
    is_money: bool = False
    unit: str = ""

    def add(self, progress):
        self.amount += Decimal(progress.current or 0)
        self.supporters += progress.supporters or 0
        self.is_money = self.is_money or progress.is_money
        self.unit = str(progress.unit or self.unit)

    @property
    def display(self):
        if self.is_money:
            return format_money(self.amount)
        return f"{format_number(self.amount)} {self.unit}".strip()


@dataclass
class Figures:
    """The figures of one place (a kabupaten/kota or a province) or of a total row."""

    place: object = None
    organisations: int = 0
    campaigns: int = 0
    active_campaigns: int = 0
    stories: int = 0
    support: dict = field(default_factory=dict)

    def add_support(self, support_type, progress):
        total = self.support.setdefault(support_type.key, TypeTotal(support_type))
        total.add(progress)

    def support_for(self, types):
        """``[TypeTotal or None]`` in the order of ``types``, for a table row."""
        return [self.support.get(t.key) for t in types]

    def merge(self, other):
        self.organisations += other.organisations
        self.campaigns += other.campaigns
        self.active_campaigns += other.active_campaigns
        self.stories += other.stories
        for key, total in other.support.items():
            mine = self.support.setdefault(key, TypeTotal(total.support_type))
            mine.amount += total.amount
            mine.supporters += total.supporters
            mine.is_money = mine.is_money or total.is_money
            mine.unit = mine.unit or total.unit


def support_types():
    from campaigns.plugins import registry

    return list(registry.support_types())


def active_filter(prefix=""):
    today = timezone.localdate()
    return (Q(**{f"{prefix}closed": False, f"{prefix}start_date__lte": today})
            & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})))


def is_active(campaign, today=None):
    """``active_filter`` for a campaign already loaded (no query)."""
    today = today or timezone.localdate()
    return (not campaign.closed and campaign.start_date is not None and campaign.start_date <= today
            and (campaign.end_date is None or campaign.end_date >= today))


def source_pages(model):
    return model.objects.live().public().filter(locale=Locale.get_default())


def _count_per_regency(queryset):
    """A subquery: how many rows of ``queryset`` (pages with a ``regency``) are in the outer regency."""
    counted = (queryset.filter(regency=OuterRef("pk")).order_by().values("regency")
               .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _regencies_with_counts(regencies):
    """``regencies`` (a queryset) annotated with their verified OMS and their stories: one query."""
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    return list(regencies.annotate(
        organisation_count=_count_per_regency(source_pages(OrganisationPage).filter(is_verified=True)),
        story_count=_count_per_regency(source_pages(StoryPage)),
    ))


def _add_campaigns(figures_for, campaigns):
    """Count ``campaigns`` (source pages) and add their support to the Figures returned by
    ``figures_for(campaign)``: their progress measured in one batch."""
    from campaigns.progress import prefetch_progress

    campaigns = list(campaigns)
    for campaign in campaigns:
        campaign.__dict__.setdefault("source", campaign)  # a source page is its own source
    prefetch_progress(campaigns)
    today = timezone.localdate()
    for campaign in campaigns:
        figures = figures_for(campaign)
        if figures is None:
            continue
        figures.campaigns += 1
        figures.active_campaigns += is_active(campaign, today)
        for _ask, support_type, progress in campaign.get_progress():
            if progress is not None and support_type is not None:
                figures.add_support(support_type, progress)


def province_figures(province):
    """``(rows, total)``: Figures per kabupaten/kota of ``province`` (every one, in code order) and in all."""
    return cached_within("province", province.pk, lambda: _province_figures(province), seconds=listing_window())


def _province_figures(province):
    from campaigns.models import CampaignPage

    rows = {}
    for regency in _regencies_with_counts(province.regencies.order_by("code")):
        rows[regency.pk] = Figures(place=regency, organisations=regency.organisation_count,
                                   stories=regency.story_count)
    campaigns = source_pages(CampaignPage).filter(regency__province=province)
    _add_campaigns(lambda campaign: rows.get(campaign.regency_id), campaigns)
    total = Figures(place=province)
    for figures in rows.values():
        total.merge(figures)
    return list(rows.values()), total


def regency_figures(regency):
    """Figures of one kabupaten/kota."""
    return cached_within("regency", regency.pk, lambda: _regency_figures(regency), seconds=listing_window())


def _regency_figures(regency):
    from campaigns.models import CampaignPage
    from regions.models import Regency

    counted = _regencies_with_counts(Regency.objects.filter(pk=regency.pk))[0]
    figures = Figures(place=regency, organisations=counted.organisation_count, stories=counted.story_count)
    _add_campaigns(lambda campaign: figures, source_pages(CampaignPage).filter(regency=regency))
    return figures


def figures_by_province(campaigns, stories):
    """``(rows, total)`` for a set of source-language campaigns and stories, per province (only those present)."""
    from regions.models import Province

    campaigns = list(campaigns.select_related("regency"))
    story_counts = list(stories.exclude(regency=None).values_list("regency__province")
                        .annotate(n=Count("pk")).order_by())
    present = {campaign.regency.province_id for campaign in campaigns if campaign.regency_id}
    present.update(province_id for province_id, _n in story_counts)
    provinces = Province.objects.in_bulk(present)
    rows = {}

    def row(province_id):
        if province_id is None:
            return None
        if province_id not in rows:
            rows[province_id] = Figures(place=provinces[province_id])
        return rows[province_id]

    organisations = {}
    for campaign in campaigns:
        if campaign.regency_id:
            organisations.setdefault(campaign.regency.province_id, set()).add(campaign.path[:-campaign.steplen])
    _add_campaigns(lambda campaign: row(campaign.regency.province_id) if campaign.regency_id else None, campaigns)
    for province_id, count in story_counts:
        row(province_id).stories = count
    for province_id, parents in organisations.items():
        row(province_id).organisations = len(parents)
    ordered = sorted(rows.values(), key=lambda figures: figures.place.code)
    total = Figures()
    for figures in ordered:
        total.merge(figures)
    return ordered, total
