"""LTI 1.3 endpoints: OIDC login initiation, launch, the tool's public key set.

Invariants:
- **CSRF**: only ``login`` and ``launch`` are exempt. Both are requested by the Moodle's page
  (another site) by design, so they can carry no Lokadaya CSRF token. What protects them instead:
  ``login`` changes nothing but a short-lived state cookie and a nonce in the cache; ``launch``
  acts only on an id_token signed by a registered, active platform's stored key, addressed to its
  client id (audience), for a listed deployment, unexpired, whose nonce our own ``login`` issued
  and that was never used before (``UsedNonce``), arriving with the state cookie ``login`` set in
  this browser. Nothing unsigned in the request is trusted.
- **Cookies across sites**: the state cookie (and, over HTTPS, pylti1p3's launch-session cookie)
  are set ``SameSite=None; Secure`` so the browser sends them with the platform's cross-site form
  POST; nonces live in the Django cache, not in the (SameSite=Lax) session. Over plain HTTP a
  browser drops them: launches need HTTPS (docs/moodle.md).
- A launch signs the person in for this browser session only (expires when the browser closes),
  as the LTI user made for them (``lti.launch``), never as anyone else.
- Deep linking (``deep_linking.py``) signs nobody in; its chooser form is CSRF-checked as usual.
- Any refusal is a translated 400 page naming the reason's kind; nothing of the request is echoed.
- No outgoing HTTP call here: platform keys are read from the database copy.
"""
import logging

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import keys
from .config import PlatformToolConf
from .launch import CLAIM, LaunchRefused, accept, locale_code

logger = logging.getLogger("lokadaya.lti")

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"


def tool_url(request, name):
    """The absolute address of one of the tool's endpoints, as the platform must be told."""
    path = reverse(name)
    base = getattr(settings, "SITE_URL", "") or ""
    return base + path if base else request.build_absolute_uri(path)


def refuse(request, message, code="direct", status=400):
    return TemplateResponse(request, "lti/error.html", {"message": message, "code": code}, status=status)


def _storage():
    from pylti1p3.contrib.django.launch_data_storage.cache import DjangoCacheDataStorage

    return DjangoCacheDataStorage(cache_name="default")


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def login(request):
    """OIDC third-party login initiation: answer with the redirect to the platform's auth endpoint."""
    from pylti1p3.contrib.django import DjangoOIDCLogin
    from pylti1p3.exception import OIDCException

    if not request.GET.get("iss") and not request.POST.get("iss"):
        return refuse(request, _("This address is for Moodle to open Lokadaya; it cannot be opened directly."))
    try:
        oidc = DjangoOIDCLogin(request, PlatformToolConf(), launch_data_storage=_storage())
        return oidc.redirect(tool_url(request, "lti:launch"))
    except OIDCException as error:
        logger.info("LTI login refused: %s", error)
        return refuse(request, _("This Moodle is not registered with Lokadaya, or its registration is not active."),
                      code="unregistered")


def _validated(request):
    """The launch data pylti1p3 validated, and the platform it came from; LaunchRefused otherwise."""
    from pylti1p3.contrib.django import DjangoMessageLaunch

    conf = PlatformToolConf()
    try:
        launch = DjangoMessageLaunch(request, conf, launch_data_storage=_storage())
        data = launch.get_launch_data()
    except Exception as error:  # noqa: BLE001 - pylti1p3 raises several kinds; every one is a refusal
        reason = str(error)
        logger.info("LTI launch refused: %s", reason)
        if "deployment" in reason.lower():
            raise LaunchRefused("deployment", _("This Moodle deployment is not registered with Lokadaya.")) from None
        if "registration" in reason.lower() or "client id" in reason.lower():
            raise LaunchRefused("unregistered", _("This Moodle is not registered with Lokadaya, or its "
                                                  "registration is not active.")) from None
        if any(word in reason.lower() for word in ("state", "nonce", "cookie")):
            raise LaunchRefused("state", _("This launch could not be matched to your browser (it expired, was "
                                           "already used, or cookies were blocked). Open the activity again "
                                           "from your Moodle.")) from None
        raise LaunchRefused("verification", _("Lokadaya could not verify this launch from your Moodle "
                                              "(signature, audience or time). Open the activity again; if it "
                                              "keeps failing, tell your Moodle's administrator.")) from None
    platform = conf.platform
    aud = data.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if platform is None or platform.client_id not in audiences or (
            len(audiences) > 1 and data.get("azp") != platform.client_id):
        raise LaunchRefused("unregistered", _("This Moodle is not registered with Lokadaya, or its registration "
                                              "is not active."))
    return platform, data


@csrf_exempt
@never_cache
@require_POST
def launch(request):
    """The platform's id_token (form POST): validate, sign the learner in, enrol, open the course."""
    if not request.POST.get("id_token"):
        return refuse(request, _("This address is for Moodle to open Lokadaya; it cannot be opened directly."))
    try:
        platform, data = _validated(request)
        message_type = data.get(CLAIM + "message_type")
        if message_type == DEEP_LINKING_REQUEST:
            from .deep_linking import start

            return start(request, platform, data)
        if message_type != RESOURCE_LINK_REQUEST:
            raise LaunchRefused("message-type", _("Lokadaya cannot open this kind of LTI message."))
        user, course, enrolment, link = accept(platform, data)
    except LaunchRefused as refusal:
        return refuse(request, refusal.message, code=refusal.code)
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.set_expiry(0)  # this browser session only
    from learning.progress import resume_url

    translation.activate(locale_code(data))
    return redirect(resume_url(enrolment))


@never_cache
@require_POST
def deep_link(request):
    """The deep-linking chooser's form (same-site, CSRF-checked): answer the platform."""
    from .deep_linking import choose

    return choose(request)


@require_GET
def jwks(request):
    """The tool's public keys (JWKS), which the platform uses to check our signed requests."""
    response = JsonResponse(keys.public_jwks())
    response["Cache-Control"] = "public, max-age=3600"
    return response
