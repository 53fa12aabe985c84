"""Admin (``/admin/sertifikat/``): national staff list certificates and revoke one with a reason.

Anyone else (OMS editors, moderators, communications staff) gets 403 (``access.may_revoke``),
before anything is read.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy.accesslog import screens as access_log

from . import access
from .forms import RevokeForm
from .models import Certificate, normalise_code

PER_PAGE = 50


def _require(request):
    if not access.may_revoke(request.user):
        raise PermissionDenied


def certificate_list(request):
    _require(request)
    certificates = Certificate.objects.select_related("revoked_by")
    query = request.GET.get("q", "").strip()
    if query:
        code = normalise_code(query)
        certificates = certificates.filter(Q(recipient_name__icontains=query) | Q(title__icontains=query)
                                           | Q(recipient_email__iexact=query) | Q(code=code or query.upper()))
    page_obj = Paginator(certificates, PER_PAGE).get_page(request.GET.get("p"))
    access_log.certificates_list(request, page_obj, query)
    return TemplateResponse(request, "certificates/admin/list.html", {"page_obj": page_obj, "query": query})


def revoke(request, pk):
    """Revoke one certificate, with the reason the public page will show."""
    _require(request)
    certificate = get_object_or_404(Certificate, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
            if locked.revoked_at is None:  # a second click keeps the first revocation
                locked.revoked_at = timezone.now()
                locked.revoked_by = request.user
                locked.revocation_reason = form.cleaned_data["reason"]
                locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        messages.success(request, _("The certificate %(code)s is revoked.") % {"code": certificate.display_code})
        return redirect("certificates_admin:list")
    access_log.certificate(request, certificate)
    return TemplateResponse(request, "certificates/admin/revoke.html", {
        "certificate": certificate, "form": form,
        "verification_url": access.verification_url(certificate, request),
    }, status=400 if request.method == "POST" else 200)
