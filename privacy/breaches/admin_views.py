"""Admin (``/admin/privasi/pelanggaran/``): the register of personal data breaches.

Invariants:

* Only national admins (``partners.verification.is_national``) and staff given
  ``privacy.change_breach`` list, record, change or download anything here; anyone else gets
  Wagtail's refusal for every view, GET and POST alike, and nothing changes.
* Downloading the affected people is an export of personal data: it is written to the access log
  (``privacy.accesslog``) in the same request.
* The files are those of ``manage.py breach_report`` (``breaches/report.py``).
"""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from partners.verification import is_national

from ..models import AccessLogEntry, Breach
from . import report
from .forms import BreachForm


def may_handle_breaches(user):
    return user.is_authenticated and user.is_active and (is_national(user) or user.has_perm("privacy.change_breach"))


def _require(request):
    if not may_handle_breaches(request.user):
        raise PermissionDenied


def breach_list(request):
    _require(request)
    return TemplateResponse(request, "privacy/breaches/list.html", {
        "breaches": list(Breach.objects.all()[:500]),
    })


def _save(form, request, created):
    with transaction.atomic():
        breach = form.save(commit=False)
        if created:
            breach.created_by = request.user
        breach.save()
        form.save_m2m()
        log(breach, "privacy.breach.add" if created else "privacy.breach.change", user=request.user,
            data={"title": breach.title})
    return breach


def breach_add(request):
    _require(request)
    form = BreachForm(request.POST if request.method == "POST" else None,
                      initial={"discovered_at": timezone.localtime().replace(second=0, microsecond=0)})
    if request.method == "POST" and form.is_valid():
        breach = _save(form, request, created=True)
        messages.success(request, _("The breach is recorded. Tell the authority and the people affected within "
                                    "3 × 24 hours of finding it."))
        return redirect("privacy_breaches:detail", pk=breach.pk)
    return TemplateResponse(request, "privacy/breaches/form.html", {"form": form, "breach": None},
                            status=400 if request.method == "POST" else 200)


def breach_edit(request, pk):
    _require(request)
    breach = get_object_or_404(Breach, pk=pk)
    form = BreachForm(request.POST if request.method == "POST" else None, instance=breach)
    if request.method == "POST" and form.is_valid():
        _save(form, request, created=False)
        messages.success(request, _("The breach is saved."))
        return redirect("privacy_breaches:detail", pk=breach.pk)
    return TemplateResponse(request, "privacy/breaches/form.html", {"form": form, "breach": breach},
                            status=400 if request.method == "POST" else 200)


NOTIFY_ACTIONS = {"authority": "authority_notified_at", "subjects": "subjects_notified_at"}


def breach_detail(request, pk):
    """A breach, the number of people it affects now (kept on the breach), its files, and the buttons
    that record the authority and the people as told."""
    _require(request)
    breach = get_object_or_404(Breach, pk=pk)
    if request.method == "POST":
        name = NOTIFY_ACTIONS.get(request.POST.get("action", ""))
        if name is None:
            messages.error(request, _("Choose who was told."))
            return redirect("privacy_breaches:detail", pk=breach.pk)
        with transaction.atomic():
            locked = Breach.objects.select_for_update().get(pk=breach.pk)
            if getattr(locked, name) is None:
                setattr(locked, name, timezone.now())
                locked.save(update_fields=[name, "updated_at"])
                log(locked, f"privacy.breach.{request.POST['action']}", user=request.user,
                    data={"title": locked.title})
        messages.success(request, _("Recorded: the authority was told.") if name == "authority_notified_at"
                         else _("Recorded: the people affected were told."))
        return redirect("privacy_breaches:detail", pk=breach.pk)
    people = report.affected_people(breach)
    if breach.affected_count != len(people):
        report.store_count(breach, len(people))
    campaigns, types = report.scope_description(breach)
    return TemplateResponse(request, "privacy/breaches/detail.html", {
        "breach": breach, "count": len(people), "campaigns": campaigns, "types": types,
        "languages": settings.LANGUAGES,
    })


def _language(request):
    language = request.GET.get("language", "id")
    return language if language in dict(settings.LANGUAGES) else "id"


def breach_download(request, pk, kind):
    """``affected.csv`` (logged as an export of personal data) or ``notification_draft.txt``."""
    from ..accesslog.log import log_access, platform_language

    _require(request)
    breach = get_object_or_404(Breach, pk=pk)
    language = _language(request)
    if kind == "csv":
        people = report.affected_people(breach)
        text, name, content_type = report.affected_csv(people, language), report.CSV_NAME, "text/csv; charset=utf-8"
        with platform_language():  # the log reads in the platform's language
            what = _("People affected by breach %(id)s") % {"id": breach.pk}
        log_access(request, AccessLogEntry.Action.EXPORT, what, record_count=len(people))
    elif kind == "draft":
        text, name = report.notification_draft(breach, language), report.DRAFT_NAME
        content_type = "text/plain; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="breach-{breach.pk}-{name}"'
    return response
