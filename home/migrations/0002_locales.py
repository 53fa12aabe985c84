"""Create the Indonesian and English Wagtail locales (Indonesian is the default)."""
from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    # Wagtail's own migration creates a locale from LANGUAGE_CODE; make sure both exist.
    for code in ("id", "en"):
        Locale.objects.get_or_create(language_code=code)
    # Pages created before (the tree root and Wagtail's welcome page) belong to Indonesian.
    indonesian = Locale.objects.get(language_code="id")
    Page.objects.exclude(locale=indonesian).filter(depth__lte=2, translation_key__isnull=False).update(
        locale=indonesian
    )


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial"), ("wagtailcore", "0001_initial")]
    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
