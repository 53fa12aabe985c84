"""Webinars and trainings (Wagtail pages under "Acara") and the people registered for them.

Invariants:
- Registrations point at the **source-language** event page, so a registrant who reads the English
  page registers for the same seats; dates, places, capacity and the online link are synchronised
  across languages (``override_translatable_fields``), the words are translated.
- One registration per event and email address (unique constraint): registering twice returns the
  first one. Seats are counted and given under a row lock on the event (``registrations.py``).
- The online link (``online_url``) is never rendered by the public page: registrants reach it
  through their personal page or the "join" redirect only.
"""
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from learning.aspects import Aspect
from lokadaya.video import player_url

from .forms import EventPageForm


class EventIndexPage(Page):
    """Acara: webinars and trainings of the training portal."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["learning.LearningIndexPage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("events index")

    def permissions_for_user(self, user):
        from .access import EventIndexPermissionTester

        return EventIndexPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from .listing import listed_events

        context = super().get_context(request, *args, **kwargs)
        context.update(listed_events(request, self))
        return context


class EventPage(Page):
    """A webinar, training or training of trainers, by a provincial network or the national team."""

    class Kind(models.TextChoices):
        WEBINAR = "webinar", _("Webinar")
        TRAINING = "training", _("Training")
        TRAINING_OF_TRAINERS = "tot", _("Training of trainers")

    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (western Indonesia)")
        WITA = "Asia/Makassar", _("WITA (central Indonesia)")
        WIT = "Asia/Jayapura", _("WIT (eastern Indonesia)")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WEBINAR)
    province = models.ForeignKey(
        "regions.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="events",
        verbose_name=_("organising provincial network"),
        help_text=_("Empty for a national event (national staff only)."))
    aspect = models.CharField(_("capacity aspect"), max_length=40, choices=Aspect.choices)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=40, choices=TimeZone.choices,
                                 default=TimeZone.WIB,
                                 help_text=_("The times are shown, and typed, in this time zone."))
    online_url = models.URLField(_("online meeting link"), blank=True,
                                 help_text=_("Shown to registrants only, never on the public page."))
    venue = models.TextField(_("venue address"), blank=True,
                             help_text=_("For an event in person; leave empty for an online event."))
    capacity = models.PositiveIntegerField(_("capacity"), default=100,
                                           help_text=_("Seats; later registrations join the waiting list."))
    registration_closes = models.DateTimeField(_("registration open until"), null=True, blank=True,
                                               help_text=_("Empty: until the event starts."))
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("description"), blank=True)
    cover_image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("cover picture"))
    recording_url = models.URLField(_("recording"), blank=True,
                                    help_text=_("After the event: a YouTube or Vimeo address of the recording."))
    materials = StreamField([("document", DocumentChooserBlock(label=_("Document")))], blank=True,
                            verbose_name=_("materials"), help_text=_("After the event: slides, handouts."))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("province"), FieldPanel("aspect")],
                        heading=_("Classification")),
        MultiFieldPanel([FieldPanel("time_zone"), FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                         FieldPanel("registration_closes")], heading=_("When")),
        MultiFieldPanel([FieldPanel("online_url"), FieldPanel("venue"), FieldPanel("capacity")],
                        heading=_("Where and how many")),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("recording_url"), FieldPanel("materials")], heading=_("Afterwards")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("body"), index.FilterField("aspect"),
    ]
    override_translatable_fields = [
        SynchronizedField(name, overridable=False)
        for name in ("kind", "province", "aspect", "start", "end", "time_zone", "online_url", "capacity",
                     "registration_closes", "cover_image", "recording_url")
    ] + [SynchronizedField("venue"), SynchronizedField("materials")]

    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def permissions_for_user(self, user):
        from .access import EventPagePermissionTester

        return EventPagePermissionTester(user, self)

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The event must end after it starts.")
        if self.end and self.registration_closes and self.registration_closes > self.end:
            errors["registration_closes"] = _("Registration must close before the event ends.")
        if self.recording_url and player_url(self.recording_url) is None:
            errors["recording_url"] = _("Give a YouTube or Vimeo address.")
        if errors:
            raise ValidationError(errors)

    # -- reading -----------------------------------------------------------------------------

    @cached_property
    def tz(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def tz_label(self):
        return self.TimeZone(self.time_zone).label.split(" ")[0]

    @property
    def is_online(self):
        return bool(self.online_url)

    @property
    def closes_at(self):
        return self.registration_closes or self.start

    def registration_open(self, now=None):
        return (now or timezone.now()) < self.closes_at and self.live

    def is_past(self, now=None):
        return self.end <= (now or timezone.now())

    @property
    def recording_embed_url(self):
        return player_url(self.recording_url) if self.recording_url else None

    @property
    def organiser_name(self):
        if self.province_id:
            network = getattr(self.province, "network", None)
            return network.display_name if network else self.province.name
        return _("Lokadaya national team")

    @cached_property
    def source(self):
        from learning.models import source_page

        return source_page(self)


def new_key():
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """One person registered for an event (source page), or waiting for a seat."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations",
                              verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    organisation = models.ForeignKey("partners.OrganisationPage", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="event_registrations",
                                     verbose_name=_("organisation (OMS)"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="event_registrations", verbose_name=_("account"))
    key = models.CharField(max_length=64, unique=True, default=new_key, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    language = models.CharField(max_length=10, default="id")
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    created = models.DateTimeField(_("registered on"), default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Each email goes once per registration: a worker claims it by setting its column in one UPDATE.
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_hour_sent_at = models.DateTimeField(null=True, blank=True)
    recording_sent_at = models.DateTimeField(null=True, blank=True)
    certificate_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="events_one_registration_per_email"),
        ]
        indexes = [models.Index(fields=["event", "status", "created"])]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def token(self):
        from .registrations import sign_key

        return sign_key(self.key)
