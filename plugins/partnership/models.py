"""A partnership proposal is a supporter record: an organisation offering to work with the OMS."""
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from campaigns.records import SupportRecord

from .choices import Kind, Sector


class Proposal(SupportRecord):
    """One organisation's proposal for one partnership ask.

    ``name``, ``email`` and ``phone`` (from the base) are the contact person's. ``show_publicly`` is
    the proposer's consent to appear as a partner once agreed; ``is_anonymous`` mirrors its opposite
    so the base's anonymity rules hold too.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        DISCUSSION = "discussion", _("In discussion")
        AGREED = "agreed", _("Agreed")
        DECLINED = "declined", _("Declined")

    #: Proposals still open: the same email may not send another one for the same ask meanwhile.
    OPEN_STATUSES = (Status.NEW, Status.DISCUSSION)
    COUNTED_STATUSES = (Status.AGREED,)

    Kind = Kind
    Sector = Sector

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW,
                              db_index=True)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    kind = models.CharField(_("kind of partnership"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True, max_length=300)
    offer = models.TextField(_("offer"), max_length=3000)
    value_estimate = models.DecimalField(_("estimated value (Rp)"), max_digits=15, decimal_places=0,
                                         null=True, blank=True)
    show_publicly = models.BooleanField(_("may be shown publicly as a partner"), default=False)
    response = models.TextField(
        _("message to the proposer"), blank=True, max_length=2000,
        help_text=_("Sent to the proposer with the status change email. Required when declining."),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta(SupportRecord.Meta):
        verbose_name = _("partnership proposal")
        verbose_name_plural = _("partnership proposals")
        indexes = [models.Index(fields=["campaign", "ask_id", "status"])]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "campaign", "ask_id",
                condition=models.Q(status__in=["new", "discussion"]),
                name="partnership_one_open_proposal_per_email",
            ),
            models.CheckConstraint(
                condition=models.Q(value_estimate__isnull=True) | models.Q(value_estimate__gt=0),
                name="partnership_value_estimate_positive",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_name} ({self.name})" if self.name else self.organisation_name

    @property
    def public_name(self):
        """On the public wall a partner appears by its organisation, and only with consent."""
        if not self.show_publicly or self.is_anonymous:
            return str(_("Anonymous"))
        return self.organisation_name

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES
