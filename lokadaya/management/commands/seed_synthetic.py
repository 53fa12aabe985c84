"""``manage.py seed_synthetic --pages 100000 --pledges 1000000``: a large synthetic data set, in bulk.

For load and search benchmarks (``lokadaya.synthetic``): OMS, campaigns asking for the installed
support types and stories, in Indonesian, spread over every kabupaten/kota, and support records of
every type through the plugins' ``demo_records``. Run ``seed_demo`` first (it makes the home page
and the indexes). Idempotent: a second run adds only the missing pages. Like ``seed_demo`` it
refuses to run with DEBUG off unless told ``--force`` (the database must be a disposable copy).
"""
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lokadaya.management.commands.seed_demo import production_settings
from lokadaya.synthetic import Synthetic


class Command(BaseCommand):
    help = "Write a large synthetic data set in bulk (pages and support records), for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=100_000,
                            help="Pages: a fifth OMS, two fifths campaigns, the rest stories.")
        parser.add_argument("--pledges", type=int, default=1_000_000, help="Support records, every type.")
        parser.add_argument("--per-campaign", type=int, default=200,
                            help="Average support records of a campaign that has some.")
        parser.add_argument("--seed", type=int, default=13, help="Random seed (the same seed, the same data).")
        parser.add_argument("--force", action="store_true", help="Run with DEBUG off (a disposable database only).")

    def handle(self, *args, pages, pledges, per_campaign, seed, force, **options):
        if production_settings() and not force:
            raise CommandError(_("seed_synthetic fills the database with synthetic pages and records: it runs "
                                 "with the development settings only, or with --force on a disposable copy."))
        if pages < 5 or pledges < 0 or per_campaign < 1:
            raise CommandError(_("--pages must be at least 5, --pledges zero or more, --per-campaign at least 1."))
        started = time.perf_counter()
        try:
            result = Synthetic(pages, pledges, seed=seed, out=self.stdout.write,
                               records_per_campaign=per_campaign).run()
        except LookupError as error:
            raise CommandError(_("There is no Indonesian partner index (mitra) yet: run seed_demo first.")) from error
        # Bulk inserts send no signal: every process's kept pages and look-ups start again.
        from lokadaya import lookups
        from pagecache.purge import purge_everything

        purge_everything()
        lookups.changed()
        seconds = max(time.perf_counter() - started, 1e-9)
        records = sum(result["records"].values())
        for label, count in sorted(result["records"].items()):
            self.stdout.write(f"  {label}: {count}")
        rows = result["pages"] + records
        self.stdout.write(self.style.SUCCESS(
            f"{result['pages']} pages and {records} support records in {seconds:.1f} s "
            f"({rows / seconds:,.0f} pages+records/s)."))
