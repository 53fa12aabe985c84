"""The forum search's indexes (PostgreSQL only): the words of thread titles and post bodies, with the
'simple' configuration (posts are in any language; words match as prefixes). Their expressions are
the ones ``forums.search`` writes, so the planner uses them."""
from django.db import migrations

INDEXES = {
    "forum_thread_title_words": "forums_thread USING gin (to_tsvector('simple'::regconfig, title))",
    "forum_post_body_words": "forums_post USING gin (to_tsvector('simple'::regconfig, body))",
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("forums", "0002_spaces"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
