"""The national dashboard (/admin/dasbor/nasional/) and national staff's home panel.

Invariants:
- **Scope first**: ``scope.require_national`` refuses (403) anyone but national staff (superusers,
  national admins, the "Keuangan Nasional" group) before any figure is read.
- **A fixed number of queries** whatever the network holds: one aggregate per figure
  (``network_figures``), one per support type for the supporters' growth.
- Money is Decimal rupiah from the ledger (gross raised; the fee and its national and provincial
  shares), never float.
- The home panel appears for national staff only.
"""
from django.core.exceptions import PermissionDenied
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
GROWTH_MONTHS = 24


def _links(user):
    """The admin screens behind the figures that ``user`` may open (empty string: none)."""
    from partners.verification import is_moderator
    from reports.moderation import may_see_reports

    return {
        "verification": reverse("partners_admin:review_list") if is_moderator(user) else "",
        "reports": reverse("reports_admin:list") if may_see_reports(user) else "",
        "disbursements": (reverse("finance_admin:disbursements")
                          if user.has_perm("finance.add_disbursement")
                          else ""),
    }


def _province_rows(money):
    """Every province with its OMS by status, regencies covered, ``money`` raised, open reports and
    launches awaiting approval: five queries."""
    from django.db.models import Count

    from regions.models import Province

    provinces = list(Province.objects.annotate(regency_count=Count("regencies")).order_by("code"))
    statuses = nf.organisation_statuses()
    verified = nf.verified_per_regency()
    covered, at_aim = {}, {}
    for province_id, count in verified.values():
        covered[province_id] = covered.get(province_id, 0) + 1
        if count >= nf.AIM_PER_REGENCY:
            at_aim[province_id] = at_aim.get(province_id, 0) + 1
    reports = nf.open_reports_per_province()
    launches = nf.launches_per_province()
    rows = []
    for province in provinces:
        counts = statuses.get(province.pk, {})
        rows.append({
            "province": province, "url": reverse("dashboards:province", args=[province.code]),
            "verified": counts.get("verified", 0), "pending": counts.get("pending", 0),
            "changes_requested": counts.get("changes_requested", 0),
            "organisations": sum(counts.values()),
            "covered": covered.get(province.pk, 0), "at_aim": at_aim.get(province.pk, 0),
            "regencies": province.regency_count,
            "money": money.get(province.pk, nf.ZERO),
            "reports": reports.get(province.pk, 0), "launches": launches.get(province.pk, 0),
        })
    return rows, reports.get(None, 0)


def national_dashboard(request):
    """The network by province, fee income, national programmes and growth, for national staff."""
    try:
        scope.require_national(request.user)
    except PermissionDenied:
        # A plain 403 (Wagtail would turn the exception into a redirect to the admin home).
        return TemplateResponse(request, "dashboards/national_forbidden.html", status=403)
    from finance.models import LedgerEntry

    Kind = LedgerEntry.Kind
    links = _links(request.user)
    months = nf.month_starts(FEE_MONTHS)
    money, fees = nf.ledger_overview(months)
    provinces, national_reports = _province_rows(money)
    totals = {key: sum(row[key] for row in provinces) for key in (
        "verified", "pending", "changes_requested", "organisations", "covered", "at_aim", "regencies", "reports",
        "launches")}
    totals["money"] = sum((row["money"] for row in provinces), nf.ZERO)
    totals["reports"] += national_reports
    launch_count, launches = nf.launches_awaiting()

    money_chart = bar_chart(
        _("Money raised per province"),
        [Bar(label=row["province"].name, value=row["money"], url=row["url"])
         for row in sorted(provinces, key=lambda r: (-r["money"], r["province"].code)) if row["money"]],
        value_format=format_money, headers=[_("Province"), _("Money raised")])

    labels = [date_format(m, "M Y") for m in months]
    # Every ledger write keeps fee == provincial + national, so the national share is the difference
    # (a third fewer rows to read).
    fees[Kind.NATIONAL] = [fee - provincial for fee, provincial in zip(fees[Kind.FEE], fees[Kind.PROVINCIAL])]
    fee_chart = line_chart(_("Management fee per month"), labels, [
        Series(_("Fee"), fees[Kind.FEE]), Series(_("National share"), fees[Kind.NATIONAL]),
        Series(_("Provincial shares"), fees[Kind.PROVINCIAL])],
        value_format=format_money, axis_format=format_money_compact)
    fee_totals = {kind: sum(values, nf.ZERO) for kind, values in fees.items()}

    programmes = nf.programme_progress()
    programme_chart = bar_chart(
        _("Money raised per national programme"),
        [Bar(label=p["title"], value=p["raised"], url=reverse("wagtailadmin_pages:edit", args=[p["pk"]]),
             detail=_("campaigns: %(count)s") % {"count": format_number(p["campaigns"])}) for p in programmes],
        value_format=format_money, headers=[_("Programme"), _("Money raised")])

    growth_months = nf.month_starts(GROWTH_MONTHS)
    growth_labels = [date_format(m, "M Y") for m in growth_months]
    network_chart = line_chart(_("Verified OMS and live campaigns"), growth_labels, [
        Series(_("Verified OMS"), nf.organisation_growth(growth_months)),
        Series(_("Live campaigns"), nf.campaign_growth(growth_months))])
    supporters = nf.supporter_growth(growth_months)
    support_total = [sum(values[i] for _type, values in supporters) for i in range(len(growth_months))]
    supporter_chart = line_chart(
        _("Support records that count, all types"), growth_labels,
        [Series(_("All types"), support_total)] + [Series(t.name, values) for t, values in supporters])

    headline = [
        (_("Verified OMS"), format_number(totals["verified"]),
         f'{links["verification"]}?status=verified' if links["verification"] else "#per-provinsi"),
        (_("Awaiting verification"), format_number(totals["pending"]),
         f'{links["verification"]}?status=pending' if links["verification"] else "#per-provinsi"),
        (_("Launches awaiting approval"), format_number(launch_count), "#peluncuran"),
        (_("Open reports"), format_number(totals["reports"]), links["reports"] or "#per-provinsi"),
        (_("Money raised"), format_money_compact(totals["money"]), "#per-provinsi"),
        (_("Fee income, last 12 months"), format_money_compact(fee_totals[Kind.FEE]), "#biaya"),
        (_("Regencies/cities with a verified OMS"), f'{format_number(totals["covered"])} / '
                                                    f'{format_number(totals["regencies"])}', "#per-provinsi"),
    ]
    from .community import national_rows

    return TemplateResponse(request, "dashboards/national.html", {
        "community": national_rows([row["province"] for row in provinces]),
        "headline": headline, "provinces": provinces, "totals": totals, "links": links,
        "launch_count": launch_count, "launches": launches, "money_chart": money_chart,
        "fee_chart": fee_chart, "fee_totals": {"fee": fee_totals[Kind.FEE], "national": fee_totals[Kind.NATIONAL],
                                               "provincial": fee_totals[Kind.PROVINCIAL]},
        "programmes": programmes, "programme_chart": programme_chart,
        "network_chart": network_chart, "supporter_chart": supporter_chart, "aim": nf.AIM_PER_REGENCY,
        "national_reports": national_reports,
    })


class NationalToDoPanel(Component):
    """The admin home's panel for national staff: the network's headline to-dos."""

    name = "national_todo"
    template_name = "dashboards/panels/national_todo.html"
    order = 95

    class Media:
        css = {"all": ["dashboards/dashboards.css"]}

    def __init__(self, todo):
        self.todo = todo

    def get_context_data(self, parent_context=None):
        return {"todo": self.todo}


def national_todos():
    """OMS awaiting verification, launches awaiting approval and open reports, in all: three queries."""
    from reports.models import Report

    return {
        "pending": nf.source_organisations().filter(verification_status="pending").count(),
        "launches": nf.awaiting_launch().count(),
        "reports": Report.objects.filter(status=Report.Status.OPEN).count(),
        "url": reverse("dashboards:national"),
    }


def homepage_panels(request, panels):
    """National staff's to-dos on the admin home; nothing for anyone else."""
    if scope.is_national_staff(request.user):
        panels.append(NationalToDoPanel(national_todos()))
