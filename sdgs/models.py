"""SDG: one row per goal, with both official names; ``name`` follows the active language."""
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SDG(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    colour = models.CharField(_("colour"), max_length=7)

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")

    @property
    def name(self):
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    def __str__(self):
        return f"{self.number}. {self.name}"
