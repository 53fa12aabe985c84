"""The search documents (search.models.SearchDocument), their PostgreSQL indexes, and their rows.

On PostgreSQL: GIN indexes on what a search matches and filters on (the documents' vectors and
lists; Wagtail's index entries' ``title || body``, the expression modelsearch matches: without it
every entry is read), the documents' indexes for browsing newest first and closing soon, and a row for every live
page. Elsewhere the table stays empty.
"""
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import search.models

INDEXES = [
    "CREATE INDEX IF NOT EXISTS search_document_text ON search_searchdocument USING gin (document)",
    "CREATE INDEX IF NOT EXISTS search_document_title ON search_searchdocument USING gin (title)",
    # Filters, combined with the words in one bitmap (province, kabupaten/kota, SDG, support type).
    "CREATE INDEX IF NOT EXISTS search_document_provinces ON search_searchdocument USING gin (provinces)",
    "CREATE INDEX IF NOT EXISTS search_document_regencies ON search_searchdocument USING gin (regencies)",
    "CREATE INDEX IF NOT EXISTS search_document_sdgs ON search_searchdocument USING gin (sdgs)",
    "CREATE INDEX IF NOT EXISTS search_document_supports ON search_searchdocument USING gin (supports)",
    "CREATE INDEX IF NOT EXISTS search_document_newest ON search_searchdocument "
    "(locale_id, published DESC NULLS LAST, page_id DESC)",
    # "Closing soon": open campaigns by end date.
    "CREATE INDEX IF NOT EXISTS search_document_closing ON search_searchdocument "
    "(locale_id, end_date, published DESC NULLS LAST, page_id DESC) WHERE kind = 'campaign' AND NOT closed",
    # The expression modelsearch (and search.documents) match: without it, every entry is read.
    "CREATE INDEX IF NOT EXISTS wagtailsearch_indexentry_title_body ON wagtailsearch_indexentry "
    "USING gin ((title || body))",
]
DROP = [
    "DROP INDEX IF EXISTS wagtailsearch_indexentry_title_body",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in INDEXES:
        schema_editor.execute(statement)
    # The rows are written by 0004, once the table has every column the current code writes.


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0002_fill_support_types"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("campaigns", "0002_cover_photo_and_initiative_steps"),
        ("partners", "0007_profile_images_translatable"),
        ("stories", "0003_what_was_done_lead_caption"),
        ("regions", "0002_load_regions"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("page", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                              related_name="+", serialize=False, to="wagtailcore.page")),
                ("kind", models.CharField(max_length=16)),
                ("path", models.CharField(max_length=255)),
                ("published", models.DateTimeField(null=True)),
                ("regencies", search.models.ListField(base_field=models.IntegerField(),
                                                                        default=list, size=None)),
                ("provinces", search.models.ListField(base_field=models.IntegerField(),
                                                                        default=list, size=None)),
                ("sdgs", search.models.ListField(base_field=models.IntegerField(), default=list,
                                                                   size=None)),
                ("supports", search.models.ListField(
                    base_field=models.CharField(max_length=64), default=list, size=None)),
                ("closed", models.BooleanField(default=False)),
                ("start_date", models.DateField(null=True)),
                ("end_date", models.DateField(null=True)),
                ("title", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("title_norm", models.FloatField(default=1.0)),
                ("locale", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                             to="wagtailcore.locale")),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
