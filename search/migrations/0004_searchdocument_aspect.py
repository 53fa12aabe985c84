"""Library resources and courses in the search: the capacity aspect of a document, its index, and
every row rewritten (with the library's and courses' pages)."""
from django.db import migrations, models


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE INDEX IF NOT EXISTS search_document_aspect ON search_searchdocument "
                          "(aspect) WHERE aspect <> ''")
    from search import documents

    documents.refresh()


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_aspect")


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0003_searchdocument"),
        ("library", "0002_libraryindexpage_intro_resourcepage"),
        ("learning", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="aspect",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.RunPython(forwards, backwards),
    ]
