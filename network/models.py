"""Provincial networks: one per province, run by one or more OMS, with their moderators."""
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _

#: The name every network gets by migration (0002): shown translated rather than as typed.
DEFAULT_NAME = "Jejaring Lokadaya Provinsi {province}"


class ProvincialNetwork(models.Model):
    """Jejaring Lokadaya Provinsi. Its moderators verify OMS and approve campaign launches in its province."""

    province = models.OneToOneField("regions.Province", on_delete=models.PROTECT, related_name="network",
                                    verbose_name=_("province"))
    name = models.CharField(_("name"), max_length=150)
    organisations = models.ManyToManyField("partners.OrganisationPage", blank=True, related_name="networks_run",
                                           verbose_name=_("organisations running it"))
    moderators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="moderated_networks",
                                        verbose_name=_("moderators"))

    class Meta:
        ordering = ["province__code"]
        verbose_name = _("provincial network")
        verbose_name_plural = _("provincial networks")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the visitor's language: the default name is a pattern, a custom one stays as typed."""
        if self.name == DEFAULT_NAME.format(province=self.province.name):
            return gettext("Lokadaya network of %(province)s") % {"province": self.province.name}
        return self.name

    def get_absolute_url(self):
        return reverse("network:detail", kwargs={"slug": self.province.slug})


def moderators_for_province(province):
    """The users who moderate the network of ``province`` (none when it has no network)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(moderated_networks__province=province, is_active=True)
