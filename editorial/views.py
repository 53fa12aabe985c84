"""One-click unsubscribe from story updates.

The link in the email opens a page with one button (a link scanner following it unsubscribes no
one); mail clients that support RFC 8058 POST ``List-Unsubscribe=One-Click`` to the same address.
The signed token is the authority, so that POST needs no CSRF token.
"""
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import UpdateOptOut
from .tokens import read_unsubscribe_token

SCOPE_CAMPAIGNS = "campaigns"
SCOPE_ALL = "all"


def _opt_out(email, campaign=None):
    try:
        with transaction.atomic():
            UpdateOptOut.objects.get_or_create(email=email, campaign=campaign)
    except IntegrityError:
        pass  # the same click twice at once: one row is enough


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    from campaigns.models import CampaignPage

    try:
        email, campaign_ids = read_unsubscribe_token(token)
    except signing.BadSignature:
        return TemplateResponse(request, "editorial/unsubscribe.html", {
            "error": _("This unsubscribe link is not valid. Copy the whole link from the email, or reply to "
                       "the email and we will take you off the list."),
        }, status=400)
    campaigns = [campaign.localized for campaign in CampaignPage.objects.filter(pk__in=campaign_ids)]
    context = {"email": email, "campaigns": campaigns, "scope_all": SCOPE_ALL, "scope_campaigns": SCOPE_CAMPAIGNS}
    if request.method == "POST":
        scope = request.POST.get("scope", SCOPE_CAMPAIGNS)
        if scope not in (SCOPE_ALL, SCOPE_CAMPAIGNS):
            context["error"] = _("Choose what to unsubscribe from.")
            return TemplateResponse(request, "editorial/unsubscribe.html", context, status=400)
        if scope == SCOPE_ALL or not campaigns:
            _opt_out(email)
        else:
            for campaign in CampaignPage.objects.filter(pk__in=campaign_ids):
                _opt_out(email, campaign)
        context.update(done=True, scope=scope)
        return TemplateResponse(request, "editorial/unsubscribe.html", context)
    return TemplateResponse(request, "editorial/unsubscribe.html", context)
