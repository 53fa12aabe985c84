"""The one place where the admin asks for the second step: every admin URL, present and future.

The invariants this middleware keeps:

* **No admin view runs for an unverified session that needs the second step.** Every request whose
  path is under Wagtail's admin (``/admin/``, the admin API ``/admin/api/`` included) or Django's
  admin (``/django-admin/``) and resolves to a view is stopped before the view when the signed-in
  user has a device but has not entered a code in this session, or must use two-step verification
  (:func:`twofactor.policy.is_required`) and has not set it up. It does not depend on any view
  remembering to check: a view added tomorrow is covered.
* **Only what the second step itself needs is exempt** (:data:`EXEMPT_VIEWS`): the verification
  and set-up pages, sign-in and sign-out, and the admin's JavaScript translations and icon sprite
  (static, no data). Anonymous requests pass through: the admin's own login requirement applies.
* A browser's GET is sent to the step it needs, with ``next`` to come back; anything else (a POST,
  the admin API, an XHR) gets a 403 and changes nothing.

It must come after ``django_otp.middleware.OTPMiddleware`` (which reads the verified device from
the session into ``request.user.otp_device``); ``twofactor.checks`` refuses to start otherwise.
"""
from urllib.parse import urlencode

from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from . import policy

#: Views an unverified user may still reach, by ``resolver_match.view_name``.
EXEMPT_VIEWS = frozenset({
    "twofactor:verify",
    "twofactor:setup",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "admin:login",
    "admin:logout",
    "admin:jsi18n",
})


def admin_prefixes():
    """The URL prefixes of the admins: Wagtail's (``/admin/``) and Django's (``/django-admin/``)."""
    prefixes = []
    for name in ("wagtailadmin_home", "admin:index"):
        try:
            prefixes.append(reverse(name))
        except NoReverseMatch:
            pass
    return tuple(prefixes)


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        prefixes = admin_prefixes()
        if not request.path_info.startswith(prefixes):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in EXEMPT_VIEWS:
            return None
        if policy.has_device(user):
            step = "twofactor:verify"
        elif policy.is_required(user):
            step = "twofactor:setup"
        else:
            return None
        return self.refuse(request, step, prefixes)

    def refuse(self, request, step, prefixes):
        is_api = any(request.path_info.startswith(prefix + "api/") for prefix in prefixes)
        wants_json = is_api or "application/json" in request.headers.get("Accept", "")
        if request.method in ("GET", "HEAD") and not wants_json and not (
                request.headers.get("x-requested-with") == "XMLHttpRequest"):
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        message = _("Two-step verification is needed before using the admin.")
        if wants_json:
            return JsonResponse({"message": message}, status=403)
        return HttpResponseForbidden(message)
