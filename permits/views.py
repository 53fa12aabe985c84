"""The permit document, to those who may see it (``permits.access.may_see_document``); else a 404.

Served inline with the type its checked content has (PDF or picture, ``permits.forms``), never
sniffed, sandboxed; a public (verified) document may be kept by browsers briefly, others never.
"""
import os

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .access import may_see_document
from .models import FundraisingPermit

CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
                 ".webp": "image/webp"}


def document(request, pk):
    permit = get_object_or_404(FundraisingPermit.objects.select_related("campaign"), pk=pk)
    if not permit.document or not may_see_document(request.user, permit):
        raise Http404
    extension = os.path.splitext(permit.document.name)[1].lower()
    content_type = CONTENT_TYPES.get(extension)
    if content_type is None:
        raise Http404
    try:
        handle = permit.document.storage.open(permit.document.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    public = permit.status == FundraisingPermit.Status.VERIFIED and permit.campaign.live
    response = FileResponse(handle, content_type=content_type, as_attachment=False,
                            filename=f"izin-pub-{permit.pk}{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, max-age=300" if public else "private, no-store"
    if not public:
        response["Vary"] = "Cookie"
    return response
