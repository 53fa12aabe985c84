"""Public views of certificates: the verification page and the PDF download (rules in ``access.py``).

Looking up codes that do not exist is rate-limited per address (``UNKNOWN_LOOKUPS``), with the
abuse limits' counters and 429 page (``throttle``), so the code space cannot be walked: each
unknown code costs one count, and an address over the limit gets 429 for any code until the
window ends. The limit follows ``THROTTLE_ENABLED``.
"""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from throttle import conf as throttle_conf
from throttle.ip import ip_bucket
from throttle.responses import too_many_requests

from . import access
from .models import Certificate, normalise_code
from .pdf import render_certificate

#: Unknown codes one address may look up per window (django-ratelimit's rate syntax).
UNKNOWN_LOOKUPS = "20/h"
GROUP = "throttle:certificate-lookup:ip"


def _lookup_usage(request, increment):
    return get_usage(request, group=GROUP, key=lambda _group, req: ip_bucket(req), rate=UNKNOWN_LOOKUPS,
                     method=ALL, increment=increment)


def _over_lookup_limit(request):
    """Seconds to wait when this address has looked up too many unknown codes, else 0."""
    if not throttle_conf.enabled():
        return 0
    usage = _lookup_usage(request, increment=False)
    if usage and usage["count"] >= usage["limit"]:
        return max(1, usage["time_left"])
    return 0


def _count_unknown(request):
    if throttle_conf.enabled():
        _lookup_usage(request, increment=True)


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def verify(request, code):
    """Valid, revoked or unknown: what anyone holding the code may know."""
    wait = _over_lookup_limit(request)
    if wait:
        return _noindex(too_many_requests(request, wait))
    normalised = normalise_code(code)
    certificate = Certificate.objects.filter(code=normalised).first() if normalised else None
    if certificate is None:
        _count_unknown(request)
        response = TemplateResponse(request, "certificates/verify.html", {"certificate": None}, status=404)
        return _noindex(response)
    token = request.GET.get("t", "")
    download = ""
    if access.may_download(request.user, certificate, token):
        download = reverse("certificates:pdf", kwargs={"code": certificate.code})
        if token and not (request.user.is_authenticated and request.user.pk == certificate.user_id):
            download += "?t=" + access.download_token(certificate)
    return _noindex(TemplateResponse(request, "certificates/verify.html", {
        "certificate": certificate, "download_url": download,
    }))


@never_cache
def pdf(request, code):
    """The PDF, for its holder or the signed link's bearer; a 404 for anyone else, as for an unknown code."""
    normalised = normalise_code(code)
    if not normalised:
        raise Http404
    certificate = get_object_or_404(Certificate, code=normalised)
    if not access.may_download(request.user, certificate, request.GET.get("t", "")):
        raise Http404
    content = render_certificate(certificate, access.verification_url(certificate, request))
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(certificate.recipient_name)[:40] or "lokadaya"
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{name}-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return _noindex(response)
