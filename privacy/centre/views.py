"""The privacy centre (``/<lang>/privasi/data-saya/``): a person proves an email address and sees,
downloads, corrects or erases everything held about it.

Invariants:

* Whose data a page shows or changes comes only from ``centre.session.current``: an address the
  browser proved by spending an emailed link, for 30 minutes. No URL or form field names an
  address or a record to read; without a verified session every page redirects to the start.
* The start form answers the same page whatever is held (no enumeration): a link goes to every
  valid address asked for, and the subject page tells a person who has nothing that nothing is held.
  The site-wide gate limits it per IP and per address (``throttle/policies.py``: ``privacy:centre``),
  with the honeypot and the captcha when configured (``throttle.middleware``).
* Opening a link (GET) spends nothing: a mail scanner may follow it. Only its button (POST) does.
* A new email address is applied only when a link sent to it is used: the person proves both.
* Every page is private: ``Cache-Control: private, no-store``, ``noindex``; none opts into the page
  cache, which never keeps a response to a request with a session cookie anyway.
* Every access, correction and erasure is recorded in the requests register (``tracking``).
"""
import functools
from collections import OrderedDict
from decimal import Decimal

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.notifications import absolute_url, send_templated_email
from lokadaya.personal_pages import personal_page

from .. import service
from ..consent import withdrawal
from ..models import DataSubjectRequest, PrivacySettings
from ..subjects import Subject
from . import export, links, session, tracking
from .forms import CorrectionForm, ErasureForm, StartForm

Kind = DataSubjectRequest.Kind
ERASED_KEY = "privacy_centre_erased"
#: How ``collect`` names a record of the requests register (the person's own requests here).
REQUEST_REFERENCE = f"{DataSubjectRequest._meta.label_lower}:"
#: Where the subject page opens for what the person asked for.
SECTIONS = {Kind.ACCESS: "", Kind.CORRECTION: "#koreksi", Kind.ERASURE: "#hapus", Kind.WITHDRAWAL: "#persetujuan"}



def verified(view):
    """The subject's pages: the verified subject, or back to the start page."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        subject = session.current(request)
        if subject is None:
            if request.method == "POST":
                messages.error(request, _("Your session in the privacy centre has ended. Ask for a new link."))
            return redirect("privacy:centre")
        return view(request, subject, *args, **kwargs)
    return wrapped


def _posted(request):
    """The POSTed data, even when empty (an empty form is bound and shows its errors)."""
    return request.POST if request.method == "POST" else None


def contact():
    return PrivacySettings.current().controller_contact


# -- the start: which address ------------------------------------------------------------------


def send_link(row):
    link = absolute_url(reverse("privacy:centre_link", kwargs={"token": links.make_verify_token(row)}))
    return send_templated_email(row.email, "privacy/centre/email/link", {
        "link": link, "minutes": links.MAX_AGE // 60, "email": row.email, "kind": row.get_kind_display(),
    }, language=get_language())


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
def start(request):
    form = StartForm(_posted(request))
    if request.method == "POST":
        if form.is_valid():
            # Too many links for one address or IP: the site's throttle (throttle/policies.py) answers 429.
            row = tracking.open_self_service(form.cleaned_data["email"], form.cleaned_data["kind"],
                                             language=get_language() or "")
            send_link(row)
            return TemplateResponse(request, "privacy/centre/sent.html", {"email": row.email})
        return TemplateResponse(request, "privacy/centre/start.html", _start_context(request, form), status=400)
    return TemplateResponse(request, "privacy/centre/start.html", _start_context(request, form))


def _start_context(request, form, error=""):
    return {"form": form, "contact": contact(), "error": error, "minutes": links.MAX_AGE // 60,
            "verified": session.current(request) is not None,
            "deadline_days": max(1, PrivacySettings.current().request_deadline_hours // 24)}


def _link_error(request, expired):
    if expired:
        message = _("This link has expired: links work for 30 minutes. Ask for a new one below.")
    else:
        message = _("This link is not valid or has already been used. Each link works once; ask for a new one below.")
    return TemplateResponse(request, "privacy/centre/start.html", _start_context(request, StartForm(), message),
                            status=410 if expired else 400)


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
def link(request, token):
    """GET: a button (scanners that open links spend nothing). POST: prove the address, once."""
    try:
        if request.method == "POST":
            row = links.use_verify(token, tracking.mark_verified)
            session.start(request, row)
            return redirect(reverse("privacy:centre_subject") + SECTIONS.get(row.kind, ""))
        row = links.check_verify(token)
    except links.LinkExpired:
        return _link_error(request, expired=True)
    except links.LinkInvalid:
        return _link_error(request, expired=False)
    return TemplateResponse(request, "privacy/centre/link.html", {"email": row.email, "row": row})


# -- the subject's page ------------------------------------------------------------------------


def display(value):
    """A held value in plain words."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                                   "DATETIME_FORMAT")
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, (list, tuple)):
        return ", ".join(display(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {display(item)}" for key, item in value.items())
    if isinstance(value, (int, Decimal)):
        return formats.number_format(value, force_grouping=True)
    return str(value)


def grouped(items):
    """The records by OMS (the platform's own first) and, within each, by kind."""
    platform = _("Lokadaya (the platform)")
    groups = OrderedDict()
    for item in items:
        organisation = item.organisation or ""
        sources = groups.setdefault(organisation, OrderedDict())
        sources.setdefault(str(item.source), []).append({
            "item": item, "fields": [(label, display(value)) for label, value in (item.fields or {}).items()],
            "created": display(item.created_at) if item.created_at else "",
        })
    ordered = sorted(groups.items(), key=lambda pair: (pair[0] != "", pair[0].lower()))
    return [{"organisation": name or platform, "is_platform": not name,
             "count": sum(len(records) for records in sources.values()),
             "sources": [{"source": source, "records": records} for source, records in sources.items()]}
            for name, sources in ordered]


def _record_access(request, subject, items, download=None):
    """The person saw (or downloaded) their data: one access request per verified session."""
    outcome = {"held": len(items)}
    if download:
        outcome["downloads"] = [download]
    pk = session.recall(request, "a")
    row = DataSubjectRequest.objects.filter(pk=pk, subject=subject.key).first() if pk else None
    if row is not None:
        tracking.add_outcome(row, **outcome)
        return row
    row = tracking.record(subject, Kind.ACCESS, outcome, anchor_id=session.anchor_id(request))
    session.remember(request, "a", row.pk)
    return row


def _consent_choices(subject):
    """The optional consents the address still gives (news, a public name), per campaign."""
    return withdrawal.active_choices(subject.email) if subject.email else []


@personal_page
@require_http_methods(["GET", "HEAD"])
@verified
def subject_page(request, subject):
    items = service.collect(subject)
    _record_access(request, subject, items)
    anchor = DataSubjectRequest.objects.filter(pk=session.anchor_id(request), subject=subject.key,
                                               status=DataSubjectRequest.Status.OPEN).first()
    # The person's own requests here are held too, but listed apart (as they stand now, this access
    # included): "nothing held" means nothing else.
    others = [item for item in items if not item.reference.startswith(REQUEST_REFERENCE)]
    requests = DataSubjectRequest.objects.filter(subject=subject.key).order_by("-received_at")[:50]
    return TemplateResponse(request, "privacy/centre/subject.html", {
        "subject": subject, "groups": grouped(others), "count": len(items), "others_count": len(others),
        "requests": list(requests),
        "kept": [item for item in items if item.kept_after_erasure],
        "consents": _consent_choices(subject),
        "pending": anchor if anchor is not None and anchor.kind != Kind.ACCESS else None,
        "contact": contact(), "minutes": session.MAX_AGE // 60,
    })


@personal_page
@require_http_methods(["GET", "HEAD"])
@verified
def download(request, subject, fmt):
    items = service.collect(subject)
    _record_access(request, subject, items, download=fmt)
    if fmt == "json":
        response = HttpResponse(export.to_json(subject, items), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(export.to_csv(items), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(fmt)}"'
    return response


# -- correction ----------------------------------------------------------------------------------


def _fields(changes):
    return sorted(changes)


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
@verified
def correct(request, subject):
    form = CorrectionForm(_posted(request), current_email=subject.email)
    if request.method == "POST":
        if form.is_valid():
            changes = form.changes()
            new_email = changes.pop("email", "")
            if changes:
                try:
                    with transaction.atomic():
                        result = service.correct(subject, changes)
                        row = tracking.record(subject, Kind.CORRECTION, {
                            "corrected": result.get("records", 0), "fields": _fields(changes)},
                            anchor_id=session.anchor_id(request))
                except IntegrityError:
                    form.add_error(None, _("The correction could not be applied. Nothing was changed; please "
                                           "contact us."))
                    return TemplateResponse(request, "privacy/centre/correct.html",
                                            {"form": form, "subject": subject}, status=400)
                send_templated_email(subject.email, "privacy/centre/email/corrected", {
                    "lines": tracking.outcome_lines(row.outcome), "centre": absolute_url(reverse("privacy:centre")),
                }, language=get_language())
                messages.success(request, _("Your data is corrected: %(count)s records changed.") % {
                    "count": result.get("records", 0)})
            if new_email:
                _ask_new_email(request, subject, new_email)
                messages.success(request, _("We sent a link to %(email)s. Your address changes when you open it "
                                            "(within 30 minutes).") % {"email": new_email})
            return redirect(reverse("privacy:centre_subject") + "#koreksi")
        return TemplateResponse(request, "privacy/centre/correct.html", {"form": form, "subject": subject}, status=400)
    return TemplateResponse(request, "privacy/centre/correct.html", {"form": form, "subject": subject})


def _ask_new_email(request, subject, new_email):
    """A correction of the address waits for the new address to be proved (a link sent to it)."""
    masked = Subject.of(email=new_email).masked
    row = DataSubjectRequest.objects.create(
        kind=Kind.CORRECTION, status=DataSubjectRequest.Status.UNVERIFIED,
        channel=DataSubjectRequest.Channel.SELF_SERVICE, email=subject.email, subject=subject.key,
        masked=subject.masked, language=get_language() or "",
        details=_("Change of email address to %(masked)s, waiting for the new address to be confirmed.") % {
            "masked": masked})
    link = absolute_url(reverse("privacy:centre_email_link", kwargs={"token": links.make_email_token(row, new_email)}))
    send_templated_email(new_email, "privacy/centre/email/new_email", {
        "link": link, "minutes": links.MAX_AGE // 60, "old_masked": subject.masked,
    }, language=get_language())
    return row


def _apply_new_email(row, new_email):
    """Under the row's lock (``links.use_email``): the correction, and the row closed."""
    old = tracking.subject_of(row)
    result = service.correct(old, {"email": new_email})
    now = timezone.now()
    row.status = DataSubjectRequest.Status.DONE
    row.verified_at = row.completed_at = now
    row.due_at = tracking.due(now)
    row.email = new_email
    row.outcome = {"corrected": result.get("records", 0), "fields": ["email"]}
    # Not ``subject``: the correction re-keyed the person's requests to the new address already.
    row.save(update_fields=["status", "verified_at", "completed_at", "due_at", "email", "outcome"])
    return old


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
def email_link(request, token):
    """The link sent to a new address. GET: a button; POST: the address is changed, once."""
    try:
        if request.method == "POST":
            try:
                row, old = links.use_email(token, _apply_new_email)
            except IntegrityError:
                return TemplateResponse(request, "privacy/centre/email_done.html", {"failed": True}, status=409)
            session.switch_email(request, old.email, row.email)
            send_templated_email(old.email, "privacy/centre/email/corrected", {
                "lines": tracking.outcome_lines(row.outcome), "centre": absolute_url(reverse("privacy:centre")),
                "new_masked": Subject.of(email=row.email).masked,
            }, language=get_language())
            return TemplateResponse(request, "privacy/centre/email_done.html", {
                "row": row, "verified": session.current(request) is not None})
        row, new_email = links.check_email(token)
    except links.LinkExpired:
        return _link_error(request, expired=True)
    except links.LinkInvalid:
        return _link_error(request, expired=False)
    return TemplateResponse(request, "privacy/centre/email_link.html", {"new_email": new_email, "row": row})


# -- erasure -------------------------------------------------------------------------------------


@personal_page
@require_http_methods(["GET", "HEAD", "POST"])
@verified
def erase(request, subject):
    form = ErasureForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            result = service.erase(subject)
            summary = erasure_summary(result)
            tracking.record(subject, Kind.ERASURE, {key: summary[key] for key in ("erased", "kept", "left")},
                            anchor_id=session.anchor_id(request))
            tracking.forget_addresses(subject)
        send_templated_email(subject.email, "privacy/centre/email/erased", {**summary, "contact": contact()},
                             language=get_language())
        session.end(request)
        request.session[ERASED_KEY] = summary
        return redirect("privacy:centre_erased")
    items = [item for item in service.collect(subject) if not item.reference.startswith(REQUEST_REFERENCE)]
    kept = [item for item in items if item.kept_after_erasure]
    return TemplateResponse(request, "privacy/centre/erase.html", {
        "form": form, "subject": subject, "count": len(items), "kept": kept, "erased_count": len(items) - len(kept),
        "left": [item for item in items if getattr(item, "erasure_note", "")],
    }, status=400 if request.method == "POST" else 200)


def erasure_summary(result):
    """What an erasure did, as counts and the reasons of what it left as it was (JSON, for the session)."""
    left = [{"source": str(item.get("source", "")), "reason": str(item.get("reason", ""))}
            for item in result.get("left", [])]
    return {"erased": result.get("records", 0), "kept": result.get("kept", 0), "left": len(left), "left_items": left}


@personal_page
@require_http_methods(["GET", "HEAD"])
def erased(request):
    result = request.session.get(ERASED_KEY) if hasattr(request, "session") else None
    if not isinstance(result, dict):
        return redirect("privacy:centre")
    return TemplateResponse(request, "privacy/centre/erased.html", {"result": result})


# -- consents ------------------------------------------------------------------------------------


@personal_page
@require_POST
@verified
def withdraw(request, subject):
    """Withdraw every optional consent the address still gives (``consent.withdrawal``: the records
    stop asking for updates and showing the name, the consent rows are marked withdrawn)."""
    with transaction.atomic():
        choices = _consent_choices(subject)
        result = withdrawal.withdraw(subject.email, choices)
        tracking.record(subject, Kind.WITHDRAWAL, {"withdrawn": len(choices), "changed": result.get("records", 0)},
                        anchor_id=session.anchor_id(request))
    messages.success(request, _("Your consents are withdrawn: %(count)s.") % {"count": len(choices)})
    return redirect(reverse("privacy:centre_subject") + "#persetujuan")


# -- closing -------------------------------------------------------------------------------------


@personal_page
@require_POST
def close(request):
    session.end(request)
    messages.success(request, _("You have left the privacy centre. Your data is not shown in this browser any more."))
    return redirect("privacy:centre")
