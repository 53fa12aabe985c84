"""The OMS dashboard (/admin/dasbor/oms/<pk>/), the list of one's dashboards and the admin home panel.

Invariants:
- **Scope first**: ``oms_dashboard`` passes ``scope.organisation_or_404`` before it reads anything
  (the OMS's editors, its province's moderators, national staff; a 404 for anyone else, the same
  whether the OMS exists or not). ``dashboard_home`` lists only what ``scope`` lets the user open.
  The home panel is only for users with an OMS of their own (``scope.own_organisations``).
- **Fixed number of queries** whatever the number of campaigns, records and ledger lines: every
  figure is an aggregate (the ledger per campaign and kind, per campaign and month; disbursements
  per campaign; the progress of every ask in one ``UNION ALL``) and each installed type answers
  the dashboard hooks (``campaigns/hookspecs.py``) with at most one query each.
- **Plugin-neutral**: support against target comes from ``campaigns.progress``; to-dos, upcoming
  items and recent supporters from the ``dashboard_*`` hooks. A new type appears without a change here.
- Money is ``Decimal`` rupiah from the ledger (``LedgerEntry`` gross lines for money raised, net
  lines minus ``Disbursement`` for the balance), never floats (the charts draw with floats only).
- Every figure links to the records behind it: the records admin, bank transfers, reports, the
  transparency pages, the campaign editor.
"""
import datetime
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from campaigns.plugins import registry
from campaigns.types import records_url
from lokadaya.numbers import format_money, format_money_compact, format_number
from privacy.accesslog import screens as access_log

from . import charts, scope
from .todo import todo_items

#: The money chart covers this many months, this one included.
MONTHS = 12
#: Lines of the money chart: the campaigns that raised most in the period; the rest are "others".
TOP_CAMPAIGNS = 5
#: Campaigns whose support is drawn against target (the most recent ones).
SUPPORT_CHARTS = 12
SUPPORTERS = 12
SUPPORTERS_PER_TYPE = 4
UPCOMING = 8
DISBURSEMENTS = 5
#: Home panels per user (an editor of several OMS sees the first ones; the dashboard list has all).
PANELS = 3
ZERO = Decimal("0")


class Money(Decimal):
    """A Decimal the charts format as rupiah (support of several kinds shares one bar chart)."""


def _format_value(value):
    return format_money(value) if isinstance(value, Money) else format_number(value)


# --- What the dashboard reads -----------------------------------------------------------------------


def organisation_campaigns(organisation):
    """The OMS's campaigns (source-language pages, drafts included), newest first, with their place
    (shift times need its time zone): one query."""
    from campaigns.models import CampaignPage

    return list(CampaignPage.objects.child_of(organisation).filter(locale_id=organisation.locale_id)
                .select_related("regency").order_by("-start_date", "-pk"))


def ledger_totals(organisation):
    """``{campaign id: {kind: Decimal}}`` of the OMS's ledger lines: one query, of their balances."""
    from finance.models import LedgerBalance

    totals = defaultdict(lambda: defaultdict(lambda: ZERO))
    for campaign_id, kind, total in (LedgerBalance.objects.filter(organisation=organisation)
                                     .values_list("campaign_id", "kind").annotate(total=Sum("amount")).order_by()):
        totals[campaign_id][kind] = total or ZERO
    return totals


def disbursed_by_campaign(organisation):
    """``{campaign id: Decimal}`` paid out to the OMS: one query."""
    from finance.models import Disbursement

    return {campaign_id: total or ZERO for campaign_id, total in
            Disbursement.objects.filter(organisation=organisation).values_list("campaign_id")
            .annotate(total=Sum("amount")).order_by()}


def month_starts(today=None):
    """The first days of the last ``MONTHS`` months, this one last."""
    return charts.last_months(MONTHS, today)


def money_chart(organisation, campaigns):
    """Money raised per month (gross ledger lines), one line per top campaign plus "others": one query."""
    from finance.models import LedgerEntry

    months = month_starts()
    since = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time.min))
    per = defaultdict(lambda: defaultdict(lambda: ZERO))  # campaign id -> month -> total
    rows = (LedgerEntry.objects.filter(organisation=organisation, kind=LedgerEntry.Kind.GROSS, occurred_at__gte=since)
            .annotate(month=TruncMonth("occurred_at")).values_list("campaign_id", "month")
            .annotate(total=Sum("amount")).order_by())
    for campaign_id, month, total in rows:
        day = timezone.localtime(month).date() if isinstance(month, datetime.datetime) else month
        per[campaign_id][day.replace(day=1)] += total or ZERO
    titles = {c.pk: c.title for c in campaigns}
    ranked = sorted(per, key=lambda pk: (-sum(per[pk].values()), pk))
    series = [charts.Series(label=titles.get(pk, f"#{pk}"), values=[per[pk][m] for m in months])
              for pk in ranked[:TOP_CAMPAIGNS]]
    rest = ranked[TOP_CAMPAIGNS:]
    if rest:
        series.append(charts.Series(label=_("Other campaigns"),
                                    values=[sum((per[pk][m] for pk in rest), ZERO) for m in months]))
    if not series:
        series = [charts.Series(label=_("Money raised"), values=[ZERO] * len(months))]
    return charts.line_chart(_("Money raised per month (last 12 months)"),
                             [date_format(m, "M y") for m in months], series,
                             value_format=format_money, axis_format=format_money_compact)


def support_charts(campaigns):
    """One bar chart per campaign (the most recent ``SUPPORT_CHARTS`` with asks): each ask against its
    target, whatever its type, from the progress already measured. No query."""
    result = []
    for campaign in campaigns:
        bars = []
        for ask, support_type, progress in campaign.get_progress():
            if progress is None or support_type is None:
                continue
            wrap = Money if progress.is_money else Decimal
            bars.append(charts.Bar(
                label=f"{support_type.name}: {ask.title}" if ask.title else str(support_type.name),
                value=wrap(progress.current), target=wrap(progress.target) if progress.target else None,
                detail=f"{progress.percentage}%" if progress.target else "",
                url=records_url(ask.type_key, campaign=campaign.pk, ask=ask.id)))
        if not bars:
            continue
        chart = charts.bar_chart(campaign.title, bars, value_format=_format_value,
                                 headers=[_("Ask"), _("Received"), _("Target")])
        result.append({"campaign": campaign, "chart": chart, "bars": bars,
                       "edit_url": reverse("wagtailadmin_pages:edit", args=[campaign.pk])})
        if len(result) >= SUPPORT_CHARTS:
            break
    return result


def upcoming(campaigns):
    """Every type's coming items (shifts, deliveries), soonest first."""
    if not campaigns:
        return []
    items = [item for answer in registry.hook.dashboard_upcoming(campaigns=campaigns, limit=UPCOMING)
             for item in answer or ()]
    zone = timezone.get_current_timezone()

    def moment(item):
        when = item.when
        if isinstance(when, datetime.datetime):
            return when
        return datetime.datetime.combine(when, datetime.time.min, tzinfo=zone)

    items.sort(key=moment)
    for item in items:
        item.has_time = isinstance(item.when, datetime.datetime)
    return items[:UPCOMING]


def recent_supporters(campaigns):
    """Every type's newest records, newest first (real names: this is the OMS's own view)."""
    if not campaigns:
        return []
    ids = [c.pk for c in campaigns]
    items = [item for answer in registry.hook.dashboard_supporters(campaign_ids=ids, limit=SUPPORTERS)
             for item in answer or ()]
    items.sort(key=lambda item: item.created_at, reverse=True)
    # Newest first, but one busy type (hundreds of signatures) does not hide the others: each type
    # gets up to SUPPORTERS_PER_TYPE places first, the room left goes to the newest of the rest.
    chosen, taken = [], defaultdict(int)
    for item in items:
        if len(chosen) < SUPPORTERS and taken[item.type_key] < SUPPORTERS_PER_TYPE:
            chosen.append(item)
            taken[item.type_key] += 1
    picked = {id(item) for item in chosen}
    chosen += [item for item in items if id(item) not in picked][:SUPPORTERS - len(chosen)]
    chosen.sort(key=lambda item: item.created_at, reverse=True)
    return chosen


def latest_disbursements(organisation):
    from finance.models import Disbursement

    return list(Disbursement.objects.filter(organisation=organisation)
                .only("campaign_id", "amount", "paid_on", "note").order_by("-paid_on", "-pk")[:DISBURSEMENTS])


def _transparency_url(name, pk):
    try:
        return reverse(name, kwargs={"pk": pk})
    except Exception:  # noqa: BLE001 - a site without the public transparency pages
        return ""


def headline(organisation, campaigns, todo):
    """The figures at the top (and on the home panel): money raised, balance, supporters, what waits.

    Two queries (the ledger per campaign and kind, disbursements per campaign)."""
    from finance.models import LedgerEntry

    totals = ledger_totals(organisation)
    disbursed = disbursed_by_campaign(organisation)
    gross = sum((t[LedgerEntry.Kind.GROSS] for t in totals.values()), ZERO)
    net = sum((t[LedgerEntry.Kind.NET] for t in totals.values()), ZERO)
    paid = sum(disbursed.values(), ZERO)
    supporters = sum((p.supporters for c in campaigns for _a, _t, p in c.get_progress() if p), 0)
    active = [c for c in campaigns if c.live and c.status == c.Status.ACTIVE]
    transparency = _transparency_url("finance:organisation", organisation.pk) if organisation.live else ""
    rows = []
    for campaign in campaigns:
        t = totals.get(campaign.pk)
        out = disbursed.get(campaign.pk, ZERO)
        if t is None and not out:
            continue
        t = t or defaultdict(lambda: ZERO)
        rows.append({
            "campaign": campaign, "gross": t[LedgerEntry.Kind.GROSS], "net": t[LedgerEntry.Kind.NET],
            "disbursed": out, "balance": t[LedgerEntry.Kind.NET] - out,
            "url": _transparency_url("finance:campaign", campaign.pk) if campaign.live else "",
        })
    return {
        "gross": gross, "net": net, "disbursed": paid, "balance": net - paid, "supporters": supporters,
        "active": len(active), "campaigns": len(campaigns), "todo": sum(item.count for item in todo),
        "transparency_url": transparency, "rows": rows,
    }


def _measure(campaigns):
    from campaigns.progress import prefetch_progress

    if campaigns:
        prefetch_progress(campaigns)
    return campaigns


def _todo_with_campaigns(items, campaigns):
    titles = {c.pk: c.title for c in campaigns}
    for item in items:
        item.campaign_title = titles.get(item.campaign_id, "")
    return items


def may_edit(user, organisation):
    """True for the OMS's own editors and superusers: the records and editors the dashboard links to
    are theirs. A moderator or national finance sees the figures without those links (they would 404)."""
    return bool(user.is_superuser or scope.own_organisations(user).filter(pk=organisation.pk).exists())


def _without_record_links(todo, coming, supporters, support):
    """Drop the links to records and page editors (for a viewer who is not the OMS's editor)."""
    for item in todo:
        if item.type_key != "reports":  # the core's reports item is built for the viewer already
            item.url = ""
    for item in [*coming, *supporters]:
        item.url = ""
    for chart in support:
        chart["edit_url"] = ""
        for bar in chart["bars"]:
            bar.url = ""
        chart["chart"] = charts.bar_chart(chart["chart"].title, chart["bars"], value_format=_format_value,
                                          headers=chart["chart"].table.headers)


def dashboard_context(organisation, user):
    """Everything the OMS dashboard shows, in a fixed number of queries."""
    campaigns = _measure(organisation_campaigns(organisation))
    todo = _todo_with_campaigns(todo_items(organisation, campaigns, user), campaigns)
    titles = {c.pk: c.title for c in campaigns}
    types = {t.key: t for t in registry.support_types()}
    editor = may_edit(user, organisation)
    # Supporters' real names and messages are the OMS's own data: a moderator or national finance
    # sees the figures only (docs/roles.md: they never see donor data).
    supporters = recent_supporters(campaigns) if editor else []
    for supporter in supporters:
        supporter.campaign_title = titles.get(supporter.campaign_id, "")
        supporter.type_name = getattr(types.get(supporter.type_key), "name", supporter.type_key)
    coming = upcoming(campaigns)
    for item in coming:
        item.campaign_title = titles.get(item.campaign_id, "")
    disbursements = latest_disbursements(organisation)
    for disbursement in disbursements:
        disbursement.campaign_title = titles.get(disbursement.campaign_id, "")
    charts_of_support = support_charts(campaigns)
    if not editor:
        _without_record_links(todo, coming, supporters, charts_of_support)
    from .community import oms_panels

    return {
        **oms_panels(organisation, user, editor),
        "organisation": organisation,
        "campaigns": campaigns,
        "figures": headline(organisation, campaigns, todo),
        "todo": todo,
        "money_chart": money_chart(organisation, campaigns),
        "support_charts": charts_of_support,
        "upcoming": coming,
        "supporters": supporters,
        "disbursements": disbursements,
        "may_edit": editor,
        "explore_url": reverse("wagtailadmin_explore", args=[organisation.pk]),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[organisation.pk]),
    }


# --- Views --------------------------------------------------------------------------------------


def oms_dashboard(request, pk):
    organisation = scope.organisation_or_404(request.user, pk)
    context = dashboard_context(organisation, request.user)
    access_log.dashboard_supporters(request, organisation, context["supporters"])
    return TemplateResponse(request, "dashboards/oms.html", context)


def dashboard_home(request):
    """The user's dashboards: straight to the only one, else a list; 403 when there is none."""
    user = request.user
    links = [(title, reverse("dashboards:oms", args=[pk]), _("OMS"))
             for pk, title in scope.own_organisations(user).order_by("title").values_list("pk", "title")]
    links += [(name, reverse("dashboards:province", args=[code]), _("Provincial network"))
              for code, name in scope.visible_provinces(user).order_by("name").values_list("code", "name")]
    if scope.is_national_staff(user):
        links.append((_("Indonesia"), reverse("dashboards:national"), _("National network")))
    if not links:
        raise PermissionDenied
    if len(links) == 1:
        return redirect(links[0][1])
    return TemplateResponse(request, "dashboards/home.html", {"links": links})


# --- The admin home panel -------------------------------------------------------------------------


class OrganisationPanel(Component):
    """An OMS's to-do list and headline figures on the admin home, with a link to its dashboard."""

    name = "oms_dashboard"
    template_name = "dashboards/panels/oms.html"
    order = 50

    class Media:
        css = {"all": ["dashboards/dashboards.css"]}

    def __init__(self, organisation, user):
        self.organisation = organisation
        self.user = user

    def get_context_data(self, parent_context):
        organisation = self.organisation
        campaigns = _measure(organisation_campaigns(organisation))
        todo = _todo_with_campaigns(todo_items(organisation, campaigns, self.user), campaigns)
        return {
            "organisation": organisation,
            "todo": todo,
            "figures": headline(organisation, campaigns, todo),
            "dashboard_url": reverse("dashboards:oms", args=[organisation.pk]),
            "panel_id": f"dash-panel-{organisation.pk}",
        }


def homepage_panels(request, panels):
    """For a user with an OMS of their own: its panel on the admin home. Nothing for anyone else."""
    for organisation in list(scope.own_organisations(request.user).order_by("title")[:PANELS]):
        panels.append(OrganisationPanel(organisation, request.user))
