"""Prepare the benchmark's database: ``python -m gateways.bench.prepare OUT [options]``.

Run by ``payments_benchmark`` with the benchmark settings and the dedicated database in the
environment (DJANGO_SETTINGS_MODULE, DATABASE_URL, ...). It migrates (quietly), seeds the demo
content (``seed_demo``), picks a live campaign with a donation ask, creates the pending Midtrans
donations of each batch directly with the ORM, runs the tasks the seeding queued (with the task
worker's batch mode) and writes OUT (JSON): the campaign's URL, each
batch's orders (token, amount, donation id), the table names the benchmark queries with plain SQL,
and the management commands available (to find the task worker).
"""
import argparse
import io
import json
import os
import random
import sys
import time
import uuid
from decimal import Decimal

AMOUNTS = (25_000, 50_000, 100_000, 150_000, 250_000, 500_000)
NAMES = ("Siti Rahmawati", "Budi Santoso", "Made Wirawan", "Yohanes Lake", "Nur Aini", "Dewi Lestari")


def pick_campaign():
    """A live Indonesian campaign with a donation ask: ``(campaign, ask)``."""
    from wagtail.models import Locale

    from campaigns.models import CampaignPage

    indonesian = Locale.objects.get(language_code="id")
    for campaign in CampaignPage.objects.live().filter(locale=indonesian).order_by("pk"):
        for ask in campaign.get_asks():
            if ask.type_key == "donation":
                return campaign, ask
    raise SystemExit("No live campaign with a donation ask after seed_demo.")


def create_donations(campaign, ask, count, batch, rng):
    """``count`` pending donations paid with Midtrans: ``[(token, amount, donation id)]``.

    Created as the donation form would leave them (a waiting Payment, a pending Donation and the
    gateway transaction of the Snap redirect), with bulk inserts.
    """
    from gateways.models import GatewayTransaction
    from plugins.donation.models import Donation, Payment

    payments, donations, records = [], [], []
    for i in range(count):
        amount = Decimal(rng.choice(AMOUNTS))
        token = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        payments.append(Payment(variant="midtrans", status="waiting", currency="IDR", total=amount,
                                token=token, description=f"Donasi {campaign.title}"[:255],
                                billing_email=f"bench-{batch}-{i}@contoh.id", billing_first_name=NAMES[i % len(NAMES)]))
    Payment.objects.bulk_create(payments, batch_size=1000)
    for i, payment in enumerate(payments):
        donations.append(Donation(campaign=campaign, ask_id=ask.id, amount=payment.total, payment=payment,
                                  name=payment.billing_first_name, email=payment.billing_email,
                                  status=Donation.Status.PENDING, message="Semoga bermanfaat"))
        records.append(GatewayTransaction(payment=payment, provider="midtrans", reference=uuid.uuid4().hex,
                                          redirect_url=f"https://app.sandbox.midtrans.com/snap/v4/redirection/"
                                                       f"{payment.token}"))
    Donation.objects.bulk_create(donations, batch_size=1000)
    GatewayTransaction.objects.bulk_create(records, batch_size=1000)
    return [(p.token, f"{p.total:.2f}", d.pk) for p, d in zip(payments, donations)]


def drain_tasks(commands):
    """Run the tasks the seeding queued (search and reference indexing, hundreds of them) now.

    Otherwise the benchmark's worker would work through them while the first figures are taken.
    Returns the command used, or "" when there is no worker (an immediate backend queues nothing).
    """
    from django.core.management import call_command

    quiet = io.StringIO()
    attempts = [("worker", ["--batch", "--no-schedule"]),
                ("db_worker", ["--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload"])]
    for name, arguments in attempts:
        if not commands.get(name):
            continue
        try:
            call_command(name, *arguments, verbosity=0, stdout=quiet, stderr=quiet)
        except Exception as exc:  # noqa: BLE001 - its options may have changed: try the next way
            print(f"manage.py {name} {' '.join(arguments)} failed: {exc!r}", file=sys.stderr)
            continue
        return f"{name} {' '.join(arguments)}"
    return ""


def tables():
    """The table names and ledger labels the benchmark's SQL needs, from the models themselves."""
    from campaigns.models import StatusChange
    from finance.models import LedgerEntry
    from plugins.donation.models import Donation, Payment

    return {"donation": Donation._meta.db_table, "payment": Payment._meta.db_table,
            "ledger": LedgerEntry._meta.db_table, "status_change": StatusChange._meta.db_table,
            "donation_label": Donation._meta.label_lower}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--batch", type=int, action="append", required=True, help="donations per batch")
    parser.add_argument("--seed-size", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokadaya.settings.benchmark")
    import django

    django.setup()
    from django.core.management import call_command, get_commands
    from django.db import transaction
    from django.utils import translation

    timings = {}
    started = time.perf_counter()
    quiet = io.StringIO()
    call_command("migrate", interactive=False, verbosity=0, stdout=quiet, stderr=quiet)
    timings["migrate"] = time.perf_counter() - started

    started = time.perf_counter()
    # A disposable database under production settings: demo content without any known login.
    call_command("seed_demo", size=args.seed_size, no_admin=True, allow_production=True, stdout=quiet)
    timings["seed"] = time.perf_counter() - started

    started = time.perf_counter()
    rng = random.Random(args.seed)
    with translation.override("id"), transaction.atomic():
        campaign, ask = pick_campaign()
        batches = [create_donations(campaign, ask, count, n + 1, rng) for n, count in enumerate(args.batch)]
        url = campaign.get_url()
    timings["donations"] = time.perf_counter() - started

    commands = get_commands()
    started = time.perf_counter()
    drained = drain_tasks(commands)
    timings["tasks"] = time.perf_counter() - started
    result = {
        "campaign": {"pk": campaign.pk, "title": campaign.title, "url": url},
        "batches": batches,
        "tables": tables(),
        "commands": {name: commands.get(name) for name in ("worker", "db_worker")},
        "timings": timings,
        "drained": drained,
    }
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
