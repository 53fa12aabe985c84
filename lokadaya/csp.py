"""The Content-Security-Policy of every response, built on django-csp 4.

Two policies, chosen by path:

**Public pages** (everything outside the admin) get ``CONTENT_SECURITY_POLICY`` from the settings,
which is strict: scripts and styles come from the site itself or carry this response's nonce
(``nonce="{{ request.csp_nonce }}"``); no inline event handler (``onclick=``), ``javascript:`` URL,
``style="..."`` attribute or ``eval`` runs; no plugin (``object-src 'none'``); ``<base>`` cannot
redirect relative URLs elsewhere; no other site may frame a page (``frame-ancestors 'none'``); and
forms post only to the site. The one exception to framing is the widgets an OMS puts on its own
website (``/embed/``, ``widgets/``): any site may frame those (``frame-ancestors *``), decided here by
path so that no view can forget it or widen it (``widgets.middleware`` skips X-Frame-Options for
the same prefix). On top of the settings, ``public_policy_additions`` adds, per request,
what the configuration makes necessary and nothing else:

- the payment pages of the configured gateways to ``form-action``: a donor's pledge form is
  answered with a redirect to Midtrans Snap or a Xendit invoice, and browsers check every
  redirect of a form submission against ``form-action``;
- the media host to ``img-src``/``media-src`` when ``MEDIA_URL`` is absolute (object storage);
- Cloudflare Turnstile or hCaptcha when, and only when, their site key is configured.

**The admins** (``/admin/``, Wagtail; ``/django-admin/``) get ``ADMIN_POLICY``. Wagtail 8's admin
still writes inline ``<script>`` blocks (inline panels, date pickers) and ``style`` attributes, so
a nonce policy would break it; its policy keeps everything else of the public one (same-origin
scripts and connections only, no plugins, ``base-uri``, ``form-action 'self'``) and allows
``'unsafe-inline'`` there only. It is framable by the site itself: the page editor's live preview
is an admin URL shown in an iframe of the editor. Only signed-in staff reach these paths.

Invariant: every response that has no Content-Security-Policy of its own gets one of the two
(Wagtail's document view sets its own ``default-src 'none'``, which is kept).
"""
from urllib.parse import urlparse

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

#: Paths served by an admin; they get ADMIN_POLICY instead of the strict public one.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")

#: Paths any other site may frame (``widgets/``): the campaign card and the province widget.
EMBED_PREFIXES = ("/embed/",)
#: Their framing: any http(s) page may show them.
EMBED_FRAME_ANCESTORS = ["*"]

#: The admins' policy (see the module docstring for why inline scripts and styles are allowed).
ADMIN_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    # Image previews of the multiple uploader are data: and blob: URLs; an embed's thumbnail in the
    # rich-text editor comes from the video host.
    "img-src": [SELF, "data:", "blob:", "https:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}

#: Payment pages a donor is redirected to, by provider class (PAYMENT_VARIANTS): (test, live).
GATEWAY_PAGES = {
    "gateways.midtrans.MidtransSnapProvider": (["https://app.sandbox.midtrans.com"], ["https://app.midtrans.com"]),
    "gateways.xendit.XenditInvoiceProvider": (["https://checkout-staging.xendit.co"], ["https://checkout.xendit.co"]),
}


def is_live(provider, options):
    """Midtrans says so with ``production``; Xendit by its key (test keys are ``xnd_development_...``)."""
    if provider.endswith("XenditInvoiceProvider"):
        return not str(options.get("secret_key", "")).startswith("xnd_development")
    return bool(options.get("production"))

#: What each captcha needs (their documentation's CSP sections), added only with a site key.
TURNSTILE = ["https://challenges.cloudflare.com"]
HCAPTCHA = ["https://hcaptcha.com", "https://*.hcaptcha.com"]


def origin(url):
    parsed = urlparse(url or "")
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme in ("http", "https") and parsed.netloc else ""


def payment_page_origins():
    """The origins of the configured gateways' payment pages (a stand-in gateway's too)."""
    origins = []
    for provider, options in getattr(settings, "PAYMENT_VARIANTS", {}).values():
        pages = GATEWAY_PAGES.get(provider)
        if pages is None:
            continue  # the dummy and bank-transfer providers stay on the site
        test, live = pages
        origins += live if is_live(provider, options) else test
        # A stand-in gateway (benchmarks, staging) serves its payment page from its own host.
        origins += [origin(options.get(key)) for key in ("snap_url", "api_url") if origin(options.get(key))]
    return sorted(set(origins))


def public_policy_additions():
    """The sources the configuration needs beyond the settings' policy, by directive."""
    additions = {"form-action": payment_page_origins()}
    media = origin(getattr(settings, "MEDIA_URL", ""))
    if media:
        additions["img-src"] = [media]
        additions["media-src"] = [media]
    captcha = []
    if getattr(settings, "TURNSTILE_SITE_KEY", ""):
        captcha += TURNSTILE
    if getattr(settings, "HCAPTCHA_SITE_KEY", ""):
        captcha += HCAPTCHA
    if captcha:
        for directive in ("script-src", "frame-src", "connect-src"):
            additions[directive] = additions.get(directive, []) + captcha
        if getattr(settings, "HCAPTCHA_SITE_KEY", ""):
            additions["style-src"] = HCAPTCHA  # hCaptcha styles its checkbox from its own host
    return {directive: sources for directive, sources in additions.items() if sources}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the admin or the public policy by path."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        if request.path_info.startswith(ADMIN_PREFIXES):
            # A full policy of its own, without the nonce: a nonce would switch 'unsafe-inline' off.
            return PolicyParts(config=ADMIN_POLICY, update=parts.update, replace=parts.replace, nonce=None)
        additions = public_policy_additions()
        if parts.update:
            for directive, sources in parts.update.items():
                additions[directive] = list(additions.get(directive, [])) + list(sources or [])
        parts.update = additions or None
        if request.path_info.startswith(EMBED_PREFIXES):
            # Framable by any site, and only these paths; everything else of the public policy stays.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": EMBED_FRAME_ANCESTORS}
        return parts
