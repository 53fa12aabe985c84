"""Ledger balances: the lines summed by campaign, OMS, province and kind, kept by triggers.

The triggers add each line written to its balance (and take off any deleted or changed) inside
the statement that writes it, so no writer, not even raw SQL or a bulk insert that skips
conflicts, can leave a balance that differs from its lines. PostgreSQL sums each statement's
lines at once (statement triggers with transition tables) and takes the balance rows' locks in a
fixed order, so two confirmations of one campaign queue on its rows and never deadlock; SQLite
(the embedded default for ``make run``) adds them row by row.
"""

import django.db.models.deletion
from django.db import migrations, models


TABLE, BALANCE = "finance_ledgerentry", "finance_ledgerbalance"
KEY = "campaign_id, organisation_id, province_id, kind"

POSTGRESQL_ADD = f"""
    INSERT INTO {BALANCE} ({KEY}, amount, lines)
    SELECT {KEY}, {{sign}}SUM(amount), {{sign}}COUNT(*) FROM {{lines}}
    GROUP BY {KEY} ORDER BY {KEY}
    ON CONFLICT ({KEY}) DO UPDATE
    SET amount = {BALANCE}.amount + EXCLUDED.amount, lines = {BALANCE}.lines + EXCLUDED.lines;
"""

POSTGRESQL = [
    f"""
    CREATE FUNCTION finance_ledger_balance_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            {POSTGRESQL_ADD.format(sign="-", lines="old_lines")}
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {POSTGRESQL_ADD.format(sign="", lines="new_lines")}
        END IF;
        RETURN NULL;
    END
    $$
    """,
    # A trigger with transition tables takes one event each.
    f"""CREATE TRIGGER finance_ledger_balance_insert AFTER INSERT ON {TABLE}
        REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION finance_ledger_balance_keep()""",
    f"""CREATE TRIGGER finance_ledger_balance_delete AFTER DELETE ON {TABLE}
        REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION finance_ledger_balance_keep()""",
    f"""CREATE TRIGGER finance_ledger_balance_update AFTER UPDATE ON {TABLE}
        REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
        FOR EACH STATEMENT EXECUTE FUNCTION finance_ledger_balance_keep()""",
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS finance_ledger_balance_{event} ON {TABLE}" for event in ("insert", "delete", "update")
] + ["DROP FUNCTION IF EXISTS finance_ledger_balance_keep()"]

SQLITE_ADD = f"""
    INSERT INTO {BALANCE} ({KEY}, amount, lines)
    VALUES ({{row}}.campaign_id, {{row}}.organisation_id, {{row}}.province_id, {{row}}.kind, {{sign}}{{row}}.amount,
            {{sign}}1)
    ON CONFLICT ({KEY}) DO UPDATE SET amount = amount + excluded.amount, lines = lines + excluded.lines;
"""
SQLITE = [
    f"""CREATE TRIGGER finance_ledger_balance_insert AFTER INSERT ON {TABLE} BEGIN
        {SQLITE_ADD.format(row="NEW", sign="")} END""",
    f"""CREATE TRIGGER finance_ledger_balance_delete AFTER DELETE ON {TABLE} BEGIN
        {SQLITE_ADD.format(row="OLD", sign="-")} END""",
    f"""CREATE TRIGGER finance_ledger_balance_update
        AFTER UPDATE OF campaign_id, organisation_id, province_id, kind, amount ON {TABLE} BEGIN
        {SQLITE_ADD.format(row="OLD", sign="-")} {SQLITE_ADD.format(row="NEW", sign="")} END""",
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS finance_ledger_balance_{event}" for event in ("insert", "delete", "update")]

BACKFILL = f"""
    INSERT INTO {BALANCE} ({KEY}, amount, lines)
    SELECT {KEY}, SUM(amount), COUNT(*) FROM {TABLE} GROUP BY {KEY}
"""


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise RuntimeError(f"Ledger balances need triggers written for {vendor}.")
    _run(schema_editor, [BACKFILL] + (POSTGRESQL if vendor == "postgresql" else SQLITE))


def backwards(apps, schema_editor):
    _run(schema_editor, POSTGRESQL_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP)


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
                ('amount', models.DecimalField(decimal_places=0, default=0, max_digits=19, verbose_name='amount (Rp)')),
                ('lines', models.BigIntegerField(default=0, verbose_name='lines')),
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
        migrations.RunPython(forwards, backwards),
    ]
