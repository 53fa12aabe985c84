"""Admin (``/admin/privasi/pengaturan/``, Settings → "Privacy & retention"): national admins set the
retention policy, the deadline of data subjects' requests and the contact for personal data.

Invariant: only national admins (``partners.verification.is_national``) read or change it; anyone
else gets Wagtail's refusal for GET and POST alike, and nothing changes.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from partners.verification import is_national

from ..models import PrivacySettings, RetentionRun
from .forms import PrivacySettingsForm


def may_change_settings(user):
    return user.is_authenticated and is_national(user)


def privacy_settings(request):
    if not may_change_settings(request.user):
        raise PermissionDenied
    row = PrivacySettings.objects.order_by("pk").first() or PrivacySettings()
    form = PrivacySettingsForm(request.POST if request.method == "POST" else None, instance=row)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            row = form.save(commit=False)
            row.updated_by = request.user
            row.save()
            log(row, "privacy.settings", user=request.user, data={
                name: form.cleaned_data[name] for name in
                ("pledge_retention_months", "money_retention_years", "request_deadline_hours")})
        messages.success(request, _("The privacy settings are saved."))
        return redirect("privacy_retention:settings")
    return TemplateResponse(request, "privacy/retention/settings.html", {
        "form": form, "row": row, "last_run": RetentionRun.last_finished(),
    }, status=400 if request.method == "POST" else 200)
