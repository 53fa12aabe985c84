"""X-Frame-Options for every response except the widgets (``/embed/``), which other sites frame.

Django's ``XFrameOptionsMiddleware`` says ``DENY`` to every response; browsers that read the
Content-Security-Policy's ``frame-ancestors`` ignore X-Frame-Options, but older ones do not, and
would refuse the card on an OMS's website. This middleware sits just below Django's and marks the
responses under ``/embed/`` exempt, by path, the same prefix as the CSP's
(``lokadaya.csp.EMBED_PREFIXES``), so a view can neither forget it nor widen it.

Invariant: only paths under ``/embed/`` go out without X-Frame-Options.
"""
from lokadaya.csp import EMBED_PREFIXES


class EmbedFramingMiddleware:
    """Mark responses under ``/embed/`` exempt from Django's X-Frame-Options (list it right below
    ``django.middleware.clickjacking.XFrameOptionsMiddleware``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(EMBED_PREFIXES):
            response.xframe_options_exempt = True
        return response
