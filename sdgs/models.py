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

    @property
    def text_colour(self):
        """The text colour readable on the goal's colour: white when it has 4.5:1 contrast, else black.

        Several goal colours (2, 3, 5, 6, 7, 9, 11, 12, 14, 15) are too light for white text.
        """
        return "#ffffff" if contrast_ratio(self.colour, "#ffffff") >= 4.5 else "#000000"

    def __str__(self):
        return f"{self.number}. {self.name}"


def _luminance(colour):
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first, second):
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
