"""Campaign pages (Galang Daya) and the records the core keeps for every support type."""
import datetime

from django.conf import settings
from django.db import models, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from editorial.gate import ReviewGatedPage
from library.panels import InitiativeGuidePanel
from widgets.panels import EmbedCodePanel
from tenancy.page_files import OwnFilesOnlyPage

from .blocks import UNAVAILABLE
from .fields import AsksField
from .plugins import registry
from .types import Ask

WALL_SIZE = 12


class CampaignIndexPage(Page):
    """Galang Daya: every live campaign, active first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("campaign index")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        campaigns = (
            CampaignPage.objects.live().public().filter(locale=self.locale)
            .select_related("regency__province", "hero_image")
            .order_by("end_date", "-first_published_at")
        )
        status = request.GET.get("status")
        today = timezone.localdate()
        if status == CampaignPage.Status.ACTIVE:
            campaigns = campaigns.filter(closed=False, start_date__lte=today).filter(
                models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
        elif status == CampaignPage.Status.ENDED:
            campaigns = campaigns.filter(models.Q(closed=True) | models.Q(end_date__lt=today))
        elif status == CampaignPage.Status.UPCOMING:
            campaigns = campaigns.filter(closed=False, start_date__gt=today)
        page = Paginator(campaigns, 12).get_page(request.GET.get("page"))
        # Every card's progress and picture in a fixed number of queries, whatever the number of cards.
        from lokadaya.cards import load_cards

        page = load_cards(campaigns=page)["campaigns"]
        context.update(campaigns=page, status_filter=status, statuses=CampaignPage.Status.choices)
        return context


#: Buttons of the page editor that launch a campaign (or ask for its launch): the cover photo is
#: required then, and only then, so that drafts may be saved before the photo is chosen.
LAUNCH_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class CampaignPageForm(WagtailAdminPageForm):
    """The campaign editor: a campaign goes out (publish, submit for launch, approve) only with a cover photo."""

    def is_launching(self):
        data = self.data or {}
        if any(data.get(name) for name in LAUNCH_ACTIONS):
            return True
        # A reviewer approving from the edit view ("Approve", "Approve with comment").
        return bool(data.get("action-workflow-action")) and "approve" in (data.get("workflow-action-name") or "")

    def clean(self):
        cleaned = super().clean()
        if "hero_image" in self.fields and not cleaned.get("hero_image") and self.is_launching():
            self.add_error("hero_image", forms.ValidationError(
                _("Add a cover photo before launching: a real photo of the initiative, its people or its place. "
                  "You can save a draft without one."), code="cover_required"))
        return cleaned


class CampaignPage(OwnFilesOnlyPage, ReviewGatedPage, RoutablePageMixin, Page):
    """A campaign of an OMS, asking for one or more kinds of support (the ``asks``)."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    summary = models.CharField(
        _("summary"), max_length=300,
        help_text=_("One or two sentences: what the campaign will change, for whom. Shown on cards and when shared."),
    )
    # The cover photo: required to launch (CampaignPageForm), not to save a draft.
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("cover photo"),
        help_text=_("A real photo of the initiative: its people, its place or its work (not a logo or a poster). "
                    "Landscape, at least 1200 pixels wide. Required to launch the campaign."),
    )
    # The six steps of the initiative formulation (the seed): problem, people served, place,
    # what the initiative does, what support it needs (the asks), how change will be shown.
    problem = RichTextField(
        _("the problem"), blank=True, features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What is wrong today, in your own words, with a fact or two: how many, how often, since when."),
    )
    people_served = RichTextField(
        _("the people served"), blank=True, features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("Who benefits, and how many: e.g. 120 families of RW 07, 40 children of the village school."),
    )
    place_description = models.CharField(
        _("the place"), max_length=255, blank=True,
        help_text=_("Where exactly, in words a visitor recognises: village, district, landmark."),
    )
    activities = RichTextField(
        _("what the initiative does"), blank=True, features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("The work, step by step: what you will do with the support, and when."),
    )
    change_measure = RichTextField(
        _("how change will be shown"), blank=True, features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What you will measure or show when it is done (before and after), and when supporters "
                    "will hear about it."),
    )
    body = RichTextField(
        _("the full story"), blank=True,
        help_text=_("Optional: the story in more detail, with photos."),
    )
    regency = models.ForeignKey(
        "regions.Regency", null=True, blank=True, on_delete=models.PROTECT,
        related_name="campaigns", verbose_name=_("regency/city"),
        help_text=_("Leave empty to use the organisation's."),
    )
    sdgs = ParentalManyToManyField("sdgs.SDG", blank=True, verbose_name=_("SDGs"))
    start_date = models.DateField(_("start date"), default=datetime.date.today)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    closed = models.BooleanField(
        _("closed early"), default=False,
        help_text=_("Stop taking support now, before the end date."),
    )
    asks = AsksField(blank=True, verbose_name=_("asks"))

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("problem"),
        index.SearchField("activities"),
        index.SearchField("asks"),
        index.FilterField("regency"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]

    # The guided path: the seed's six steps of an initiative, in order, each with its help text.
    content_panels = [
        # The library's six-step guide (collapsible; hidden when no guide is flagged).
        InitiativeGuidePanel(),
        MultiFieldPanel(
            [TitleFieldPanel("title"), FieldPanel("summary"), FieldPanel("hero_image")],
            heading=_("The campaign"),
        ),
        MultiFieldPanel([FieldPanel("problem")], heading=_("1. The problem")),
        MultiFieldPanel([FieldPanel("people_served")], heading=_("2. The people served")),
        MultiFieldPanel([FieldPanel("regency"), FieldPanel("place_description")], heading=_("3. The place")),
        MultiFieldPanel([FieldPanel("activities")], heading=_("4. What the initiative does")),
        MultiFieldPanel(
            [HelpPanel(template="campaigns/admin/unavailable_asks_panel.html"),
             HelpPanel(content=_("Add one ask per kind of support: money, goods, volunteers, partners, "
                                 "signatures. Put the money ask first: it is the page's main button.")),
             FieldPanel("asks")],
            heading=_("5. What support it needs"),
        ),
        MultiFieldPanel([FieldPanel("change_measure")], heading=_("6. How change will be shown")),
        MultiFieldPanel([FieldPanel("body")], heading=_("The full story"), classname="collapsed"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]), FieldPanel("closed"),
             FieldPanel("sdgs")],
            heading=_("Dates and goals"),
        ),
        # The widget code an OMS puts on its own website (widgets/).
        EmbedCodePanel(),
    ]
    base_form_class = CampaignPageForm

    # wagtail-localize: what must not differ between languages follows the Indonesian page.
    override_translatable_fields = [
        SynchronizedField("start_date", overridable=False),
        SynchronizedField("end_date", overridable=False),
        SynchronizedField("closed", overridable=False),
        SynchronizedField("regency", overridable=False),
        SynchronizedField("sdgs", overridable=False),
        SynchronizedField("hero_image", overridable=False),
    ]

    parent_page_types = ["partners.OrganisationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    # -- where and when -------------------------------------------------------------------

    @property
    def organisation(self):
        if "_organisation" in self.__dict__:  # loaded with its relations (load_relations)
            return self.__dict__["_organisation"]
        from partners.models import OrganisationPage

        parent = self.get_parent()
        return parent.specific if parent and isinstance(parent.specific, OrganisationPage) else None

    def organisation_rows(self):
        """Its OMS (the parent page) as a queryset, to read a few of its columns in one small query;
        empty for a page with no place in the tree yet."""
        from partners.models import OrganisationPage

        if not self.path or (self.depth or 0) <= 1:
            return OrganisationPage.objects.none()
        return OrganisationPage.objects.filter(path=self.path[:-self.steplen])

    def load_relations(self):
        """What the campaign page shows around the campaign, in two queries: its cover, place and
        moderation standing (from its stored row), and its OMS with the OMS's place, provincial
        network and logo. Kept on this instance (``organisation``, the foreign keys, ``_standing``).

        A relation is taken from the stored row only when this instance names the same one, so a
        preview keeps its revision's cover and place.
        """

        source = self.source
        if source.pk is not None and "_standing" not in self.__dict__:
            # Only the keys of the campaign's own row (the page was read whole already); the
            # related rows whole.
            stored = (CampaignPage.objects.filter(pk=source.pk)
                      .select_related("hero_image", "regency__province", "standing")
                      .only("hero_image", "regency", "standing").first())
            if stored is not None:
                for name in ("hero_image", "regency"):
                    field = self._meta.get_field(name)
                    if getattr(self, field.attname) == getattr(stored, field.attname) and not field.is_cached(self):
                        field.set_cached_value(self, field.get_cached_value(stored, default=None))
                try:
                    self.__dict__["_standing"] = stored.standing
                except type(stored).standing.RelatedObjectDoesNotExist:
                    self.__dict__["_standing"] = None
        if "_organisation" not in self.__dict__ and self.pk is not None and self.path and (self.depth or 0) > 1:
            organisation = self.organisation_rows().select_related("regency__province__network", "logo").first()
            self.__dict__["_organisation"] = organisation
            # The campaign happens where its OMS works, most often: one place, read once.
            if (organisation is not None and organisation.regency_id == self.regency_id
                    and not self._meta.get_field("regency").is_cached(self)):
                self.regency = organisation.regency

    def _default_regency(self):
        """Where the campaign happens, unless told otherwise: where its OMS works."""
        if self.regency_id is None and self.path and (self.depth or 0) > 1:
            organisation = self.get_parent().specific
            if getattr(organisation, "regency_id", None):
                self.regency_id = organisation.regency_id

    def full_clean(self, *args, **kwargs):
        self._default_regency()
        return super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        # Wagtail validates a draft with this rather than full_clean().
        self._default_regency()
        return super().minimal_clean()

    @property
    def status(self):
        today = timezone.localdate()
        if self.closed or (self.end_date and self.end_date < today):
            return self.Status.ENDED
        if self.start_date and self.start_date > today:
            return self.Status.UPCOMING
        return self.Status.ACTIVE

    @property
    def status_label(self):
        return self.Status(self.status).label

    @property
    def accepts_pledges(self):
        """Whether it takes support now: ``reports.support.support_verdict`` decides, for every door."""
        return self.support_verdict().open

    def support_verdict(self, organisation=None, standing=..., money=False):
        """Whether it takes support and why not (moderation, its OMS's verification, dates; for
        ``money``, its public fundraising permit too)."""
        from reports.support import support_verdict

        return support_verdict(self, organisation=organisation, standing=standing, money=money)

    @property
    def days_left(self):
        if not self.end_date or self.status != self.Status.ACTIVE:
            return None
        return (self.end_date - timezone.localdate()).days

    @cached_property
    def source(self):
        """This campaign in the default language: records always point here."""
        default = Locale.get_default()
        if self.locale_id == default.id:
            return self
        return self.get_translation_or_none(default) or self

    # -- asks and progress ----------------------------------------------------------------

    def get_asks(self):
        """The asks whose plugins are installed and not switched off, in the editor's order."""
        disabled = registry.disabled_keys()
        return [
            Ask(id=child.id, type_key=child.block_type, value=child.value, block=child.block)
            for child in self.asks
            if child.block_type != UNAVAILABLE and registry.is_enabled(child.block_type, disabled)
        ]

    def get_unavailable_asks(self):
        """The type keys of the asks visitors do not see: plugin not installed, or switched off."""
        disabled = registry.disabled_keys()
        return [
            child.value.get("original_type") if child.block_type == UNAVAILABLE else child.block_type
            for child in self.asks
            if child.block_type == UNAVAILABLE or not registry.is_enabled(child.block_type, disabled)
        ]

    def get_ask(self, ask_id):
        for ask in self.get_asks():
            if ask.id == ask_id:
                return ask
        return None

    def get_progress(self):
        """``[(ask, support type, progress)]`` for every ask: what ``campaigns.progress.prefetch_progress``
        stored on this instance, else measured now."""
        stored = self.__dict__.get("_progress_rows")
        if stored is not None:
            return stored
        return self.compute_progress()

    def set_progress(self, rows):
        """Keep ``rows`` (``get_progress``'s answer) on this instance; None forgets them."""
        self.__dict__["_progress_rows"] = rows
        self.__dict__.pop("money_progress", None)

    def compute_progress(self):
        """Measure progress now (``campaigns.progress``: one query for every type with the batched
        hooks, plus ``ask_progress`` of each type without them)."""
        from .progress import measure

        return measure([self])[0]

    def get_wall(self, limit=WALL_SIZE):
        """Recent public supporters across every type, newest first (``campaigns.wall``: one query for
        every type with the batched hooks, plus ``supporter_wall`` of each type without them)."""
        from .wall import wall

        source = self.source
        if source.pk is None:
            return []
        return wall(source, sorted({ask.type_key for ask in self.get_asks()}), limit)

    def attach_renditions(self):
        """The renditions the page shows (its cover, its OMS's logo) in one cache look-up, at most one
        query (``lokadaya.cards.attach_renditions``): the template's ``{% responsive_image %}`` and
        ``{% preload_image %}`` then read them. Keep in step with campaign_page.html."""
        from lokadaya.cards import attach_renditions, picture

        organisation = self.organisation
        logo = getattr(organisation, "logo", None) if organisation is not None else None
        attach_renditions([picture(self.hero_image, "16x9"), picture(logo, "1x1", "96,160")])

    @staticmethod
    def totals(progress_rows):
        """Money raised and supporters counted, across the asks."""
        money = sum((p.money for _a, _t, p in progress_rows if p and p.money is not None), start=0)
        supporters = sum((p.supporters for _a, _t, p in progress_rows if p), start=0)
        return {"money": money, "supporters": supporters}

    #: The ``{% keep %}`` parts of campaign_page.html and base.html and the kept facts ("facts" here,
    #: "alternates" in ``share_meta``), read in one round trip (``pagecache/parts.py``);
    #: tests/test_kept_parts.py checks the templates name no other.
    kept_parts = ("meta", "links", "header", "footer", "extra-head", "cover", "place", "head", "share", "story",
                  "permit", "closing", "facts", "alternates")

    def get_context(self, request, *args, **kwargs):
        from django.utils.functional import SimpleLazyObject

        from alliances.joint import actions_for_campaign
        from pagecache import parts
        from permits.rules import covering_permit

        from . import giving
        from .transparency import campaign_transparency

        context = super().get_context(request, *args, **kwargs)
        preview = bool(getattr(request, "is_preview", False))
        kept = parts.for_page(request, self, self.kept_parts)
        if kept is None or not all(kept.has(name) for name in self.kept_parts):
            # Some editorial part is rendered on this request: what it shows, read at once.
            self.load_relations()
            self.attach_renditions()
        # What only a publish, a moderator or a permit changes (each purges this page), kept with the parts.
        facts = kept.value("facts", self.support_facts) if kept is not None else self.support_facts()
        self.use_support_facts(facts)
        support, money_support = facts["verdicts"]
        progress = self.get_progress()
        self.set_progress(progress)  # the template's and share tags' later reads
        organisation = SimpleLazyObject(lambda: self.organisation)
        context.update(
            kept_parts=kept,
            progress=progress,
            totals=self.totals(progress),
            wall=self.get_wall(),
            # Only the kept parts show these: read when one of them is rendered.
            organisation=organisation,
            network=SimpleLazyObject(lambda: giving.network_of(organisation)),
            permit=SimpleLazyObject(lambda: covering_permit(self)),
            support=support,
            money_support=money_support,
            giving=giving.build(self, progress, support, preview=preview, money_support=money_support),
            transparency=campaign_transparency(self),
            # The alliances' joint actions some ask of it counts in (alliances/joint.py).
            joint=actions_for_campaign(self),
            is_preview=preview,
        )
        return context

    def support_facts(self):
        """Whether it takes support (and money), its place and its SDGs: what the page needs of its
        relations besides the editorial parts. Picklable; kept between changes (``get_context``)."""
        self.load_relations()
        organisation = self.organisation
        standing = self.__dict__.get("_standing", ...)
        support = self.support_verdict(organisation=organisation, standing=standing)
        # Money asks also need the fundraising permit where one is required (reports.support).
        money_support = (self.support_verdict(organisation=organisation, standing=standing, money=True)
                         if support.open else support)
        return {"verdicts": (support, money_support), "regency": self.regency, "sdgs": self.sdg_list}

    def use_support_facts(self, facts):
        """Put kept facts (``support_facts``) where the page's code reads them, saving their queries."""
        field = self._meta.get_field("regency")
        regency = facts["regency"]
        if not field.is_cached(self) and (regency.pk if regency else None) == self.regency_id:
            field.set_cached_value(self, regency)
        self.__dict__.setdefault("sdg_list", facts["sdgs"])

    @cached_property
    def sdg_list(self):
        """Its Sustainable Development Goals, read once per instance: the page lists them, and a match
        fund scoped by SDG asks them (``plugins/donation/matching/scopes.py``)."""
        return list(self.sdgs.all())

    @property
    def story_body(self):
        """The full story, unless it only repeats the summary (older campaigns and the demo did)."""
        from django.utils.html import strip_tags

        text = " ".join(strip_tags(self.body or "").split())
        if not text or text == " ".join((self.summary or "").split()):
            return ""
        return self.body

    @cached_property
    def money_progress(self):
        """``(ask, support type, progress)`` of the first ask raising money, for cards; or None."""
        for row in self.get_progress():
            if row[2] is not None and row[2].is_money:
                return row
        return None

    # -- the pledge route -----------------------------------------------------------------

    @path("dukung/<str:ask_id>/", name="pledge")
    def pledge(self, request, ask_id):
        ask = self.get_ask(ask_id)
        if ask is None:
            raise Http404
        # Money from the public also needs the campaign's fundraising permit, where one is required.
        money = bool(getattr(registry.get(ask.type_key), "raises_money", False))
        verdict = self.support_verdict(money=money)
        if verdict.open and request.method == "POST":
            # The one check for every plugin: under the campaign's row lock, so a pledge either
            # commits before a moderator's freeze or waits for it and is refused (reports.support).
            from reports.support import lock_for_support

            with transaction.atomic():
                verdict = lock_for_support(self, money=money)
                if verdict.open:
                    response = registry.call(ask.type_key, "pledge_view", request=request, campaign=self, ask=ask)
        elif verdict.open:
            response = registry.call(ask.type_key, "pledge_view", request=request, campaign=self, ask=ask)
        if not verdict.open:
            response = render(request, "campaigns/pledge_closed.html",
                              {"page": self, "self": self, "ask": ask, "verdict": verdict})
            if request.method == "POST":
                response.status_code = 409
            return response
        if not isinstance(response, HttpResponse):
            raise TypeError(f"pledge_view of {ask.type_key!r} returned {type(response).__name__}")
        return response

    def pledge_url(self, ask, page_url=None):
        """The address of ``ask``'s pledge form; ``page_url``: this page's URL already worked out
        (a page with several asks needs it once)."""
        return (self.url if page_url is None else page_url) + self.reverse_subpage("pledge", kwargs={"ask_id": ask.id})


class AskLock(models.Model):
    """One row per ask, locked (SELECT ... FOR UPDATE) while a pledge checks what is still needed."""

    campaign = models.ForeignKey(CampaignPage, on_delete=models.CASCADE, related_name="+")
    ask_id = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "ask_id"], name="one_lock_per_ask")]


def lock_ask(campaign, ask_id):
    """Serialise pledges on one ask until the current transaction ends (PostgreSQL row lock).

    Call inside ``transaction.atomic()`` before checking capacity (slots, quantities left).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_ask() must be called inside transaction.atomic()")
    # Every language's page of a campaign shares one lock: the source page's.
    campaign = getattr(campaign, "source", campaign)
    AskLock.objects.get_or_create(campaign_id=campaign.pk, ask_id=ask_id)
    return AskLock.objects.select_for_update().get(campaign_id=campaign.pk, ask_id=ask_id)


class StatusChange(models.Model):
    """Audit trail of every status change of a support record, by whom and when."""

    record_type = models.CharField(_("record type"), max_length=100)  # app_label.model
    record_id = models.PositiveBigIntegerField(_("record"))
    old_status = models.CharField(_("old status"), max_length=30)
    new_status = models.CharField(_("new status"), max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("changed by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["record_type", "record_id"])]
        verbose_name = _("status change")


class SupportTypeSettings(BaseGenericSetting):
    """The support types national admins switched off for the whole site, without a deploy.

    A switched-off type behaves as if it were uninstalled (``campaigns.plugins.Registry``): its
    asks show as unavailable on campaign pages, which keep rendering, and it is offered nowhere.
    """

    disabled_types = models.JSONField(
        default=list, blank=True, verbose_name=_("Switched-off support types"),
        help_text=_("Type keys. Their asks stay on campaign pages, shown as unavailable, until switched on again."))

    class Meta:
        verbose_name = _("Support types")

    def save(self, *args, **kwargs):
        from pagecache.purge import purge_everything

        from .plugins import clear_disabled_cache

        super().save(*args, **kwargs)
        clear_disabled_cache()
        # Every kept page may show the type (campaign pages, cards, search facets): purge them all.
        purge_everything()

    def delete(self, *args, **kwargs):
        from pagecache.purge import purge_everything

        from .plugins import clear_disabled_cache

        result = super().delete(*args, **kwargs)
        clear_disabled_cache()
        purge_everything()
        return result
