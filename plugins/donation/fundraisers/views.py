"""Public views of fundraisers: start one, its public page, the owner's page by signed link.

Who sees what: the start form is for anyone, on a live campaign that takes money now, for one of
its donation asks (anything else is a 404, or the campaign's "closed" page). The public page shows
approved fundraisers only (pending and hidden ones are a 404, whoever asks). The owner's page opens
with the signed link emailed to them; a forged or altered token is a 404. Public POSTs pass the
site's abuse gate (``throttle``: rate limit per address, honeypot, captcha when configured).
"""
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language

from pagecache import mark_cacheable

from . import service
from .forms import EditForm, StartForm
from .models import MANAGE_SALT, Fundraiser

DONATION = "donation"


def _money_ask(campaign_id, ask_id):
    """The (source) campaign and its donation ask, or 404."""
    from campaigns.models import CampaignPage

    campaign = get_object_or_404(CampaignPage.objects.live(), pk=campaign_id).source
    ask = campaign.get_ask(ask_id)
    if ask is None or ask.type_key != DONATION:
        raise Http404
    return campaign, ask


def start(request, campaign_id, ask_id):
    """The form to start a fundraiser for one money ask of a live campaign."""
    campaign, ask = _money_ask(campaign_id, ask_id)
    page = campaign.localized
    verdict = campaign.support_verdict(money=True)
    if not verdict.open:
        return TemplateResponse(request, "campaigns/pledge_closed.html", {"page": page, "verdict": verdict},
                                status=409 if request.method == "POST" else 200)
    form = StartForm(request.POST or None, request.FILES or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        fundraiser = service.start(campaign, ask, form.cleaned_data, language=get_language() or "")
        return TemplateResponse(request, "donation/fundraisers/started.html", {
            "campaign": page, "fundraiser": fundraiser, "organisation": campaign.organisation})
    return TemplateResponse(request, "donation/fundraisers/start.html", {
        "campaign": page, "ask": ask, "form": form, "organisation": campaign.organisation,
    }, status=400 if request.method == "POST" else 200)


def _figures(fundraiser):
    from lokadaya.money import percentage

    percent = percentage(fundraiser.raised, fundraiser.target)
    days_left = None
    if fundraiser.ends_on:
        days_left = max((fundraiser.ends_on - timezone.localdate()).days, 0)
    return {"percent": percent, "bar": min(percent, 100), "days_left": days_left,
            "ended": bool(fundraiser.ends_on and fundraiser.ends_on < timezone.localdate())}


def detail(request, slug):
    """The fundraiser's public page: approved ones only (a 404 for pending and hidden ones)."""
    fundraiser = get_object_or_404(Fundraiser.objects.select_related("campaign"), slug=slug,
                                   status=Fundraiser.Status.APPROVED)
    campaign = fundraiser.campaign
    page = campaign.localized
    ask = campaign.get_ask(fundraiser.ask_id)
    verdict = campaign.support_verdict(money=True)
    pledge_url = None
    if ask is not None and verdict.open and not _figures(fundraiser)["ended"]:
        pledge_url = f"{page.pledge_url(ask)}?penggalang={fundraiser.slug}"
    # ``campaign``, not ``page``: the page's canonical link and share card are the fundraiser's own.
    # Kept for anonymous visitors; its figures follow the campaign's pledges like the campaign page.
    mark_cacheable(request, campaign=campaign.pk)
    return TemplateResponse(request, "donation/fundraisers/detail.html", {
        "campaign": page, "fundraiser": fundraiser, "figures": _figures(fundraiser),
        "organisation": campaign.organisation, "pledge_url": pledge_url, "verdict": verdict,
        "donations": service.recent_donations(fundraiser),
        "share_url": request.build_absolute_uri(fundraiser.get_absolute_url()),
    })


def _from_token(token):
    try:
        pk = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    return get_object_or_404(Fundraiser.objects.select_related("campaign"), pk=pk)


def manage(request, token):
    """The owner's page by signed link: edit the words and target, see donors, share."""
    fundraiser = _from_token(token)
    campaign = fundraiser.campaign
    initial = {name: getattr(fundraiser, name) for name in ("title", "story", "occasion", "target", "ends_on")}
    form = EditForm(request.POST or None, request.FILES or None, campaign=campaign, initial=initial)
    saved = None
    if request.method == "POST" and form.is_valid():
        fundraiser, saved = service.edit(fundraiser, form.cleaned_data)
        return redirect(f"{fundraiser.get_manage_url()}?disimpan={1 if saved else 0}")
    response = TemplateResponse(request, "donation/fundraisers/manage.html", {
        "campaign": campaign.localized, "fundraiser": fundraiser, "form": form, "figures": _figures(fundraiser),
        "organisation": campaign.organisation, "donations": service.recent_donations(fundraiser, limit=100),
        "saved": request.GET.get("disimpan"),
        "share_url": request.build_absolute_uri(fundraiser.get_absolute_url()),
    }, status=400 if request.method == "POST" else 200)
    # The signed link is the owner's key: never kept by a cache, never sent on as a referrer.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
