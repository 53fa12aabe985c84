"""The spaces of what exists already: the national one, one per provincial network, per national
programme (its default-language page, once published) and per cohort.

From now on ``forums.signals`` makes them as owners appear. Slugs as ``forums.spaces`` makes them
(reimplemented: a migration cannot import the app's code). Safe to run again: existing spaces stay.
"""
from django.db import migrations
from django.utils.text import slugify


def _unique_slug(Space, base):
    base = (slugify(base) or "forum")[:70]
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _default_locale(apps):
    from django.conf import settings

    Locale = apps.get_model("wagtailcore", "Locale")
    code = getattr(settings, "LANGUAGE_CODE", "id").split("-")[0]
    return Locale.objects.filter(language_code=code).first() or Locale.objects.order_by("pk").first()


def create_spaces(apps, schema_editor):
    Space = apps.get_model("forums", "Space")
    ProvincialNetwork = apps.get_model("network", "ProvincialNetwork")
    ProgrammePage = apps.get_model("programmes", "ProgrammePage")
    Cohort = apps.get_model("cohorts", "Cohort")

    if not Space.objects.filter(kind="national").exists():
        Space.objects.create(kind="national", slug=_unique_slug(Space, "nasional"))
    for network in ProvincialNetwork.objects.select_related("province").order_by("province__code"):
        if not Space.objects.filter(network=network).exists():
            Space.objects.create(kind="province", network=network, slug=_unique_slug(Space, network.province.slug))
    locale = _default_locale(apps)
    programmes = ProgrammePage.objects.filter(first_published_at__isnull=False).order_by("path")
    if locale is not None:
        programmes = programmes.filter(locale=locale)
    for programme in programmes:
        if not Space.objects.filter(programme=programme).exists():
            Space.objects.create(kind="programme", programme=programme,
                                 slug=_unique_slug(Space, f"program-{programme.slug}"))
    for cohort in Cohort.objects.order_by("pk"):
        if not Space.objects.filter(cohort=cohort).exists():
            Space.objects.create(kind="cohort", cohort=cohort,
                                 slug=_unique_slug(Space, f"kohort-{cohort.pk}-{cohort.title}"))


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0001_initial"),
        ("network", "0002_a_network_per_province"),
        ("programmes", "0001_initial"),
        ("cohorts", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_spaces, migrations.RunPython.noop)]
