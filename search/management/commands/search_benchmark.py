"""``manage.py search_benchmark``: seed a large data set and print search latency percentiles.

Not a test: it measures. ``--size N`` first runs ``seed_demo --size N`` (N generated OMS, each with
a campaign and a story; idempotent), then every scenario below runs ``--runs`` times after one
warm-up, timed end to end: the search (index query, filters, counts, sorting, the page of results,
highlights) and, for the "page" scenarios, the whole HTTP response with its template.
"""
import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from search import engine, tasks
from search.engine import Filters
from search.presentation import present
from search.querytext import clean_query

PERCENTILES = (50, 90, 95, 99)


def percentile(samples, p):
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class Command(BaseCommand):
    help = "Seed a large demo data set (--size) and print search latency percentiles."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=1000,
                            help="Generated OMS (each with a campaign and a story) to seed first; 0 seeds nothing.")
        parser.add_argument("--runs", type=int, default=30, help="Timed runs per scenario.")
        parser.add_argument("--force", action="store_true",
                            help="Seed even with DEBUG off (never on a production database).")

    def handle(self, *args, size, runs, force, **options):
        if size < 0 or runs < 1:
            raise CommandError(_("--size must be zero or more and --runs at least 1."))
        if size and not settings.DEBUG and not force:
            raise CommandError(_("This adds demo content to the database. Run it with the development "
                                 "settings, or add --force if this database is a disposable copy."))
        if size:
            started = time.perf_counter()
            call_command("seed_demo", size=size, records=0, no_admin=True, stdout=self.stdout)
            self.stdout.write(_("Seeded in %(seconds).1f s.") % {"seconds": time.perf_counter() - started})
        with translation.override("id"):
            self.report_data()
            self.measure(runs)

    def report_data(self):
        indonesian = Locale.objects.get(language_code="id")
        for key, (model, plural, _one) in engine.kinds().items():
            live = model.objects.live().filter(locale=indonesian).count()
            self.stdout.write(f"{plural}: {live}")

    def scenarios(self):
        indonesian, english = Locale.objects.get(language_code="id"), Locale.objects.filter(language_code="en").first()
        from regions.models import Province
        from sdgs.models import SDG

        province = Province.objects.get(code="35")
        sdg = SDG.objects.get(number=6)

        def run(query, locale=indonesian, sort="relevance", page=1, **filters):
            text = clean_query(query, locale.language_code)
            outcome, _any = engine.run(locale, text.text, Filters(**filters), sort, page)
            present(None, outcome.page.object_list, text.terms, locale.language_code)
            return outcome.total

        client = Client(HTTP_HOST="localhost")

        def page(path, params):
            response = client.get(path, params)
            if response.status_code != 200:
                raise CommandError(f"{path} {params}: HTTP {response.status_code}")

        yield "common word", lambda: run("air")
        yield "two words", lambda: run("air bersih")
        yield "stemmed word", lambda: run("pembangunan")
        yield "rare word", lambda: run("kalajengking")
        yield "word + province + closing", lambda: run("sampah", sort="closing", province=province)
        yield "browse, newest", lambda: run("", sort="newest")
        yield "browse + 3 filters", lambda: run("", sort="newest", sdg=sdg, support="donation", status="active")
        yield "word, page 20", lambda: run("air", page=20)
        if english:
            yield "english word", lambda: run("water", locale=english)
        yield "autocomplete", lambda: page("/id/cari/saran/", {"q": "sam"})
        campaign = engine.kinds()["campaign"][0].objects.live().filter(locale=indonesian).first()
        if campaign:
            # What a publish no longer waits for: one page's index update, now run after the response.
            yield "index one page (deferred)", lambda: tasks.update_object.call(
                "campaigns", "campaignpage", str(campaign.pk))
        yield "page: word", lambda: page("/id/cari/", {"q": "air bersih"})
        yield "page: filters", lambda: page("/id/cari/", {"province": "jawa-timur", "kind": "campaign",
                                                          "sort": "closing"})

    def measure(self, runs):
        header = f"{'scenario':<28}" + "".join(f"{'p' + str(p):>9}" for p in PERCENTILES) + f"{'max':>9}  (ms)"
        self.stdout.write(header)
        for name, scenario in self.scenarios():
            scenario()  # warm-up
            samples = []
            for _i in range(runs):
                started = time.perf_counter()
                scenario()
                samples.append((time.perf_counter() - started) * 1000)
            line = f"{name:<28}" + "".join(f"{percentile(samples, p):9.1f}" for p in PERCENTILES)
            self.stdout.write(line + f"{max(samples):9.1f}   mean {statistics.mean(samples):.1f}")
