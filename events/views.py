"""Public views of events: the registration form, the registrant's personal page, calendar, cancel, join.

The event's page itself stays cacheable (no form, no link): the form lives here, at
``/<lang>/acara-pelatihan/daftar/<page id>/``, never cached; the abuse limits (honeypot, rate limits)
are the site-wide middleware's (``throttle``). The personal pages are reached by a signed key only
(``registrations.registration_for``): a wrong key is a 404, and they are never cached or indexed.
"""
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from . import registrations
from .forms import RegistrationForm
from .models import EventPage, Registration

#: Join opens this long before the start (people test their sound).
JOIN_EARLY = timezone.timedelta(minutes=60)


def shown_event(page_id):
    """The live, public event ``page_id`` as read (any language) and its source page; 404 otherwise."""
    event = EventPage.objects.live().public().filter(pk=page_id).select_related("province").first()
    if event is None:
        raise Http404
    source = event.get_translation_or_none(Locale.get_default()) or event
    return event, source


@never_cache
def register(request, page_id):
    event, source = shown_event(page_id)
    user = request.user if request.user.is_authenticated else None
    form = RegistrationForm(request.POST or None, user=user)
    is_open = source.registration_open()
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        try:
            registration, created = registrations.register(
                source, name=data["name"], email=data["email"], organisation=data["organisation"],
                user=user if user and user.email.lower() == data["email"] else None, language=get_language())
        except registrations.RegistrationClosed:
            form.add_error(None, _("Registration for this event has closed."))
        else:
            if created or (user and registration.user_id == user.pk):
                return redirect("events:personal", token=registration.token)
            # Someone typed an address already registered: its owner gets their link again by email,
            # and the visitor learns nothing more than that.
            from .emails import send_registration_email

            send_registration_email(registration.pk, "confirmation")
            return TemplateResponse(request, "events/registered_already.html", {"event": event})
    seats_left = max(source.capacity - source.registrations.filter(
        status=Registration.Status.REGISTERED).count(), 0)
    return TemplateResponse(request, "events/register.html",
                            {"event": event, "source": source, "form": form, "is_open": is_open,
                             "seats_left": seats_left},
                            status=400 if request.method == "POST" else 200)


def registration_or_404(token):
    registration = registrations.registration_for(token)
    if registration is None:
        raise Http404
    return registration


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def personal(request, token):
    registration = registration_or_404(token)
    event = registration.event
    shown = event.get_translation_or_none(Locale.objects.filter(language_code=get_language()).first()) or event
    now = timezone.now()
    position = None
    if registration.status == Registration.Status.WAITLISTED:
        position = Registration.objects.filter(
            Q(created__lt=registration.created) | Q(created=registration.created, pk__lte=registration.pk),
            event=event, status=Registration.Status.WAITLISTED).count()
    context = {
        "registration": registration, "event": event, "shown": shown, "position": position,
        "show_link": registration.status == Registration.Status.REGISTERED and event.is_online and not event.is_past(now),
        "join_open": now >= event.start - JOIN_EARLY,
    }
    return _private(TemplateResponse(request, "events/personal.html", context))


@never_cache
def calendar_file(request, token):
    from .emails import personal_url
    from .ics import calendar

    registration = registration_or_404(token)
    if registration.status != Registration.Status.REGISTERED:
        raise Http404
    text = calendar(registration, personal_url(registration), registration.event.summary)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="acara.ics"'
    return _private(response)


@never_cache
@require_POST
def cancel(request, token):
    registration = registration_or_404(token)
    registrations.cancel(registration)
    messages.success(request, _("Your registration is cancelled. Thank you for letting us know."))
    return redirect("events:personal", token=token)


@never_cache
def join(request, token):
    """Record attendance and send the registrant to the online meeting."""
    registration = registration_or_404(token)
    event = registration.event
    now = timezone.now()
    if (registration.status != Registration.Status.REGISTERED or not event.is_online
            or now < event.start - JOIN_EARLY or event.is_past(now)):
        messages.info(request, _("The link to join opens an hour before the event starts."))
        return redirect("events:personal", token=token)
    registrations.set_attended(registration, True, now=now)
    return _private(HttpResponseRedirect(event.online_url))
