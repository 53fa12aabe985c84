"""The OMS's records admin, one set of views for every support type.

Each plugin describes its records with ``records_admin``; these views list them (filter by
campaign, ask, status; search), change a record's status, and export CSV. An editor sees only
the records of campaigns whose pages they may edit: anything else is a 404; the ask filter offers
only the asks of those campaigns.

``support_type_settings``: national admins (superusers) switch support types off for the whole
site (``SupportTypeSettings``); anyone else gets a 403, for GET and POST alike.
"""
import csv

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from privacy.accesslog import screens as access_log

from .events import change_status
from .models import CampaignPage, SupportTypeSettings
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
    ask_id = request.GET.get("ask", "")[:64]
    if ask_id:
        qs = qs.filter(ask_id=ask_id)
    if query:
        condition = Q()
        for field in admin.search_fields:
            condition |= Q(**{f"{field}__icontains": query})
        qs = qs.filter(condition)
    return qs, {"campaign": campaign_id, "status": status, "q": query, "ask": ask_id}, status_choices


#: Without a campaign chosen, the ask filter lists every campaign's asks only up to this many
#: campaigns (a national admin may edit them all); beyond, it asks for a campaign first.
ASK_FILTER_CAMPAIGNS = 40


def ask_choices(campaigns, type_key, campaign_id=""):
    """``[(campaign title, [(ask id, ask title)])]``: the asks of ``type_key`` on ``campaigns`` (the
    user's editable ones), of the chosen campaign only when one is; None when too many to list."""
    if campaign_id.isdigit():
        campaigns = campaigns.filter(pk=int(campaign_id))
    elif campaigns.count() > ASK_FILTER_CAMPAIGNS:
        return None
    groups = []
    # The stored asks as they are (no block conversion), switched-off types' included: records stay.
    for title, raw in campaigns.order_by("title").values_list("title", "asks"):
        items = raw.get_prep_value() if hasattr(raw, "get_prep_value") else raw
        if isinstance(items, str):
            import json

            try:
                items = json.loads(items or "[]")
            except ValueError:
                items = []
        asks = [(item.get("id"), (item.get("value") or {}).get("title") or item.get("id"))
                for item in items or [] if isinstance(item, dict) and item.get("type") == type_key and item.get("id")]
        if asks:
            groups.append((title, asks))
    return groups


class _Echo:
    def write(self, value):
        return value


def records_list(request, type_key):
    support_type, admin = _admin_for(type_key)
    qs, campaigns = _records(request, admin)
    qs, filters, status_choices = _filtered(request, admin, qs)
    if request.GET.get("export") == "csv":
        access_log.records_export(request, support_type, filters, qs, status_choices)
        return _export_csv(support_type, admin, qs)
    page = Paginator(qs.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("p"))
    rows = [(record, [column.value(record) for column in admin.columns]) for record in page]
    access_log.records_list(request, support_type, filters, page, campaigns, status_choices)
    return TemplateResponse(request, "campaigns/admin/records_list.html", {
        "support_type": support_type,
        "headers": [column.header for column in admin.columns],
        "rows": rows,
        "page_obj": page,
        "campaigns": campaigns.order_by("title"),
        "ask_groups": ask_choices(campaigns, type_key, filters["campaign"]),
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
    access_log.record(request, support_type, record)
    return TemplateResponse(request, "campaigns/admin/record_status.html", {
        "support_type": support_type,
        "record": record,
        "old_status": old_status,
        "form": form,
        "columns": [(column.header, column.value(record)) for column in admin.export_columns],
    })


# -- support types switched off for the whole site (national admins) ------------------------------

def may_switch_types(user):
    """National admins: superusers (docs/roles.md)."""
    return user.is_authenticated and user.is_active and user.is_superuser


class SupportTypeSettingsForm(forms.Form):
    """A checkbox per installed support type: ticked ones are switched off."""

    disabled_types = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple,
        label=_lazy("Switched-off support types"),
        help_text=_lazy("Their asks stay on campaign pages, hidden from visitors as unavailable, and no one can "
                        "pledge to them or add new ones, until switched on again. Records already made stay "
                        "in the records admin."),
        error_messages={"invalid_choice": _lazy("%(value)s is not a support type installed on this site.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disabled_types"].choices = [(t.key, t.name) for t in registry.installed_types()]


def support_type_settings(request):
    """Switch support types off or on for the whole site, without a deploy."""
    if not may_switch_types(request.user):
        raise PermissionDenied
    row = SupportTypeSettings.load()
    initial = {"disabled_types": [key for key in row.disabled_types or [] if registry.is_installed(key)]}
    # Bound on every POST: an empty one (no box ticked) switches everything back on.
    form = SupportTypeSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        row.disabled_types = sorted(form.cleaned_data["disabled_types"])
        row.save()  # clears the registry's cache and purges every kept page
        messages.success(request, _("The support types are saved."))
        return redirect("campaign_support_types")
    return TemplateResponse(request, "campaigns/admin/support_type_settings.html", {
        "form": form, "types": registry.installed_types(),
    }, status=400 if request.method == "POST" else 200)
