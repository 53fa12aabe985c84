"""The triggers that keep signature totals (``SignatureTotal``) equal to the confirmed signatures, and
the totals of those already there.

A migration of its own: the totals' unique constraint, which the triggers' upserts name, is
created only at the end of the migration that creates the table.
"""
from django.db import migrations

from lokadaya.running_totals import RunningTotal, install

SIGNATURES = RunningTotal(
    name="petition_total_signatures", source="petition_signature", target="petition_signaturetotal",
    key=("campaign_id", "ask_id"), sums={"signatures": "1"}, where="{row}.status = 'confirmed'",
)
forwards, backwards = install(SIGNATURES)


class Migration(migrations.Migration):
    dependencies = [("petition", "0004_signaturetotal")]
    operations = [migrations.RunPython(forwards, backwards)]
