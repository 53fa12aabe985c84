"""The ledger of money raised, the management fee and its history, and disbursements to OMS.

Every amount is whole Rupiah in a Decimal. Ledger lines are written, never edited: a refund
writes reversing lines. For each confirmed income the parts add up to the gross exactly:
``net + provincial share + national share == gross`` and ``fee == provincial + national``.
"""
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokadaya.cached_rows import CachedRows

#: PP 29/1980 on public fundraising caps the costs of organising a collection at 10%.
MAX_FEE_PERCENTAGE = Decimal("10")
#: The provincial network's part of each fee; the rest is national.
PROVINCIAL_SHARE = Decimal("75")


#: Where ``FeeSetting.history`` keeps the fee history in the shared cache.
FEE_HISTORY_CACHE_KEY = "finance:fee-history"


class FeeSetting(CachedRows):
    """The management fee from ``effective_from`` on. Rows are only ever added: the history stays."""

    cache_key = FEE_HISTORY_CACHE_KEY

    percentage = models.DecimalField(
        _("management fee (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_FEE_PERCENTAGE)],
        help_text=_("A percentage of money raised, at most 10% (PP 29/1980)."),
    )
    effective_from = models.DateTimeField(_("effective from"), default=timezone.now)
    note = models.CharField(_("reason for the change"), max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("set by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-pk"]
        get_latest_by = "effective_from"
        verbose_name = _("management fee")
        verbose_name_plural = _("management fee history")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percentage__gte=0) & models.Q(percentage__lte=MAX_FEE_PERCENTAGE),
                name="fee_within_legal_cap",
            )
        ]

    def __str__(self):
        return f"{self.percentage}% ({self.effective_from:%Y-%m-%d})"

    def clean(self):
        if self.percentage is not None and self.percentage > MAX_FEE_PERCENTAGE:
            raise ValidationError({"percentage": _("The fee cannot be more than 10% (PP 29/1980).")})

    @classmethod
    def history(cls):
        """``[(effective_from, percentage)]``, newest first, from the shared cache (dropped whenever
        a row is saved: ``CachedRows``): every confirmed donation asks for its fee, and the history
        holds a handful of rows."""
        rows = cache.get(cls.cache_key)
        if rows is None:
            rows = list(cls.objects.order_by("-effective_from", "-pk").values_list("effective_from", "percentage"))
            cache.set(cls.cache_key, rows, cls.cache_seconds)
        return rows

    @classmethod
    def current(cls, at=None):
        """The percentage in force at ``at`` (now by default); 0 when none was ever set."""
        at = at or timezone.now()
        return next((percentage for effective_from, percentage in cls.history() if effective_from <= at),
                    Decimal("0"))


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        GROSS = "gross", _("Gross raised")
        FEE = "fee", _("Management fee")
        PROVINCIAL = "provincial", _("Provincial network share")
        NATIONAL = "national", _("National share")
        NET = "net", _("Net to the OMS")

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT, related_name="ledger_entries",
                                 verbose_name=_("campaign"))
    organisation = models.ForeignKey("partners.OrganisationPage", on_delete=models.PROTECT,
                                     related_name="ledger_entries", verbose_name=_("organisation"))
    province = models.ForeignKey("regions.Province", on_delete=models.PROTECT, related_name="ledger_entries",
                                 verbose_name=_("province"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=17, decimal_places=0)
    fee_percentage = models.DecimalField(_("fee (%)"), max_digits=5, decimal_places=2)
    source_type = models.CharField(_("source"), max_length=100)  # app_label.model of the record
    source_id = models.PositiveBigIntegerField(_("source id"))
    reference = models.CharField(_("reference"), max_length=80, default="income")  # income / refund / refund:<id>
    occurred_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("ledger line")
        verbose_name_plural = _("ledger")
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id", "reference", "kind"],
                                    name="one_ledger_line_per_event_and_kind"),
        ]
        indexes = [models.Index(fields=["campaign", "kind"]), models.Index(fields=["province", "kind", "occurred_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: Rp {self.amount}"


class LedgerBalance(models.Model):
    """The ledger's lines summed by campaign, OMS, province and kind: what pages read for totals.

    Kept by the database, not by Python: triggers on the ledger's table (migration
    ``0006_ledgerbalance_triggers``) add every line written, and take off any deleted, in the statement that
    writes it, so a balance is always exactly the sum of its lines, whoever wrote them. Never write
    it; ``manage.py reconcile`` checks it against the lines. A page's totals then cost one small
    read however many lines a campaign has (issue 13: 25,000 lines took 5 ms to sum per render).
    """

    # Indexed by the unique constraint and the indexes below, which lead with them.
    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="+",
                                 db_index=False, verbose_name=_("campaign"))
    organisation = models.ForeignKey("partners.OrganisationPage", on_delete=models.CASCADE, related_name="+",
                                     db_index=False, verbose_name=_("organisation"))
    province = models.ForeignKey("regions.Province", on_delete=models.CASCADE, related_name="+",
                                 db_index=False, verbose_name=_("province"))
    kind = models.CharField(_("kind"), max_length=12, choices=LedgerEntry.Kind.choices)
    amount = models.DecimalField(_("amount (Rp)"), max_digits=19, decimal_places=0, default=0, db_default=0)
    # No CHECK (lines >= 0): an upsert checks the row it would insert even when it updates instead.
    lines = models.BigIntegerField(_("lines"), default=0, db_default=0)

    class Meta:
        verbose_name = _("ledger balance")
        verbose_name_plural = _("ledger balances")
        constraints = [models.UniqueConstraint(fields=["campaign", "organisation", "province", "kind"],
                                               name="one_ledger_balance_per_place_and_kind")]
        indexes = [models.Index(fields=["organisation", "kind"]), models.Index(fields=["province", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()}: Rp {self.amount}"


def disbursement_proof_path(instance, filename):
    return f"finance/disbursements/{timezone.now():%Y/%m}/{filename}"


class Disbursement(models.Model):
    """Money paid out to an OMS for a campaign, recorded by national finance with its proof (public)."""

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT, related_name="disbursements",
                                 verbose_name=_("campaign"))
    organisation = models.ForeignKey("partners.OrganisationPage", on_delete=models.PROTECT,
                                     related_name="disbursements", verbose_name=_("organisation"))
    amount = models.DecimalField(_("amount (Rp)"), max_digits=17, decimal_places=0,
                                 validators=[MinValueValidator(Decimal("1"))])
    paid_on = models.DateField(_("paid on"))
    proof = models.FileField(_("proof of payment"), upload_to=disbursement_proof_path)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="disbursement_positive")]

    def __str__(self):
        return f"{self.campaign} · Rp {self.amount} · {self.paid_on}"


class MoneyFlag(models.Model):
    """Money that arrived otherwise than asked (more, less, late, taken back): it is in the ledger
    as it arrived, and flagged here until national finance has looked at it."""

    class Kind(models.TextChoices):
        OVERPAYMENT = "overpayment", _("More arrived than was asked")
        UNDERPAYMENT = "underpayment", _("Less arrived than was asked")
        LATE = "late", _("Arrived after the deadline")
        CHARGEBACK = "chargeback", _("Taken back by the payer's bank (chargeback)")

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT, related_name="money_flags",
                                 verbose_name=_("campaign"))
    source_type = models.CharField(_("source"), max_length=100)
    source_id = models.PositiveBigIntegerField(_("source id"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    expected = models.DecimalField(_("asked (Rp)"), max_digits=17, decimal_places=0)
    received = models.DecimalField(_("arrived (Rp)"), max_digits=17, decimal_places=0)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("flagged"), auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("resolved by"))
    resolution = models.TextField(_("resolution"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("money flag")
        verbose_name_plural = _("money flags")
        constraints = [models.UniqueConstraint(fields=["source_type", "source_id", "kind"],
                                               name="one_money_flag_per_record_and_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.source_type} #{self.source_id}"

