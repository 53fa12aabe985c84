"""The triggers that keep donation totals (``DonationTotal``) equal to the donations and matches, and the
totals of those already there.

A migration of its own: the totals' unique constraint, which the triggers' upserts name, is
created only at the end of the migration that creates the table.
"""
from django.db import migrations

from lokadaya.running_totals import install
from plugins.donation.totals import DONATIONS, MATCHES

forwards, backwards = install(DONATIONS, MATCHES)


class Migration(migrations.Migration):
    dependencies = [("donation", "0007_donationtotal")]
    operations = [migrations.RunPython(forwards, backwards)]
