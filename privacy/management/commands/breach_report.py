"""``manage.py breach_report <breach id> [--output DIR] [--language id]``: the people a breach affects
(``affected.csv``) and the email draft telling them (``notification_draft.txt``).

Writes both into DIR (default ``./breach-<id>-<date>/``), whole or not at all, prints the count and
the paths, and keeps the count on the breach. The admin's breach page offers the same files.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from privacy.breaches import report


class Command(BaseCommand):
    help = "List the people a personal data breach affects and draft the email telling them."

    def add_arguments(self, parser):
        parser.add_argument("breach_id", help="The breach's number in the register (/admin/privasi/pelanggaran/).")
        parser.add_argument("--output", help="Directory to write the files into (default: ./breach-<id>-<date>/).")
        parser.add_argument("--language", default="id", help="Language of the draft and the list's headings.")

    def handle(self, *args, breach_id, output=None, language="id", **options):
        from privacy.models import Breach

        if language not in dict(settings.LANGUAGES):
            raise CommandError(_("Unknown language %(language)s: choose one of %(choices)s.") % {
                "language": language, "choices": ", ".join(code for code, _name in settings.LANGUAGES)})
        breach = Breach.objects.filter(pk=int(breach_id)).first() if str(breach_id).isdigit() else None
        if breach is None:
            raise CommandError(_("There is no breach number %(id)s in the register.") % {"id": breach_id})
        directory = output or f"breach-{breach.pk}-{timezone.localdate():%Y%m%d}"
        people, files = report.build(breach, language)
        try:
            paths = report.write(files, directory)
        except OSError as error:
            raise CommandError(_("Cannot write the report into %(directory)s: %(error)s. Nothing was written.") % {
                "directory": directory, "error": error.strerror or error}) from None
        report.store_count(breach, len(people))
        self.stdout.write(_("%(count)s people affected by breach %(id)s (%(title)s).") % {
            "count": len(people), "id": breach.pk, "title": breach.title})
        for path in paths:
            self.stdout.write(path)
