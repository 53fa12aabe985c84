"""Fill the support-type rows of the campaigns that existed before the search app kept them."""
from django.db import migrations

UNAVAILABLE = "unavailable"  # campaigns.blocks.UNAVAILABLE, frozen here as migrations should be


def fill(apps, schema_editor):
    CampaignPage = apps.get_model("campaigns", "CampaignPage")
    CampaignSupportType = apps.get_model("search", "CampaignSupportType")
    rows = []
    for campaign in CampaignPage.objects.only("pk", "asks").iterator():
        keys = set()
        for item in campaign.asks.raw_data:
            key = item.get("type")
            if key == UNAVAILABLE:
                key = (item.get("value") or {}).get("original_type")
            if key:
                keys.add(key)
        rows.extend(CampaignSupportType(campaign_id=campaign.pk, type_key=key) for key in sorted(keys))
    CampaignSupportType.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
