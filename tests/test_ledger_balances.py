"""Ledger balances: kept by the database equal to the sum of the lines, whoever writes them.

Pages read totals from ``LedgerBalance`` (``finance.ledger.totals``); the triggers of migration
``finance.0006_ledgerbalance_triggers`` keep it. Checked here on PostgreSQL for every kind of write (the
ledger's own, a bulk insert that skips conflicts, a delete, an edit by hand), under concurrent
confirmations of one campaign, and the SQLite triggers (``make run``) on SQLite itself.
"""
import importlib
import sqlite3
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, F, Sum
from payments import PaymentStatus

from finance import reconcile
from finance.ledger import bulk_record_income, summary, totals
from finance.models import FeeSetting, LedgerBalance, LedgerEntry
from plugins.donation.matching.testing import confirm, pending_donation, refund
from plugins.donation.models import Donation, Payment

ASK = {"title": "Donasi", "target": Decimal("100000000"), "minimum": Decimal("1000"), "suggested_amounts": []}
KEY = ("campaign_id", "organisation_id", "province_id", "kind")


def lines_summed():
    """``{key: (amount, lines)}`` of the ledger's lines, summed here from the lines themselves."""
    return {row[:4]: row[4:] for row in LedgerEntry.objects.values_list(*KEY).annotate(
        total=Sum("amount"), count=Count("pk")).order_by()}


def balances():
    """``{key: (amount, lines)}`` as the database kept them; a balance whose lines were all deleted
    stays, at zero, and is left out here as it is in the lines."""
    return {row[:4]: row[4:] for row in LedgerBalance.objects.exclude(lines=0, amount=0).values_list(
        *KEY, "amount", "lines")}


def balance_differences():
    differences = []
    reconcile.check_balances(differences)
    return differences


def confirmed_donation(campaign, amount):
    return confirm(pending_donation(campaign, amount))


def test_balances_follow_every_write_to_the_lines(make_campaign):
    FeeSetting.objects.create(percentage=Decimal("5"), note="test")
    campaign, other = make_campaign(asks=[("donation", ASK)]), make_campaign(asks=[("donation", ASK)])
    first = confirmed_donation(campaign, 150_000)
    confirmed_donation(campaign, 10_005)
    confirmed_donation(other, 20_000)
    refund(first, 30_000)  # a partial refund: it stays confirmed
    assert totals(campaign=campaign)["gross"] == 150_000 - 30_000 + 10_005
    refund(first)  # then the whole of it: the partial part reversed once
    assert totals(campaign=campaign)["gross"] == 10_005
    assert totals(campaign=campaign)["fee"] == 500  # rounded down: never above 5% of Rp 10.005
    assert totals(campaign_id=other.pk) == {"gross": 20_000, "fee": 1_000, "provincial": 750, "national": 250,
                                            "net": 19_000}
    assert summary(organisation=campaign.organisation)["gross"] == 10_005 + (
        20_000 if other.organisation == campaign.organisation else 0)
    assert balances() == lines_summed() and balance_differences() == []

    # A bulk insert that skips the lines already there: only what was inserted counts.
    donations = list(Donation.objects.filter(campaign=other))
    bulk_record_income(other, donations)
    assert totals(campaign=other)["gross"] == 20_000
    bulk_record_income(other, donations, amount_field="amount")
    assert balances() == lines_summed()

    # A line deleted or edited by hand moves its balance with it.
    LedgerEntry.objects.filter(campaign=other, kind=LedgerEntry.Kind.FEE).delete()
    assert totals(campaign=other)["fee"] == 0
    LedgerEntry.objects.filter(campaign=campaign, kind=LedgerEntry.Kind.NET).update(amount=F("amount") + 1)
    assert totals(campaign=campaign)["net"] == 10_005 - 500 + LedgerEntry.objects.filter(
        campaign=campaign, kind=LedgerEntry.Kind.NET).count()
    assert balances() == lines_summed() and balance_differences() == []


def test_a_balance_changed_behind_the_ledgers_back_is_reported(make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    confirmed_donation(campaign, 50_000)
    assert balance_differences() == []
    LedgerBalance.objects.filter(campaign=campaign, kind="gross").update(amount=F("amount") + 7)
    [difference] = balance_differences()
    assert difference.scope == "balance" and "balance gross" in difference.what
    assert difference.expected == (Decimal(50_000), 1) and difference.actual == (Decimal(50_007), 1)
    LedgerBalance.objects.filter(campaign=campaign, kind="fee").delete()
    assert [d.what for d in balance_differences()] == ["balance fee (amount, lines) vs its lines",
                                                       "balance gross (amount, lines) vs its lines"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_of_one_campaign_keep_its_balance_exact(home_page, make_campaign):
    """Eight confirmations at once, each in its own connection: each writes its lines and waits its
    turn on the campaign's balance rows; none deadlocks, none is lost."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    campaign = make_campaign(asks=[("donation", ASK)])
    pending = [pending_donation(campaign, amount).payment_id for amount in range(10_000, 18_000, 1_000)]
    start, errors = threading.Barrier(len(pending)), []

    def confirm(payment_id):
        try:
            payment = Payment.objects.get(pk=payment_id)
            start.wait()
            payment.change_status(PaymentStatus.CONFIRMED)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(pk,)) for pk in pending]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert totals(campaign=campaign)["gross"] == sum(range(10_000, 18_000, 1_000))
    assert LedgerBalance.objects.get(campaign=campaign, kind="gross").lines == 8
    assert balances() == lines_summed()


def test_the_sqlite_triggers_keep_balances_too():
    """The triggers ``make run`` gets on SQLite, run by SQLite on the two tables' columns."""
    migration = importlib.import_module("finance.migrations.0006_ledgerbalance_triggers")
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE finance_ledgerentry (id INTEGER PRIMARY KEY, campaign_id INT, organisation_id INT, "
               "province_id INT, kind TEXT, amount DECIMAL)")
    db.execute("CREATE TABLE finance_ledgerbalance (id INTEGER PRIMARY KEY AUTOINCREMENT, campaign_id INT, "
               "organisation_id INT, province_id INT, kind TEXT, amount DECIMAL NOT NULL, lines BIGINT NOT NULL, "
               "UNIQUE (campaign_id, organisation_id, province_id, kind))")
    db.execute("INSERT INTO finance_ledgerentry VALUES (1, 1, 2, 3, 'gross', 100)")
    db.execute(migration.BALANCES.backfill())
    for statement in migration.BALANCES.create("sqlite"):
        db.execute(statement)
    db.executemany("INSERT INTO finance_ledgerentry (campaign_id, organisation_id, province_id, kind, amount) "
                   "VALUES (?, ?, ?, ?, ?)", [(1, 2, 3, "gross", 50), (1, 2, 3, "gross", -30), (1, 2, 3, "fee", 4),
                                              (9, 2, 3, "gross", 7)])
    db.execute("UPDATE finance_ledgerentry SET amount = 40 WHERE amount = 50")
    db.execute("DELETE FROM finance_ledgerentry WHERE campaign_id = 9")
    rows = db.execute("SELECT campaign_id, kind, amount, lines FROM finance_ledgerbalance ORDER BY 1, 2").fetchall()
    assert rows == [(1, "fee", 4, 1), (1, "gross", 110, 3), (9, "gross", 0, 0)]
    summed = db.execute("SELECT campaign_id, kind, SUM(amount), COUNT(*) FROM finance_ledgerentry "
                        "GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    assert summed == [row for row in rows if row[3]]
