"""ETags and ``304 Not Modified`` for every API response (``ApiView`` uses it).

The ETag is strong: a SHA-256 of the rendered body (which already depends on the language, the
query and the data), so two responses with the same ETag are byte for byte the same. A request
whose ``If-None-Match`` names it gets a 304 without a body. Only successful GET/HEAD answers get
one; errors and 429s never do, so a client never caches an error.
"""
import hashlib

from django.http import HttpResponseNotModified
from django.utils.cache import parse_etags


def body_etag(content):
    return f'"{hashlib.sha256(content).hexdigest()}"'


def _matches(etag, header):
    """Weak comparison (RFC 9110 §13.1.2): a proxy's gzip may have weakened the client's copy."""
    if not header:
        return False
    wanted = {tag.removeprefix("W/") for tag in parse_etags(header)}
    return "*" in wanted or etag in wanted


def conditional(request, response):
    """``response`` with its ETag, or a 304 when the client already holds that body."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
        return response
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    etag = body_etag(response.content)
    response["ETag"] = etag
    if _matches(etag, request.META.get("HTTP_IF_NONE_MATCH", "")):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        for header in ("Vary", "Cache-Control", "Content-Language"):
            if header in response:
                not_modified[header] = response[header]
        return not_modified
    return response
