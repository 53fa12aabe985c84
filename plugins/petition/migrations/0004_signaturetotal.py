"""Signature totals: confirmed signatures per campaign and ask, kept by triggers
(``lokadaya.running_totals``) on signatures."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_support_type_settings'),
        ('petition', '0003_delivery'),
    ]

    operations = [
        migrations.CreateModel(
            name='SignatureTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ask_id', models.CharField(max_length=64, verbose_name='ask')),
                ('signatures', models.BigIntegerField(db_default=0, default=0, verbose_name='signatures')),
                ('campaign', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaignpage', verbose_name='campaign')),
            ],
            options={
                'verbose_name': 'signature total',
                'verbose_name_plural': 'signature totals',
                'constraints': [models.UniqueConstraint(fields=('campaign', 'ask_id'), name='one_signature_total_per_ask')],
            },
        ),
    ]
