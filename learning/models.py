"""Courses (course → modules → lessons, Wagtail pages) and what learners do with them.

Invariants:
- Enrolments, lesson progress and quiz attempts always point at the **source-language**
  (Indonesian) pages, so a learner who switches language keeps their progress; a translated page
  finds its source with ``source_page()``.
- A learner's records (enrolment, progress, attempts) are theirs alone: only they see them, except
  the aggregated progress a cohort's managers follow (``cohorts``), see docs/roles.md.
- One enrolment per learner and course; one progress row per enrolment and lesson (unique
  constraints, so a double click or a retry never counts twice).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from .aspects import Aspect
from .blocks import LessonBlock


def source_page(page):
    """The default-language version of ``page`` (itself when it is the source)."""
    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return type(page).objects.filter(translation_key=page.translation_key, locale=default).first() or page


class LearningIndexPage(Page):
    """Belajar (Lokadaya.net): the training portal's home, above courses, events and the library."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["learning.CoursePage", "events.EventIndexPage", "library.LibraryIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("training portal")

    def get_context(self, request, *args, **kwargs):
        from .pages import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class CoursePage(Page):
    """A course: its modules are its children, their lessons below them."""

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    aspect = models.CharField(_("capacity aspect"), max_length=40, choices=Aspect.choices)
    sdgs = ParentalManyToManyField("sdgs.SDG", blank=True, verbose_name=_("SDGs"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=60)
    cover_image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("cover picture"))
    intro = RichTextField(_("introduction"), blank=True)
    outcomes = RichTextField(_("what learners will be able to do"), blank=True,
                             features=["bold", "italic", "ul", "ol"])
    issues_certificate = models.BooleanField(_("certificate on completion"), default=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("aspect"), FieldPanel("sdgs"), FieldPanel("level"),
                         FieldPanel("estimated_minutes")], heading=_("Classification")),
        FieldPanel("cover_image"),
        FieldPanel("intro"),
        FieldPanel("outcomes"),
        FieldPanel("issues_certificate"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("intro"), index.FilterField("aspect"),
    ]
    parent_page_types = ["learning.LearningIndexPage"]
    subpage_types = ["learning.CourseModulePage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from .pages import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context


class CourseModulePage(Page):
    """A module of a course: a group of lessons."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary")]
    parent_page_types = ["learning.CoursePage"]
    subpage_types = ["learning.LessonPage"]

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")

    def get_context(self, request, *args, **kwargs):
        from .pages import module_context

        context = super().get_context(request, *args, **kwargs)
        context.update(module_context(self, request))
        return context


class LessonPage(Page):
    """A lesson: text, pictures, videos that load on click, materials, quizzes, packaged e-learning."""

    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=15)
    body = StreamField(LessonBlock(), verbose_name=_("lesson"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["learning.CourseModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        from .pages import lesson_context

        quiz_state = kwargs.pop("quiz_state", {})  # a refused quiz shown again (learning.views.submit_quiz)
        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_context(self, request, **quiz_state))
        return context


class Enrolment(models.Model):
    """A learner taking a course (source-language page)."""

    class Source(models.TextChoices):
        SITE = "site", _("Enrolled on the site")
        COHORT = "cohort", _("Enrolled with a cohort")
        LTI = "lti", _("Enrolled from a Moodle (LTI)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments",
                             verbose_name=_("learner"))
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments",
                               verbose_name=_("course"))
    organisation = models.ForeignKey("partners.OrganisationPage", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="enrolments", verbose_name=_("organisation"))
    source = models.CharField(_("enrolled via"), max_length=10, choices=Source.choices, default=Source.SITE)
    enrolled_at = models.DateTimeField(_("enrolled on"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed on"), null=True, blank=True)
    last_lesson = models.ForeignKey(LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("last lesson opened"))
    last_visited_at = models.DateTimeField(_("last visit"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")]
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self):
        return f"{self.user_id} → {self.course_id}"


class LessonProgress(models.Model):
    """One learner's state in one lesson: started, where they stopped, completed."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lessons",
                                  verbose_name=_("enrolment"))
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="progress",
                               verbose_name=_("lesson"))
    started_at = models.DateTimeField(_("started on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    completed_at = models.DateTimeField(_("completed on"), null=True, blank=True)
    #: Where the learner stopped (e.g. the block they reached), to resume there.
    position = models.JSONField(_("position"), default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")]
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")


class QuizAttempt(models.Model):
    """One submission of a quiz block in a lesson."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts",
                                  verbose_name=_("enrolment"))
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson"))
    #: The quiz block's id in the lesson's StreamField (stable across edits and translations).
    block_id = models.CharField(_("quiz"), max_length=64)
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"), default=False)
    submitted_at = models.DateTimeField(_("submitted on"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")


class LearnerMembership(models.Model):
    """Someone an OMS invited to learn under its name (besides the OMS's own editors)."""

    organisation = models.ForeignKey("partners.OrganisationPage", on_delete=models.CASCADE,
                                     related_name="learner_memberships", verbose_name=_("organisation"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="learner_memberships", verbose_name=_("learner"))
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("joined on"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_oms")]
        verbose_name = _("invited learner")
        verbose_name_plural = _("invited learners")


class LearnerInvitation(models.Model):
    """An invitation by email from an OMS to learn with it; accepted through a signed link."""

    organisation = models.ForeignKey("partners.OrganisationPage", on_delete=models.CASCADE,
                                     related_name="learner_invitations", verbose_name=_("organisation"))
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("invited by"))
    created_at = models.DateTimeField(_("invited on"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("accepted by"))
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("learner invitation")
        verbose_name_plural = _("learner invitations")
