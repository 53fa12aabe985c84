"""Donation totals: confirmed donors, what they gave and what sponsors matched, per campaign and ask,
kept by triggers (``lokadaya.running_totals``) on donations and matches."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_support_type_settings'),
        ('donation', '0006_recurring_links'),
    ]

    operations = [
        migrations.CreateModel(
            name='DonationTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ask_id', models.CharField(max_length=64, verbose_name='ask')),
                ('donors', models.BigIntegerField(db_default=0, default=0, verbose_name='donors')),
                ('given', models.DecimalField(decimal_places=0, db_default=0, default=0, max_digits=19, verbose_name='given (Rp)')),
                ('matched', models.DecimalField(decimal_places=0, db_default=0, default=0, max_digits=19, verbose_name='matched (Rp)')),
                ('campaign', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaignpage', verbose_name='campaign')),
            ],
            options={
                'verbose_name': 'donation total',
                'verbose_name_plural': 'donation totals',
                'constraints': [models.UniqueConstraint(fields=('campaign', 'ask_id'), name='one_donation_total_per_ask')],
            },
        ),
    ]
