"""The task worker and its schedule: queued work runs in ``manage.py worker``, scheduled jobs are
queued once per due time, and a gateway notification goes from the webhook to a confirmed
donation through the real database queue."""
import datetime
from decimal import Decimal

import pytest
import responses
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns.notifications import send_templated_email
from gateways.models import InboxItem
from gateways.testing import ASK, MIDTRANS_API, donate, midtrans_notification, midtrans_status, post_json
from jobs.models import ScheduledRun
from jobs.schedule import discover, tick
from plugins.donation.models import Donation

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_every_scheduled_job_of_the_site_is_registered():
    names = set(discover())
    assert {"gateways.tasks.settle_inbox", "banktransfer.tasks.expire_bank_transfers",
            "jobs.tasks.publish_scheduled_pages", "finance.tasks.nightly_reconcile",
            "jobs.tasks.prune_task_results"} <= names


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_due_job_is_queued_once_until_its_next_time(db):
    now = timezone.now()
    first = tick(now)
    assert "finance.tasks.nightly_reconcile" in first
    queued = DBTaskResult.objects.count()
    assert queued == len(first)
    assert tick(now + datetime.timedelta(seconds=30)) == []  # nothing is due again yet
    assert DBTaskResult.objects.count() == queued
    run = ScheduledRun.objects.get(name="finance.tasks.nightly_reconcile")
    assert run.next_run_at == now + datetime.timedelta(days=1)
    assert "finance.tasks.nightly_reconcile" in tick(now + datetime.timedelta(days=1, seconds=1))




# The worker closes old connections between tasks, as it should: these tests commit for real.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_emails_wait_for_the_worker():
    assert send_templated_email("siti@contoh.id", "donation/email/pledged", {"donation": _FakeDonation()})
    assert mail.outbox == [] and DBTaskResult.objects.filter(task_path="campaigns.tasks.send_email").exists()
    call_command("worker", "--batch", "--no-schedule", verbosity=0)
    assert [m.to for m in mail.outbox] == [["siti@contoh.id"]]
    assert DBTaskResult.objects.get(task_path="campaigns.tasks.send_email").status == "SUCCESSFUL"


class _FakeDonation:
    public_name = "Siti"
    amount = Decimal("50000")
    given_amount = Decimal("50000")

    class campaign:  # noqa: N801 - stands in for the related object in the template
        title = "Lampu Jalan"


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_QUEUE)
def test_a_notification_is_settled_by_the_worker(client, make_campaign):
    from django.core.cache import cache

    from gateways.settlement import WAKE_KEY

    cache.delete(WAKE_KEY)  # no wake-up left over from another test
    campaign = make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Kampung Nelayan")
    donation = donate(client, campaign, "midtrans")
    payment = donation.payment
    with responses.RequestsMock(assert_all_requests_are_fired=False) as gateway:
        status = gateway.get(f"{MIDTRANS_API}/v2/{payment.token}/status",
                             json=midtrans_status(payment, "settlement"))
        response = post_json(client, "/payments/process/midtrans/", midtrans_notification(payment, "settlement"))
        # Answered at once: stored, queued, nothing asked of the gateway yet.
        assert response.status_code == 200 and response.json() == {"status": "ok"}
        assert not status.calls
        assert InboxItem.objects.get().status == InboxItem.Status.PENDING
        assert DBTaskResult.objects.filter(task_path="gateways.tasks.settle_inbox").count() == 1
        donation.refresh_from_db()
        assert donation.status == Donation.Status.PENDING
        call_command("worker", "--batch", "--no-schedule", verbosity=0)
    assert len(status.calls) == 1
    donation.refresh_from_db()
    assert donation.status == Donation.Status.CONFIRMED and donation.counted_amount == Decimal("150000")
    assert InboxItem.objects.get().status == InboxItem.Status.APPLIED


@pytest.mark.parametrize("argument", ["--bogus"])
def test_the_worker_refuses_unknown_options(argument):
    from django.core.management.base import CommandError

    with pytest.raises((CommandError, SystemExit)):
        call_command("worker", argument)
