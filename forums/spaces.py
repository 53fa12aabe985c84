"""The spaces: the national one and one per provincial network, national programme and cohort, made on demand.

Invariants:
- At most one space per owner (the model's one-to-one fields and the national partial unique index);
  ``space_for_*`` returns the existing one or creates it, safe under concurrency (a lost race reads
  the winner's row).
- A programme's space hangs on its source-language (default locale) page.
- A new space is private (members only) except the national one, whose default is also private:
  moderators open a space to the public in its settings.
"""
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import Space


def _unique_slug(base):
    base = (slugify(base) or "forum")[:70]
    slug, n = base, 2
    while Space.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _get_or_create(lookup, kind, slug_base):
    space = Space.objects.filter(**lookup).first()
    if space is not None:
        return space
    try:
        with transaction.atomic():
            return Space.objects.create(kind=kind, slug=_unique_slug(slug_base), **lookup)
    except IntegrityError:
        return Space.objects.get(**lookup)


def national_space():
    return _get_or_create({"kind": Space.Kind.NATIONAL}, Space.Kind.NATIONAL, "nasional")


def space_for_network(network):
    return _get_or_create({"network": network}, Space.Kind.PROVINCE, network.province.slug)


def space_for_programme(programme):
    from partners.access import source_of  # same rule: the default-language page

    source = source_of(programme)
    return _get_or_create({"programme": source}, Space.Kind.PROGRAMME, f"program-{source.slug}")


def space_for_cohort(cohort):
    return _get_or_create({"cohort": cohort}, Space.Kind.COHORT, f"kohort-{cohort.pk}-{cohort.title}")
