"""Signing a petition, confirming the signature by email, asking for a new link, withdrawing.

The signing form answers the same "check your email" whatever the address's history on the petition
(new, unconfirmed, confirmed, removed): it never tells whether someone signed. What differs goes by
email to the address itself (a new link, or a note that the signature already counts).
"""
import datetime
import enum

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns import events
from campaigns.plugins import registry

from . import notify
from .forms import SignatureForm
from .models import Signature, normalise_email
from .tokens import CONFIRM_MAX_AGE, TokenExpired, TokenInvalid, read_confirm_token, read_withdraw_token

KEY = "petition"

#: A pending signature gets its link again at most this often (a second attempt, a "new link" click).
RESEND_INTERVAL = datetime.timedelta(minutes=2)

#: How many recent signers the petition page shows.
RECENT_SIGNERS = 10


class Outcome(enum.Enum):
    NEW = "new"  # a new signature; its confirmation link is on its way
    RESENT = "resent"  # still unconfirmed: the link was sent again (with the details updated)
    RECENTLY_SENT = "recently_sent"  # still unconfirmed, and a link went out a moment ago
    ALREADY_SIGNED = "already_signed"  # confirmed before: nothing to do
    REFUSED = "refused"  # removed by the OMS: this address cannot sign this petition again


def _locked_signature(campaign, ask, email):
    """The signature of ``email`` on ``ask``, locked; compared as the unique constraint does."""
    return (Signature.objects.select_for_update().alias(email_lower=Lower("email"))
            .filter(campaign=campaign, ask_id=ask.id, email_lower=normalise_email(email)).first())


def sign(campaign, ask, data, language=""):
    """Write (or refresh) the signature of ``data["email"]`` on ``ask``; returns ``(Outcome, signature)``.

    One signature per email per ask: the database's unique constraint decides between concurrent
    first attempts; a later attempt on an unconfirmed signature sends its link again.
    """
    now = timezone.now()
    email = normalise_email(data["email"])
    details = {
        "name": data["name"], "regency": data["regency"], "comment": data.get("comment", ""),
        "is_anonymous": not data.get("show_name"), "wants_updates": bool(data.get("wants_updates")),
        "language": (language or "")[:10],
    }
    with transaction.atomic():
        signature = _locked_signature(campaign, ask, email)
        if signature is None:
            try:
                with transaction.atomic():
                    signature = Signature.objects.create(
                        campaign=campaign, ask_id=ask.id, email=email, confirmation_sent_at=now,
                        **details)
            except IntegrityError:
                # Another request signed with this address a moment ago and has now committed.
                signature = _locked_signature(campaign, ask, email)
                if signature is None:
                    raise
            else:
                events.record_created(signature)  # pledge_recorded sends the confirmation link
                return Outcome.NEW, signature
        if signature.status == Signature.Status.CONFIRMED:
            return Outcome.ALREADY_SIGNED, signature
        if signature.status == Signature.Status.REMOVED:
            return Outcome.REFUSED, signature
        # Pending (or withdrawn and signing again): keep the latest details, send the link again.
        recently = (signature.status == Signature.Status.PENDING and signature.confirmation_sent_at
                    and now - signature.confirmation_sent_at < RESEND_INTERVAL)
        for name, value in details.items():
            setattr(signature, name, value)
        if not recently:
            signature.confirmation_sent_at = now
        signature.save(update_fields=[*details, "confirmation_sent_at", "updated_at"])
        if signature.status == Signature.Status.WITHDRAWN:
            events.change_status(signature, Signature.Status.PENDING, note="Signed again.")
        if recently:
            return Outcome.RECENTLY_SENT, signature
        transaction.on_commit(lambda: notify.send_confirmation(signature))
        return Outcome.RESENT, signature


def _progress(campaign, ask):
    from .hooks import progress_for

    return progress_for(campaign, [ask])[ask.id]


def pledge(request, campaign, ask):
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome, signature = sign(campaign.source, ask, form.cleaned_data, get_language())
        if outcome == Outcome.ALREADY_SIGNED:
            transaction.on_commit(lambda: notify.send_already_signed(signature))
        # A removed signer gets the same page and no email: the OMS removed them for a reason.
        return TemplateResponse(request, "petition/check_email.html", {
            "page": campaign, "self": campaign, "ask": ask, "email": normalise_email(form.cleaned_data["email"]),
            "days": CONFIRM_MAX_AGE.days,
        })
    source = campaign.source
    recent = (Signature.objects.filter(campaign=source, ask_id=ask.id, status=Signature.Status.CONFIRMED,
                                       is_anonymous=False)
              .select_related("regency")
              .order_by(F("confirmed_at").desc(nulls_last=True), "-pk")[:RECENT_SIGNERS])
    return TemplateResponse(request, "petition/pledge_form.html", {
        "page": campaign, "self": campaign, "ask": ask, "form": form,
        "progress": _progress(source, ask), "support_type": registry.get(KEY), "recent": recent,
    }, status=400 if request.method == "POST" else 200)


def _token_page(request, template, context, status=200):
    if template == "confirmed.html":
        context = {**context, **_share_context(request, context)}
    return TemplateResponse(request, f"petition/{template}", context, status=status)


def _share_context(request, context):
    """What the thank-you page's share buttons (the site's ``includes/share.html``) need: the
    campaign's absolute address and a text."""
    campaign, ask = context.get("campaign"), context.get("ask")
    url = request.build_absolute_uri(campaign.get_url(request) or campaign.url) if campaign else ""
    title = ask.title if ask else (campaign.title if campaign else "")
    return {"share_url": url,
            "share_text": _("I signed the petition “%(title)s”. Sign it too: every signature counts.")
            % {"title": title}}


def _signature(pk):
    return Signature.objects.select_related("campaign", "regency").filter(pk=pk).first()


def mask_email(email):
    """``siti@contoh.id`` -> ``s***@contoh.id``: enough to recognise, not to harvest."""
    local, _at, domain = (email or "").partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def _page_context(signature):
    campaign = signature.campaign.localized
    ask = campaign.get_ask(signature.ask_id)
    return {"signature": signature, "campaign": campaign, "ask": ask, "masked_email": mask_email(signature.email),
            "days": CONFIRM_MAX_AGE.days, "sign_url": campaign.pledge_url(ask) if ask else campaign.url}


@require_http_methods(["GET", "HEAD"])
def confirm(request, token):
    """The emailed link: pending -> confirmed. Clicking it again changes nothing."""
    try:
        pk = read_confirm_token(token)
    except TokenExpired as expired:
        signature = _signature(expired.signature_id)
        if signature is None:
            return _token_page(request, "token_invalid.html", {}, status=400)
        if signature.status != Signature.Status.CONFIRMED:
            return _token_page(request, "token_expired.html", {**_page_context(signature), "token": token},
                               status=410)
        return _token_page(request, "confirmed.html", {**_page_context(signature), "just_confirmed": False})
    except TokenInvalid:
        return _token_page(request, "token_invalid.html", {}, status=400)
    just_confirmed = False
    with transaction.atomic():
        signature = Signature.objects.select_for_update().filter(pk=pk).first()
        if signature is None:
            return _token_page(request, "token_invalid.html", {}, status=400)
        if signature.status == Signature.Status.PENDING:
            just_confirmed = events.change_status(signature, Signature.Status.CONFIRMED,
                                                  note="Email address confirmed.", confirmed_at=timezone.now())
    signature = _signature(pk)
    if signature.status != Signature.Status.CONFIRMED:
        return _token_page(request, "not_counted.html", _page_context(signature), status=409)
    return _token_page(request, "confirmed.html", {**_page_context(signature), "just_confirmed": just_confirmed})


@require_POST
def resend(request, token):
    """A new confirmation link for an expired one."""
    try:
        pk = read_confirm_token(token)
    except TokenExpired as expired:
        pk = expired.signature_id
    except TokenInvalid:
        return _token_page(request, "token_invalid.html", {}, status=400)
    now = timezone.now()
    with transaction.atomic():
        signature = Signature.objects.select_for_update().filter(pk=pk).first()
        if signature is None:
            return _token_page(request, "token_invalid.html", {}, status=400)
        sent = False
        if signature.status == Signature.Status.PENDING and not (
                signature.confirmation_sent_at and now - signature.confirmation_sent_at < RESEND_INTERVAL):
            signature.confirmation_sent_at = now
            signature.save(update_fields=["confirmation_sent_at", "updated_at"])
            transaction.on_commit(lambda: notify.send_confirmation(signature))
            sent = True
    signature = _signature(pk)
    if signature.status == Signature.Status.CONFIRMED:
        return _token_page(request, "confirmed.html", {**_page_context(signature), "just_confirmed": False})
    if signature.status != Signature.Status.PENDING:
        return _token_page(request, "not_counted.html", _page_context(signature), status=409)
    return _token_page(request, "link_sent.html", {**_page_context(signature), "sent": sent})


@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, token):
    """The link in the thank-you email: the signer takes their signature back."""
    try:
        pk = read_withdraw_token(token)
    except TokenInvalid:
        return _token_page(request, "token_invalid.html", {}, status=400)
    signature = _signature(pk)
    if signature is None:
        raise Http404
    withdrawn = False
    if request.method == "POST" and signature.status in (Signature.Status.PENDING, Signature.Status.CONFIRMED):
        withdrawn = events.change_status(signature, Signature.Status.WITHDRAWN, note="Withdrawn by the signer.")
        signature = _signature(pk)
    return _token_page(request, "withdraw.html", {**_page_context(signature), "token": token,
                                                  "withdrawn": withdrawn})
