"""``manage.py reconcile``: quiet on money that came through the real flows, and naming each
corruption injected directly in the database (it exits non-zero: ``CommandError``).

The consistent set is built the way money really arrives: signed Midtrans notifications and
Xendit callbacks posted to the webhook and settled by the worker's code (the gateways' APIs
answered by ``responses``), and a bank transfer confirmed through ``banktransfer.services``.
"""
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
import responses
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from banktransfer import services
from banktransfer.models import BankTransfer
from banktransfer.testing import set_bank_account
from finance.ledger import split, summary, sync_record
from finance.models import Disbursement, FeeSetting, LedgerEntry
from gateways.testing import (ASK, MIDTRANS_API, XENDIT_INVOICES, donate, midtrans_notification, midtrans_status,
                              pay_url, post_json, settle_now, xendit_callback, xendit_headers)
from plugins.donation.models import Donation, Payment

MIDTRANS = "/payments/process/midtrans/"
XENDIT = "/payments/process/xendit/"
INVOICE_ID = "66a0b1c2d3e4f5a6b7c8d9e0"
FEE = Decimal("5.00")


def reconcile_command(*args):
    """``(passed, output)`` of ``manage.py reconcile``."""
    out = io.StringIO()
    try:
        call_command("reconcile", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def assert_fails_with(*texts):
    passed, output = reconcile_command()
    assert not passed, output
    for text in texts:
        assert text in output, f"{text!r} not in:\n{output}"
    return output


def lines(donation):
    return LedgerEntry.objects.filter(source_type="donation.donation", source_id=donation.pk)


def ledger_gross(campaign):
    return summary(campaign=campaign)["gross"]


@pytest.fixture
def gateway():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def campaign(make_campaign, organisation):
    set_bank_account(organisation)
    return make_campaign(asks=[("donation", ASK)], title="Sumur Bor Dusun Wates")


@pytest.fixture
def money(client, gateway, campaign):
    """A few donations through the real flows: settled, partly refunded, overpaid, by transfer, pending."""
    FeeSetting.objects.create(percentage=FEE, note="test")
    settled = donate(client, campaign, "midtrans", amount="150.000")
    gateway.upsert(responses.GET, f"{MIDTRANS_API}/v2/{settled.payment.token}/status",
                   json=midtrans_status(settled.payment, "settlement"))
    assert post_json(client, MIDTRANS, midtrans_notification(settled.payment, "settlement")).status_code == 200

    refunded = donate(client, campaign, "midtrans", amount="100.005")
    url = f"{MIDTRANS_API}/v2/{refunded.payment.token}/status"
    gateway.upsert(responses.GET, url, json=midtrans_status(refunded.payment, "settlement"))
    post_json(client, MIDTRANS, midtrans_notification(refunded.payment, "settlement"))
    settle_now()
    partial = {"refund_amount": "30000.00", "refunds": [{"refund_chargeback_id": 1, "refund_amount": "30000.00",
                                                         "reason": "salah nominal", "refund_key": "rk-1"}]}
    gateway.upsert(responses.GET, url, json=midtrans_status(refunded.payment, "partial_refund", **partial))
    post_json(client, MIDTRANS, midtrans_notification(refunded.payment, "partial_refund", **partial))

    overpaid = donate(client, campaign, "xendit", amount="250.000")
    gateway.post(XENDIT_INVOICES, json={"id": INVOICE_ID, "external_id": overpaid.payment.token, "status": "PENDING",
                                        "invoice_url": f"https://checkout-staging.xendit.co/web/{INVOICE_ID}"})
    assert client.get(pay_url(overpaid)).status_code == 302
    overpaid.payment.refresh_from_db()
    gateway.upsert(responses.GET, f"{XENDIT_INVOICES}/{INVOICE_ID}",
                   json=xendit_callback(overpaid.payment, "PAID", paid_amount=250_500))
    post_json(client, XENDIT, xendit_callback(overpaid.payment, "PAID", paid_amount=250_500), **xendit_headers())

    by_transfer = donate(client, campaign, "transfer", amount="75.000")
    assert client.get(pay_url(by_transfer)).status_code == 302
    transfer = BankTransfer.objects.get(payment=by_transfer.payment)
    services.confirm(transfer, get_user_model().objects.create_user("bendahara-oms"))

    pending = donate(client, campaign, "midtrans", amount="50.000")
    settle_now(through_retries=True)
    for donation in (settled, refunded, overpaid, by_transfer, pending):
        donation.refresh_from_db()
    assert [d.counted_amount for d in (settled, refunded, overpaid, by_transfer, pending)] == [
        150_000, 70_005, 250_500, transfer.amount_to_pay, 0]
    return SimpleNamespace(settled=settled, refunded=refunded, overpaid=overpaid, by_transfer=by_transfer,
                           pending=pending, transfer=transfer)


def test_money_from_the_real_flows_reconciles(campaign, money):
    passed, output = reconcile_command()
    assert passed, output
    assert "4 records, 1 campaigns, 1 OMS, 1 provinces checked: 0 differences" in output
    assert reconcile_command("--no-pages")[0]
    # The figures reconciled are the real ones, not zeros.
    assert ledger_gross(campaign) == 150_000 + 70_005 + 250_500 + money.transfer.amount_to_pay


def test_a_missing_ledger_line_is_reported(campaign, money):
    fee_line = lines(money.settled).get(kind=LedgerEntry.Kind.FEE)
    fee_line.delete()
    output = assert_fails_with(f"[record donation.donation {money.settled.pk}] ledger fee: expected 7500, found 0")
    assert "1 differences" in output  # the gross is whole: the campaign, OMS and pages still agree


def test_an_extra_ledger_line_counting_twice_is_reported(campaign, money):
    gross = ledger_gross(campaign)
    for line in lines(money.settled):  # the income written a second time, under another reference
        line.pk, line.reference = None, "income-again"
        line.save()
    assert_fails_with(
        f"[record donation.donation {money.settled.pk}] ledger gross: expected 150000, found 300000",
        f"[record donation.donation {money.settled.pk}] ledger fee: expected 7500, found 15000",
        f"[campaign {campaign.pk}] ledger gross vs records counted: expected {gross}, found {gross + 150_000}",
        f"[campaign {campaign.pk}] campaign page money vs ledger gross: expected {gross + 150_000}, found {gross}",
    )


def test_a_single_duplicated_line_is_reported(campaign, money):
    line = lines(money.overpaid).get(kind=LedgerEntry.Kind.NET)
    line.pk, line.reference = None, "income:2"
    line.save()
    net = split(Decimal(250_500), FEE)[LedgerEntry.Kind.NET]
    assert_fails_with(f"[record donation.donation {money.overpaid.pk}] ledger net: expected {net}, found {2 * net}")


def test_a_donation_whose_amounts_differ_from_its_payment_is_reported(money):
    Payment.objects.filter(pk=money.settled.payment_id).update(received_amount=Decimal("155000"))
    assert_fails_with(f"[plugin -] donation {money.settled.pk}: received/refunded 150000/0, its payment 155000")


def test_a_donation_whose_refund_differs_from_its_payment_is_reported(money):
    Donation.objects.filter(pk=money.refunded.pk).update(refunded_amount=Decimal("40000"))
    output = assert_fails_with(
        f"[plugin -] donation {money.refunded.pk}: received/refunded 100005/40000, its payment 100005",
        f"[record donation.donation {money.refunded.pk}] ledger gross: expected 60005, found 70005")
    assert "ledger gross vs records counted" in output


def test_a_confirmed_donation_whose_payment_is_not_is_reported(money):
    Payment.objects.filter(pk=money.settled.payment_id).update(status="waiting")
    assert_fails_with(f"[plugin -] donation {money.settled.pk} is confirmed but its payment is waiting")


def test_ledger_lines_under_another_campaign_are_reported(make_campaign, campaign, money):
    other = make_campaign(asks=[("donation", ASK)], title="Perpustakaan Keliling")
    lines(money.settled).update(campaign=other)
    gross = ledger_gross(campaign)
    assert_fails_with(
        f"[record donation.donation {money.settled.pk}] ledger lines under another campaign: "
        f"expected {campaign.pk}, found {other.pk}",
        f"[campaign {campaign.pk}] ledger gross vs records counted: expected {gross + 150_000}, found {gross}",
        f"[campaign {other.pk}] ledger gross vs records counted: expected 0, found 150000",
    )


def test_ledger_lines_of_an_unknown_record_are_reported(campaign, money):
    ghost = SimpleNamespace(_meta=SimpleNamespace(label_lower="donation.donation"), pk=987_654)
    assert sync_record(ghost, campaign, Decimal("50000"), "income")
    assert_fails_with("[record donation.donation 987654] ledger lines of an unknown record: expected 0, found 50000")


def test_lines_left_by_a_deleted_donation_are_reported(campaign, money):
    pk = money.pending.pk
    ghost = SimpleNamespace(_meta=SimpleNamespace(label_lower="donation.donation"), pk=pk)
    money.pending.delete()
    Payment.objects.filter(pk=money.pending.payment_id).delete()
    sync_record(ghost, campaign, Decimal("50000"), "income")
    assert_fails_with(f"[record donation.donation {pk}] ledger lines of an unknown record: expected 0, found 50000")


def test_a_disbursement_above_the_balance_is_reported(campaign, organisation, money):
    balance = summary(campaign=campaign)["balance"]
    assert balance > 0
    # Written directly: record_disbursement() refuses it (BalanceError).
    Disbursement.objects.create(campaign=campaign, organisation=organisation, amount=balance + 1,
                                paid_on=datetime.date(2026, 12, 1), proof="finance/disbursements/2026/12/bukti.pdf")
    assert_fails_with(f"[campaign {campaign.pk}] balance below zero: expected 0, found -1",
                      f"[organisation {organisation.pk}] balance below zero: expected 0, found -1")


def test_a_disbursement_within_the_balance_reconciles(campaign, organisation, money):
    balance = summary(campaign=campaign)["balance"]
    Disbursement.objects.create(campaign=campaign, organisation=organisation, amount=balance,
                                paid_on=datetime.date(2026, 12, 1), proof="finance/disbursements/2026/12/bukti.pdf")
    passed, output = reconcile_command()
    assert passed, output


def test_a_confirmed_donation_without_ledger_lines_shows_other_money_on_the_campaign_page(campaign, money):
    gross = ledger_gross(campaign)
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal("40000"), status="confirmed",
                                     received_amount=Decimal("40000"), captured_amount=Decimal("40000"),
                                     billing_email="budi@contoh.id")
    ghost = Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal("40000"),
                                    received_amount=Decimal("40000"), payment=payment, name="Budi",
                                    email="budi@contoh.id", status=Donation.Status.CONFIRMED)
    assert not lines(ghost).exists()
    assert_fails_with(
        f"[campaign {campaign.pk}] campaign page money vs ledger gross: expected {gross}, found {gross + 40_000}",
        f"[record donation.donation {ghost.pk}] ledger gross: expected 40000, found 0",
        f"[campaign {campaign.pk}] ledger gross vs records counted: expected {gross + 40_000}, found {gross}",
    )


def test_a_donation_whose_lines_were_deleted_is_reported(campaign, money):
    gross = ledger_gross(campaign)
    lines(money.by_transfer).delete()
    counted = money.transfer.amount_to_pay
    assert_fails_with(
        f"[campaign {campaign.pk}] campaign page money vs ledger gross: expected {gross - counted}, found {gross}",
        f"[record donation.donation {money.by_transfer.pk}] ledger gross: expected {counted}, found 0")


def test_a_fee_above_the_legal_cap_is_reported(money):
    lines(money.settled).update(fee_percentage=Decimal("12.50"))
    assert_fails_with(f"[record donation.donation {money.settled.pk}] fee percentage above the legal cap: "
                      "expected 10, found 12.50")


def test_every_difference_is_listed_not_only_the_first(campaign, money):
    lines(money.settled).get(kind=LedgerEntry.Kind.FEE).delete()
    Payment.objects.filter(pk=money.overpaid.payment_id).update(refunded_amount=Decimal("1"))
    output = assert_fails_with(f"donation.donation {money.settled.pk}] ledger fee",
                               f"donation {money.overpaid.pk}: received/refunded 250500/0, its payment 250500")
    assert output.rstrip().endswith("differences")
