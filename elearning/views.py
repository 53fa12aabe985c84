"""The player page, the package files and the runtime endpoint of a lesson's package block.

Every view goes through ``access.find_block`` (signed in; enrolled in a live lesson's course, or an
editor of the lesson previewing it; 404 otherwise). The runtime endpoint is a CSRF-protected POST;
it records only for enrolled learners (``access.may_record``).
"""
import json
import mimetypes
from urllib.parse import quote

from csp.constants import SELF
from csp.decorators import csp_replace
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from . import conf, runtime
from .access import find_block, may_record, source_lesson
from .models import PackageAttempt
from .packages import safe_member_path

#: The policy of a package's own files (and of the H5P player, which runs the package's libraries):
#: they are not our templates, so their inline scripts and ``eval`` run, but only on these paths,
#: only from the site itself, and only inside a frame of the site.
PACKAGE_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])

#: Types mimetypes may not know (or knows differently on some systems).
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf", ".vtt": "text/vtt",
    ".mp4": "video/mp4", ".webm": "video/webm", ".mp3": "audio/mpeg", ".ogg": "audio/ogg",
    ".xml": "application/xml", ".xsd": "application/xml", ".html": "text/html", ".htm": "text/html",
    ".wasm": "application/wasm",
}


def content_type(path):
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def content_base(lesson_id, block_id):
    return reverse("elearning:content", args=[lesson_id, block_id, "x"])[:-1]


def attempt_for(user, lesson, block_id):
    return PackageAttempt.objects.filter(user=user, lesson=source_lesson(lesson), block_id=block_id).first()


@never_cache
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF], "frame-src": [SELF]})
@require_GET
def player(request, lesson_id, block_id):
    """The page inside the lesson's frame: the SCORM runtime around the package, or the H5P player."""
    lesson, value, enrolled = find_block(request.user, lesson_id, block_id)
    package = value["package"]
    record = enrolled and may_record(request.user, lesson)
    attempt = attempt_for(request.user, lesson, block_id) if record else None
    if attempt is not None and attempt.package_id != package.pk:
        attempt = None  # the block now plays another package: start afresh
    base = content_base(lesson.pk, block_id)
    config = {
        "kind": package.kind,
        "record": record,
        "runtimeUrl": reverse("elearning:runtime", args=[lesson.pk, block_id]),
        "csrfToken": get_token(request),
        "contentBase": base,
        "completed": bool(attempt and attempt.is_complete),
    }
    if package.is_scorm:
        config["launchUrl"] = base + quote(package.launch_path, safe="/?&=#%:;,+")
        config["cmi"] = runtime.initial_cmi(package.kind, request.user, attempt, record)
        return render(request, "elearning/player_scorm.html", {"package": package, "config": config})
    config.update({
        "h5pJsonPath": base.rstrip("/"),
        "frameJs": static("h5p-standalone/frame.bundle.js"),
        "frameCss": static("h5p-standalone/styles/h5p.css"),
        "playerId": f"{lesson.pk}-{block_id}",
    })
    response = render(request, "elearning/player_h5p.html", {
        "package": package, "config": config, "main_js": static("h5p-standalone/main.bundle.js")})
    # The H5P player writes the package's libraries into frames of this page: the package policy.
    response["Content-Security-Policy"] = PACKAGE_POLICY
    return response


@never_cache
@xframe_options_sameorigin
@require_GET
def content(request, lesson_id, block_id, path):
    """One file of the block's package, to the people who may play it."""
    _lesson, value, _enrolled = find_block(request.user, lesson_id, block_id)
    package = value["package"]
    relative = safe_member_path(path)
    directory = package.directory
    if not relative or directory is None:
        raise Http404
    directory = directory.resolve()
    file_path = directory.joinpath(*relative.split("/")).resolve()
    if directory not in file_path.parents or not file_path.is_file():
        raise Http404
    kind = content_type(relative)
    prefix = conf.x_accel_prefix()
    if prefix:
        response = HttpResponse(content_type=kind)
        response["X-Accel-Redirect"] = quote(prefix.rstrip("/") + "/" + package.extracted_path + "/" + relative)
    else:
        response = FileResponse(open(file_path, "rb"), content_type=kind)
    response["Content-Security-Policy"] = PACKAGE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@require_POST
def runtime_view(request, lesson_id, block_id):
    """What the player reports (SCORM data model values, or an H5P xAPI statement); JSON in and out."""
    lesson, value, enrolled = find_block(request.user, lesson_id, block_id)
    if len(request.body) > runtime.MAX_BODY:
        return HttpResponseBadRequest("too big")
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponseBadRequest("bad json")
    if not isinstance(data, dict):
        return HttpResponseBadRequest("bad json")
    if not (enrolled and may_record(request.user, lesson)):
        return JsonResponse({"recorded": False})
    package = value["package"]
    completed_now = False
    with transaction.atomic():
        lesson_source = source_lesson(lesson)
        attempt, _created = PackageAttempt.objects.get_or_create(
            user=request.user, lesson=lesson_source, block_id=block_id, defaults={"package": package})
        attempt = PackageAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.package_id != package.pk:
            attempt.package = package
            attempt.cmi, attempt.suspend_data, attempt.location = {}, "", ""
            attempt.status, attempt.score, attempt.completed_at = PackageAttempt.Status.NOT_ATTEMPTED, None, None
        was_complete = attempt.is_complete
        if package.is_scorm:
            ok = runtime.apply_scorm(attempt, package.kind, data.get("cmi"))
        else:
            ok = runtime.apply_xapi(attempt, data.get("statement"))
        if not ok:
            transaction.set_rollback(True)  # nothing of a refused report is kept, not even a new attempt
            return HttpResponseBadRequest("bad data")
        attempt.save()
        completed_now = attempt.is_complete and not was_complete
        lesson_completed = False
        if attempt.is_complete:
            from learning.progress import try_complete_lesson

            lesson_completed = try_complete_lesson(request.user, lesson_source) is not None
    return JsonResponse({"recorded": True, "completed": attempt.is_complete, "completedNow": completed_now,
                         "lessonCompleted": lesson_completed, "status": attempt.status})
