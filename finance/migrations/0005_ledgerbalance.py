"""Ledger balances: the lines summed by campaign, OMS, province and kind, kept by triggers.

The triggers (``lokadaya.running_totals``) add each line written to its balance, and take off any
deleted or changed, inside the statement that writes it: no writer, not even raw SQL or a bulk
insert that skips conflicts, can leave a balance that differs from its lines.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_support_type_settings'),
        ('finance', '0004_money_flag_permissions'),
        ('partners', '0007_profile_images_translatable'),
        ('regions', '0002_load_regions'),
    ]

    operations = [
        migrations.CreateModel(
            name='LedgerBalance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('gross', 'Gross raised'), ('fee', 'Management fee'), ('provincial', 'Provincial network share'), ('national', 'National share'), ('net', 'Net to the OMS')], max_length=12, verbose_name='kind')),
                ('amount', models.DecimalField(decimal_places=0, db_default=0, default=0, max_digits=19, verbose_name='amount (Rp)')),
                ('lines', models.BigIntegerField(db_default=0, default=0, verbose_name='lines')),
                ('campaign', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='campaigns.campaignpage', verbose_name='campaign')),
                ('organisation', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='partners.organisationpage', verbose_name='organisation')),
                ('province', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.province', verbose_name='province')),
            ],
            options={
                'verbose_name': 'ledger balance',
                'verbose_name_plural': 'ledger balances',
                'indexes': [models.Index(fields=['organisation', 'kind'], name='finance_led_organis_4bb350_idx'), models.Index(fields=['province', 'kind'], name='finance_led_provinc_c61ade_idx')],
                'constraints': [models.UniqueConstraint(fields=('campaign', 'organisation', 'province', 'kind'), name='one_ledger_balance_per_place_and_kind')],
            },
        ),
    ]
