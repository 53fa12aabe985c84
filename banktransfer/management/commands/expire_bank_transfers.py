"""Cancel bank transfers past their deadline that have no proof of transfer.

Run it periodically (cron / a systemd timer, e.g. every 15 minutes):

    python manage.py expire_bank_transfers

Transfers whose donor uploaded a proof are NOT expired, however late: the donor did their part
and the OMS must confirm or reject them in the admin. Safe to run twice or concurrently: each
transfer is expired under a row lock, once.
"""
from django.core.management.base import BaseCommand
from django.utils import timezone

from banktransfer.models import BankTransfer
from banktransfer.services import expire_due
from lokadaya.money import format_rupiah


class Command(BaseCommand):
    help = "Expire bank transfers past their deadline without a proof (their payments are cancelled)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would expire.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        now = timezone.now()
        if dry_run:
            due = list(BankTransfer.objects.filter(status=BankTransfer.Status.AWAITING_TRANSFER, expires_at__lte=now)
                       .select_related("campaign").order_by("expires_at"))
            for transfer in due:
                self.stdout.write(f"Would expire {self._describe(transfer)}")
            self.stdout.write(f"{len(due)} bank transfer(s) would expire (dry run, nothing changed).")
            return
        expired = expire_due(now)
        if verbosity >= 1:
            for transfer in expired:
                self.stdout.write(f"Expired {self._describe(transfer)}; payment cancelled.")
        waiting_review = BankTransfer.objects.filter(status=BankTransfer.Status.PROOF_UPLOADED,
                                                     expires_at__lte=now).count()
        self.stdout.write(self.style.SUCCESS(f"Expired {len(expired)} bank transfer(s)."))
        if waiting_review:
            self.stdout.write(f"{waiting_review} past their deadline have a proof awaiting review: not expired.")

    @staticmethod
    def _describe(transfer):
        deadline = timezone.localtime(transfer.expires_at)
        return (f"bank transfer #{transfer.pk} ({format_rupiah(transfer.amount_to_pay)}, "
                f"campaign “{transfer.campaign.title}”, deadline {deadline:%Y-%m-%d %H:%M})")
