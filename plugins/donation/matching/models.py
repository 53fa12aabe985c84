"""A sponsor's matching fund and the part of each donation it matched."""
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchFund(models.Model):
    """A sponsor pledges to match donations ``ratio``:1 on the campaigns of a programme, a province or
    an SDG (exactly one), from ``starts_on`` to ``ends_on``, up to ``cap`` in all.

    ``matched`` is what the fund's matches count now; it only changes under this row's lock, in
    the transaction that changes a match, and the database refuses it above ``cap``.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    sponsor_name = models.CharField(_("sponsor"), max_length=200)
    partner = models.ForeignKey("programmes.StrategicPartner", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="match_funds", verbose_name=_("strategic partner"),
                                help_text=_("When the sponsor is a national strategic partner."))
    sponsor_logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("sponsor logo"))
    sponsor_url = models.URLField(_("sponsor website"), blank=True)
    #: Rupiah matched per rupiah donated: 1 doubles each gift, 0.5 adds half.
    ratio = models.DecimalField(_("match ratio"), max_digits=4, decimal_places=2, default=Decimal("1"),
                                validators=[MinValueValidator(Decimal("0.01"))])
    cap = models.DecimalField(_("cap (Rp)"), max_digits=15, decimal_places=0,
                              validators=[MinValueValidator(Decimal("1"))])
    #: The most one donation may receive from the fund (0: no limit but the cap).
    per_donation_limit = models.DecimalField(_("limit per donation (Rp)"), max_digits=15, decimal_places=0,
                                             default=Decimal("0"))
    programme = models.ForeignKey("programmes.ProgrammePage", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="match_funds", verbose_name=_("programme"))
    province = models.ForeignKey("regions.Province", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="match_funds", verbose_name=_("province"))
    sdg = models.ForeignKey("sdgs.SDG", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="match_funds", verbose_name=_("SDG"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    matched = models.DecimalField(_("matched so far (Rp)"), max_digits=15, decimal_places=0, default=Decimal("0"))
    note = models.TextField(_("internal note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("matching fund")
        verbose_name_plural = _("matching funds")
        constraints = [
            # The cap holds whatever the code does.
            models.CheckConstraint(condition=models.Q(matched__gte=0) & models.Q(matched__lte=models.F("cap")),
                                   name="match_fund_within_cap"),
            models.CheckConstraint(condition=models.Q(ratio__gt=0), name="match_fund_ratio_positive"),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="match_fund_dates_in_order"),
            # Exactly one scope.
            models.CheckConstraint(
                condition=(models.Q(programme__isnull=False, province__isnull=True, sdg__isnull=True)
                           | models.Q(programme__isnull=True, province__isnull=False, sdg__isnull=True)
                           | models.Q(programme__isnull=True, province__isnull=True, sdg__isnull=False)),
                name="match_fund_one_scope"),
        ]

    def __str__(self):
        return f"{self.sponsor_name}: Rp {self.cap}"

    @property
    def remaining(self):
        return max(self.cap - self.matched, Decimal("0"))


class Match(models.Model):
    """The money ``fund`` added to one donation: a money record in the ledger of its own.

    ``amount`` is what the match counts now (0 once the donation no longer counts); its ledger
    lines (``source_type`` ``donation.match``) always net to ``split(amount)``.
    """

    fund = models.ForeignKey(MatchFund, on_delete=models.PROTECT, related_name="matches",
                             verbose_name=_("matching fund"))
    donation = models.OneToOneField("donation.Donation", on_delete=models.PROTECT, related_name="match",
                                    verbose_name=_("donation"))
    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT, related_name="matches",
                                 verbose_name=_("campaign"))
    ask_id = models.CharField(_("ask"), max_length=64)
    amount = models.DecimalField(_("matched (Rp)"), max_digits=15, decimal_places=0, default=Decimal("0"))
    #: The most this match may count (set when first matched): a refunded and again confirmed
    #: donation never takes more from the fund than it first did.
    granted = models.DecimalField(_("granted (Rp)"), max_digits=15, decimal_places=0, default=Decimal("0"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0) & models.Q(amount__lte=models.F("granted")),
                                   name="match_amount_within_granted"),
        ]
        indexes = [models.Index(fields=["campaign", "ask_id"])]

    def __str__(self):
        return f"{self.fund.sponsor_name} × {self.donation_id}: Rp {self.amount}"
