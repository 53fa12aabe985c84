"""The demo's monthly donors: active plans with confirmed charges in the ledger; reconcile stays clean
and a second run adds nothing."""
from finance.reconcile import reconcile
from gateways.testing import ASK
from plugins.donation.models import Donation
from plugins.donation.recurring import demo
from plugins.donation.recurring.models import RecurringDonation


def test_the_demo_seeds_active_plans_that_reconcile(make_campaign, client):
    campaign = make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Desa")
    lines = demo.seed()
    assert lines and RecurringDonation.objects.filter(status="active").count() == 3
    assert Donation.objects.filter(recurring__isnull=False, status="confirmed").count() == 6
    report = reconcile(pages=False)
    assert report.ok, report.differences
    assert demo.seed() == [] and RecurringDonation.objects.count() == 3
    assert "3 donatur berdonasi setiap bulan" in client.get(campaign.url).content.decode()


def test_a_gateway_out_of_reach_fails_the_attempt_when_the_queue_cannot_wait(make_campaign, monkeypatch,
                                                                           django_capture_on_commit_callbacks):
    """The immediate backend cannot defer a retry: the attempt counts as failed and is retried in days."""
    from gateways import recurring
    from gateways.client import GatewayError
    from plugins.donation.recurring import service

    campaign = make_campaign(asks=[("donation", ASK)])
    demo.seed()
    plan = RecurringDonation.objects.filter(method="dummy").first()
    monkeypatch.setattr(recurring, "charge", lambda payment, method: (_ for _ in ()).throw(GatewayError("timeout")))
    with django_capture_on_commit_callbacks(execute=True):
        donation_id = service.make_charge(plan.pk, plan.next_charge_on)
    assert Donation.objects.get(pk=donation_id).status == Donation.Status.FAILED
    plan.refresh_from_db()
    assert plan.failed_attempts == 1 and plan.status == RecurringDonation.Status.ACTIVE
    assert campaign.pk == plan.campaign_id
