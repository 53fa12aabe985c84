"""The OMS's list of its monthly donors ("Donatur rutin"), with each campaign's expected monthly
income (the sum of its active plans), a status filter and a CSV export.

Who sees what (one rule, ``visible_plans``): an OMS's editors see the plans of the campaigns whose
pages they may edit (the records admin's rule, ``campaigns.admin_views.editable_campaigns``);
national staff (``dashboards.scope.is_national_staff``: superusers, national admins, national
finance) see every plan. Anyone else gets a 403; a campaign filter naming a campaign the user may
not see is a 404. The list only reads: donors change their plans from their own link.
"""
import csv

from django.core.exceptions import PermissionDenied
from django.views.defaults import permission_denied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from wagtail.admin.menu import MenuItem

from privacy.accesslog import screens as access_log

from .models import RecurringDonation
from .service import method_label


def _campaigns(user):
    """The source-language campaigns whose monthly donors ``user`` may see (None: all of them)."""
    from campaigns.admin_views import editable_campaigns
    from dashboards.scope import is_national_staff

    if is_national_staff(user):
        return None
    return editable_campaigns(user)


def may_see_any(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    campaigns = _campaigns(user)
    return campaigns is None or campaigns.exists()


def visible_plans(user):
    """The plans ``user`` may see (see the module's rule)."""
    campaigns = _campaigns(user)
    plans = RecurringDonation.objects.select_related("campaign", "saved_method")
    return plans if campaigns is None else plans.filter(campaign__in=campaigns)


class _Echo:
    def write(self, value):
        return value


def _csv_value(value):
    from campaigns.admin_views import _csv_value as neutralised

    return neutralised(value)


def recurring_list(request):
    if not may_see_any(request.user):
        # A plain 403 (not Wagtail's redirect to the dashboard): the screen exists, it is not theirs.
        return permission_denied(request, PermissionDenied())
    plans = visible_plans(request.user)
    campaign_id = request.GET.get("campaign", "")
    status = request.GET.get("status", "")
    if campaign_id:
        campaigns = _campaigns(request.user)
        # A campaign the user may not see does not exist for them.
        if not campaign_id.isdigit() or (campaigns is not None and not campaigns.filter(pk=int(campaign_id)).exists()):
            raise Http404
        plans = plans.filter(campaign_id=int(campaign_id))
    if status in RecurringDonation.Status.values:
        plans = plans.filter(status=status)
    if request.GET.get("export") == "csv":
        access_log.recurring_export(request, plans, {"campaign": campaign_id, "status": status})
        return _export(plans)
    # Expected monthly income per campaign: its active plans (whatever the status filter shows).
    active = visible_plans(request.user).filter(status=RecurringDonation.Status.ACTIVE)
    if campaign_id:
        active = active.filter(campaign_id=int(campaign_id))
    income = list(active.values("campaign_id", "campaign__title").annotate(
        donors=Count("pk"), monthly=Sum("amount")).order_by("-monthly", "campaign__title"))
    page = Paginator(plans.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("p"))
    all_campaigns = _campaigns(request.user)
    access_log.recurring_list(request, page, {"campaign": campaign_id, "status": status}, all_campaigns)
    if all_campaigns is None:
        from campaigns.models import CampaignPage

        campaign_choices = CampaignPage.objects.filter(pk__in=RecurringDonation.objects.values("campaign_id"))
    else:
        campaign_choices = all_campaigns
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("export", None)
    return TemplateResponse(request, "donation/recurring/admin_list.html", {
        "page_obj": page, "plans": [(plan, method_label(plan)) for plan in page],
        "income": income, "total_monthly": sum((row["monthly"] for row in income), 0),
        "campaigns": campaign_choices.order_by("title").only("pk", "title"),
        "status_choices": RecurringDonation.Status.choices,
        "filters": {"campaign": campaign_id, "status": status}, "export_query": query.urlencode(),
    })


def _export(plans):
    writer = csv.writer(_Echo())
    columns = [
        ("id", lambda p: p.pk),
        (_("Created"), lambda p: p.created_at.isoformat()),
        (_("Campaign"), lambda p: p.campaign.title),
        (_("Ask"), lambda p: p.ask_id),
        (_("Name"), lambda p: p.name),
        (_("Anonymous"), lambda p: "1" if p.is_anonymous else "0"),
        (_("Email"), lambda p: p.email),
        (_("Monthly amount (Rp)"), lambda p: p.amount),
        (_("Charge day"), lambda p: p.charge_day),
        (_("Payment method"), lambda p: method_label(p)),
        (_("Status"), lambda p: p.status),
        (_("Next charge"), lambda p: p.next_charge_on.isoformat() if p.next_charge_on else ""),
        (_("Months missed in a row"), lambda p: p.missed_months),
        (_("Reason"), lambda p: p.status_reason),
        (_("Wants updates"), lambda p: "1" if p.wants_updates else "0"),
    ]

    def rows():
        yield "\ufeff"
        yield writer.writerow([str(header) for header, _value in columns])
        for plan in plans.order_by("created_at", "pk").iterator(chunk_size=2000):
            yield writer.writerow([_csv_value(value(plan)) for _header, value in columns])

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="donatur-rutin-{stamp}.csv"'
    return response


urlpatterns = [path("rutin/", recurring_list, name="recurring_list")]


class RecurringMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_any(request.user)


def menu_items():
    return [RecurringMenuItem(gettext_lazy("Monthly donors"), reverse("donation_admin:recurring_list"),
                              name="recurring-donors", icon_name="pick", order=260)]
