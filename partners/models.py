"""Mitra index and an OMS's profile page; its campaigns and stories live below it.

One page permission on an OMS's profile page gives that OMS's editors its whole subtree.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class OrganisationIndexPage(Page):
    """The Mitra index: every published OMS."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.OrganisationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("partner index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = (
            OrganisationPage.objects.child_of(self).live().public()
            .select_related("regency__province", "logo").order_by("title")
        )
        return context


class OrganisationPage(Page):
    """An OMS's public profile (Profil Mitra)."""

    class Form(models.TextChoices):
        YAYASAN = "yayasan", _("Foundation (yayasan)")
        PERKUMPULAN = "perkumpulan", _("Association (perkumpulan)")
        KOMUNITAS = "komunitas", _("Community group (komunitas)")
        KOPERASI = "koperasi", _("Cooperative (koperasi)")
        OTHER = "other", _("Other")

    legal_name = models.CharField(_("legal name"), max_length=255, blank=True)
    form = models.CharField(_("legal form"), max_length=20, choices=Form.choices, default=Form.YAYASAN)
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    about = RichTextField(_("about"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("logo"),
    )
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="organisations",
        verbose_name=_("regency/city"),
    )
    sdgs = ParentalManyToManyField("sdgs.SDG", blank=True, verbose_name=_("SDGs"))
    email = models.EmailField(_("email"), blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    # Private: used only on the manual bank transfer payment page, never on the public profile.
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=40, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=150, blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("about"),
        index.FilterField("regency"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("legal_name"), FieldPanel("form"), FieldPanel("founded_year")],
            heading=_("Legal"),
        ),
        FieldPanel("logo"),
        FieldPanel("about"),
        FieldPanel("regency"),
        FieldPanel("sdgs"),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("whatsapp")], heading=_("Contact")),
        MultiFieldPanel(
            [FieldPanel("bank_name"), FieldPanel("bank_account_number"), FieldPanel("bank_account_holder")],
            heading=_("Bank account (private)"),
            help_text=_("Shown only to donors paying by bank transfer, on their payment page."),
        ),
    ]

    parent_page_types = ["partners.OrganisationIndexPage"]
    subpage_types = ["campaigns.CampaignPage", "stories.StoryPage"]

    class Meta:
        verbose_name = _("OMS profile")
        verbose_name_plural = _("OMS profiles")

    def get_context(self, request, *args, **kwargs):
        from campaigns.models import CampaignPage
        from stories.models import StoryPage

        context = super().get_context(request, *args, **kwargs)
        context["campaigns"] = CampaignPage.objects.child_of(self).live().public().order_by("-start_date")
        context["stories"] = StoryPage.objects.child_of(self).live().public().order_by("-date")
        return context
