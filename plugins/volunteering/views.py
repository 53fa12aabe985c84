"""The signup form, and the volunteer's own page for their signup (details, cancel).

The form answers the same whether or not the email is already signed up for the shift (no probing
for who volunteers where): a "check your email" page, with the signup's own link in the email.
A second signup with the same email writes nothing and emails that address its existing link.
"""
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext as _

from campaigns import events
from campaigns.models import lock_ask

from .forms import FULL_MESSAGE, SignupForm
from .models import VolunteerSignup
from .shifts import iter_shifts, shifts_by_id, timezone_for, zone_abbreviation

TOKEN_SALT = "volunteering.signup"
#: ``?terkirim=1`` on the pledge URL: the "check your email" page shown after a signup.
SENT_PARAM = "terkirim"
SENT_SESSION_KEY = "volunteering_sent_email"


def signup_token(signup):
    return signing.dumps(signup.pk, salt=TOKEN_SALT)


def signup_url(signup):
    return reverse("volunteering:signup", kwargs={"token": signup_token(signup)})


def taken_counts(campaign, ask_id, shift_id=None):
    """``{shift id: slots taken}`` for one ask (one query)."""
    qs = VolunteerSignup.objects.filter(campaign=campaign, ask_id=ask_id,
                                        status__in=VolunteerSignup.COUNTED_STATUSES)
    if shift_id is not None:
        qs = qs.filter(shift_id=shift_id)
    return dict(qs.values_list("shift_id").annotate(n=Count("pk")).order_by())


def _source_ask(campaign, ask):
    """The ask on the source-language page: its slots are the ones that count."""
    source = campaign.source
    if source.pk == campaign.pk:
        return ask
    return source.get_ask(ask.id) or ask


def pledge(request, campaign, ask):
    if request.method == "GET" and SENT_PARAM in request.GET:
        return TemplateResponse(request, "volunteering/sent.html", {
            "page": campaign, "self": campaign, "ask": ask, "email": request.session.get(SENT_SESSION_KEY, ""),
        })
    source = campaign.source
    shifts = iter_shifts(_source_ask(campaign, ask).value)  # slots, dates: the source page's
    labels = shifts_by_id(ask.value)  # role names and places in the visitor's language
    tz = timezone_for(source)
    now = timezone.now()
    taken = taken_counts(source, ask.id)
    options = [(shift, labels.get(shift.id, shift), shift.slots - taken.get(shift.id, 0), shift.has_started(tz, now))
               for shift in shifts]
    form = SignupForm(request.POST if request.method == "POST" else None, options=options)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            signup = _sign_up(form, source, ask, {s.id: s for s in shifts}, tz)
            if signup is not None:
                # New or already signed up: the same answer; the link to the signup goes by email.
                request.session[SENT_SESSION_KEY] = form.cleaned_data["email"]
                return redirect(f"{campaign.pledge_url(ask)}?{SENT_PARAM}=1")
            status = 409
    return TemplateResponse(request, "volunteering/pledge_form.html", {
        "page": campaign, "self": campaign, "ask": ask, "form": form,
        "open_count": form.open_count, "zone": zone_abbreviation(tz),
        "roles": [role for role in ask.value.get("roles") or []],
    }, status=status)


def _sign_up(form, source, ask, shifts, tz):
    """Write the signup, exactly under concurrent requests; None (with the form's error) if refused.

    An email already signed up for the shift gets the existing signup back (nothing written) and an
    email with its link; the caller answers exactly as for a new signup.
    """
    data = form.cleaned_data
    shift = shifts[data["shift"]]
    with transaction.atomic():
        lock_ask(source, ask.id)  # every signup for this ask waits here: the counts below are exact
        if shift.has_started(tz):
            form.add_error("shift", _("This shift has already started. Choose another shift."))
            return None
        same_shift = VolunteerSignup.objects.filter(campaign=source, ask_id=ask.id, shift_id=shift.id)
        existing = _existing(same_shift, data["email"])
        if existing is not None:
            return existing
        if same_shift.filter(status__in=VolunteerSignup.COUNTED_STATUSES).count() >= shift.slots:
            form.add_error("shift", str(FULL_MESSAGE))
            return None
        try:
            with transaction.atomic():
                signup = VolunteerSignup.objects.create(
                    campaign=source, ask_id=ask.id, shift_id=shift.id, role_name=shift.role_name[:120],
                    shift_date=shift.date, shift_start=shift.start, shift_end=shift.end,
                    shift_place=shift.place[:200], name=data["name"], email=data["email"], phone=data["phone"],
                    note=data.get("note", ""), is_anonymous=data.get("is_anonymous", False),
                    wants_updates=data.get("wants_updates", False), language=get_language() or "",
                )
        except IntegrityError:  # the unique constraint: the same email on this shift, a moment ago
            existing = _existing(same_shift, data["email"])
            if existing is None:
                raise
            return existing
        events.record_created(signup)
    return signup


def _existing(same_shift, email):
    """The active signup of ``email`` on this shift, its owner told by email; None if there is none."""
    from .hooks import already_signed_up

    existing = same_shift.filter(email__iexact=email).exclude(status=VolunteerSignup.Status.CANCELLED).first()
    if existing is not None:
        transaction.on_commit(lambda: already_signed_up(existing))
    return existing


def _signup_from_token(token):
    try:
        pk = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    return get_object_or_404(VolunteerSignup.objects.select_related("campaign"), pk=pk)


def can_cancel(signup):
    if signup.status not in (VolunteerSignup.Status.REGISTERED, VolunteerSignup.Status.CONFIRMED):
        return False
    return not signup.shift.has_started(timezone_for(signup.campaign))


def signup_detail(request, token):
    """The volunteer's page for their signup: the shift details, and a way to cancel before it starts."""
    signup = _signup_from_token(token)
    campaign = signup.campaign.localized
    cancellable = can_cancel(signup)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        if not cancellable:
            messages.error(request, _("This signup can no longer be cancelled here. Please contact the organisers."))
            return redirect("volunteering:signup", token=token)
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Cancelled by the volunteer.")
        events.change_status(signup, VolunteerSignup.Status.CANCELLED, user=None, note=note)
        messages.success(request, _("Your signup is cancelled and your slot is free for someone else. "
                                    "Thank you for letting us know."))
        return redirect("volunteering:signup", token=token)
    return TemplateResponse(request, "volunteering/signup.html", {
        "signup": signup, "page": campaign, "cancellable": cancellable,
        "zone": zone_abbreviation(timezone_for(signup.campaign)),
    })
