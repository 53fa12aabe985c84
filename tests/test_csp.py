"""The Content-Security-Policy (issue 11, low finding "no Content-Security-Policy"; lokadaya/csp.py).

Through Django's stack: the public pages carry the strict policy (nonce, no 'unsafe-inline',
no plugins, not framable, forms only to the site and the configured gateways' payment pages), the
admins carry theirs, the configuration adds exactly what it needs (captcha, media host), and no
public template holds an inline handler, a style attribute or an inline script without the nonce.
"""
import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from lokadaya.csp import ContentSecurityPolicyMiddleware

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def policy(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def test_public_pages_carry_the_strict_policy(client, home_page, make_campaign):
    campaign = make_campaign(title="Kampanye Aman")
    for url in ("/id/", "/en/", campaign.url, "/id/cari/?q=aman", "/id/wilayah/", "/id/halaman-tidak-ada/"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        csp = policy(response)
        assert csp["default-src"] == ["'self'"], url
        assert csp["script-src"][0] == "'self'" and "'unsafe-inline'" not in csp["script-src"], url
        assert "'unsafe-eval'" not in csp["script-src"]
        assert "'unsafe-inline'" not in csp["style-src"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
        assert csp["img-src"] == ["'self'", "data:"]
        # The test settings configure Midtrans (sandbox) and Xendit: a donor is redirected there
        # after posting the pledge form, and browsers check those redirects against form-action.
        assert csp["form-action"] == ["'self'", "https://app.sandbox.midtrans.com",
                                      "https://checkout-staging.xendit.co"], url
        # No captcha configured: no outside script host at all.
        assert not [source for source in csp["script-src"] if source.startswith("https:")]


def test_a_live_midtrans_account_allows_its_live_payment_page_only(client, home_page, settings):
    settings.PAYMENT_VARIANTS = {
        "midtrans": ("gateways.midtrans.MidtransSnapProvider", {"server_key": "Mid-server-x", "production": True}),
        "transfer": ("banktransfer.provider.BankTransferProvider", {}),
    }
    assert policy(client.get("/id/"))["form-action"] == ["'self'", "https://app.midtrans.com"]
    settings.PAYMENT_VARIANTS = {"xendit": ("gateways.xendit.XenditInvoiceProvider",
                                            {"secret_key": "xnd_production_x"})}
    assert policy(client.get("/id/"))["form-action"] == ["'self'", "https://checkout.xendit.co"]
    settings.PAYMENT_VARIANTS = {"dummy": ("payments.dummy.DummyProvider", {})}
    assert policy(client.get("/id/"))["form-action"] == ["'self'"]
    # A stand-in gateway (benchmarks, staging) serves its payment page from its own host.
    settings.PAYMENT_VARIANTS = {"midtrans": ("gateways.midtrans.MidtransSnapProvider", {
        "server_key": "x", "snap_url": "http://127.0.0.1:9090/snap/v1/transactions", "api_url": ""})}
    assert policy(client.get("/id/"))["form-action"] == ["'self'", "http://127.0.0.1:9090",
                                                         "https://app.sandbox.midtrans.com"]


def test_captcha_hosts_only_when_a_key_is_configured(client, home_page, settings):
    settings.TURNSTILE_SITE_KEY = "1x00000000000000000000AA"
    csp = policy(client.get("/id/"))
    for directive in ("script-src", "frame-src", "connect-src"):
        assert "https://challenges.cloudflare.com" in csp[directive], directive
    assert "https://hcaptcha.com" not in csp["script-src"]
    settings.TURNSTILE_SITE_KEY = ""
    settings.HCAPTCHA_SITE_KEY = "10000000-ffff-ffff-ffff-000000000001"
    csp = policy(client.get("/id/"))
    assert "https://*.hcaptcha.com" in csp["script-src"] and "https://*.hcaptcha.com" in csp["style-src"]
    assert "https://challenges.cloudflare.com" not in csp["script-src"]


def test_an_absolute_media_url_is_allowed_for_images(client, home_page, settings):
    settings.MEDIA_URL = "https://media.lokadaya.example/uploads/"
    csp = policy(client.get("/id/"))
    assert csp["img-src"] == ["'self'", "data:", "https://media.lokadaya.example"]
    assert csp["media-src"] == ["'self'", "https://media.lokadaya.example"]


def test_the_admin_has_its_own_policy(client):
    for url in ("/admin/login/", "/django-admin/login/"):
        csp = policy(client.get(url))
        # Wagtail 8's admin still writes inline scripts: allowed there, and only there.
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"], url
        assert not any(source.startswith("'nonce-") for source in csp["script-src"])
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'self'"]  # the editor's live preview frames an admin URL


def test_the_nonce_of_a_response_is_in_its_header_and_new_each_time():
    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    middleware = ContentSecurityPolicyMiddleware(view)
    nonces = []
    for _ in range(2):
        response = middleware(RequestFactory().get("/id/"))
        nonce = re.search(rb'nonce="([^"]+)"', response.content).group(1).decode()
        assert f"'nonce-{nonce}'" in policy(response)["script-src"]
        assert f"'nonce-{nonce}'" in policy(response)["style-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1] and len(nonces[0]) >= 22  # 128 random bits
    # Without a nonce used, none is announced.
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))(RequestFactory().get("/id/"))
    assert policy(plain)["script-src"] == ["'self'"]


def test_wagtails_document_view_keeps_its_own_stricter_policy(client, settings):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    document = Document.objects.create(title="Laporan", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="laporan.pdf"))
    response = client.get(document.url)
    if response.status_code == 200:  # public documents; private ones are refused before any content
        assert response["Content-Security-Policy"] == "default-src 'none'"


# -- the templates: nothing the policy would block --------------------------------------------------

INLINE_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)
INLINE_ELEMENT = re.compile(r"<(script|style)\b([^>]*)>", re.S | re.I)


def public_templates():
    paths = []
    for path in ROOT.rglob("templates/**/*.html"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "node_modules/")) or "/admin/" in relative or "wagtailadmin" in relative:
            continue  # the admins' own policy allows inline code (lokadaya/csp.py)
        paths.append(path)
    assert len(paths) > 60
    return paths


def test_no_public_template_has_inline_handlers_style_attributes_or_inline_code_without_the_nonce():
    problems = []
    for path in public_templates():
        source = path.read_text()
        source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", "", source, flags=re.S)
        if INLINE_HANDLER.search(source):
            problems.append(f"{path}: inline event handler")
        if STYLE_ATTRIBUTE.search(source):
            problems.append(f"{path}: style attribute")
        for element, attributes in INLINE_ELEMENT.findall(source):
            if element.lower() == "script" and "src=" in attributes and "type=" not in attributes:
                continue  # a script file of the site
            if "application/json" in attributes or "application/ld+json" in attributes:
                continue  # data, never run
            if "request.csp_nonce" not in attributes:
                problems.append(f"{path}: inline <{element}> without nonce")
        if "javascript:" in source:
            problems.append(f"{path}: javascript: URL")
    assert not problems, "\n".join(problems)


def test_sdg_badges_are_coloured_by_class_with_each_goals_colour():
    from sdgs.models import SDG

    css = (ROOT / "static/css/lokadaya.css").read_text()
    for goal in SDG.objects.all():
        text = "#fff" if goal.text_colour == "#ffffff" else "#000"
        assert f".sdg-{goal.number}{{background:{goal.colour};color:{text}}}" in css, goal.number
    for percent in (0, 37, 100):
        assert f".fill-{percent}{{width:{percent}%}}" in css


def test_progress_bars_and_badges_render_classes_not_styles(client, home_page, make_campaign):
    from decimal import Decimal

    campaign = make_campaign(asks=[("donation", {"title": "Donasi", "target": Decimal("1000000"),
                                                 "minimum": Decimal("10000"), "suggested_amounts": [50000]})])
    html = client.get(campaign.url).content.decode()
    assert 'class="fill-0"' in html and "style=" not in html
