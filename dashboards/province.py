"""The provincial network's dashboard (/admin/dasbor/provinsi/<code>/) and its moderators' home panel.

Invariants:
- **Scope first**: the view asks ``scope.province_or_404`` before it reads any figure, so a
  moderator of another province, an OMS editor or anyone else gets a 404 that does not say whether
  the province exists; every figure below is filtered by that one province (``network_figures``).
- **A fixed number of queries** whatever the province holds (aggregates; the per-kabupaten/kota
  support comes from ``network.consolidation.province_figures``, itself fixed and cached).
- Money is Decimal rupiah from the ledger; the fee share is the ledger's ``provincial`` kind.
- The home panel shows only the provinces the user moderates, and nothing to anyone else.
"""
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from lokadaya.numbers import format_money, format_money_compact, format_number

from . import network_figures as nf
from . import scope
from .charts import Bar, Series, bar_chart, line_chart

FEE_MONTHS = 12


def _links(user):
    """The admin screens behind the figures that ``user`` may open (empty string: none)."""
    from partners.verification import is_moderator
    from reports.moderation import may_see_reports

    return {
        "verification": reverse("partners_admin:review_list") if is_moderator(user) else "",
        "reports": reverse("reports_admin:list") if may_see_reports(user) else "",
    }


def _regency_url(province, regency):
    return reverse("regions:regency", kwargs={"province_slug": province.slug, "slug": regency.slug})


def province_dashboard(request, code):
    """Figures and to-dos of one province for its moderators and national staff."""
    province = scope.province_or_404(request.user, code)
    from finance.models import LedgerEntry
    from network.consolidation import province_figures, support_types

    links = _links(request.user)
    statuses = nf.status_rows(nf.organisation_statuses(province).get(province.pk, {}))
    status_counts = {value: count for value, _label, count in statuses}
    launch_count, launches = nf.launches_awaiting(province)
    report_count, reports = nf.open_reports(province)

    # Money (ledger gross) and support of the other types (the plugins' progress) per kabupaten/kota.
    money = nf.money_per_regency(province)
    rows, _total = province_figures(province)
    # A column for each type of support the province has, except money (the ledger's column).
    present = {}
    for row in rows:
        for key, total in row.support.items():
            present[key] = present.get(key, False) or total.is_money
    types = [t for t in support_types() if t.key in present and not present[t.key]]
    regencies = []
    for figures in rows:
        regency = figures.place
        raised = money.get(regency.pk, nf.ZERO)
        support = [figures.support.get(t.key) for t in types]
        regencies.append({
            "regency": regency, "url": _regency_url(province, regency), "organisations": figures.organisations,
            "campaigns": figures.campaigns, "active": figures.active_campaigns, "money": raised,
            "support": support,
            "active_row": bool(raised or figures.organisations or figures.campaigns
                               or any(s and s.amount for s in support)),
        })
    raised_total = sum((r["money"] for r in regencies), nf.ZERO)
    bars = [Bar(label=r["regency"].name, value=r["money"], url=r["url"])
            for r in sorted(regencies, key=lambda r: (-r["money"], r["regency"].code)) if r["money"]]
    money_chart = bar_chart(_("Money raised per regency/city"), bars, value_format=format_money,
                            headers=[_("Regency/city"), _("Money raised")])

    # The province's 75% share of the fee, accrued per month.
    months = nf.month_starts(FEE_MONTHS)
    share = nf.ledger_per_month([LedgerEntry.Kind.PROVINCIAL], months, province=province)[LedgerEntry.Kind.PROVINCIAL]
    fee_chart = line_chart(_("Provincial share of the fee per month"), [date_format(m, "M Y") for m in months],
                           [Series(_("Provincial share of the fee (75%)"), share)], value_format=format_money,
                           axis_format=format_money_compact)

    without = [r for r in regencies if r["organisations"] == 0]
    under_aim = [r for r in regencies if 0 < r["organisations"] < nf.AIM_PER_REGENCY]
    headline = [
        (_("Verified OMS"), format_number(status_counts.get("verified", 0)),
         f'{links["verification"]}?status=verified' if links["verification"] else ""),
        (_("Awaiting verification"), format_number(status_counts.get("pending", 0)),
         f'{links["verification"]}?status=pending' if links["verification"] else ""),
        (_("Launches awaiting approval"), format_number(launch_count), "#peluncuran"),
        (_("Open reports"), format_number(report_count), links["reports"] or "#laporan"),
        (_("Money raised"), format_money_compact(raised_total), "#per-wilayah"),
        (_("Provincial share, last 12 months"), format_money_compact(sum(share, nf.ZERO)),
         reverse("finance:province", kwargs={"slug": province.slug})),
    ]
    from .community import province_panels

    return TemplateResponse(request, "dashboards/province.html", {
        "community": province_panels(province),
        "province": province, "headline": headline, "statuses": statuses, "links": links,
        "launch_count": launch_count, "launches": launches, "report_count": report_count, "reports": reports,
        "regencies": [r for r in regencies if r["active_row"]], "types": types, "money_chart": money_chart,
        "raised_total": raised_total, "fee_chart": fee_chart, "share_total": sum(share, nf.ZERO),
        "without": without, "under_aim": under_aim, "aim": nf.AIM_PER_REGENCY,
        "regency_count": len(regencies),
        "fee_url": reverse("finance:province", kwargs={"slug": province.slug}),
        "is_national": scope.is_national_staff(request.user),
    })


class ProvinceToDoPanel(Component):
    """The admin home's panel for a provincial moderator: what waits for them, per province moderated."""

    name = "province_todo"
    template_name = "dashboards/panels/province_todo.html"
    order = 90

    class Media:
        css = {"all": ["dashboards/dashboards.css"]}

    def __init__(self, provinces):
        self.provinces = provinces

    def get_context_data(self, parent_context=None):
        return {"provinces": self.provinces}


def province_todos(provinces):
    """``[dict]`` per province: OMS awaiting verification, launches awaiting approval, open reports
    and the dashboard's URL; three queries whatever the number of provinces."""
    from django.db.models import Count

    provinces = list(provinces)
    ids = [p.pk for p in provinces]
    pending = {row["regency__province_id"]: row["n"] for row in
               nf.source_organisations().filter(regency__province_id__in=ids, verification_status="pending")
               .order_by().values("regency__province_id").annotate(n=Count("pk"))}
    launches = nf.launches_per_province()
    reports = nf.open_reports_per_province(ids)
    return [{
        "province": province,
        "pending": pending.get(province.pk, 0),
        "launches": launches.get(province.pk, 0),
        "reports": reports.get(province.pk, 0),
        "url": reverse("dashboards:province", args=[province.code]),
    } for province in provinces]


def homepage_panels(request, panels):
    """A moderator's to-dos on the admin home; nothing for anyone who moderates no province."""
    from regions.models import Province

    user = request.user
    if not (user.is_authenticated and user.is_active):
        return
    provinces = list(Province.objects.filter(network__moderators=user).order_by("code"))
    if provinces:
        panels.append(ProvinceToDoPanel(province_todos(provinces)))

