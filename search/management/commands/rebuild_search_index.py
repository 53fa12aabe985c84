"""``manage.py rebuild_search_index``: rebuild what search reads, from the pages as they are.

The campaigns' support-type rows first, then every search backend's index
(Wagtail's ``update_index``), then the search documents (PostgreSQL). Safe to run on a live site;
run it after restoring a database or when a backend was down while pages changed.
"""
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.models import CampaignPage
from search import documents
from search.support_types import sync_support_types

CHUNK = 500


class Command(BaseCommand):
    help = "Rebuild the campaigns' support-type rows and every search index."

    def add_arguments(self, parser):
        parser.add_argument("--backend", default=None, help="Rebuild only this search backend (a key of "
                                                           "WAGTAILSEARCH_BACKENDS).")
        parser.add_argument("--skip-index", action="store_true", help="Rebuild the support-type rows only.")

    def handle(self, *args, backend, skip_index, verbosity, **options):
        configured = list(getattr(settings, "WAGTAILSEARCH_BACKENDS", {}) or ["default"])
        if backend is not None and backend not in configured:
            raise CommandError(_("Unknown search backend “%(name)s”. Configured: %(names)s.")
                               % {"name": backend, "names": ", ".join(configured)})
        campaigns = rows = 0
        # One campaign at a time, its row locked (a publish at the same moment waits or is waited
        # for), writing only what differs.
        for pk in CampaignPage.objects.values_list("pk", flat=True).iterator(chunk_size=CHUNK):
            with transaction.atomic():
                campaign = CampaignPage.objects.select_for_update(of=("self",)).only("pk", "asks").filter(
                    pk=pk).first()
                if campaign is not None:
                    campaigns += 1
                    rows += len(sync_support_types(campaign))
        self.stdout.write(_("Support types: %(campaigns)s campaigns, %(rows)s rows.")
                          % {"campaigns": campaigns, "rows": rows})
        if not skip_index:
            call_command("update_index", backend_name=backend, verbosity=verbosity, stdout=self.stdout)
            documents.refresh()  # the search page's rows, from the index just rebuilt (PostgreSQL)
        self.stdout.write(self.style.SUCCESS(_("Search index rebuilt.")))
