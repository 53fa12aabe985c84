"""The base of every support record (a donation, pledge, signup, proposal, signature...)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportRecord(models.Model):
    """Abstract: who supported which ask of which campaign, and where that stands.

    Subclasses define ``status`` with their own choices and may add fields. ``campaign`` is
    always the source-language page, so every language's visitors count together.
    """

    campaign = models.ForeignKey(
        "campaigns.CampaignPage", on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_records", verbose_name=_("campaign"),
    )
    ask_id = models.CharField(_("ask"), max_length=64, db_index=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone / WhatsApp"), max_length=30, blank=True)
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    wants_updates = models.BooleanField(_("wants campaign updates"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    #: The statuses whose records count: towards the ask's progress and the wall (the plugin's own
    #: ``ask_progress``/``progress_query`` and ``supporter_wall`` filter on it), and in the core's
    #: figures, which read it off the model named by ``records_admin``: the OMS's and network
    #: dashboards' supporter counts and growth, the period reports. A promise that still stands
    #: (pledged, signed up, confirmed, received, paid) counts; one that was refused, cancelled,
    #: expired or never confirmed does not. Subclasses set it; left empty, the core counts every
    #: record of the type whatever its status.
    COUNTED_STATUSES = ()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def public_name(self):
        """The name shown on the public wall: never the real one of an anonymous supporter."""
        if self.is_anonymous or not self.name:
            return str(_("Anonymous"))
        return self.name

    @property
    def organisation(self):
        return self.campaign.organisation
