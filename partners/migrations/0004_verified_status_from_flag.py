"""OMS verified before the verification flow existed (is_verified) get the "verified" status."""
from django.db import migrations


def forwards(apps, schema_editor):
    OrganisationPage = apps.get_model("partners", "OrganisationPage")
    OrganisationPage.objects.filter(is_verified=True).update(verification_status="verified")


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_profile_verification_access")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
