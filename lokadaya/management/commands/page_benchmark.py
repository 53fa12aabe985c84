"""``manage.py page_benchmark``: what a phone on slow 4G waits for on the public pages.

Serves the site from this process (the full middleware stack: pages gzipped, static files through
whitenoise) unless ``--base-url`` names a running one, then loads the demo's campaign page, home
page, an OMS profile and a story in chromium under the slow-4G phone profile of
``lokadaya.bench.paint`` and prints first paint, first contentful paint, largest contentful paint,
the HTML+CSS+JS bytes transferred and the largest image. Run ``seed_demo`` first.
"""
import threading

from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from wagtail.models import Locale

from lokadaya.bench.paint import measure_paint


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def default_paths():
    """One page of each kind a visitor lands on, from the demo content, Indonesian first."""
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    locale = Locale.get_default()
    paths = []
    home = "/" + locale.language_code + "/"
    paths.append(home)
    for model in (CampaignPage, OrganisationPage, StoryPage):
        page = model.objects.live().public().filter(locale=locale).order_by("pk").first()
        if page is not None:
            paths.append(page.url)
    return paths


class Command(BaseCommand):
    help = "First paint and LCP of public pages in chromium throttled to slow 4G on a phone."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", help="A running site to measure (default: serve this one here).")
        parser.add_argument("--runs", type=int, default=3, help="Cold loads per page (median reported).")
        parser.add_argument("paths", nargs="*", help="Paths to measure (default: home, campaign, OMS, story).")

    def handle(self, *args, base_url=None, runs=3, paths=(), **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        if not paths:
            paths = default_paths()
            if len(paths) < 2:
                raise CommandError("No demo pages found: run `python manage.py seed_demo` first.")
        server = None
        if not base_url:
            server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
            server.set_app(get_wsgi_application())
            threading.Thread(target=server.serve_forever, daemon=True).start()
            base_url = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            figures = measure_paint(base_url, paths, runs=runs)
        finally:
            if server is not None:
                server.shutdown()
                server.server_close()
        self.stdout.write(f"slow 4G phone profile, median of {runs} cold loads, {base_url}")
        header = f"{'page':<60} {'FP ms':>7} {'FCP ms':>7} {'LCP ms':>7} {'LCP el':>7} {'HTML+CSS+JS':>12} {'max image':>10}"
        self.stdout.write(header)
        for f in figures:
            self.stdout.write(
                f"{f.path[:60]:<60} {f.first_paint_ms:7.0f} {f.first_contentful_paint_ms:7.0f} "
                f"{f.largest_contentful_paint_ms:7.0f} {f.lcp_element:>7} {f.html_css_js_bytes / 1024:9.1f} KB "
                f"{f.largest_image_bytes / 1024:7.1f} KB")
