"""Monthly donations (donasi rutin) end to end through real HTTP: the form starts a plan and its first
charge, the first payment activates it, the hourly job makes one charge a month (however often it
runs), declines are retried and the donor told, a campaign that stops taking money pauses it, and the
ledger reconciles after charges and a refund."""
import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from payments import PaymentStatus

from finance.models import LedgerEntry
from finance.reconcile import reconcile
from gateways.testing import ASK, pay_url, pledge_url
from plugins.donation.models import Donation, Payment
from plugins.donation.recurring import service
from plugins.donation.recurring.models import RecurringDonation
from plugins.donation.recurring.tasks import charge_due_plans

TEST_PAID = {"status": PaymentStatus.CONFIRMED, "fraud_status": "accept", "gateway_response": "3ds-disabled",
             "verification_result": ""}


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Desa")


def start_monthly(client, campaign, amount="50.000", method="dummy", **fields):
    data = {"amount": amount, "name": "Siti Rahmawati", "email": "siti@contoh.id", "method": method,
            "frequency": "monthly", "message": "Setiap bulan, semoga terang"}
    data.update(fields)
    return client.post(pledge_url(campaign), data)


def start_and_pay(client, campaign, capture, through_form=False, **fields):
    """A monthly plan started through the form, its first payment confirmed: through the test
    payment's form, or (default) as a gateway's settlement does it, what arrived recorded first
    (django-payments' test form confirms without recording what arrived, which ``reconcile`` notes)."""

    response = start_monthly(client, campaign, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    with capture(execute=True):
        if through_form:
            assert client.post(response["Location"], TEST_PAID).status_code == 302
        else:
            payment = Donation.objects.get(recurring__isnull=False).payment
            payment.received_amount = payment.captured_amount = payment.total
            payment.save(update_fields=["received_amount", "captured_amount"])
            payment.change_status(PaymentStatus.CONFIRMED)
    return RecurringDonation.objects.get()


def links_to(body, plan):
    """Does ``body`` carry the absolute link to ``plan``'s page (tokens are signed with a timestamp)?"""
    import re

    from django.core import signing

    from plugins.donation.recurring.models import MANAGE_SALT

    tokens = re.findall(r"http://testserver/id/dukung/donation/rutin/([^/\s]+)/", body)
    return any(signing.loads(token, salt=MANAGE_SALT) == plan.pk for token in tokens)


def started_last_month(plan):
    """Move the plan's first charge to last month and make the plan due today."""
    today = timezone.localdate()
    Donation.objects.filter(recurring=plan).update(period=service.add_months(service.month_of(today), -1))
    RecurringDonation.objects.filter(pk=plan.pk).update(next_charge_on=today)
    plan.refresh_from_db()
    return plan


def test_the_form_offers_monthly_giving_and_explains_it(client, campaign):
    page = client.get(pledge_url(campaign)).content.decode()
    assert 'name="frequency"' in page and 'value="monthly"' in page
    day = min(timezone.localdate().day, 28)
    assert f"tanggal {day} setiap bulan" in page
    assert "perlu akun" in page


def test_a_monthly_pledge_makes_a_pending_plan_and_its_first_charge(client, campaign):
    response = start_monthly(client, campaign)
    assert response.status_code == 302
    plan = RecurringDonation.objects.get()
    donation = Donation.objects.get()
    assert plan.status == RecurringDonation.Status.PENDING
    assert (plan.amount, plan.method, plan.email) == (Decimal("50000"), "dummy", "siti@contoh.id")
    assert plan.charge_day == min(timezone.localdate().day, 28)
    assert donation.recurring == plan and donation.period == timezone.localdate().replace(day=1)
    assert response["Location"] == pay_url(donation)
    assert "pembayaran pertama donasi rutin Anda" in client.get(response["Location"]).content.decode()


def test_a_one_off_gift_makes_no_plan(client, campaign):
    response = start_monthly(client, campaign, frequency="once")
    assert response.status_code == 302
    assert not RecurringDonation.objects.exists()
    assert Donation.objects.get().recurring is None


def test_the_first_payment_activates_the_plan_and_tells_the_donor(client, campaign, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    plan = start_and_pay(client, campaign, django_capture_on_commit_callbacks, through_form=True)
    today = timezone.localdate()
    assert plan.status == RecurringDonation.Status.ACTIVE
    assert plan.saved_method is not None and plan.saved_method.first_payment_id == Donation.objects.get().payment_id
    assert plan.next_charge_on == service.add_months(today.replace(day=1)).replace(day=plan.charge_day)
    started = [m for m in mailoutbox if "sudah dimulai" in m.subject]
    assert len(started) == 1 and links_to(started[0].body, plan)
    assert started[0].to == ["siti@contoh.id"]


def test_an_ask_without_monthly_giving_does_not_offer_it(client, make_campaign):
    campaign = make_campaign(asks=[("donation", {**ASK, "allow_monthly": False})])
    assert 'name="frequency"' not in client.get(pledge_url(campaign)).content.decode()
    assert start_monthly(client, campaign).status_code == 302
    assert not RecurringDonation.objects.exists()


def test_a_method_that_cannot_give_monthly_is_refused_with_a_reason(client, campaign, monkeypatch):
    monkeypatch.setattr("gateways.recurring.can_save", lambda variant: False)
    response = start_monthly(client, campaign, method="xendit", amount="75.000")
    assert response.status_code == 400
    page = response.content.decode()
    assert "belum bisa dipakai untuk donasi rutin" in page and 'value="75.000"' in page
    assert not RecurringDonation.objects.exists() and not Donation.objects.exists()


def test_the_job_makes_one_charge_a_month_however_often_it_runs(client, campaign, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    plan = started_last_month(start_and_pay(client, campaign, django_capture_on_commit_callbacks))
    with django_capture_on_commit_callbacks(execute=True):
        assert charge_due_plans.call() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert charge_due_plans.call() == 0
        assert service.make_charge(plan.pk, timezone.localdate() + datetime.timedelta(days=2)) is None
    charges = list(plan.charges.order_by("period"))
    assert len(charges) == 2
    this_month = charges[1]
    assert this_month.period == timezone.localdate().replace(day=1)
    assert this_month.status == Donation.Status.CONFIRMED  # the test card "saved" by the first payment
    assert this_month.payment_id != charges[0].payment_id
    assert LedgerEntry.objects.filter(source_id=this_month.pk, source_type="donation.donation").exists()
    plan.refresh_from_db()
    assert plan.next_charge_on == service.add_months(this_month.period).replace(day=plan.charge_day)
    receipts = [m for m in mailoutbox if this_month.receipt_number in m.subject]
    assert len(receipts) == 1
    assert reconcile(pages=False).ok


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_make_one_charge(make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    client = Client()
    response = start_monthly(client, campaign)
    client.post(response["Location"], TEST_PAID)
    plan = started_last_month(RecurringDonation.objects.get())
    assert plan.status == RecurringDonation.Status.ACTIVE
    barrier, results, errors = threading.Barrier(4), [], []

    def work():
        try:
            barrier.wait()
            results.append(service.make_charge(plan.pk))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len([r for r in results if r is not None]) == 1
    assert plan.charges.count() == 2
    assert plan.charges.filter(period=timezone.localdate().replace(day=1)).count() == 1


def decline(monkeypatch):
    """The gateway refuses every charge (as ``gateways.recurring.charge`` reports a decline)."""
    from gateways import recurring

    def refuse(payment, saved_method):
        payment.change_status(PaymentStatus.REJECTED, message="declined by the card's bank")
        raise recurring.ChargeDeclined()

    monkeypatch.setattr(recurring, "charge", refuse)


def test_declined_charges_are_retried_then_the_month_is_missed(client, campaign, mailoutbox, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    plan = started_last_month(start_and_pay(client, campaign, django_capture_on_commit_callbacks))
    decline(monkeypatch)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        charge_due_plans.call()
    plan.refresh_from_db()
    assert plan.failed_attempts == 1 and plan.status == RecurringDonation.Status.ACTIVE
    charge = plan.charges.get(period=today.replace(day=1), attempt=1)
    assert charge.status == Donation.Status.FAILED
    told = [m for m in mailoutbox if "tidak berhasil" in m.subject]
    assert len(told) == 1 and "mencoba lagi pada" in told[0].body and links_to(told[0].body, plan)
    retry_on = plan.next_charge_on
    assert retry_on == min(today + datetime.timedelta(days=3),
                           service.add_months(today.replace(day=1)).replace(day=plan.charge_day)
                           - datetime.timedelta(days=1)) or retry_on > today
    first_payment = charge.payment_id

    with django_capture_on_commit_callbacks(execute=True):
        retry_id = service.make_charge(plan.pk, retry_on)  # the same month, tried again: a new donation
    retry = Donation.objects.get(pk=retry_id)
    charge.refresh_from_db()
    plan.refresh_from_db()
    # The declined try keeps its payment (a late payment of it would still reach the ledger).
    assert charge.payment_id == first_payment and charge.status == Donation.Status.FAILED
    assert (retry.period, retry.attempt, retry.status) == (charge.period, 2, Donation.Status.FAILED)
    assert retry.payment_id != first_payment
    assert plan.failed_attempts == 2 and plan.charges.count() == 3

    with django_capture_on_commit_callbacks(execute=True):
        service.make_charge(plan.pk, plan.next_charge_on)
    plan.refresh_from_db()
    # Three attempts: the month is missed; next month is tried afresh.
    assert (plan.failed_attempts, plan.missed_months) == (0, 1)
    assert plan.next_charge_on == service.add_months(today.replace(day=1)).replace(day=plan.charge_day)
    assert "Bulan ini kami lewati" in mailoutbox[-1].body
    assert plan.charges.filter(period=today.replace(day=1)).count() == 3
    assert reconcile(pages=False).ok


def test_three_missed_months_stop_the_plan_and_the_donor_is_told(client, campaign, mailoutbox, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    plan = started_last_month(start_and_pay(client, campaign, django_capture_on_commit_callbacks))
    RecurringDonation.objects.filter(pk=plan.pk).update(missed_months=2, failed_attempts=2)
    # The third attempt of a month fails: the third month missed in a row.
    decline(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        charge_due_plans.call()
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.FAILED and plan.next_charge_on is None
    assert "berhenti" in mailoutbox[-1].subject and links_to(mailoutbox[-1].body, plan)
    with django_capture_on_commit_callbacks(execute=True):
        assert charge_due_plans.call() == 0


def test_a_success_after_a_decline_resets_the_count(client, campaign, monkeypatch,
                                                    django_capture_on_commit_callbacks):
    plan = started_last_month(start_and_pay(client, campaign, django_capture_on_commit_callbacks))
    with monkeypatch.context() as patch:
        decline(patch)
        with django_capture_on_commit_callbacks(execute=True):
            charge_due_plans.call()
    plan.refresh_from_db()
    assert plan.failed_attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        service.make_charge(plan.pk, plan.next_charge_on)
    plan.refresh_from_db()
    assert plan.failed_attempts == 0 and plan.missed_months == 0
    month = plan.charges.filter(period=timezone.localdate().replace(day=1))
    assert list(month.order_by("attempt").values_list("attempt", "status")) == [
        (1, Donation.Status.FAILED), (2, Donation.Status.CONFIRMED)]
    assert reconcile(pages=False).ok


def test_a_late_payment_of_a_declined_try_still_counts_and_is_flagged(client, campaign, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    from finance.models import MoneyFlag
    from plugins.donation.signals import apply_payment_status

    plan = started_last_month(start_and_pay(client, campaign, django_capture_on_commit_callbacks))
    with monkeypatch.context() as patch:
        decline(patch)
        with django_capture_on_commit_callbacks(execute=True):
            charge_due_plans.call()
    plan.refresh_from_db()
    declined = plan.charges.get(period=timezone.localdate().replace(day=1), attempt=1)
    with django_capture_on_commit_callbacks(execute=True):
        service.make_charge(plan.pk, plan.next_charge_on)  # the retry goes through
    # The bank reports the first try paid after all: both count, and national finance is asked to refund one.
    apply_payment_status(declined, Donation.Status.CONFIRMED, note="paid late")
    declined.refresh_from_db()
    assert declined.status == Donation.Status.CONFIRMED and declined.counted_amount == plan.amount
    flag = MoneyFlag.objects.get(source_id=declined.pk, kind=MoneyFlag.Kind.OVERPAYMENT)
    assert "second payment" in flag.note
    assert reconcile(pages=False).ok


def test_a_campaign_that_stops_taking_money_pauses_its_plans(client, campaign, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    from campaigns.models import CampaignPage

    plan = started_last_month(start_and_pay(client, campaign, django_capture_on_commit_callbacks))
    CampaignPage.objects.filter(pk=campaign.pk).update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert charge_due_plans.call() == 0
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.PAUSED and plan.status_reason
    assert plan.charges.count() == 1
    assert "dijeda" in mailoutbox[-1].subject and links_to(mailoutbox[-1].body, plan)


def test_reconcile_is_clean_after_monthly_charges_and_a_refund(client, campaign,
                                                               django_capture_on_commit_callbacks):
    from plugins.donation.signals import apply_payment_status

    plan = started_last_month(start_and_pay(client, campaign, django_capture_on_commit_callbacks))
    with django_capture_on_commit_callbacks(execute=True):
        charge_due_plans.call()
    charge = plan.charges.get(period=timezone.localdate().replace(day=1))
    assert charge.status == Donation.Status.CONFIRMED
    apply_payment_status(charge, Donation.Status.REFUNDED, note="donor asked")
    charge.refresh_from_db()
    assert charge.status == Donation.Status.REFUNDED
    plan.refresh_from_db()
    assert plan.status == RecurringDonation.Status.ACTIVE  # a refund does not end the plan
    report = reconcile(pages=False)
    assert report.ok, report.differences
    counted = sum(d.counted_amount for d in Donation.objects.all())
    assert counted == Decimal("50000")


def test_the_campaign_page_counts_monthly_donors(client, campaign, django_capture_on_commit_callbacks):
    assert "Anda juga bisa berdonasi rutin" in client.get(campaign.url).content.decode()
    start_and_pay(client, campaign, django_capture_on_commit_callbacks, through_form=True)
    page = client.get(campaign.url).content.decode()
    assert "1 donatur berdonasi setiap bulan · Rp 50.000 per bulan" in page


def test_bank_transfer_plans_get_a_monthly_reminder_with_a_fresh_code(client, make_campaign, organisation,
                                                                      mailoutbox, django_capture_on_commit_callbacks):
    from banktransfer import services as transfers
    from banktransfer.models import BankTransfer
    from banktransfer.testing import set_bank_account

    set_bank_account(organisation)
    campaign = make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Desa")
    response = start_monthly(client, campaign, method="transfer")
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.get(response["Location"])  # the pay view opens the first transfer
    first = BankTransfer.objects.get()
    user = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model().objects.create_superuser(
        "keuangan", "keuangan@contoh.id", "Kop1-Tubruk-Manis")
    with django_capture_on_commit_callbacks(execute=True):
        transfers.confirm(first, user)
    plan = RecurringDonation.objects.get()
    assert plan.status == RecurringDonation.Status.ACTIVE and plan.saved_method is None
    plan = started_last_month(plan)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert charge_due_plans.call() == 1
    second = BankTransfer.objects.exclude(pk=first.pk).get()
    charge = plan.charges.get(period=timezone.localdate().replace(day=1))
    assert second.payment_id == charge.payment_id and charge.status == Donation.Status.PENDING
    reminder = [m for m in mailoutbox if m.subject.startswith("Donasi rutin Anda untuk") and " bulan " in m.subject]
    assert len(reminder) == 1
    body = reminder[0].body
    assert f"{second.amount_to_pay:,.0f}".replace(",", ".") in body and str(second.unique_code) in body
    assert links_to(body, plan) and f"/transfer/{charge.payment.token}/" in body
    # Left unpaid, the transfer expires: the month is missed (no retry by transfer).
    with django_capture_on_commit_callbacks(execute=True):
        transfers.expire_due(now=second.expires_at + datetime.timedelta(seconds=1))
    plan.refresh_from_db()
    charge.refresh_from_db()
    assert charge.status == Donation.Status.FAILED
    assert (plan.missed_months, plan.failed_attempts, plan.status) == (1, 0, RecurringDonation.Status.ACTIVE)
    assert Payment.objects.filter(pk=charge.payment_id).exists()
    assert reconcile(pages=False).ok
