"""Certificates of course completion and of event attendance.

Invariants:
- One certificate per source: a course certificate per (course source page, learner), an attendance
  certificate per (event source page, registration key). ``(kind, source_id, source_key)`` is
  unique, so issuing twice, or two workers issuing at once, gives the same row (``issue.py``).
- A certificate keeps what it certifies as words (name, title, date, issuer) at the moment it is
  issued: renaming or deleting the course, the event or the account never changes or removes it.
- ``code`` is random (80 bits, ``secrets``), never derived from ids: knowing one certificate says
  nothing about another. The public verification page is found by it; the PDF is not (holder or
  signed link only, ``access.py``).
- A revoked certificate stays (so its page can say "revoked"); only national staff revoke.
"""
import base64
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

#: Length of the public code (base32 letters and digits, 5 bits each).
CODE_LENGTH = 16


def new_code():
    """A random, unguessable public code: 16 characters of A-Z and 2-7."""
    return base64.b32encode(secrets.token_bytes(10)).decode()[:CODE_LENGTH]


def normalise_code(value):
    """A code as typed or printed (``abcd-efgh-...``) in its stored form, or '' when it cannot be one."""
    cleaned = "".join(str(value or "").split()).replace("-", "").upper()
    if len(cleaned) != CODE_LENGTH or any(char not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for char in cleaned):
        return ""
    return cleaned


class Certificate(models.Model):
    """A certificate given to one person for one course or one event."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course completion")
        ATTENDANCE = "attendance", _("Event attendance")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="certificates", verbose_name=_("account"))
    recipient_name = models.CharField(_("name"), max_length=200)
    recipient_email = models.EmailField(_("email"), blank=True)
    #: The learner's OMS, for a course taken under its name.
    organisation_name = models.CharField(_("organisation"), max_length=255, blank=True)
    title = models.CharField(_("title (Indonesian)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    achieved_on = models.DateField(_("date"))
    #: Who gives it besides Lokadaya: the organising network or OMS ('' for Lokadaya alone).
    issuer_name = models.CharField(_("organiser"), max_length=255, blank=True)
    #: The source page (course or event, source language); a plain id, so deleting the page keeps this.
    source_id = models.PositiveIntegerField(_("course or event page"))
    #: What makes it one person's within the source: ``user:<id>`` for a course, the registration key.
    source_key = models.CharField(max_length=100)
    issued_at = models.DateTimeField(_("issued on"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("revoked by"))
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "source_id", "source_key"],
                                               name="one_certificate_per_source")]
        indexes = [models.Index(fields=["user", "-issued_at"])]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return f"{self.display_code} {self.recipient_name}: {self.title}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def display_code(self):
        """The code in groups of four, as printed: ``ABCD-EFGH-IJKL-MNOP``."""
        return "-".join(self.code[i:i + 4] for i in range(0, len(self.code), 4))

    def title_for(self, language=None):
        """The title in ``language`` (the active one by default), Indonesian when there is no English."""
        language = (language or get_language() or "id")[:2]
        return self.title_en if language == "en" and self.title_en else self.title

    @property
    def localized_title(self):
        return self.title_for()
