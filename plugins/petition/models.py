"""A petition signature is a supporter record that counts once its email link is confirmed."""
from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from campaigns.records import SupportRecord


def normalise_email(email):
    """One spelling per address: what the one-signature-per-email rule compares."""
    return (email or "").strip().lower()


class Signature(SupportRecord):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WITHDRAWN = "withdrawn", _("Withdrawn by the signer")
        REMOVED = "removed", _("Removed (spam or abuse)")

    COUNTED_STATUSES = (Status.CONFIRMED,)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("regency/city"))
    comment = models.TextField(_("comment"), blank=True, max_length=500)
    hide_comment = models.BooleanField(
        _("hide the comment"), default=False,
        help_text=_("Keep the signature but do not show its comment on the public list."))
    language = models.CharField(_("language"), max_length=10, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation link sent"), null=True, blank=True)

    class Meta(SupportRecord.Meta):
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        indexes = [
            models.Index(fields=["campaign", "ask_id", "status"], name="petition_sig_ask_status"),
            # The public wall: a campaign's latest confirmed signatures.
            # (No NULLS LAST: SQLite cannot index it; confirmed signatures always have a date.)
            models.Index(fields=["campaign", "status", "-confirmed_at"], name="petition_sig_wall"),
        ]
        constraints = [
            # One signature per email per petition (ask), whatever the case of the address.
            models.UniqueConstraint(Lower("email"), "campaign", "ask_id",
                                    name="petition_one_signature_per_email"),
            models.CheckConstraint(condition=~models.Q(email=""), name="petition_signature_has_email"),
        ]

    def __str__(self):
        return f"{self.public_name} ({self.get_status_display()})"

    @property
    def public_comment(self):
        return "" if self.hide_comment else self.comment


class SignatureTotal(models.Model):
    """Per campaign and ask: its confirmed signatures, what the campaign page's progress reads, a row
    per ask however many sign (a petition that spreads on WhatsApp gathers hundreds of thousands).

    Kept by the database, not by Python: triggers on signatures (migration
    ``0005_signaturetotal_triggers``, ``lokadaya.running_totals``) add each change in the statement that
    makes it. Never write it; ``count_problems`` (so ``manage.py reconcile``) compares it with the signatures.
    """

    # Indexed by the unique constraint, which leads with it.
    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="+",
                                 db_index=False, verbose_name=_("campaign"))
    ask_id = models.CharField(_("ask"), max_length=64)
    signatures = models.BigIntegerField(_("signatures"), default=0, db_default=0)

    class Meta:
        verbose_name = _("signature total")
        verbose_name_plural = _("signature totals")
        constraints = [models.UniqueConstraint(fields=["campaign", "ask_id"], name="one_signature_total_per_ask")]

    def __str__(self):
        return f"{self.campaign_id}/{self.ask_id}: {self.signatures}"

    @classmethod
    def confirmed(cls, campaign, ask_id):
        """The confirmed signatures of one ask, as of this transaction: one indexed row, not a count."""
        return cls.objects.filter(campaign=campaign, ask_id=ask_id).values_list("signatures", flat=True).first() or 0


class MilestoneNotice(models.Model):
    """A milestone of a petition's goal the OMS was told about: each one is announced once."""

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="+")
    ask_id = models.CharField(max_length=64)
    milestone = models.PositiveSmallIntegerField()  # percent of the goal
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "ask_id", "milestone"],
                                               name="petition_one_notice_per_milestone")]


def not_in_future(value):
    """A delivery happened: its date is today or before (the site's time zone)."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    if value and value > timezone.localdate():
        raise ValidationError(_("The delivery date cannot be in the future."), code="future")


class PetitionDelivery(models.Model):
    """A petition (one ask) handed to its decision maker: one per ask, edited later (the response).

    Public: ``delivered_to``, ``delivered_on``, ``signatures_delivered``, ``note`` and ``response``
    are shown under the ask on the campaign page. ``recorded_by`` is the OMS's, never shown.
    """

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("campaign"))
    ask_id = models.CharField(max_length=64)
    delivered_on = models.DateField(_("delivered on"), validators=[not_in_future])
    delivered_to = models.CharField(
        _("delivered to"), max_length=200,
        help_text=_("The decision maker who received it: name and office, e.g. “Bupati Sumba Barat”."))
    signatures_delivered = models.PositiveIntegerField(
        _("signatures delivered"), help_text=_("How many confirmed signatures were handed over."))
    note = models.TextField(_("public note"), blank=True, max_length=1000,
                            help_text=_("Optional, shown on the campaign page: how it was delivered."))
    response = models.TextField(
        _("the decision maker's response"), blank=True, max_length=2000,
        help_text=_("Optional, shown on the campaign page. Add it when the answer comes."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: When the signers who asked for updates were told (once per delivery).
    signers_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("petition delivery")
        verbose_name_plural = _("petition deliveries")
        constraints = [models.UniqueConstraint(fields=["campaign", "ask_id"], name="petition_one_delivery_per_ask")]

    def __str__(self):
        return f"{self.delivered_to} ({self.delivered_on})"
