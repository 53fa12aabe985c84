"""Deep linking: a Moodle teacher picks Lokadaya courses; each becomes an activity (an ltiResourceLink).

Invariants:
- It starts only from a validated ``LtiDeepLinkingRequest`` launch (``views.launch``), whose nonce
  is recorded as used; what the platform asked (return URL, its opaque ``data``, deployment) is
  kept in this browser's session, never taken from the chooser form.
- The chooser form is an ordinary same-site POST with Django's CSRF check; it offers live
  source-language courses only, and the response is signed with the tool's key for that platform
  (``aud`` = its issuer) and returned by an auto-submitted form whose only extra CSP permission is
  ``form-action`` to that platform's return URL origin.
- Nobody is signed in by a deep-linking launch: it only chooses content.
"""
import time
import uuid
from urllib.parse import urlparse

import jwt
from django import forms
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from . import keys
from .launch import CLAIM, LaunchRefused
from .models import Platform, UsedNonce

DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
SESSION_KEY = "lti_deep_link"


class ChooseCoursesForm(forms.Form):
    courses = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                             label=_("Courses to add to your Moodle course"),
                                             error_messages={"required": _("Choose at least one course.")})

    def __init__(self, *args, multiple=True, **kwargs):
        from wagtail.models import Locale

        from learning.models import CoursePage

        super().__init__(*args, **kwargs)
        self.multiple = multiple
        self.fields["courses"].queryset = CoursePage.objects.live().filter(
            locale=Locale.get_default()).order_by("title")

    def clean_courses(self):
        courses = self.cleaned_data["courses"]
        if not self.multiple and len(courses) > 1:
            raise forms.ValidationError(_("Your Moodle accepts one course at a time."))
        return courses


def start(request, platform, data):
    """A validated deep-linking request: remember it in the session, show the course chooser."""
    settings_claim = data.get(DL_CLAIM + "deep_linking_settings") or {}
    return_url = str(settings_claim.get("deep_link_return_url") or "")
    if not return_url.startswith(("https://", "http://")):
        raise LaunchRefused("deep-link", _("Your Moodle did not say where to return the chosen courses."))
    try:
        with transaction.atomic():
            UsedNonce.objects.create(platform=platform, nonce=str(data.get("nonce") or "")[:255])
    except IntegrityError:
        raise LaunchRefused("replay", _("This launch was already used. Open the activity again from your "
                                        "Moodle.")) from None
    request.session[SESSION_KEY] = {
        "platform": platform.pk, "return_url": return_url, "data": settings_claim.get("data"),
        "deployment_id": str(data.get(CLAIM + "deployment_id") or ""),
        "multiple": settings_claim.get("accept_multiple", True) is not False,
    }
    form = ChooseCoursesForm(multiple=request.session[SESSION_KEY]["multiple"])
    return TemplateResponse(request, "lti/deep_link.html", {"form": form, "platform": platform})


def response_jwt(platform, pending, courses, launch_url):
    """The signed LtiDeepLinkingResponse naming one ltiResourceLink per course."""
    from learning.progress import course_lessons

    key = keys.current_key()
    now = int(time.time())
    items = [{
        "type": "ltiResourceLink", "title": course.title, "text": getattr(course, "summary", ""), "url": launch_url,
        "custom": {"course": str(course.pk)},
        "lineItem": {"scoreMaximum": max(course_lessons(course).count(), 1), "label": course.title,
                     "resourceId": f"lokadaya-course-{course.pk}"},
    } for course in courses]
    claims = {
        "iss": platform.client_id, "aud": platform.issuer, "iat": now, "exp": now + 600,
        "nonce": uuid.uuid4().hex, CLAIM + "message_type": "LtiDeepLinkingResponse",
        CLAIM + "version": "1.3.0", CLAIM + "deployment_id": pending["deployment_id"],
        DL_CLAIM + "content_items": items,
    }
    if pending.get("data") is not None:
        claims[DL_CLAIM + "data"] = pending["data"]
    return jwt.encode(claims, keys.private_pem(key), algorithm="RS256", headers={"kid": key.kid})


def choose(request):
    """The chooser's POST: answer the platform with the chosen courses."""
    from .views import refuse, tool_url

    pending = request.session.get(SESSION_KEY)
    platform = Platform.objects.filter(pk=(pending or {}).get("platform"), active=True).first()
    if not pending or platform is None:
        return refuse(request, _("This course choice has expired. Start again from your Moodle."), code="deep-link")
    form = ChooseCoursesForm(request.POST, multiple=pending["multiple"])
    if not form.is_valid():
        return TemplateResponse(request, "lti/deep_link.html", {"form": form, "platform": platform}, status=400)
    token = response_jwt(platform, pending, form.cleaned_data["courses"], tool_url(request, "lti:launch"))
    del request.session[SESSION_KEY]
    target = urlparse(pending["return_url"])
    response = TemplateResponse(request, "lti/deep_link_return.html",
                                {"return_url": pending["return_url"], "jwt": token, "platform": platform})
    # The only extra permission: posting this form to the platform's return URL.
    response._csp_update = {"form-action": [f"{target.scheme}://{target.netloc}"]}
    return response
