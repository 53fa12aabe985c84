"""Forums: spaces, threads, posts, attachments, mentions, subscriptions, read markers, bans.

Invariants (who may read, post and moderate is ``forums.access``):
- A space belongs to exactly one owner, matching its kind (a check constraint): the national space
  (one, no owner), a provincial network's, a national programme's (its source-language page) or a
  cohort's; at most one space per owner (one-to-one fields; one national, a partial unique index).
- A thread lives in one space; moving it changes ``space`` and keeps ``moved_from`` for the notice.
- A thread's ``post_count`` and ``last_post_at`` change only in ``forums.posting``, in the
  transaction that adds or hides a post, under the thread's row lock (so they never drift).
- A post's ``body_html`` is always ``forums.text.render(body)``: written by ``forums.posting`` only,
  never from a form. Nothing else in the forums is shown as HTML.
- A post is emailed to subscribers once: ``notified_at`` is set under the post's row lock by the task.
- Moderation never deletes: hiding keeps the post (and who hid it, and why) for the moderators.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy as _

from .storage import AttachmentStorage, attachment_path

User = settings.AUTH_USER_MODEL


class Space(models.Model):
    """A forum space: the national one, or one per provincial network, national programme or cohort."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCE = "province", _("Provincial network")
        PROGRAMME = "programme", _("National programme")
        COHORT = "cohort", _("Cohort")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    network = models.OneToOneField("network.ProvincialNetwork", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="forum_space", verbose_name=_("provincial network"))
    programme = models.OneToOneField("programmes.ProgrammePage", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="forum_space", verbose_name=_("national programme"))
    cohort = models.OneToOneField("cohorts.Cohort", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="forum_space", verbose_name=_("cohort"))
    #: Empty: the name follows the owner's, in the reader's language (``display_name``).
    name = models.CharField(_("name"), max_length=150, blank=True)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    is_public = models.BooleanField(
        _("public may read"), default=False,
        help_text=_("Anyone, signed in or not, may read the threads. Only members may post."))
    moderators = models.ManyToManyField(User, blank=True, related_name="moderated_forum_spaces",
                                        verbose_name=_("extra moderators"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name = _("forum space")
        verbose_name_plural = _("forum spaces")
        constraints = [
            models.CheckConstraint(name="forum_space_owner_matches_kind", condition=(
                Q(kind="national", network__isnull=True, programme__isnull=True, cohort__isnull=True)
                | Q(kind="province", network__isnull=False, programme__isnull=True, cohort__isnull=True)
                | Q(kind="programme", network__isnull=True, programme__isnull=False, cohort__isnull=True)
                | Q(kind="cohort", network__isnull=True, programme__isnull=True, cohort__isnull=False))),
            models.UniqueConstraint(fields=["kind"], condition=Q(kind="national"), name="forum_one_national_space"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The space's name in the reader's language: its own when typed, else its owner's."""
        if self.name:
            return self.name
        if self.kind == self.Kind.NATIONAL:
            return gettext("National forum")
        if self.kind == self.Kind.PROVINCE and self.network_id:
            return gettext("Forum of %(network)s") % {"network": self.network.display_name}
        if self.kind == self.Kind.PROGRAMME and self.programme_id:
            return gettext("Forum of the programme %(programme)s") % {"programme": self.programme.title}
        if self.kind == self.Kind.COHORT and self.cohort_id:
            return gettext("Forum of the cohort %(cohort)s") % {"cohort": self.cohort.title}
        return self.slug

    @property
    def province(self):
        """The province whose moderators look after the space (None: national staff only)."""
        if self.network_id:
            return self.network.province
        if self.cohort_id and self.cohort.network_id:
            return self.cohort.network.province
        return None

    def get_absolute_url(self):
        return reverse("forums:space", kwargs={"slug": self.slug})


class Thread(models.Model):
    """A question or a discussion in a space; its first post is its opening text."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        DISCUSSION = "discussion", _("Discussion")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="threads", verbose_name=_("space"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("author"))
    #: The OMS the author wrote for (source-language page); None for moderators writing as themselves.
    organisation = models.ForeignKey("partners.OrganisationPage", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("OMS"))
    #: The reply that answered the question (chosen by the thread's author or a moderator).
    solution = models.ForeignKey("Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("answer"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("last post"), db_index=True)
    #: Visible posts, the opening one included (kept by ``forums.posting``).
    post_count = models.PositiveIntegerField(_("posts"), default=0)
    locked = models.BooleanField(_("locked"), default=False)
    pinned = models.BooleanField(_("pinned"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    moved_from = models.ForeignKey(Space, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("moved from"))

    class Meta:
        ordering = ["-pinned", "-last_post_at", "-pk"]
        indexes = [models.Index(fields=["space", "hidden", "-pinned", "-last_post_at"], name="forum_thread_list")]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self):
        return self.title

    @property
    def is_solved(self):
        return self.solution_id is not None

    def opening_post_id(self):
        """The pk of the thread's first post (its question or opening text), hidden or not; None if none."""
        return self.posts.order_by("created_at", "pk").values_list("pk", flat=True).first()

    def get_absolute_url(self):
        return reverse("forums:thread", kwargs={"slug": self.space.slug, "pk": self.pk})


class Post(models.Model):
    """One contribution to a thread: the source text as written and its safe HTML."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread"))
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_posts",
                               verbose_name=_("author"))
    organisation = models.ForeignKey("partners.OrganisationPage", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("OMS"))
    body = models.TextField(_("text"), max_length=20000)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden = models.BooleanField(_("hidden"), default=False)
    hidden_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("hidden by"))
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "hidden", "created_at"], name="forum_post_in_thread")]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return f"{self.thread.title} #{self.pk}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#pos-{self.pk}"


class Attachment(models.Model):
    """A file or picture added to a post, kept privately and served by ``forums:attachment``."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("post"))
    file = models.FileField(_("file"), storage=AttachmentStorage(), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    is_image = models.BooleanField(_("picture"), default=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name

    def space_id_for_path(self):
        return self.post.thread.space_id

    def get_absolute_url(self):
        return reverse("forums:attachment", kwargs={"pk": self.pk, "name": self.name})


class Mention(models.Model):
    """A member named with ``@handle`` in a post: told once by email, with a link to it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_mentions")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forum_one_mention_per_post")]


class ForumProfile(models.Model):
    """A member's forum settings: the ``@handle`` others mention them by, and their daily digest."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="forum_profile")
    handle = models.SlugField(_("handle"), max_length=40, unique=True)
    digest = models.BooleanField(
        _("daily digest"), default=True,
        help_text=_("One email a day with the new threads and replies of the spaces you follow."))
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("forum profile")
        verbose_name_plural = _("forum profiles")

    def __str__(self):
        return f"@{self.handle}"


class Subscription(models.Model):
    """A member follows a thread (an email per reply) or a space (new threads; the digest)."""

    class Delivery(models.TextChoices):
        INSTANT = "instant", _("An email for each new post")
        DIGEST = "digest", _("In the daily digest")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_subscriptions")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.INSTANT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(name="forum_subscription_one_target",
                                   condition=Q(thread__isnull=False, space__isnull=True)
                                   | Q(thread__isnull=True, space__isnull=False)),
            models.UniqueConstraint(fields=["user", "thread"], condition=Q(thread__isnull=False),
                                    name="forum_one_thread_subscription"),
            models.UniqueConstraint(fields=["user", "space"], condition=Q(space__isnull=False),
                                    name="forum_one_space_subscription"),
        ]


class ReadMarker(models.Model):
    """Up to when a member has read a thread: newer posts are unread."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_markers")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="forum_one_read_marker")]


class SpaceBan(models.Model):
    """A member barred from a space by its moderators: no posting, and no reading unless it is public."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="bans", verbose_name=_("space"))
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="forum_bans", verbose_name=_("member"))
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("until"), null=True, blank=True, help_text=_("Empty: until lifted."))
    banned_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("by"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="forum_one_ban_per_member")]


class ModerationLog(models.Model):
    """Every moderation decision in the forums (who, what, when, why): written once, never changed."""

    class Action(models.TextChoices):
        HIDE_POST = "hide_post", _("Post hidden")
        SHOW_POST = "show_post", _("Post shown again")
        HIDE_THREAD = "hide_thread", _("Thread hidden")
        SHOW_THREAD = "show_thread", _("Thread shown again")
        LOCK = "lock", _("Thread locked")
        UNLOCK = "unlock", _("Thread unlocked")
        PIN = "pin", _("Thread pinned")
        UNPIN = "unpin", _("Thread unpinned")
        MOVE = "move", _("Thread moved")
        BAN = "ban", _("Member banned")
        UNBAN = "unban", _("Ban lifted")
        SETTINGS = "settings", _("Space settings changed")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="moderation_log",
                              verbose_name=_("space"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("member"))
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
