"""The triggers that keep signature totals (``SignatureTotal``) equal to the confirmed signatures, and
the totals of those already there.

A migration of its own: the totals' unique constraint, which the triggers' upserts name, is
created only at the end of the migration that creates the table.
"""
from django.db import migrations

from lokadaya.running_totals import install
from plugins.petition.totals import SIGNATURES

forwards, backwards = install(SIGNATURES)


class Migration(migrations.Migration):
    dependencies = [("petition", "0004_signaturetotal")]
    operations = [migrations.RunPython(forwards, backwards)]
