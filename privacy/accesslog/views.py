"""The access log in the admin (``/admin/privasi/akses/``): newest first, filtered, paginated, and as
CSV. Who reads which entries is ``access.py`` only; downloading the CSV is itself logged."""
import csv

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from partners.models import OrganisationPage

from ..models import AccessLogEntry
from . import access
from .forms import LogFilterForm
from .log import RETENTION_YEARS, Action, log_access, platform_language

PER_PAGE = 50


class _Echo:
    def write(self, value):
        return value


def _organisation_choices(user, national, own_ids):
    """The OMS the filter offers: a national admin, those named in the log; an editor, their own."""
    if national:
        pages = OrganisationPage.objects.filter(
            pk__in=AccessLogEntry.objects.filter(organisation__isnull=False).values("organisation_id"))
    else:
        pages = OrganisationPage.objects.filter(pk__in=own_ids)
    return list(pages.order_by("title").values_list("pk", "title"))


def access_log(request):
    user = request.user
    if not access.may_read_log(user):
        # A plain 403 (not Wagtail's redirect to the dashboard): the screen exists, it is not theirs.
        return permission_denied(request, PermissionDenied())
    national = access.is_national(user)
    own_ids = access.own_organisation_ids(user)
    form = LogFilterForm(request.GET or None, organisations=_organisation_choices(user, national, own_ids),
                         own_ids=own_ids, national=national)
    valid = form.is_valid() if form.is_bound else True
    entries = form.apply(access.visible_entries(user)).select_related("organisation").order_by("-created_at", "-pk")
    if request.GET.get("format") == "csv" and valid:
        return _export(request, entries)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    query.pop("format", None)
    return TemplateResponse(request, "privacy/accesslog/list.html", {
        "form": form, "page_obj": page, "national": national, "filter_query": query.urlencode(),
        "organisation_value": request.GET.get("organisation", ""), "retention_years": RETENTION_YEARS,
    }, status=200 if valid else 400)


def _export(request, entries):
    count = entries.count()
    with platform_language():
        what = _("Personal data access log (CSV)")
    log_access(request, Action.EXPORT, what, count)  # the platform's: organisation None
    writer = csv.writer(_Echo())
    headers = [_("When"), _("Who"), _("Whose supporters"), _("What"), _("Data"), _("Records"), _("Page address")]

    def rows():
        from campaigns.admin_views import _csv_value as neutralised

        yield "\ufeff"  # so spreadsheet programs read UTF-8
        yield writer.writerow(headers)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow([
                timezone.localtime(entry.created_at).isoformat(timespec="seconds"), neutralised(entry.username),
                neutralised(entry.organisation.title if entry.organisation else _("The platform")),
                entry.get_action_display(), neutralised(entry.what), entry.record_count, neutralised(entry.path),
            ])

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="log-akses-{stamp}.csv"'
    return response
