"""``manage.py apply_retention [--dry-run] [--today YYYY-MM-DD]``: apply the retention policy now.

The daily job does the same (``privacy.tasks.apply_retention``); this shows the figures, and with
``--dry-run`` only what it would do.
"""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from privacy.retention import service


class Command(BaseCommand):
    help = "Anonymise supporters' personal data of campaigns past the retention policy (see PrivacySettings)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be anonymised.")
        parser.add_argument("--today", help="Apply the policy as of this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, dry_run=False, today=None, **options):
        if today:
            try:
                today = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(_("--today must be a date written YYYY-MM-DD, e.g. 2026-01-31.")) from None
        try:
            summary = service.run(today=today, dry_run=dry_run)
        except service.RetentionError as error:
            self._report(error.args[0])
            raise CommandError(_("Some batches failed (see the log); the rest is done. Run it again later.")) from None
        self._report(summary)

    def _report(self, summary):
        from privacy.models import PrivacySettings

        policy = PrivacySettings.current()
        write = self.stdout.write
        write(_("Retention policy: pledges %(months)s months, money %(years)s years after the campaign ends.")
              % {"months": policy.pledge_retention_months, "years": policy.money_retention_years})
        write(_("As of %(day)s: %(pledge)s campaigns past the pledge period, %(money)s past the money period.")
              % {"day": summary.today.isoformat(), "pledge": summary.pledge_campaigns,
                 "money": summary.money_campaigns})
        if summary.dry_run:
            write(_("Dry run: nothing was changed. Records still holding personal data on those campaigns:"))
            for name, count in summary.estimate.items():
                write(f"  {name}: {count}")
            write(_("Consents to blank: %(n)s; story-update deliveries to delete: %(d)s.")
                  % {"n": summary.consents, "d": summary.deliveries})
            return
        write(_("Anonymised: %(plugins)s records of the support types, %(consents)s consents, "
                "%(deliveries)s story-update deliveries.")
              % {"plugins": summary.plugin_records, "consents": summary.consents,
                 "deliveries": summary.deliveries})
        if summary.failed_batches:
            self.stderr.write(_("%(n)s batches failed.") % {"n": summary.failed_batches})
