"""The OMS's records admin, one set of views for every support type.

Each plugin describes its records with ``records_admin``; these views list them (filter by
campaign, ask, status; search), change a record's status, and export CSV. An editor sees only
the records of campaigns whose pages they may edit: anything else is a 404.
"""
import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from .events import change_status
from .models import CampaignPage
from .plugins import registry


def editable_campaigns(user):
    """Source-language campaigns whose pages ``user`` may edit."""
    default = Locale.get_default()
    if user.is_superuser:
        return CampaignPage.objects.filter(locale=default)
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change", "publish"])
    return CampaignPage.objects.filter(locale=default, pk__in=pages.type(CampaignPage).values("pk"))


def _admin_for(type_key):
    support_type = registry.get(type_key)
    if support_type is None or not registry.implements(type_key, "records_admin"):
        raise Http404
    return support_type, registry.call(type_key, "records_admin")


def _records(request, admin):
    campaigns = editable_campaigns(request.user)
    qs = admin.model.objects.filter(campaign__in=campaigns).select_related("campaign", *admin.select_related)
    return qs, campaigns


def _filtered(request, admin, qs):
    status_choices = admin.model._meta.get_field("status").choices
    campaign_id = request.GET.get("campaign", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:200]
    if campaign_id.isdigit():
        qs = qs.filter(campaign_id=int(campaign_id))
    if status in dict(status_choices):
        qs = qs.filter(status=status)
    if request.GET.get("ask"):
        qs = qs.filter(ask_id=request.GET["ask"][:64])
    if query:
        condition = Q()
        for field in admin.search_fields:
            condition |= Q(**{f"{field}__icontains": query})
        qs = qs.filter(condition)
    return qs, {"campaign": campaign_id, "status": status, "q": query}, status_choices


class _Echo:
    def write(self, value):
        return value


def records_list(request, type_key):
    support_type, admin = _admin_for(type_key)
    qs, campaigns = _records(request, admin)
    qs, filters, status_choices = _filtered(request, admin, qs)
    if request.GET.get("export") == "csv":
        return _export_csv(support_type, admin, qs)
    page = Paginator(qs.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("p"))
    rows = [(record, [column.value(record) for column in admin.columns]) for record in page]
    return TemplateResponse(request, "campaigns/admin/records_list.html", {
        "support_type": support_type,
        "headers": [column.header for column in admin.columns],
        "rows": rows,
        "page_obj": page,
        "campaigns": campaigns.order_by("title"),
        "status_choices": status_choices,
        "filters": filters,
        "export_query": request.GET.urlencode(),
    })


def _export_csv(support_type, admin, qs):
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # so spreadsheet programs read UTF-8
        yield writer.writerow([str(column.header) for column in admin.export_columns])
        for record in qs.order_by("created_at", "pk").iterator(chunk_size=2000):
            yield writer.writerow([_csv_value(column.value(record)) for column in admin.export_columns])

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{support_type.key}-{stamp}.csv"'
    return response


def _csv_value(value):
    text = "" if value is None else str(value)
    # A cell starting with = + - @ is a formula to a spreadsheet: neutralise it.
    if text[:1] in ("=", "+", "-", "@") and not text.lstrip("-").replace(".", "").isdigit():
        text = "'" + text
    return text


def record_status(request, type_key, pk):
    support_type, admin = _admin_for(type_key)
    qs, _campaigns = _records(request, admin)
    record = get_object_or_404(qs, pk=pk)
    old_status = record.status
    form = admin.status_form(request.POST or None, instance=type(record).objects.get(pk=record.pk))
    if request.method == "POST" and form.is_valid():
        new_status = form.cleaned_data["status"]
        note = form.cleaned_data.get("note", "")
        if hasattr(form, "apply"):
            # The type does more than set a status (e.g. the donation's ledger lines).
            form.apply(record, user=request.user, note=note)
        else:
            extra = {name: form.cleaned_data[name] for name in form.cleaned_data if name not in ("status", "note")}
            change_status(record, new_status, user=request.user, note=note, **extra)
        messages.success(request, _("Saved: %(record)s is now “%(status)s”.") % {
            "record": record.name or record.email or f"#{record.pk}",
            "status": dict(admin.model._meta.get_field("status").choices).get(new_status, new_status),
        })
        return redirect("campaign_records:list", type_key=type_key)
    return TemplateResponse(request, "campaigns/admin/record_status.html", {
        "support_type": support_type,
        "record": record,
        "old_status": old_status,
        "form": form,
        "columns": [(column.header, column.value(record)) for column in admin.export_columns],
    })
