"""Province, kabupaten/kota (regency) and kecamatan (district), keyed by their official codes.

The rows are loaded by migration from ``regions/data`` (ODbL, see ``data/README.md``), so every
database has them. Codes are the official ones: ``11``, ``11.01``, ``11.01.01``.
"""
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:province", kwargs={"slug": self.slug})


class Regency(models.Model):
    """A kabupaten (regency) or kota (city)."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")

    code = models.CharField(_("code"), max_length=5, unique=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "regions:regency", kwargs={"province_slug": self.province.slug, "slug": self.slug}
        )


class District(models.Model):
    """A kecamatan."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("regency/city")
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district (kecamatan)")
        verbose_name_plural = _("districts (kecamatan)")
        constraints = [
            models.UniqueConstraint(fields=["regency", "slug"], name="district_slug_per_regency")
        ]

    def __str__(self):
        return self.name
