"""The triggers that keep ledger balances (``LedgerBalance``) equal to the lines, and the balances of the lines
already written.

A migration of its own: the totals' unique constraint, which the triggers' upserts name, is
created only at the end of the migration that creates the table.
"""
from django.db import migrations

from lokadaya.running_totals import RunningTotal, install

BALANCES = RunningTotal(
    name="finance_ledger_balance", source="finance_ledgerentry", target="finance_ledgerbalance",
    key=("campaign_id", "organisation_id", "province_id", "kind"),
    sums={"amount": "{row}.amount", "lines": "1"},
)
forwards, backwards = install(BALANCES)


class Migration(migrations.Migration):
    dependencies = [("finance", "0005_ledgerbalance")]
    operations = [migrations.RunPython(forwards, backwards)]
