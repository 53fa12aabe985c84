"""The search page's query over campaigns, OMS profiles, stories, library resources, courses and
advocacy alliances of one language.

1. The full-text part goes to the search backend (PostgreSQL, SQLite or Elasticsearch): one search
   over the searched page types, giving the matching pages and their relevance (at most MAX_HITS).
   Without a query every live page of those types matches (browsing by filter).
2. For the matches, one query per type reads what the filters need (region, SDGs, support types,
   dates), so filters, counts, sorting and pages are exact and the same on every backend.
3. Only the pages of the current results page are loaded in full, and highlighted.

Counts per filter value are computed with every other filter applied (so they say how many
results choosing that value would give). Support type and status apply to campaigns only; the
capacity aspect to library resources and courses only; places to the types that have a place.

On PostgreSQL the same rules run in the database, over one row per page (``search.documents``);
what follows is the way of the other backends (SQLite, Elasticsearch).
"""
import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from .backends.languages import only_languages

MAX_HITS = 1000
PER_PAGE = 10
FACETS = ("kind", "province", "regency", "sdg", "support", "status", "aspect")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def kinds():
    """``{key: (model, plural label, singular label)}`` in display order."""
    from alliances.models import AlliancePage
    from campaigns.models import CampaignPage
    from learning.models import CoursePage
    from library.models import ResourcePage
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    return {
        "campaign": (CampaignPage, _("Campaigns"), _("Campaign")),
        "organisation": (OrganisationPage, _("Partners"), _("Partner")),
        "story": (StoryPage, _("Stories"), _("Story")),
        "resource": (ResourcePage, _("Library"), _("Library resource")),
        "course": (CoursePage, _("Courses"), _("Course")),
        "alliance": (AlliancePage, _("Alliances"), _("Alliance")),
    }


def has_field(model, name):
    """Whether the page type has this field (a place: ``regency``; a capacity aspect: ``aspect``)."""
    return any(field.name == name for field in model._meta.get_fields())


def campaign_status(closed, start_date, end_date, today):
    """The rule of ``CampaignPage.status``, on the date columns."""
    if closed or (end_date and end_date < today):
        return "ended"
    if start_date and start_date > today:
        return "upcoming"
    return "active"


@dataclass(frozen=True)
class Item:
    """One matching page, with what filters, counts and sorting need."""

    kind: str
    pk: int
    score: float
    published: datetime.datetime
    regencies: frozenset
    provinces: frozenset
    sdgs: frozenset
    supports: frozenset = frozenset()
    status: str = ""
    end_date: datetime.date = None
    aspect: str = ""


@dataclass
class Filters:
    """Cleaned filter values (model instances or keys); None when not filtered."""

    kind: str = None
    province: object = None
    regency: object = None
    sdg: object = None
    support: str = None
    status: str = None
    aspect: str = None

    def value(self, facet):
        chosen = getattr(self, facet)
        return getattr(chosen, "pk", chosen)

    def active(self):
        return {facet: self.value(facet) for facet in FACETS if getattr(self, facet) is not None}


@dataclass
class Outcome:
    items: list  # every result, sorted (on PostgreSQL: a sequence that reads only the page shown)
    counts: dict  # facet -> Counter(value -> count)
    page: object  # django Paginator page of Items
    more: bool = False  # more pages matched the words than were kept (MAX_HITS): "more than ..."

    @property
    def total(self):
        return len(self.items)


# -- 1. full-text hits ------------------------------------------------------------------------

def content_types():
    return {ContentType.objects.get_for_model(model).pk: key for key, (model, *_rest) in kinds().items()}


def search_hits(text, locale, operator="and"):
    """``{(kind, pk): score}`` of the live, public pages of ``locale`` matching ``text``."""
    types = content_types()
    pages = (Page.objects.live().public().filter(locale=locale, content_type__in=list(types))
             .only("id", "content_type_id"))
    with only_languages(locale.language_code):
        results = pages.search(text, operator=operator).annotate_score("_score")[:MAX_HITS]
        return {(types[page.content_type_id], page.pk): float(page._score or 0) for page in results}


# -- 2. what the filters need -----------------------------------------------------------------

def _pairs(model, field_name, source_pks):
    """``{pk: set of related pks}`` through a many-to-many field, for the pages in ``source_pks``."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    pairs = {}
    for pk, other in through.objects.filter(**{f"{source}__in": source_pks}).values_list(
            f"{source}_id", f"{target}_id"):
        pairs.setdefault(pk, set()).add(other)
    return pairs


def load_items(locale, hits=None):
    """Every candidate page as an :class:`Item`: the hits, or every live page when ``hits`` is None."""
    from regions.models import Regency

    from .models import CampaignSupportType

    province_of = dict(Regency.objects.values_list("pk", "province_id"))
    today = timezone.localdate()
    items = []
    for kind, (model, *_labels) in kinds().items():
        pages = model.objects.live().public().filter(locale=locale)
        if hits is not None:
            pks = [pk for (hit_kind, pk) in hits if hit_kind == kind]
            if not pks:
                continue
            pages = pages.filter(pk__in=pks)
        placed, classified = has_field(model, "regency"), has_field(model, "aspect")
        # An alliance names its province itself (a provincial one has no kabupaten/kota).
        own_province = has_field(model, "province")
        # Types without a place or an aspect read their pk there (ignored below): one row shape for all.
        columns = ["pk", "first_published_at", "regency_id" if placed else "pk", "aspect" if classified else "pk",
                   "province_id" if own_province else "pk"]
        if kind == "campaign":
            columns += ["closed", "start_date", "end_date"]
        rows = list(pages.values_list(*columns))
        if not rows:
            continue
        source_pks = pages.values("pk")
        sdgs = _pairs(model, "sdgs", source_pks)
        more_regencies = _pairs(model, "work_regencies", source_pks) if kind == "organisation" else {}
        supports = {}
        if kind == "campaign":
            for pk, key in CampaignSupportType.objects.filter(campaign__in=source_pks).values_list(
                    "campaign_id", "type_key"):
                supports.setdefault(pk, set()).add(key)
        for row in rows:
            pk, published, regency_id, aspect, province_id = row[:5]
            regency_id, aspect = (regency_id if placed else None), (aspect if classified else "")
            regencies = {regency_id} if regency_id else set()
            regencies |= more_regencies.get(pk, set())
            provinces = {province_of[r] for r in regencies if r in province_of}
            if own_province and province_id:
                provinces.add(province_id)
            extra = {}
            if kind == "campaign":
                closed, start_date, end_date = row[5:]
                extra = {"supports": frozenset(supports.get(pk, ())), "end_date": end_date,
                         "status": campaign_status(closed, start_date, end_date, today)}
            items.append(Item(
                kind=kind, pk=pk, score=hits.get((kind, pk), 0.0) if hits else 0.0,
                published=published or EPOCH, regencies=frozenset(regencies),
                provinces=frozenset(provinces),
                sdgs=frozenset(sdgs.get(pk, ())), aspect=aspect, **extra,
            ))
    return items


# -- 3. filters, counts, sorting --------------------------------------------------------------

def _values(item, facet):
    if facet == "kind":
        return (item.kind,)
    if facet == "province":
        return item.provinces
    if facet == "regency":
        return item.regencies
    if facet == "sdg":
        return item.sdgs
    if facet == "support":
        return item.supports
    if facet == "aspect":
        return (item.aspect,) if item.aspect else ()
    return (item.status,) if item.status else ()


def filter_and_count(items, filters):
    """``(results, counts)``: the items passing every filter, and per facet the counts of its
    values among the items passing every *other* filter."""
    active = filters.active()
    counts = {facet: Counter() for facet in FACETS}
    results = []
    for item in items:
        failed = [facet for facet, value in active.items() if value not in _values(item, facet)]
        if not failed:
            results.append(item)
        if len(failed) > 1:
            continue
        for facet in FACETS:
            if not failed or failed == [facet]:
                counts[facet].update(_values(item, facet))
    return results, counts


def newest_key(item):
    return -(item.published - EPOCH).total_seconds()


SORTS = {
    "relevance": lambda item: (-item.score, newest_key(item)),
    "newest": newest_key,
    # Open campaigns ending first, then campaigns without an end date, then everything else.
    "closing": lambda item: (
        (0, item.end_date, newest_key(item)) if item.status in ("active", "upcoming") and item.end_date
        else (1, datetime.date.max, newest_key(item)) if item.kind == "campaign" and item.status != "ended"
        else (2, datetime.date.max, newest_key(item))
    ),
}


def run(locale, query_text="", filters=None, sort="relevance", page_number=1, per_page=None):
    """Search ``locale``'s pages. Returns an :class:`Outcome` and whether the words were OR-ed
    (nothing contained all of them). On PostgreSQL the database does it all (``documents.run``)."""
    from . import documents

    if documents.enabled():
        return documents.run(locale, query_text, filters, sort, page_number, per_page)
    filters = filters or Filters()
    hits, any_word = None, False
    if query_text:
        hits = search_hits(query_text, locale)
        if not hits and len(query_text.split()) > 1:
            hits, any_word = search_hits(query_text, locale, operator="or"), True
    else:
        sort = "newest" if sort == "relevance" else sort
    items = load_items(locale, hits) if hits != {} else []
    results, counts = filter_and_count(items, filters)
    results.sort(key=SORTS.get(sort, SORTS["relevance"]))
    page = Paginator(results, per_page or PER_PAGE).get_page(page_number)
    return Outcome(items=results, counts=counts, page=page), any_word
