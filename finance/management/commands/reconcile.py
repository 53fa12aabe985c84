"""``manage.py reconcile``: check every money invariant; list each difference, exit 1 if any.

Run it nightly (the task worker does, see ``finance/tasks.py``) and after any repair by hand::

    python manage.py reconcile            # every check, the transparency pages included
    python manage.py reconcile --no-pages # the ledger and the records only (faster)
"""
from django.core.management.base import BaseCommand, CommandError

from finance.reconcile import reconcile


class Command(BaseCommand):
    help = "Check that the ledger, the records, the campaign pages and the transparency pages agree."

    def add_arguments(self, parser):
        parser.add_argument("--no-pages", action="store_true", help="Skip rendering the transparency pages.")

    def handle(self, *args, no_pages=False, **options):
        report = reconcile(pages=not no_pages)
        for difference in report.differences:
            self.stdout.write(str(difference))
        summary = (f"{report.records} records, {report.campaigns} campaigns, {report.organisations} OMS, "
                   f"{report.provinces} provinces checked: {len(report.differences)} differences")
        if not report.ok:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
