"""Advocacy alliances: OMS acting together on a policy issue, in public.

Invariants (who may do what is ``alliances.access``):
- An alliance is a page (``AlliancePage``) under the alliances index, translatable like a story:
  its position statement, decision makers and milestone timeline are its content, with revisions.
- Membership is a row per OMS and alliance (``AllianceMembership``, unique), always on the
  source-language alliance and OMS pages. Only ``MEMBER`` rows (invited, then accepted; or the lead)
  count: they appear in public and their OMS's editors may edit the alliance page
  (``alliances.membership`` grants and revokes the page permission in the same transaction).
- A joint action (``JointAction``) counts support on asks of its members' own campaigns
  (``JointActionAsk``), of one support type, through the plugins' progress hooks: nothing is copied,
  so the total is always the sum of what each linked ask counts. An ask belongs to at most one
  joint action (unique), and only a member OMS's own campaign's ask may be linked.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

User = settings.AUTH_USER_MODEL


class Level(models.TextChoices):
    """Where a policy is decided, and so where an alliance works."""

    REGENCY = "regency", _("Regency/city")
    PROVINCE = "province", _("Province")
    NATIONAL = "national", _("National")


class AllianceIndexPage(Page):
    """Aliansi advokasi: every published alliance, filtered by level, province and issue."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["alliances.AlliancePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("alliances index")

    def get_context(self, request, *args, **kwargs):
        from .listing import filtered_alliances

        context = super().get_context(request, *args, **kwargs)
        context.update(filtered_alliances(self, request))
        return context


class AlliancePage(Page):
    """One advocacy alliance: its position, whom it addresses, what it did and what came of it."""

    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.REGENCY)
    province = models.ForeignKey("regions.Province", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("province"),
                                 help_text=_("For a provincial or regency/city alliance."))
    regency = models.ForeignKey("regions.Regency", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("regency/city"),
                                help_text=_("For a regency/city alliance."))
    policy_issue = models.CharField(_("policy issue"), max_length=200,
                                    help_text=_("The policy the alliance wants changed, in one line."))
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    position_statement = RichTextField(_("joint position statement"), blank=True,
                                       features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"])
    hero_image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("picture"))
    sdgs = ParentalManyToManyField("sdgs.SDG", blank=True, verbose_name=_("SDGs"))
    programme = models.ForeignKey("programmes.ProgrammePage", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="alliances", verbose_name=_("national programme"))
    #: The OMS that founded it (source-language page); a member like the others, shown first.
    lead_organisation = models.ForeignKey("partners.OrganisationPage", null=True, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("lead OMS"))
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    override_translatable_fields = [
        SynchronizedField("level", overridable=False), SynchronizedField("province", overridable=False),
        SynchronizedField("regency", overridable=False), SynchronizedField("lead_organisation", overridable=False),
        SynchronizedField("programme", overridable=False), SynchronizedField("founded_on", overridable=False),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("policy_issue"), index.SearchField("summary"), index.SearchField("position_statement"),
        index.FilterField("level"), index.FilterField("province"), index.FilterField("regency"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("policy_issue"),
        MultiFieldPanel([FieldPanel("level"), FieldPanel("province"), FieldPanel("regency")],
                        heading=_("Where the policy is decided")),
        FieldPanel("position_statement"),
        FieldPanel("hero_image"),
        MultiFieldPanel([FieldPanel("sdgs"), FieldPanel("programme"), FieldPanel("founded_on")],
                        heading=_("Issue cluster")),
        InlinePanel("decision_makers", heading=_("Decision makers targeted"), label=_("decision maker")),
        InlinePanel("milestones", heading=_("Advocacy timeline"), label=_("milestone")),
    ]

    parent_page_types = ["alliances.AllianceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("advocacy alliance")
        verbose_name_plural = _("advocacy alliances")

    def clean(self):
        from .validation import clean_place

        super().clean()
        clean_place(self)

    def get_context(self, request, *args, **kwargs):
        from .public import alliance_context

        context = super().get_context(request, *args, **kwargs)
        context.update(alliance_context(self, request))
        return context


class DecisionMaker(TranslatableMixin, Orderable):
    """A decision maker the alliance addresses: an office (and its holder), at a level, in a region."""

    page = ParentalKey(AlliancePage, on_delete=models.CASCADE, related_name="decision_makers")
    office = models.CharField(_("office"), max_length=200, help_text=_("e.g. “Bupati Sumba Barat”, “DPRD Provinsi NTT”."))
    name = models.CharField(_("holder's name"), max_length=150, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.REGENCY)
    province = models.ForeignKey("regions.Province", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("province"))
    regency = models.ForeignKey("regions.Regency", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("regency/city"))

    override_translatable_fields = [SynchronizedField("name"), SynchronizedField("level", overridable=False),
                                    SynchronizedField("province", overridable=False),
                                    SynchronizedField("regency", overridable=False)]
    panels = [FieldPanel("office"), FieldPanel("name"), FieldPanel("level"), FieldPanel("province"),
              FieldPanel("regency")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("decision maker")
        verbose_name_plural = _("decision makers")

    def __str__(self):
        return f"{self.office} ({self.name})" if self.name else self.office


class Milestone(TranslatableMixin, Orderable):
    """A step of the advocacy (a hearing, a letter, a meeting, a policy change) or a decision maker's response."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("Hearing")
        LETTER = "letter", _("Letter")
        MEETING = "meeting", _("Meeting")
        PETITION = "petition", _("Petition delivered")
        RESPONSE = "response", _("Decision maker's response")
        POLICY_CHANGE = "policy_change", _("Policy change")
        OTHER = "other", _("Other")

    page = ParentalKey(AlliancePage, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETING)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happened"), blank=True, max_length=3000)
    #: For a response: who answered (an office from the decision makers, as written there).
    responder = models.CharField(_("who responded"), max_length=200, blank=True,
                                 help_text=_("For a response: the office that answered."))
    evidence_document = models.ForeignKey("wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+", verbose_name=_("evidence (document)"),
                                          help_text=_("A letter, minutes, a photo of the meeting, the regulation."))
    evidence_link = models.URLField(_("evidence (link)"), blank=True,
                                    help_text=_("A news article, a recording, the published regulation."))
    story = models.ForeignKey("stories.StoryPage", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("story of change"))

    override_translatable_fields = [
        SynchronizedField("date", overridable=False), SynchronizedField("kind", overridable=False),
        SynchronizedField("evidence_document"), SynchronizedField("evidence_link"),
        SynchronizedField("story", overridable=False), SynchronizedField("responder"),
    ]
    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("title"), FieldPanel("description"),
              FieldPanel("responder"), FieldPanel("evidence_document"), FieldPanel("evidence_link"),
              FieldPanel("story")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class AllianceMembership(models.Model):
    """An OMS in an alliance: invited by a member, then accepted (or declined); the lead is a member from the start."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        MEMBER = "member", _("Member")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    alliance = models.ForeignKey(AlliancePage, on_delete=models.CASCADE, related_name="memberships",
                                 verbose_name=_("alliance"))
    organisation = models.ForeignKey("partners.OrganisationPage", on_delete=models.CASCADE,
                                     related_name="alliance_memberships", verbose_name=_("OMS"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED)
    is_lead = models.BooleanField(_("lead"), default=False)
    message = models.TextField(_("invitation message"), blank=True, max_length=1000)
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("invited by"))
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    responded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("answered by"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-is_lead", "invited_at", "pk"]
        verbose_name = _("alliance member")
        verbose_name_plural = _("alliance members")
        constraints = [models.UniqueConstraint(fields=["alliance", "organisation"], name="alliance_one_membership")]

    def __str__(self):
        return f"{self.organisation} @ {self.alliance} ({self.get_status_display()})"


class JointAction(models.Model):
    """Support the members gather together, e.g. a joint petition: the sum of their linked asks."""

    alliance = models.ForeignKey(AlliancePage, on_delete=models.CASCADE, related_name="joint_actions",
                                 verbose_name=_("alliance"))
    #: The support type of every linked ask (a plugin's key, e.g. the petition's); never named by core.
    type_key = models.CharField(_("support type"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    goal = models.PositiveIntegerField(_("joint goal"), null=True, blank=True,
                                       help_text=_("In the support type's unit (signatures, volunteers, ...)."))
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("joint action")
        verbose_name_plural = _("joint actions")

    def __str__(self):
        return self.title


class JointActionAsk(models.Model):
    """A member OMS's campaign ask counted in a joint action (its records stay the plugin's own)."""

    joint_action = models.ForeignKey(JointAction, on_delete=models.CASCADE, related_name="asks",
                                     verbose_name=_("joint action"))
    campaign = models.ForeignKey("campaigns.CampaignPage", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("campaign"))
    ask_id = models.CharField(max_length=64)
    organisation = models.ForeignKey("partners.OrganisationPage", on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("OMS"))
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        verbose_name = _("linked ask")
        verbose_name_plural = _("linked asks")
        constraints = [models.UniqueConstraint(fields=["campaign", "ask_id"], name="alliance_ask_in_one_action")]
