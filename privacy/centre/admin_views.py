"""The requests register in the admin (``/admin/privasi/permintaan/``): every data subject request
with its deadline; staff add the requests they receive (the only way for a phone number) and answer
them, running access, correction and erasure for the person from the request's page.

Invariants:

* Only national admins and holders of ``privacy.change_datasubjectrequest`` (the data protection
  officers: a national admin gives that permission to a group, e.g. "Pelindungan Data Pribadi",
  with "Can access Wagtail admin") reach any of it; everyone else gets 403 and nothing changes.
* Staff act on a request only while it is open and holds an address or number: an address that
  was never proved (a centre request still ``UNVERIFIED``) is never searched.
* Every view or download of the person's data, and every correction or erasure, writes the access
  log (``AccessLogEntry.Action.PRIVACY``) in the same request.
* Changes run in one transaction with the request's row locked; an erasure blanks the address on
  the request (``tracking.forget_addresses``).
"""
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.notifications import absolute_url, send_templated_email
from partners.verification import is_national

from .. import service
from ..accesslog.log import log_access
from ..models import AccessLogEntry, DataSubjectRequest, PrivacySettings
from . import export, tracking
from .forms import DecisionForm, ErasureForm, StaffCorrectionForm, StaffRequestForm
from .views import erasure_summary, grouped

Status = DataSubjectRequest.Status
PERMISSION = "privacy.change_datasubjectrequest"
PAGE_SIZE = 50


def _posted(request):
    """The POSTed data, even when empty (an empty form is bound and shows its errors)."""
    return request.POST if request.method == "POST" else None


def may_handle(user):
    """National admins and the data protection officers (the model's change permission)."""
    return bool(user.is_authenticated and user.is_active and (is_national(user) or user.has_perm(PERMISSION)))


def _require(request):
    if not may_handle(request.user):
        raise PermissionDenied


def may_act(row):
    """Staff may search and change the person's data for this request now."""
    return row.status == Status.OPEN and bool(row.email or row.phone)


def _row(request, pk, lock=False):
    _require(request)
    queryset = DataSubjectRequest.objects.select_related("handled_by")
    if lock:
        queryset = DataSubjectRequest.objects.select_for_update()
    return get_object_or_404(queryset, pk=pk)


def _actionable(request, pk, lock=False):
    row = _row(request, pk, lock=lock)
    if not may_act(row):
        raise PermissionDenied
    return row


# -- the list ------------------------------------------------------------------------------------


def request_list(request):
    """Open requests first, the nearest deadline first; then the others, newest first."""
    _require(request)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    rows = DataSubjectRequest.objects.select_related("handled_by")
    if status in Status.values:
        rows = rows.filter(status=status)
    else:
        status = ""
        rows = rows.exclude(status=Status.UNVERIFIED)  # addresses never proved: only when asked for
    if kind in DataSubjectRequest.Kind.values:
        rows = rows.filter(kind=kind)
    else:
        kind = ""
    rows = rows.annotate(
        open_rank=Case(When(status=Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()),
        open_due=Case(When(status=Status.OPEN, then=F("due_at")), default=None),
    ).order_by("open_rank", F("open_due").asc(nulls_last=True), "-received_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "privacy/centre/admin/list.html", {
        "page": page, "status": status, "kind": kind, "now": timezone.now(),
        "statuses": Status.choices, "kinds": DataSubjectRequest.Kind.choices,
        "overdue_count": tracking.overdue().count(),
        "deadline_hours": PrivacySettings.current().request_deadline_hours,
    })


# -- one request ---------------------------------------------------------------------------------


def request_detail(request, pk):
    """What was asked, what was done, the staff note; the actions while it is open."""
    row = _row(request, pk)
    form = DecisionForm(_posted(request), initial={"note": row.staff_note})
    if request.method == "POST":
        if row.status in (Status.DONE, Status.REFUSED):
            messages.error(request, _("This request is already answered."))
            return redirect("privacy_requests:detail", pk=row.pk)
        if form.is_valid():
            with transaction.atomic():
                row = _row(request, pk, lock=True)
                tracking.close(row, form.cleaned_data["action"], request.user, form.cleaned_data["note"].strip())
            if row.status == Status.REFUSED and row.email:
                send_templated_email(row.email, "privacy/centre/email/refused", {
                    "kind": row.get_kind_display(), "received": row.received_at.date(), "note": row.staff_note,
                    "contact": PrivacySettings.current().controller_contact,
                }, language=row.language or None)
            messages.success(request, _("The request is marked: %(status)s.") % {"status": row.get_status_display()})
            return redirect("privacy_requests:detail", pk=row.pk)
    return TemplateResponse(request, "privacy/centre/admin/detail.html", {
        "row": row, "form": form, "may_act": may_act(row), "outcome": tracking.outcome_lines(row.outcome),
        "now": timezone.now(),
    }, status=400 if request.method == "POST" else 200)


def request_add(request):
    """A request received by email, letter or phone: staff checked who is asking themselves."""
    _require(request)
    form = StaffRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        row = tracking.open_by_staff(request.user, email=data["email"], phone=data["phone"], kind=data["kind"],
                                     details=data["details"], received_at=data["received_at"], language="id")
        messages.success(request, _("The request is recorded; it is due %(due)s.") % {
            "due": timezone.localtime(row.due_at).strftime("%d-%m-%Y %H:%M")})
        return redirect("privacy_requests:detail", pk=row.pk)
    return TemplateResponse(request, "privacy/centre/admin/add.html", {"form": form},
                            status=400 if request.method == "POST" else 200)


# -- staff running the person's rights ---------------------------------------------------------


def _log(request, row, what, count, **params):
    """The access log's line for this request, written in the platform's language."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Data subject request #%(pk)s: %(what)s") % {"pk": row.pk, "what": str(what) % params if params
                                                                 else str(what)}
    log_access(request, AccessLogEntry.Action.PRIVACY, text, record_count=count)


def _centre_url(language):
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute_url(reverse("privacy:centre"))


def request_data(request, pk):
    """Everything held about the request's subject, on screen (logged)."""
    row = _actionable(request, pk)
    subject = tracking.subject_of(row)
    items = service.collect(subject)
    _log(request, row, gettext_lazy("viewed the data held"), len(items))
    with transaction.atomic():
        tracking.add_outcome(_row(request, pk, lock=True), held=len(items))
    return TemplateResponse(request, "privacy/centre/admin/data.html", {
        "row": row, "groups": grouped(items), "count": len(items)})


def request_download(request, pk, fmt):
    """The person's data as JSON or CSV, for staff to send them (logged)."""
    row = _actionable(request, pk)
    subject = tracking.subject_of(row)
    items = service.collect(subject)
    _log(request, row, gettext_lazy("downloaded the data held (%(format)s)"), len(items), format=fmt.upper())
    with transaction.atomic():
        tracking.add_outcome(_row(request, pk, lock=True), held=len(items), downloads=[fmt])
    if fmt == "json":
        response = HttpResponse(export.to_json(subject, items), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(export.to_csv(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(fmt).replace(".", f"-{row.pk}.", 1)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def request_correct(request, pk):
    """Staff correct the person's name, email or phone everywhere (they checked the new values)."""
    row = _actionable(request, pk)
    form = StaffCorrectionForm(_posted(request), current_email=row.email)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            with transaction.atomic():
                row = _actionable(request, pk, lock=True)
                old = tracking.subject_of(row)
                result = service.correct(old, changes)
                # The request follows the person: later actions find them under the new values.
                row.email = changes.get("email", row.email)
                row.phone = changes.get("phone", row.phone)
                row.save(update_fields=["email", "phone"])
                tracking.add_outcome(row, corrected=result.get("records", 0), fields=sorted(changes))
                _log(request, row, gettext_lazy("corrected the data"), result.get("records", 0))
        except IntegrityError:
            form.add_error(None, _("The correction could not be applied (the new address may already have a donor "
                                   "account). Nothing was changed."))
        else:
            if old.email:
                send_templated_email(old.email, "privacy/centre/email/corrected", {
                    "lines": tracking.outcome_lines({"corrected": result.get("records", 0),
                                                     "fields": sorted(changes)}),
                    "centre": _centre_url(row.language),
                }, language=row.language or None)
            messages.success(request, _("Corrected: %(count)s records changed.") % {"count": result.get("records", 0)})
            return redirect("privacy_requests:detail", pk=row.pk)
    return TemplateResponse(request, "privacy/centre/admin/correct.html", {"row": row, "form": form},
                            status=400 if request.method == "POST" else 200)


def request_erase(request, pk):
    """Staff erase the person's data everywhere; the request is answered and forgets the address."""
    row = _actionable(request, pk)
    form = ErasureForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            row = _actionable(request, pk, lock=True)
            subject = tracking.subject_of(row)
            result = service.erase(subject)
            summary = erasure_summary(result)
            tracking.add_outcome(row, erased=summary["erased"], kept=summary["kept"], left=summary["left"])
            _log(request, row, gettext_lazy("erased the data"), result.get("records", 0))
            tracking.close(row, Status.DONE, request.user)
            tracking.forget_addresses(subject)
        if subject.email:
            send_templated_email(subject.email, "privacy/centre/email/erased", {
                **summary, "contact": PrivacySettings.current().controller_contact,
            }, language=row.language or None)
        messages.success(request, _("Erased: %(count)s records; %(kept)s financial records kept, anonymised.") % {
            "count": summary["erased"], "kept": summary["kept"]})
        for item in summary["left_items"]:
            messages.warning(request, f"{item['source']}: {item['reason']}")
        return redirect("privacy_requests:detail", pk=row.pk)
    items = service.collect(tracking.subject_of(row))
    _log(request, row, gettext_lazy("viewed the data before erasure"), len(items))
    return TemplateResponse(request, "privacy/centre/admin/erase.html", {
        "row": row, "form": form, "count": len(items), "kept": [item for item in items if item.kept_after_erasure],
        "left": [item for item in items if getattr(item, "erasure_note", "")],
    }, status=400 if request.method == "POST" else 200)
