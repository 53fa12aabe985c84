"""The public proposal form and its confirmation.

The form answers the same whether or not the email already has an open proposal for the ask (no
probing for who proposes what): the thank-you page shows what the visitor just typed, never a stored
proposal. A second open proposal writes nothing; the address's owner is told by email instead.
"""
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from campaigns import events
from campaigns.models import lock_ask

from .forms import ProposalForm
from .models import Proposal

#: The confirmation link after a proposal (``?terkirim=<signed summary of what was sent>``) is valid this long.
RECEIPT_MAX_AGE = 60 * 60 * 24
RECEIPT_SALT = "partnership.proposal.receipt"
RECEIPT_PARAM = "terkirim"


def has_open_proposal(campaign, ask, email):
    return Proposal.objects.filter(
        campaign=campaign, ask_id=ask.id, email__iexact=email, status__in=Proposal.OPEN_STATUSES,
    ).exists()


def pledge(request, campaign, ask):
    source = campaign.source
    if request.method == "GET" and RECEIPT_PARAM in request.GET:
        proposal = _receipt(request.GET[RECEIPT_PARAM])
        if proposal is not None:
            return TemplateResponse(request, "partnership/thanks.html", {
                "page": campaign, "self": campaign, "ask": ask, "proposal": proposal,
            })
    form = ProposalForm(request.POST or None, ask=ask)
    if request.method == "POST" and form.is_valid():
        _save(form, source, ask)
        # Saved or not (an open proposal from this address already): the same answer.
        data = form.cleaned_data
        receipt = signing.dumps({"o": data["organisation_name"], "k": data["kind"],
                                 "p": bool(data.get("show_publicly"))}, salt=RECEIPT_SALT)
        return HttpResponseRedirect(f"{campaign.pledge_url(ask)}?{RECEIPT_PARAM}={receipt}")
    return TemplateResponse(request, "partnership/pledge_form.html", {
        "page": campaign, "self": campaign, "ask": ask, "form": form,
        "partners": public_partners(source, ask),
    }, status=400 if request.method == "POST" else 200)


def _save(form, campaign, ask):
    """Write the proposal, or return None if this email already has an open one for this ask
    (whose owner is then told by email)."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            # Serialise proposals on this ask so the duplicate check below is exact.
            lock_ask(campaign, ask.id)
            if has_open_proposal(campaign, ask, data["email"]):
                _tell_owner(campaign, ask, data["email"])
                return None
            proposal = Proposal.objects.create(
                campaign=campaign, ask_id=ask.id, status=Proposal.Status.NEW,
                organisation_name=data["organisation_name"], sector=data["sector"], kind=data["kind"],
                name=data["name"], email=data["email"], phone=data["phone"], website=data.get("website") or "",
                offer=data["offer"], value_estimate=data.get("value_estimate"),
                show_publicly=data.get("show_publicly", False), is_anonymous=not data.get("show_publicly", False),
                wants_updates=data.get("wants_updates", False), language=get_language() or "",
            )
            events.record_created(proposal)
    except IntegrityError:
        # The database's own guard (one open proposal per email and ask) caught a race.
        _tell_owner(campaign, ask, data["email"])
        return None
    return proposal


def _tell_owner(campaign, ask, email):
    """Email the open proposal's sender that another one came with their address (after commit)."""
    from .hooks import already_proposed

    existing = Proposal.objects.filter(campaign=campaign, ask_id=ask.id, email__iexact=email,
                                       status__in=Proposal.OPEN_STATUSES).first()
    if existing is not None:
        transaction.on_commit(lambda: already_proposed(existing))


def _receipt(value):
    """What the thank-you page shows: the visitor's own organisation, kind and consent (unsaved)."""
    try:
        summary = signing.loads(value, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
        return Proposal(organisation_name=str(summary["o"]), kind=str(summary["k"]), show_publicly=bool(summary["p"]))
    except (signing.BadSignature, KeyError, TypeError):
        return None


def public_partners(campaign, ask, limit=50):
    """Agreed partners of this ask who consented to be shown, newest first (one query)."""
    return list(
        Proposal.objects.filter(campaign=campaign, ask_id=ask.id, status=Proposal.Status.AGREED,
                                show_publicly=True, is_anonymous=False)
        .order_by("-updated_at", "-pk").only("organisation_name", "sector")[:limit]
    )
