"""Public pages: the privacy notice (``/<lang>/privasi/``) and the consent page of one address
(``/<lang>/privasi/persetujuan/<token>/``).

Invariants:

* The consent page is reached only by a signed link naming the address (``tokens``): it shows and
  changes that address's consents and nothing else. A forged or damaged token is a 400 with a
  translated message, and changes nothing.
* Opening the link (GET) changes nothing: a mail scanner may follow it. Only a POST withdraws; the
  signed token is the authority, so that POST needs no CSRF token (as the one-click unsubscribe).
* The consent page is private (``no-store``, ``noindex``); the notice is public.
"""

from django.core import signing
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from lokadaya.personal_pages import personal_page

from ..models import PrivacyNotice, PrivacySettings
from . import flows, notices, withdrawal
from .tokens import read_consent_token


def centre_url():
    """The privacy centre's address, or "" when this site has none (yet)."""
    try:
        return reverse("privacy:centre")
    except NoReverseMatch:
        return ""



@require_http_methods(["GET", "HEAD"])
def notice(request):
    """The notice in force (``?versi=N``: an earlier version, as it was published)."""
    current = notices.current_notice()
    shown = current
    asked = request.GET.get("versi", "")
    if asked:
        if not asked.isdigit():
            raise Http404
        shown = PrivacyNotice.objects.filter(version=int(asked)).first()
        if shown is None:
            raise Http404
    language = (get_language() or "id").split("-")[0]
    english = language == "en"
    # An empty text in one language falls back to the default introduction in that language,
    # never to the other language's text.
    intro = (shown.intro_en if english else shown.intro_id) or str(notices.DEFAULT_INTRO)
    extra = shown.extra_en if english else shown.extra_id
    return TemplateResponse(request, "privacy/consent/notice.html", {
        "notice": shown, "current": current, "is_current": shown.pk == current.pk,
        "flows": flows.in_language(shown.flows, language), "intro": intro, "extra": extra,
        "contact": PrivacySettings.current().controller_contact,
        "centre_url": centre_url(),
        "versions": list(PrivacyNotice.objects.order_by("-version").values("version", "published_at")[:50]),
    })


@personal_page
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def consent(request, token):
    try:
        email = read_consent_token(token)
    except signing.BadSignature:
        return TemplateResponse(request, "privacy/consent/manage.html", {
            "error": _("This link is not valid. Copy the whole link from the email, or ask for your data in the "
                       "privacy centre."),
            "centre_url": centre_url(),
        }, status=400)
    choices = withdrawal.active_choices(email)
    context = {"email": email, "choices": choices, "centre_url": centre_url(), "withdrawn": []}
    if request.method == "POST":
        chosen = withdrawal.parse(request.POST.get("consent", ""), choices)
        if not chosen:
            context["error"] = _("Choose a consent to withdraw: it may have been withdrawn already.")
            return TemplateResponse(request, "privacy/consent/manage.html", context, status=400)
        withdrawal.withdraw(email, chosen)
        context.update(withdrawn=chosen, choices=withdrawal.active_choices(email))
    return TemplateResponse(request, "privacy/consent/manage.html", context)
