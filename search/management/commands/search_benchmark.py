"""``manage.py search_benchmark``: latency percentiles of the search page and its suggestions.

Not a test: it measures. Each of 40 searches (words, stemmed words, places, two-word phrases,
filters, sorting, later pages, browsing) and 36 typed prefixes is requested through Django's test
client, page cache off, ``--runs`` times: the first request of each is reported apart ("cold": the
counts of a browse are computed then cached), the others give p50/p95 per kind. The largest number
of queries one render made is printed too (the budget is 20). ``--size N`` first runs
``seed_demo --size N`` (development settings only, or ``--force``); for 100,000 pages use
``seed_synthetic`` first.
"""
import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils.translation import gettext as _
from wagtail.models import Locale

from search import engine

PERCENTILES = (50, 95)

SEARCHES = [
    {"q": word} for word in (
        "air", "sampah", "sekolah", "kesehatan", "nelayan", "petani", "perpustakaan", "posyandu", "mangrove",
        "sanitasi", "irigasi", "jembatan", "koperasi", "pelatihan", "lampu", "gizi", "banjir", "lansia",
        "pembangunan", "membangun", "kalajengking", "Surabaya", "Kupang", "Makassar")
] + [
    {"q": "air bersih"}, {"q": "bank sampah"}, {"q": "hutan mangrove"}, {"q": "anak sekolah"}, {"q": "rumah baca"},
    {"q": "lampu tenaga surya"},
    {"q": "sampah", "province": "jawa-timur"},
    {"q": "air", "kind": "campaign", "status": "active"},
    {"q": "sekolah", "sdg": "4"},
    {"q": "nelayan", "sort": "newest"},
    {"q": "posyandu", "page": "3"},
    {"q": "pelatihan", "support": "volunteering", "sort": "closing"},
    {"kind": "campaign", "sort": "closing"},
    {"province": "nusa-tenggara-timur"},
    {"support": "volunteering", "status": "active"},
    {},
]
PREFIXES = [
    "sa", "sam", "samp", "ai", "air", "ba", "ban", "bank s", "per", "perp", "pem", "pemb", "sek", "seko", "kes",
    "nel", "pet", "pos", "man", "sur", "kup", "jem", "kop", "lam", "gi", "lan", "dis", "ir", "hut", "rum", "yay",
    "kom", "fo", "air b", "hutan m", "pen",
]


def percentile(samples, p):
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class Command(BaseCommand):
    help = "Print latency percentiles of the search page and its suggestions over varied Indonesian queries."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=0,
                            help="Generated OMS (each with a campaign and a story) to seed first (seed_demo --size).")
        parser.add_argument("--runs", type=int, default=5, help="Requests per query (the first is reported apart).")
        parser.add_argument("--force", action="store_true",
                            help="Seed even with DEBUG off (never on a production database).")
        parser.add_argument("--verbose-queries", action="store_true", help="One line per query.")

    def handle(self, *args, size, runs, force, verbose_queries, **options):
        if size < 0 or runs < 2:
            raise CommandError(_("--size must be zero or more and --runs at least 2."))
        if size and not settings.DEBUG and not force:
            raise CommandError(_("This adds demo content to the database. Run it with the development "
                                 "settings, or add --force if this database is a disposable copy."))
        if size:
            started = time.perf_counter()
            call_command("seed_demo", size=size, records=0, no_admin=True, stdout=self.stdout)
            self.stdout.write(_("Seeded in %(seconds).1f s.") % {"seconds": time.perf_counter() - started})
        indonesian = Locale.objects.get(language_code="id")
        for key, (model, plural, _one) in engine.kinds().items():
            self.stdout.write(f"{plural}: {model.objects.live().filter(locale=indonesian).count()}")
        client = Client(HTTP_HOST=self.host())
        with override_settings(LOKADAYA_PAGE_CACHE=False):
            search = self.measure(client, "/id/cari/", SEARCHES, runs, verbose_queries)
            suggest = self.measure(client, "/id/cari/saran/", [{"q": prefix} for prefix in PREFIXES], runs,
                                   verbose_queries)
        self.stdout.write(f"{'':28}{'p50':>9}{'p95':>9}{'max':>9}  ms   queries/render (max)")
        for name, (warm, cold, queries) in (("search", search), ("autocomplete", suggest)):
            for label, samples in ((f"{name} ({len(warm)})", warm), (f"{name}, first request", cold)):
                figures = "".join(f"{percentile(samples, p):9.1f}" for p in PERCENTILES)
                self.stdout.write(f"{label:<28}{figures}{max(samples):9.1f}       {queries}")

    def host(self):
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        return site.hostname if site else "localhost"

    def measure(self, client, path, cases, runs, verbose):
        """``(warm samples in ms, first-request samples in ms, most queries in one warm render)``."""
        warm, cold, most = [], [], 0
        for params in cases:
            times = []
            for _run in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(path, params)
                    times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{path} {params}: HTTP {response.status_code}")
                if _run:  # the process's first requests also load what it keeps (site, locales...)
                    most = max(most, len(queries.captured_queries))
            cold.append(times[0])
            warm.extend(times[1:])
            if verbose:
                self.stdout.write(f"  {str(params):60} first {times[0]:7.1f}  then {statistics.median(times[1:]):7.1f}"
                                  f"  ({len(queries.captured_queries)} queries)")
        return warm, cold, most
