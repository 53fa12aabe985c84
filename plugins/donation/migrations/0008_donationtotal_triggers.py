"""The triggers that keep donation totals (``DonationTotal``) equal to the donations and matches, and the
totals of those already there.

A migration of its own: the totals' unique constraint, which the triggers' upserts name, is
created only at the end of the migration that creates the table.
"""
from django.db import migrations

from lokadaya.running_totals import RunningTotal, install

DONATIONS = RunningTotal(
    name="donation_total_donations", source="donation_donation", target="donation_donationtotal",
    key=("campaign_id", "ask_id"),
    sums={"donors": "1", "given": "{row}.received_amount - {row}.refunded_amount"},
    where="{row}.status = 'confirmed'",
)
MATCHES = RunningTotal(
    name="donation_total_matches", source="donation_match", target="donation_donationtotal",
    key=("campaign_id", "ask_id"), sums={"matched": "{row}.amount"},
)
forwards, backwards = install(DONATIONS, MATCHES)


class Migration(migrations.Migration):
    dependencies = [("donation", "0007_donationtotal")]
    operations = [migrations.RunPython(forwards, backwards)]
