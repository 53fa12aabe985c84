"""A campaign's public fundraising permit (izin Pengumpulan Uang atau Barang, PUB) and the platform's
policy on when one is required.

UU 9/1961 and PP 29/1980 require a permit for collecting money from the public: from the Ministry
of Social Affairs for a national collection, from the governor for one within a province, from the
bupati or wali kota for one within a kabupaten/kota.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokadaya.cached_rows import SingleRowSetting

from .storage import permit_storage


def permit_document_path(instance, filename):
    return f"{timezone.now():%Y/%m}/{filename}"


class Scope(models.TextChoices):
    NATIONAL = "national", _("National (Ministry of Social Affairs)")
    PROVINCE = "province", _("Province (governor)")
    REGENCY = "regency", _("Kabupaten/kota (bupati or wali kota)")


class FundraisingPermit(models.Model):
    """A permit an OMS recorded for a campaign's money asks; moderators verify it.

    A permit covers the campaign while it is verified, its dates include the day, and its area
    covers the campaign's (``permits.rules.covers``).
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="permits",
                                 verbose_name=_("campaign"))
    number = models.CharField(_("permit number"), max_length=120)
    issuer = models.CharField(_("issued by"), max_length=200,
                              help_text=_("E.g. Kementerian Sosial RI, Dinas Sosial Provinsi NTT."))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    province = models.ForeignKey("regions.Province", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("province"))
    regency = models.ForeignKey("regions.Regency", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("kabupaten/kota"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    document = models.FileField(_("permit document"), upload_to=permit_document_path, storage=permit_storage,
                                max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED,
                              db_index=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, max_length=1000)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("verified by"))
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    #: When the OMS was reminded that the permit runs out (once per permit).
    expiry_reminded_at = models.DateTimeField(_("expiry reminder sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-valid_until", "-pk"]
        verbose_name = _("fundraising permit")
        verbose_name_plural = _("fundraising permits")
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")),
                                   name="permit_dates_in_order"),
            models.CheckConstraint(
                condition=(models.Q(scope="national", province__isnull=True, regency__isnull=True)
                           | models.Q(scope="province", province__isnull=False, regency__isnull=True)
                           | models.Q(scope="regency", regency__isnull=False)),
                name="permit_area_matches_scope"),
        ]
        indexes = [models.Index(fields=["campaign", "status", "valid_until"])]

    def __str__(self):
        return f"{self.number} ({self.issuer})"


#: Where ``permits.rules.current_policy`` keeps the policy in the shared cache.
POLICY_CACHE_KEY = "permits:policy"


class PermitPolicy(SingleRowSetting):
    """The platform's setting (one row): which campaigns stop taking money without a valid permit.

    A campaign's collection is *national* when it belongs to a national programme and *regional*
    otherwise (``permits.rules.collection_scope``).
    """

    cache_key = POLICY_CACHE_KEY

    require_national = models.BooleanField(
        _("require a permit for national collections"), default=False,
        help_text=_("Campaigns of national programmes stop taking money without a verified, valid permit."))
    require_regional = models.BooleanField(
        _("require a permit for regional collections"), default=False,
        help_text=_("Every other campaign stops taking money without a verified, valid permit covering its "
                    "province or kabupaten/kota."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("changed by"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("fundraising permit policy")
        verbose_name_plural = _("fundraising permit policy")

    def __str__(self):
        return str(_("Fundraising permit policy"))

    @classmethod
    def current(cls):
        """The policy row (made on first use)."""
        row = cls.objects.order_by("pk").first()
        return row or cls.objects.create()
