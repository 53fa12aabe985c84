"""The answers of the gate: 429 (HTML page or JSON), the captcha refusal, the honeypot's silence."""
import math

from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def wants_json(request):
    accept = request.headers.get("Accept", "")
    return (request.content_type == "application/json" or request.path_info.startswith("/admin/api/")
            or ("application/json" in accept and "text/html" not in accept))


def retry_text(seconds):
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext("Please try again in about %(minutes)d minute.",
                    "Please try again in about %(minutes)d minutes.", minutes) % {"minutes": minutes}


def too_many_requests(request, retry_after, message=None):
    """429 with ``Retry-After``; JSON for JSON clients, the friendly page for people."""
    retry_after = max(1, int(retry_after))
    message = message or _("We received many requests from you in a short time, so we have paused this "
                           "form for a moment. Nothing you already sent is lost.")
    if wants_json(request):
        response = JsonResponse({"error": "too_many_requests", "detail": str(message),
                                 "retry_after": retry_after}, status=429)
    else:
        response = TemplateResponse(request, "429.html", {
            "title": _("Slow down a little"), "message": message, "retry": retry_text(retry_after),
            "home_label": _("Back to the home page"),
        }, status=429)
        response.render()
    response["Retry-After"] = str(retry_after)
    return response


def captcha_failed(request):
    message = _("We could not confirm that a person sent this form. Please open the form again, "
                "complete the check and send it again.")
    if wants_json(request):
        return JsonResponse({"error": "captcha_failed", "detail": str(message)}, status=400)
    response = TemplateResponse(request, "429.html", {
        "title": _("Please confirm you are not a robot"), "message": message, "retry": "",
        "home_label": _("Back to the home page"), "back": True, "back_url": request.get_full_path(),
        "back_label": _("Back to the form"),
    }, status=400)
    response.render()
    return response


def quiet_refusal(request):
    """The honeypot's answer: back to the page, as if nothing were wrong (303: the browser GETs it)."""
    return HttpResponseRedirect(request.get_full_path(), status=303)
