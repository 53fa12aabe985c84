"""The figures of the provincial and national dashboards, each one aggregate query.

Invariants:
- **A fixed number of queries whatever the data size**: every function here is one (or a stated
  few) ``values().annotate()`` aggregate(s); never a query per OMS, kabupaten/kota, campaign or
  record. Province-level functions filter by the province they are given and read nothing else;
  callers have already passed the gate of ``dashboards/scope.py``.
- **Money is Decimal rupiah from the ledger** (``finance.LedgerEntry``), never float; only charts
  turn it into floats, to draw.
- OMS and campaigns are their source (default-language) pages; a campaign without a kabupaten/kota
  of its own is where its OMS is, as the ledger books it (``finance.ledger.placement``).
"""
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils import timezone
from wagtail.models import Locale, Page, WorkflowState

ZERO = Decimal("0")


# -- months ------------------------------------------------------------------------------------


def month_starts(count, today=None):
    """The first days of the last ``count`` months, the current one last (``datetime.date``)."""
    from .charts import last_months

    return last_months(count, today)


def window_start(months):
    """The aware local midnight of the first of ``months`` (a query's lower bound)."""
    first = months[0]
    return timezone.make_aware(datetime.datetime(first.year, first.month, 1))


def _month_key(value):
    """A ``TruncMonth`` answer (aware datetime in the current time zone, or a date) as a date."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date().replace(day=1)
    return value.replace(day=1)


def per_month(rows, months, key="month", value="total"):
    """``[value for each of months]`` from aggregate rows (missing months are zero)."""
    found = {}
    for row in rows:
        if row[key] is not None:
            found[_month_key(row[key])] = row[value] or 0
    return [found.get(month, 0) for month in months]


def cumulative(rows, months, key="month", value="n"):
    """Running totals at the end of each of ``months`` from per-month counts (earlier months count too)."""
    before, found = 0, defaultdict(int)
    for row in rows:
        if row[key] is None:
            continue
        month = _month_key(row[key])
        if month < months[0]:
            before += row[value]
        else:
            found[month] += row[value]
    totals, running = [], before
    for month in months:
        running += found.get(month, 0)
        totals.append(running)
    return totals


# -- OMS ---------------------------------------------------------------------------------------


def source_organisations():
    from partners.models import OrganisationPage

    return OrganisationPage.objects.filter(locale=Locale.get_default())


def organisation_statuses(province=None):
    """``{province id: {status: count}}`` of source-language OMS, every status, live or not: one query."""
    pages = source_organisations()
    if province is not None:
        pages = pages.filter(regency__province=province)
    counts = defaultdict(dict)
    for row in (pages.order_by().values("regency__province_id", "verification_status")
                .annotate(n=Count("pk"))):
        counts[row["regency__province_id"]][row["verification_status"]] = row["n"]
    return counts


def status_rows(counts):
    """``[(status, label, count)]`` in the order of ``OrganisationPage.Verification``."""
    from partners.models import OrganisationPage

    return [(value, label, counts.get(value, 0)) for value, label in OrganisationPage.Verification.choices]


def verified_per_regency(province=None):
    """``{regency id: (province id, count)}`` of live, verified source OMS (as the network pages count
    them, ``network.consolidation``): one query."""
    from network.consolidation import source_pages
    from partners.models import OrganisationPage

    pages = source_pages(OrganisationPage).filter(is_verified=True)
    if province is not None:
        pages = pages.filter(regency__province=province)
    return {row["regency_id"]: (row["regency__province_id"], row["n"]) for row in
            pages.order_by().values("regency_id", "regency__province_id").annotate(n=Count("pk"))}


#: The seed's aim: at least this many OMS in each kabupaten/kota.
AIM_PER_REGENCY = 3


# -- campaigns awaiting launch approval -------------------------------------------------------------


def awaiting_launch(province=None):
    """Source campaigns with a workflow in progress (their launch review), in ``province`` if given."""
    from campaigns.models import CampaignPage

    campaigns = CampaignPage.objects.filter(locale=Locale.get_default(),
                                            _specific_workflow_states__status=WorkflowState.STATUS_IN_PROGRESS)
    parent_path = Substr("path", 1, (F("depth") - 1) * Page.steplen)
    if province is not None:
        parents = source_organisations().filter(regency__province=province).values("path")
        campaigns = campaigns.annotate(parent_path=parent_path).filter(
            Q(regency__province=province) | Q(regency__isnull=True, parent_path__in=parents))
    return campaigns


def launches_awaiting(province=None, limit=20):
    """``(count, [rows])``: campaigns awaiting launch approval, oldest request first: two queries.

    Each row: pk, title, its OMS's title, its kabupaten/kota (or its OMS's) and province, and when
    it was submitted.
    """
    from partners.models import OrganisationPage

    campaigns = awaiting_launch(province)
    parent = OrganisationPage.objects.filter(path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Page.steplen))
    rows = list(campaigns.annotate(
        organisation_title=Subquery(parent.values("title")[:1]),
        organisation_regency=Subquery(parent.values("regency__name")[:1]),
        organisation_province=Subquery(parent.values("regency__province__name")[:1]),
        submitted_at=F("_specific_workflow_states__created_at"),
    ).order_by("submitted_at", "pk").values(
        "pk", "title", "organisation_title", "submitted_at", "regency__name", "regency__province__name",
        "organisation_regency", "organisation_province")[:limit])
    for row in rows:
        row["place"] = row["regency__name"] or row["organisation_regency"] or ""
        row["province"] = row["regency__province__name"] or row["organisation_province"] or ""
    return campaigns.count(), rows


def launches_per_province():
    """``{province id: count}`` of campaigns awaiting launch approval (their place, else their OMS's): one query."""
    from partners.models import OrganisationPage

    parent = OrganisationPage.objects.filter(path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Page.steplen))
    rows = (awaiting_launch().annotate(place_province=Coalesce(
        "regency__province_id", Subquery(parent.values("regency__province_id")[:1]),
        output_field=IntegerField()))
        .order_by().values("place_province").annotate(n=Count("pk", distinct=True)))
    return {row["place_province"]: row["n"] for row in rows}


# -- reports -------------------------------------------------------------------------------------


def open_reports(province=None, limit=5):
    """``(count, [latest open reports])`` of ``province`` (every province's and national ones if None):
    two queries."""
    from reports.models import Report

    reports = Report.objects.filter(status=Report.Status.OPEN)
    if province is not None:
        reports = reports.filter(province=province)
    latest = list(reports.select_related("province").order_by("-created_at", "-pk")[:limit])
    return reports.count(), latest


def open_reports_per_province(provinces=None):
    """``{province id or None: count}`` of open reports: one query."""
    from reports.models import Report

    reports = Report.objects.filter(status=Report.Status.OPEN)
    if provinces is not None:
        reports = reports.filter(province__in=provinces)
    return {row["province_id"]: row["n"] for row in
            reports.order_by().values("province_id").annotate(n=Count("pk"))}


# -- money -----------------------------------------------------------------------------------------


def _ledger():
    from finance.models import LedgerEntry

    return LedgerEntry.objects


def money_per_regency(province):
    """``{regency id: gross raised}`` in ``province`` (a campaign's place, else its OMS's): one query."""
    from finance.ledger import booked_regency
    from finance.models import LedgerEntry

    rows = (_ledger().filter(province=province, kind=LedgerEntry.Kind.GROSS)
            .annotate(place=booked_regency())
            .order_by().values("place").annotate(total=Sum("amount")))
    return {row["place"]: row["total"] or ZERO for row in rows}


def ledger_per_month(kinds, months, province=None):
    """``{kind: [amount per month]}`` of ledger ``kinds`` over ``months`` (Decimal): one query."""
    entries = _ledger().filter(kind__in=kinds, occurred_at__gte=window_start(months))
    if province is not None:
        entries = entries.filter(province=province)
    rows = list(entries.annotate(month=TruncMonth("occurred_at")).order_by()
                .values("month", "kind").annotate(total=Sum("amount")))
    return {kind: [Decimal(v) for v in per_month([r for r in rows if r["kind"] == kind], months)]
            for kind in kinds}


def ledger_overview(months):
    """``({province id: gross raised, all time}, {kind: [amount per month]} for the fee and the
    provincial share over ``months``)``: one scan of the ledger for both (national dashboard)."""
    from finance.models import LedgerEntry

    Kind = LedgerEntry.Kind
    rows = list(_ledger().filter(kind__in=[Kind.GROSS, Kind.FEE, Kind.PROVINCIAL])
                .annotate(month=TruncMonth("occurred_at")).order_by()
                .values("province_id", "kind", "month").annotate(total=Sum("amount")))
    money = defaultdict(lambda: ZERO)
    for row in rows:
        if row["kind"] == Kind.GROSS:
            money[row["province_id"]] += row["total"] or ZERO
    per_kind = {}
    for kind in (Kind.FEE, Kind.PROVINCIAL):
        totals = defaultdict(lambda: ZERO)
        for row in rows:
            if row["kind"] == kind and row["month"] is not None:
                totals[_month_key(row["month"])] += row["total"] or ZERO
        per_kind[kind] = [totals.get(month, ZERO) for month in months]
    return dict(money), per_kind


# -- growth ----------------------------------------------------------------------------------------


def organisation_growth(months):
    """Verified OMS at the end of each month (by verification date, else first publication): one query."""
    rows = (source_organisations().filter(is_verified=True)
            .annotate(month=TruncMonth(Coalesce("verified_at", "first_published_at")))
            .order_by().values("month").annotate(n=Count("pk")))
    return cumulative(rows, months)


def campaign_growth(months):
    """Live source campaigns at the end of each month (by first publication): one query."""
    from campaigns.models import CampaignPage

    rows = (CampaignPage.objects.filter(locale=Locale.get_default(), live=True)
            .annotate(month=TruncMonth("first_published_at")).order_by().values("month").annotate(n=Count("pk")))
    return cumulative(rows, months)


def support_record_models():
    """``[(support type, record model)]`` of every installed type with a records admin."""
    from campaigns.plugins import registry

    found = []
    for support_type in registry.support_types():
        if registry.implements(support_type.key, "records_admin"):
            admin = registry.call(support_type.key, "records_admin")
            if admin is not None and getattr(admin, "model", None) is not None:
                found.append((support_type, admin.model))
    return found


def supporter_growth(months):
    """``[(support type, [records at the end of each month])]``: records that count (each type's
    ``COUNTED_STATUSES``), one aggregate query per type."""
    result = []
    for support_type, model in support_record_models():
        records = model.objects.all()
        counted = getattr(model, "COUNTED_STATUSES", ())
        if counted:
            records = records.filter(status__in=counted)
        rows = records.annotate(month=TruncMonth("created_at")).order_by().values("month").annotate(n=Count("pk"))
        result.append((support_type, cumulative(rows, months)))
    return result


# -- national programmes -------------------------------------------------------------------------------


def programme_progress():
    """``[dict]`` per live national programme (default language): its campaigns (linked in any
    language or matching its SDG), active ones, provinces reached and money raised (ledger gross).
    Five queries whatever the programmes hold."""
    from django.db.models import BooleanField, Case, Value, When

    from campaigns.models import CampaignPage
    from finance.models import LedgerEntry
    from network.consolidation import active_filter
    from programmes.models import ProgrammePage

    default = Locale.get_default()
    programmes = list(ProgrammePage.objects.live().filter(locale=default).order_by("title")
                      .values("pk", "title", "sdg_id", "include_sdg_matches"))
    if not programmes:
        return []
    ids = [p["pk"] for p in programmes]
    linked = ProgrammePage.campaigns.through.objects.filter(programmepage_id__in=ids)
    links = defaultdict(set)  # programme id -> campaign translation keys
    for programme_id, key in linked.values_list("programmepage_id", "campaignpage__translation_key"):
        links[programme_id].add(key)
    sdgs = {p["sdg_id"] for p in programmes if p["include_sdg_matches"] and p["sdg_id"]}
    tagged = CampaignPage.sdgs.through.objects.filter(sdg_id__in=sdgs, campaignpage__locale=default,
                                                      campaignpage__live=True)
    sdg_of = defaultdict(set)
    if sdgs:
        for campaign_id, sdg_id in tagged.values_list("campaignpage_id", "sdg_id"):
            sdg_of[campaign_id].add(sdg_id)
    condition = Q(translation_key__in=linked.values("campaignpage__translation_key"))
    if sdgs:
        condition |= Q(pk__in=tagged.values("campaignpage_id"))
    campaigns = list(CampaignPage.objects.filter(condition, locale=default, live=True).annotate(
        is_active=Case(When(active_filter(), then=Value(True)), default=Value(False), output_field=BooleanField()),
    ).order_by().values("pk", "translation_key", "regency__province_id", "is_active"))
    # A separate aggregate rather than a correlated subquery per campaign: the planner's estimate of
    # the latter is high enough to switch on PostgreSQL's JIT, which alone costs more than the query.
    raised = {row["campaign"]: row["total"] for row in
              LedgerEntry.objects.filter(kind=LedgerEntry.Kind.GROSS, campaign_id__in=[c["pk"] for c in campaigns])
              .order_by().values("campaign").annotate(total=Sum("amount"))}
    for campaign in campaigns:
        campaign["raised"] = raised.get(campaign["pk"])
    result = []
    for programme in programmes:
        chosen = [c for c in campaigns if c["translation_key"] in links[programme["pk"]]
                  or (programme["include_sdg_matches"] and programme["sdg_id"] in sdg_of[c["pk"]])]
        result.append({
            "pk": programme["pk"], "title": programme["title"],
            "campaigns": len(chosen),
            "active": sum(1 for c in chosen if c["is_active"]),
            "provinces": len({c["regency__province_id"] for c in chosen if c["regency__province_id"]}),
            "raised": sum((c["raised"] or ZERO for c in chosen), ZERO),
        })
    return result
