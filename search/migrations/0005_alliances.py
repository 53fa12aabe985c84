"""Advocacy alliances in the search: their documents written (PostgreSQL; an alliance counts for its
own province too). The index entries of alliance pages published before come from
``manage.py rebuild_search_index`` (search/README.md)."""
from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from search import documents

    documents.refresh()


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0004_searchdocument_aspect"),
        ("alliances", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
