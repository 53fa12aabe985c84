"""Mitra index and an OMS's profile page; its campaigns and stories live below it.

One page permission on an OMS's profile page gives that OMS's editors its whole subtree.
Verification (who verified the OMS, when) and the private bank account are kept out of the
editors' hands and out of translation: they are synchronised to every language, never translated.
"""
from django.conf import settings
from django.db import models
from django.db.models import QuerySet, Value
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from tenancy.page_files import OwnFilesOnlyPage

from .admin_forms import OrganisationPageForm
from .listing import filtered_organisations

# Fields that only the verification flow changes: never restored from a revision, never translated.
VERIFICATION_FIELDS = ("verification_status", "is_verified", "verified_at", "verified_by")
PRIVATE_FIELDS = ("bank_name", "bank_account_number", "bank_account_holder")


class OrganisationIndexPage(Page):
    """The Mitra index: every published OMS, filtered by place, SDG and verification."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.OrganisationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("partner index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from lokadaya.cards import load_cards

        base = OrganisationPage.objects.child_of(self).live().public()
        context.update(filtered_organisations(request, base))
        # The cards' logos in one batch, whatever the page holds (lokadaya/cards.py).
        context.update(load_cards(organisations=context["organisations"]))
        return context


class OrganisationPage(OwnFilesOnlyPage, Page):
    """An OMS's public profile (Profil Mitra)."""

    class Form(models.TextChoices):
        YAYASAN = "yayasan", _("Foundation (yayasan)")
        PERKUMPULAN = "perkumpulan", _("Association (perkumpulan)")
        KOMUNITAS = "komunitas", _("Community group (komunitas)")
        KOPERASI = "koperasi", _("Cooperative (koperasi)")
        OTHER = "other", _("Other")

    class Verification(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Awaiting email confirmation")
        PENDING = "pending", _("Awaiting verification")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    legal_name = models.CharField(_("legal name"), max_length=255, blank=True)
    form = models.CharField(_("legal form"), max_length=20, choices=Form.choices, default=Form.YAYASAN)
    legal_registration_number = models.CharField(
        _("legal registration number"), max_length=80, blank=True,
        help_text=_("For example the number of the Ministry of Law's decree (SK AHU)."),
    )
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    about = RichTextField(_("about"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    mission = RichTextField(_("mission"), blank=True, features=["bold", "italic", "ol", "ul"])
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("logo"),
        help_text=_("A square picture works best; it is shown small, on a white background."),
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("cover photo"),
        help_text=_("A wide photo of the organisation's work, shown at the top of its profile."),
    )
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="organisations",
        verbose_name=_("regency/city"),
    )
    work_regencies = ParentalManyToManyField(
        "regions.Regency", blank=True, related_name="organisations_working_here",
        verbose_name=_("other regencies/cities where it works"),
    )
    districts = ParentalManyToManyField(
        "regions.District", blank=True, related_name="organisations",
        verbose_name=_("districts (kecamatan) where it works"),
    )
    sdgs = ParentalManyToManyField("sdgs.SDG", blank=True, verbose_name=_("SDGs"))
    issues = ClusterTaggableManager(
        through="partners.OrganisationIssue", blank=True, verbose_name=_("issues"),
        help_text=_("The issues it works on, e.g. clean water, waste, legal aid."),
    )
    email = models.EmailField(_("email"), blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Verification: set only by the verification flow (partners.verification).
    verification_status = models.CharField(
        _("verification status"), max_length=20, choices=Verification.choices, default=Verification.PENDING,
    )
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "network.ProvincialNetwork", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="verified_organisations", verbose_name=_("verified by"),
    )
    # Private: used only on the manual bank transfer payment page, never on the public profile.
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=40, blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=150, blank=True)

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("about"),
        index.SearchField("legal_name"),
        index.SearchField("vision"),
        index.SearchField("mission"),
        index.RelatedFields("issues", [index.SearchField("name")]),
        index.FilterField("regency"),
    ]

    # Names, numbers, contacts and the bank account are the same in every language.
    override_translatable_fields = [
        # Pictures are the same in every language; captions and roles are translated.
        SynchronizedField("logo", overridable=False),
        SynchronizedField("cover_image", overridable=False),
        SynchronizedField("legal_name"),
        SynchronizedField("legal_registration_number"),
        SynchronizedField("whatsapp"),
        *[SynchronizedField(name, overridable=False) for name in PRIVATE_FIELDS],
        *[SynchronizedField(name, overridable=False) for name in VERIFICATION_FIELDS],
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("legal_name"), FieldPanel("form"), FieldPanel("legal_registration_number"),
             FieldPanel("founded_year")],
            heading=_("Legal"),
        ),
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("cover_image")], heading=_("Logo and cover photo")),
        FieldPanel("about"),
        MultiFieldPanel([FieldPanel("vision"), FieldPanel("mission")], heading=_("Vision and mission")),
        InlinePanel("gallery_photos", label=_("Photo gallery"),
                    help_text=_("Photos of the organisation's work, each with a short caption.")),
        MultiFieldPanel(
            [FieldPanel("regency"), FieldPanel("work_regencies"), FieldPanel("districts")],
            heading=_("Where it works"),
        ),
        FieldPanel("sdgs"),
        FieldPanel("issues"),
        InlinePanel("team_members", label=_("Team"),
                    help_text=_("The people behind the organisation; a square photo of each works best.")),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("whatsapp"), FieldPanel("website")],
                        heading=_("Contact")),
        InlinePanel("links", label=_("Social media")),
        InlinePanel("documents", label=_("Annual reports and transparency documents")),
        MultiFieldPanel(
            [FieldPanel("bank_name"), FieldPanel("bank_account_number"), FieldPanel("bank_account_holder")],
            heading=_("Bank account (private)"),
            help_text=_("Shown only to donors paying by bank transfer, on their payment page."),
        ),
    ]

    base_form_class = OrganisationPageForm
    parent_page_types = ["partners.OrganisationIndexPage"]
    subpage_types = ["campaigns.CampaignPage", "stories.StoryPage"]

    class Meta:
        verbose_name = _("OMS profile")
        verbose_name_plural = _("OMS profiles")
        permissions = [
            ("verify_any_organisation", "Can verify, reject or ask changes of an OMS in any province"),
        ]

    def save(self, *args, **kwargs):
        # Older code paths (fixtures, the demo) create a verified OMS by setting is_verified only.
        if self.is_verified and self.verification_status in (self.Verification.PENDING,
                                                             self.Verification.UNCONFIRMED):
            self.verification_status = self.Verification.VERIFIED
        self.is_verified = self.verification_status == self.Verification.VERIFIED
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "verification_status" in update_fields:
            kwargs["update_fields"] = set(update_fields) | {"is_verified"}
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        """A revision never brings back an old verification state: keep the current one."""
        obj = super().with_content_json(content)
        for name in VERIFICATION_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def permissions_for_user(self, user):
        """Only national admins delete, move or unpublish an OMS's profile page, by any door (admin, API, bulk)."""
        from tenancy.permissions import OrganisationPagePermissionTester

        return OrganisationPagePermissionTester(user, self)

    @property
    def province(self):
        return self.regency.province if self.regency_id else None

    def get_context(self, request, *args, **kwargs):
        from campaigns.models import CampaignPage
        from editorial.templatetags.share_tags import LOGO_IMAGE_SPEC, SHARE_IMAGE_SPEC
        from lokadaya.cards import join_related, load_cards, picture
        from stories.templatetags.story_tags import organisation_stories

        context = super().get_context(request, *args, **kwargs)
        # A fixed number of queries whatever the OMS holds: each relation in one query, every
        # picture's renditions in one batch (lokadaya/cards.py).
        join_related(self, "regency__province", "logo", "cover_image", "verified_by__province")
        context["places"] = self.work_places()
        context["gallery"] = list(self.gallery_photos.select_related("image"))
        # Kept on the page (modelcluster's in-memory list, never saved from here), so that
        # {% share_meta %} takes the first photo from it without a query of its own.
        self.gallery_photos.set(context["gallery"])
        context["team"] = list(self.team_members.select_related("photo"))
        context["sdgs"], context["issues"] = self.labels()
        context["social_links"] = list(self.links.all())  # "links": the header's language links
        context["documents"] = list(self.documents.select_related("document"))
        # Every size the page asks of each picture: the template's, and the share card's
        # ({% share_meta %}: the cover; without one the first photo, else the logo).
        images = [picture(self.cover_image, "16x9"), picture(self.logo, "none", "160,320")]
        images += [picture(photo.image, "3x2", "480,800") for photo in context["gallery"]]
        images += [picture(member.photo, "1x1", "64,128") for member in context["team"]]
        if self.cover_image_id:
            images.append((self.cover_image, [SHARE_IMAGE_SPEC]))
        elif context["gallery"]:
            images.append((context["gallery"][0].image, [SHARE_IMAGE_SPEC]))
        elif self.logo_id:
            images.append((self.logo, [LOGO_IMAGE_SPEC]))
        context.update(load_cards(
            campaigns=CampaignPage.objects.child_of(self).live().public()
            .select_related("regency__province", "hero_image").order_by("-start_date"),
            # Those under its profile and those about it elsewhere.
            stories=organisation_stories(self),
            images=images,
        ))
        return context

    def work_places(self):
        """``[(regency, [districts])]``: its own kabupaten/kota first, then the others it works in."""
        if self._relations_stored():
            others, chosen = self._related_rows()[:2]
        else:  # a preview: the revision's relations, in memory
            others, chosen = self.work_regencies.select_related("province").all(), self.districts.all()
        regencies = [self.regency] + [r for r in others if r.pk != self.regency_id]
        districts = {}
        for district in chosen:
            districts.setdefault(district.regency_id, []).append(district)
        return [(regency, districts.get(regency.pk, [])) for regency in regencies]

    def labels(self):
        """``(sdgs, issues)``: its SDGs by number and its issues (tags) in the order given."""
        if self._relations_stored():
            return self._related_rows()[2:]
        return list(self.sdgs.all()), list(self.issues.all())  # a preview: the revision's, in memory

    def _relations_stored(self):
        """Whether its places, SDGs and issues are the database's (not a revision's, in memory)."""
        return all(isinstance(manager.all(), QuerySet) for manager in (
            self.work_regencies, self.districts, self.sdgs, self.tagged_issues))

    def _related_rows(self):
        """``(work regencies, districts, sdgs, issues)``, read once per instance (``_profile_rows``)."""
        if "_profile_rows" not in self.__dict__:
            self.__dict__["_profile_rows"] = _profile_rows(self)
        return self.__dict__["_profile_rows"]


def _text(value=""):
    return Value(value, output_field=models.CharField())


def _number(value=0):
    return Value(value, output_field=models.BigIntegerField())


def _profile_rows(page):
    """``(work regencies, districts, sdgs, issues)`` of a stored OMS in one query.

    Four small relations of the profile as one UNION ALL of rows of one shape, made back into
    instances with every field of each (the regencies' provinces joined). The columns: type, id,
    order, code, name, slug, then three per type (regency: kind, province id, code, name, slug;
    district: regency id; SDG: English name, colour; issue: none).
    """
    from regions.models import District, Province, Regency
    from sdgs.models import SDG
    from taggit.models import Tag

    rows = [
        Regency.objects.filter(organisations_working_here=page).values_list(
            _text("regency"), "pk", _number(), "code", "name", "slug", "kind", "province_id", "province__code",
            "province__name", "province__slug"),
        District.objects.filter(organisations=page).values_list(
            _text("district"), "pk", _number(), "code", "name", "slug", _text(), "regency_id", _text(), _text(),
            _text()),
        OrganisationPage.sdgs.through.objects.filter(organisationpage=page).values_list(
            _text("sdg"), "sdg_id", "sdg__number", _text(), "sdg__name_id", "sdg__slug", "sdg__name_en",
            _number(), "sdg__colour", _text(), _text()),
        OrganisationIssue.objects.filter(content_object=page).values_list(
            _text("issue"), "tag_id", "pk", _text(), "tag__name", "tag__slug", _text(), _number(), _text(), _text(),
            _text()),
    ]
    # No ORDER BY inside the parts (their models' default ordering): SQLite refuses it in a compound
    # statement; the parts are ordered below.
    rows = [part.order_by() for part in rows]
    found = {"regency": [], "district": [], "sdg": [], "issue": []}
    for kind_of_row, pk, order, code, name, slug, extra, parent_id, *more in rows[0].union(*rows[1:], all=True):
        if kind_of_row == "regency":
            province = Province(id=parent_id, code=more[0], name=more[1], slug=more[2])
            item = Regency(id=pk, code=code, name=name, slug=slug, kind=extra, province=province)
        elif kind_of_row == "district":
            item = District(id=pk, code=code, name=name, slug=slug, regency_id=parent_id)
        elif kind_of_row == "sdg":
            item = SDG(id=pk, number=order, slug=slug, name_id=name, name_en=extra, colour=more[0])
        else:
            item = Tag(id=pk, name=name, slug=slug)
        found[kind_of_row].append(((order, code), item))
    # Each in its usual order: places by their official code (fixed width: text order is code
    # order), SDGs by number, issues as tagged (taggit reads them by the tagging's id).
    return tuple([item for _key, item in sorted(found[name], key=lambda pair: pair[0])]
                 for name in ("regency", "district", "sdg", "issue"))


class OrganisationIssue(TaggedItemBase):
    """An issue an OMS works on (a tag)."""

    content_object = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="tagged_issues")


class OrganisationPhoto(TranslatableMixin, Orderable):
    """A photo of the OMS's gallery: the image is the same in every language, the caption is translated."""

    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="gallery_photos")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("image"))
    caption = models.CharField(_("caption"), max_length=250, blank=True,
                               help_text=_("What the photo shows; also read out to people who cannot see it."))

    override_translatable_fields = [SynchronizedField("image", overridable=False)]
    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("gallery photo")
        verbose_name_plural = _("gallery photos")


class TeamMember(TranslatableMixin, Orderable):
    """A person of the OMS's team: the name and photo are the same in every language, the role is translated."""

    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="team_members")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("photo"))

    override_translatable_fields = [SynchronizedField("name"), SynchronizedField("photo", overridable=False)]
    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team members")


class OrganisationLink(Orderable):
    """A social media account or other public link."""

    class Kind(models.TextChoices):
        INSTAGRAM = "instagram", "Instagram"
        FACEBOOK = "facebook", "Facebook"
        X = "x", "X (Twitter)"
        YOUTUBE = "youtube", "YouTube"
        TIKTOK = "tiktok", "TikTok"
        LINKEDIN = "linkedin", "LinkedIn"
        OTHER = "other", _("Other")

    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("address (URL)"))

    panels = [FieldPanel("kind"), FieldPanel("url")]


class OrganisationDocument(Orderable):
    """An annual report or other transparency document, public on the profile."""

    class Kind(models.TextChoices):
        ANNUAL_REPORT = "annual_report", _("Annual report")
        FINANCIAL_STATEMENT = "financial_statement", _("Financial statement")
        AUDIT = "audit", _("Audit report")
        STATUTE = "statute", _("Statutes (AD/ART)")
        OTHER = "other", _("Other document")

    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.ANNUAL_REPORT)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("document"))

    panels = [FieldPanel("title"), FieldPanel("kind"), FieldPanel("year"), FieldPanel("document")]


class VerificationEvent(models.Model):
    """One step of an OMS's registration and verification, with the note shown to the other side."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        SUBMITTED = "submitted", _("Email confirmed, submitted for verification")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        RESUBMITTED = "resubmitted", _("Changes made, submitted again")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(OrganisationPage, on_delete=models.CASCADE,
                                     related_name="verification_events", verbose_name=_("organisation"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("by"))
    network = models.ForeignKey("network.ProvincialNetwork", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name=_("network"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("verification step")
        verbose_name_plural = _("verification steps")

    def __str__(self):
        return f"{self.organisation_id}: {self.action}"


class OrganisationAccess(models.Model):
    """The editor group and the image/document collection an OMS got when it was verified."""

    organisation = models.OneToOneField(OrganisationPage, on_delete=models.CASCADE, related_name="access",
                                        verbose_name=_("organisation"))
    group = models.OneToOneField("auth.Group", on_delete=models.PROTECT, related_name="organisation_access",
                                 verbose_name=_("editor group"))
    collection = models.OneToOneField("wagtailcore.Collection", on_delete=models.PROTECT,
                                      related_name="organisation_access", verbose_name=_("collection"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("OMS editor access")
        verbose_name_plural = _("OMS editor access")

    def __str__(self):
        return str(self.group)
