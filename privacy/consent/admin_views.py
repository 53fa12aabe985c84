"""The privacy notice in the admin (``/admin/privasi/pemberitahuan/``, in Settings): national admins
write its free text and publish a new version.

Invariants: only national admins (``partners.verification.is_national``) see or change it; anyone
else gets 403 and nothing changes. Publishing never edits a version: it adds the next one with the
flows generated at that moment (``notices.publish``).
"""
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import permission_denied

from partners.verification import is_national

from ..models import PrivacyNotice
from . import flows, notices


class NoticeForm(forms.ModelForm):
    class Meta:
        model = PrivacyNotice
        fields = ["intro_id", "intro_en", "extra_id", "extra_en", "change_summary"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in ("intro_id", "intro_en", "extra_id",
                                                                          "extra_en")}
        help_texts = {
            "extra_id": gettext_lazy("Shown after the generated sections. Leave empty for none."),
            "change_summary": gettext_lazy("One line for readers: what is new in this version."),
        }


def national_only(view):
    """A plain 403 for anyone but national admins (not Wagtail's redirect to the dashboard: the
    screen is known to exist, the answer says it is not theirs)."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_national(request.user):
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)
    return wrapped


@national_only
def notice(request):
    current = notices.current_notice()
    initial = {name: getattr(current, name) for name in ("intro_id", "intro_en", "extra_id", "extra_en")}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            published = notices.publish(user=request.user, **form.cleaned_data)
        except IntegrityError:
            messages.error(request, _("Another admin published a version at the same moment. Check the notice and "
                                      "publish again."))
            return redirect("privacy_notice_admin:edit")
        messages.success(request, _("Version %(version)s of the privacy notice is published.") % {
            "version": published.version})
        return redirect("privacy_notice_admin:edit")
    language = (translation.get_language() or "id").split("-")[0]
    return TemplateResponse(request, "privacy/consent/admin_notice.html", {
        "form": form, "current": current, "changes": flows.changes(current.flows),
        "generated": flows.build(language),
        "versions": PrivacyNotice.objects.select_related("published_by").order_by("-version")[:20],
    }, status=400 if request.method == "POST" else 200)
