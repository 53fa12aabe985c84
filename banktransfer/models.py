"""A manual bank transfer: the unique amount a donor sends to an OMS, and its proof."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conf import MAX_CODE, MIN_CODE, PROOF_TYPES
from .storage import proof_storage, proof_upload_to


class BankTransfer(models.Model):
    """One donation paid by manual transfer (``payment.variant == "transfer"``).

    The donor transfers ``amount_to_pay`` = the donation's amount + a unique code (1..999), so
    the OMS recognises it on its bank statement; the amount is unique among the OMS's open
    transfers. The bank account is a snapshot taken at creation: later profile edits do not
    change what a donor was told.
    """

    class Status(models.TextChoices):
        AWAITING_TRANSFER = "awaiting", _("Awaiting transfer")
        PROOF_UPLOADED = "proof_uploaded", _("Proof uploaded, awaiting review")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")

    #: Statuses whose unique amount is reserved, and which a donor may still upload a proof for.
    OPEN_STATUSES = (Status.AWAITING_TRANSFER, Status.PROOF_UPLOADED)

    payment = models.OneToOneField(settings.PAYMENT_MODEL, on_delete=models.PROTECT,
                                   related_name="bank_transfer", verbose_name=_("payment"))
    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("campaign"))
    organisation = models.ForeignKey("partners.OrganisationPage", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("organisation"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.AWAITING_TRANSFER, db_index=True)
    amount = models.DecimalField(_("donation (Rp)"), max_digits=17, decimal_places=0)
    unique_code = models.PositiveSmallIntegerField(
        _("unique code"), validators=[MinValueValidator(MIN_CODE), MaxValueValidator(MAX_CODE)])
    amount_to_pay = models.DecimalField(_("amount to transfer (Rp)"), max_digits=17, decimal_places=0)
    bank_name = models.CharField(_("bank"), max_length=100)
    bank_account_number = models.CharField(_("account number"), max_length=40)
    bank_account_holder = models.CharField(_("account holder"), max_length=150)
    language = models.CharField(_("donor's language"), max_length=10, blank=True)
    expires_at = models.DateTimeField(_("transfer before"), db_index=True)
    proof = models.FileField(_("proof of transfer"), upload_to=proof_upload_to, storage=proof_storage,
                             max_length=200, blank=True)
    proof_content_type = models.CharField(_("proof type"), max_length=50, blank=True)
    proof_uploaded_at = models.DateTimeField(_("proof uploaded"), null=True, blank=True)
    sender_name = models.CharField(_("name on the sending account"), max_length=150, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, max_length=1000)
    received_amount = models.DecimalField(_("amount that arrived (Rp)"), max_digits=17, decimal_places=0, null=True,
                                          blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bank transfer")
        verbose_name_plural = _("bank transfers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(unique_code__gte=MIN_CODE, unique_code__lte=MAX_CODE),
                                   name="bank_transfer_code_range"),
            models.CheckConstraint(condition=Q(amount_to_pay=F("amount") + F("unique_code")),
                                   name="bank_transfer_amount_includes_code"),
            # Two open transfers to one OMS never ask for the same amount.
            models.UniqueConstraint(fields=["organisation", "amount_to_pay"],
                                    condition=Q(status__in=["awaiting", "proof_uploaded"]),
                                    name="bank_transfer_unique_open_amount"),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return f"#{self.pk} Rp {self.amount_to_pay} ({self.get_status_display()})"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_past_deadline(self):
        return self.expires_at <= timezone.now()

    @property
    def accepts_proof(self):
        """A donor may upload (or replace) a proof until it is reviewed, or until the deadline
        when none was uploaded."""
        if self.status == self.Status.PROOF_UPLOADED:
            return True
        return self.status == self.Status.AWAITING_TRANSFER and not self.is_past_deadline

    @property
    def proof_is_image(self):
        return self.proof_content_type.startswith("image/")

    @property
    def proof_extension(self):
        name = self.proof.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return extension if extension in PROOF_TYPES else ""


class OrganisationTransferLock(models.Model):
    """One row per OMS, locked (SELECT ... FOR UPDATE) while a unique code is chosen."""

    organisation = models.OneToOneField("partners.OrganisationPage", on_delete=models.CASCADE,
                                        primary_key=True, related_name="+")
