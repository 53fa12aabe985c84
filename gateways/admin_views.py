"""The gateways' notifications in the Wagtail admin, for national finance: what is waiting, what
failed (the dead-letter list), and queuing a failed one again.

Only users with ``gateways.change_inboxitem`` (national admins, the "Keuangan Nasional" group)
get in; everyone else, OMS editors and moderators included, gets 403.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import InboxItem
from .settlement import retry

PERMISSION = "gateways.change_inboxitem"
#: What the list shows first: what needs a person.
DEFAULT_STATUS = InboxItem.Status.DEAD


def _require(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def notification_list(request):
    _require(request)
    status = request.GET.get("status", DEFAULT_STATUS)
    if status not in InboxItem.Status.values and status != "all":
        status = DEFAULT_STATUS
    items = InboxItem.objects.select_related("payment").order_by("-received_at", "-pk")
    counts = dict(InboxItem.objects.order_by().values_list("status").annotate(n=Count("pk")))
    if status != "all":
        items = items.filter(status=status)
    query = request.GET.get("q", "").strip()[:255]
    if query:
        items = items.filter(order_id=query)
    page = Paginator(items, 50).get_page(request.GET.get("p"))
    tabs = [(value, label, counts.get(value, 0)) for value, label in InboxItem.Status.choices]
    return TemplateResponse(request, "gateways/admin/notifications.html", {
        "page_obj": page, "status": status, "tabs": tabs, "query": query,
        "retryable": (InboxItem.Status.DEAD, InboxItem.Status.OVERRULED),
    })


@require_POST
def notification_retry(request):
    _require(request)
    ids = [int(pk) for pk in request.POST.getlist("item") if pk.isdigit()]
    if not ids:
        messages.error(request, _("Choose at least one notification to try again."))
    else:
        count = retry(ids, user=request.user)
        if count:
            messages.success(request, _("%(count)s notifications are queued to be settled again.") % {"count": count})
        else:
            messages.info(request, _("None of the chosen notifications can be tried again."))
    status = request.POST.get("status", DEFAULT_STATUS)
    status = status if status in InboxItem.Status.values or status == "all" else DEFAULT_STATUS
    return redirect(f"{reverse('gateways_admin:notifications')}?status={status}")
