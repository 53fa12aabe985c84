"""The attendance admin of an event: registrations, attendance, CSV export, certificates of attendance.

Every view opens with ``access.event_or_404``: only the event's organisers (the moderators of its
province, national staff) get past it; anyone else gets a 404.
"""
import csv

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacy.accesslog import screens as access_log

from .access import event_or_404, organised_events
from .models import Registration


def event_list(request):
    from django.http import Http404

    from .access import is_national, organiser_provinces

    if not (is_national(request.user) or organiser_provinces(request.user).exists()):
        raise Http404
    now = timezone.now()
    events = organised_events(request.user).select_related("province").order_by("-start")
    return TemplateResponse(request, "events/admin/event_list.html", {"events": events, "now": now})


def attendance(request, page_id):
    event = event_or_404(request.user, page_id)
    registrations = event.registrations.select_related("organisation").order_by("status", "created", "pk")
    counts = {status: 0 for status in Registration.Status.values}
    attended = 0
    for registration in registrations:
        counts[registration.status] += 1
        attended += registration.attended_at is not None and registration.status == Registration.Status.REGISTERED
    access_log.event_registrations(request, event, sum(counts.values()))
    return TemplateResponse(request, "events/admin/attendance.html", {
        "event": event, "registrations": registrations, "counts": counts, "attended": attended,
    })


@require_POST
def mark(request, page_id, pk):
    from .registrations import set_attended

    event = event_or_404(request.user, page_id)
    registration = event.registrations.filter(pk=pk, status=Registration.Status.REGISTERED).first()
    if registration is None:
        messages.error(request, _("Only a registered person's attendance can be marked."))
    else:
        set_attended(registration, request.POST.get("attended") == "1")
    return redirect("events_admin:attendance", page_id=event.pk)


def export(request, page_id):
    event = event_or_404(request.user, page_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="peserta-{event.slug}.csv"'
    access_log.event_export(request, event, event.registrations.count())
    response.write("\ufeff")  # spreadsheet programs then read the names' accents right
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("Email"), _("Organisation (OMS)"), _("Status"), _("Registered on"),
                     _("Attended")])
    for registration in event.registrations.select_related("organisation").order_by("created", "pk"):
        writer.writerow([
            _csv_safe(registration.name), registration.email,
            _csv_safe(registration.organisation.title if registration.organisation else ""),
            registration.get_status_display(), timezone.localtime(registration.created).isoformat(timespec="minutes"),
            timezone.localtime(registration.attended_at).isoformat(timespec="minutes") if registration.attended_at else "",
        ])
    return response


def _csv_safe(value):
    """A cell a spreadsheet would read as a formula starts with an apostrophe instead."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


@require_POST
def issue_certificates(request, page_id):
    """Issue a certificate of attendance to each attendee not yet sent one, and email them its link."""
    event = event_or_404(request.user, page_id)
    issued = issue_for_event(event)
    messages.success(request, _("Certificates of attendance issued: %(count)s.") % {"count": issued})
    return redirect("events_admin:attendance", page_id=event.pk)


def issue_for_event(event, now=None):
    """Issue and email the certificates of ``event``'s attendees, once each; the number issued."""
    from certificates.issue import issue_attendance_certificate

    from .emails import send_registration_email

    now = now or timezone.now()
    issued = 0
    attendees = event.registrations.filter(status=Registration.Status.REGISTERED, attended_at__isnull=False,
                                           certificate_sent_at__isnull=True).values_list("pk", flat=True)
    for pk in list(attendees):
        with transaction.atomic():
            registration = (Registration.objects.select_for_update(of=("self",)).select_related("user")
                            .filter(pk=pk, certificate_sent_at__isnull=True).first())
            if registration is None:
                continue  # another organiser's click got it first
            certificate = issue_attendance_certificate(
                event_page=event, name=registration.name, email=registration.email, user=registration.user,
                registration_key=registration.key)
            if certificate is None:
                continue  # nothing issued (certificates not available): try again later
            registration.certificate_sent_at = now
            registration.save(update_fields=["certificate_sent_at"])
            url = _certificate_url(certificate)
            transaction.on_commit(lambda pk=pk, url=url: send_registration_email(pk, "certificate", certificate_url=url))
            issued += 1
    return issued


def _certificate_url(certificate):
    """The attendee's link: the verification page with the signed token, which offers the download
    also to an attendee without an account."""
    from certificates.access import personal_url

    return personal_url(certificate)
