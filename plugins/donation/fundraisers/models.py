"""A supporter's own fundraiser for a campaign."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MANAGE_SALT = "lokadaya.donation.fundraiser.manage"


def fundraiser_photo_path(instance, filename):
    from django.utils import timezone

    return f"fundraisers/{timezone.now():%Y/%m}/{filename}"


class Fundraiser(models.Model):
    """A personal page for one money ask of a campaign, with the supporter's own target and words.

    ``raised`` and ``supporters`` are what donations through it count now; they change only in
    the transaction that changes such a donation (``fundraisers.service.follow``), by the
    difference, so concurrent donations never lose one another's.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the organisation's approval")
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden by the organisation")

    class Occasion(models.TextChoices):
        BIRTHDAY = "birthday", _("A birthday")
        SPORT = "sport", _("A run, ride or other challenge")
        CELEBRATION = "celebration", _("A wedding or celebration")
        MEMORIAL = "memorial", _("In memory of someone")
        OTHER = "other", _("Something else")

    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.PROTECT, related_name="fundraisers",
                                 verbose_name=_("campaign"))
    ask_id = models.CharField(_("ask"), max_length=64)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=120)
    story = models.TextField(_("why I am raising money"), max_length=3000)
    occasion = models.CharField(_("occasion"), max_length=20, choices=Occasion.choices, default=Occasion.OTHER)
    target = models.DecimalField(_("target (Rp)"), max_digits=15, decimal_places=0)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    photo = models.ImageField(_("photo"), upload_to=fundraiser_photo_path, blank=True)
    owner_name = models.CharField(_("your name"), max_length=150)
    owner_email = models.EmailField(_("your email"), db_index=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    status_note = models.CharField(_("note to the fundraiser"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    raised = models.DecimalField(_("raised (Rp)"), max_digits=17, decimal_places=0, default=Decimal("0"))
    supporters = models.PositiveIntegerField(_("donors"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-raised", "created_at"]
        verbose_name = _("supporter fundraiser")
        verbose_name_plural = _("supporter fundraisers")
        constraints = [
            models.CheckConstraint(condition=models.Q(target__gt=0), name="fundraiser_target_positive"),
            models.CheckConstraint(condition=models.Q(raised__gte=0), name="fundraiser_raised_not_negative"),
        ]
        # The leaderboard: a campaign's approved fundraisers by money raised.
        indexes = [models.Index(fields=["campaign", "status", "-raised"])]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED

    def manage_token(self):
        from django.core import signing

        return signing.dumps(self.pk, salt=MANAGE_SALT, compress=True)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("donation:fundraiser", kwargs={"slug": self.slug})

    def get_manage_url(self):
        from django.urls import reverse

        return reverse("donation:fundraiser_manage", kwargs={"token": self.manage_token()})
