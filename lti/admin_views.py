"""Admin screens for platform registrations; every view goes through ``lti.scope`` first."""
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import scope
from .forms import PlatformForm
from .views import tool_url


def tool_settings(request):
    """The values a Moodle administrator enters in "External tool" (LTI 1.3)."""
    return [
        (_("Tool URL"), tool_url(request, "lti:launch")),
        (_("Initiate login URL"), tool_url(request, "lti:login")),
        (_("Redirection URI(s)"), tool_url(request, "lti:launch")),
        (_("Public keyset URL"), tool_url(request, "lti:jwks")),
        (_("LTI version"), "LTI 1.3"),
        (_("Public key type"), _("Keyset URL")),
    ]


def _require_any(request):
    if not scope.may_manage_any(request.user):
        raise Http404


def _courses():
    from wagtail.models import Locale

    from learning.models import CoursePage

    return CoursePage.objects.live().filter(locale=Locale.get_default()).order_by("title").only("pk", "title", "slug")


def platform_list(request):
    _require_any(request)
    platforms = scope.visible_platforms(request.user).select_related("network__province").order_by("name")
    return TemplateResponse(request, "lti/admin/list.html", {
        "platforms": platforms, "tool_settings": tool_settings(request), "courses": _courses(),
    })


def _refresh_later(platform_id):
    from .tasks import refresh_platform_keys

    def enqueue():
        try:
            refresh_platform_keys.enqueue(platform_id)
        except Exception:  # noqa: BLE001 - the scheduled refresh fetches them anyway
            pass
    transaction.on_commit(enqueue)


def _edit(request, platform=None):
    form = PlatformForm(request.POST or None, instance=platform, user=request.user)
    if request.method == "POST" and form.is_valid():
        keys_changed = platform is None or "key_set_url" in form.changed_data or not form.instance.jwks
        saved = form.save()
        if keys_changed:
            # Fetched by the worker, never in this request.
            _refresh_later(saved.pk)
        messages.success(request, _("Platform registration saved."))
        return redirect("lti_admin:edit", pk=saved.pk)
    return TemplateResponse(request, "lti/admin/form.html", {
        "form": form, "platform": platform, "tool_settings": tool_settings(request),
    }, status=400 if request.method == "POST" else 200)


def platform_add(request):
    _require_any(request)
    return _edit(request)


def platform_edit(request, pk):
    return _edit(request, scope.platform_or_404(request.user, pk))


@require_POST
def platform_refresh(request, pk):
    platform = scope.platform_or_404(request.user, pk)
    _refresh_later(platform.pk)
    messages.success(request, _("The platform's keys will be fetched again in a moment."))
    return redirect("lti_admin:edit", pk=platform.pk)
