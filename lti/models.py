"""LTI 1.3: the Moodle platforms registered with Lokadaya, the tool's key, who came from where, and passback.

Invariants:
- A platform is known by (issuer, client id), unique; only an **active** platform's launches are
  accepted, and only for one of its listed deployment ids.
- The platform's public keys are a **stored copy** (``jwks``), refreshed by the worker
  (``lti.tasks.refresh_platform_keys``); a visitor's request never fetches them.
- The tool's private key is stored encrypted (``lti.keys``) and never shown or served; only its
  public half is, at ``/lti/jwks/``.
- One Lokadaya user per (platform, LTI ``sub``) (``LtiIdentity``, unique); a launch never links to an
  existing account by email, so a platform cannot take over someone's account.
- One ``ResourceLink`` per (platform, resource link id); it names one course. One ``Score`` row per
  (resource link, user): the score sent is always the learner's *current* state, so re-sending it
  (a retry, a duplicate signal) is harmless.
- A launch's nonce is used once (``UsedNonce``, unique per platform): a replayed id_token is refused.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.Model):
    """A Moodle (or other LTI 1.3 platform) that offers Lokadaya's courses: a province's, or national."""

    network = models.ForeignKey("network.ProvincialNetwork", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="lti_platforms", verbose_name=_("provincial network"),
                                help_text=_("Leave empty for a national platform."))
    name = models.CharField(_("name"), max_length=150)
    issuer = models.URLField(_("issuer (platform ID)"), max_length=300,
                             help_text=_("In Moodle: the site's address, e.g. https://moodle.example.org"))
    client_id = models.CharField(_("client ID"), max_length=200)
    deployment_ids = models.JSONField(_("deployment IDs"), default=list, blank=True)
    auth_login_url = models.URLField(_("authentication request URL"), max_length=500)
    access_token_url = models.URLField(_("access token URL"), max_length=500)
    key_set_url = models.URLField(_("public keyset URL"), max_length=500)
    jwks = models.JSONField(_("stored public keys"), default=dict, blank=True)
    jwks_fetched_at = models.DateTimeField(_("keys fetched on"), null=True, blank=True)
    jwks_error = models.CharField(_("last key fetch error"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("registered on"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["issuer", "client_id"], name="lti_one_platform_per_client",
            violation_error_message=_("This Moodle (issuer and client ID) is already registered."))]
        ordering = ["name"]
        verbose_name = _("LTI platform")
        verbose_name_plural = _("LTI platforms")

    def __str__(self):
        return self.name


class ToolKey(models.Model):
    """The tool's RSA key pair: the private half encrypted (``lti.keys``), the public half served as JWKS."""

    kid = models.CharField(_("key ID"), max_length=64, unique=True)
    private_key_encrypted = models.TextField(_("private key (encrypted)"))
    public_key_pem = models.TextField(_("public key"))
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    current = models.BooleanField(_("in use"), default=True)

    class Meta:
        # At most one key signs: two processes making the first key at once cannot both succeed.
        constraints = [models.UniqueConstraint(fields=["current"], condition=models.Q(current=True),
                                               name="lti_one_current_tool_key")]
        ordering = ["-created_at"]
        verbose_name = _("tool key")
        verbose_name_plural = _("tool keys")

    def __str__(self):
        return self.kid


class LtiIdentity(models.Model):
    """Someone a platform launched: its ``sub`` mapped to a Lokadaya user made for them."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="identities",
                                 verbose_name=_("platform"))
    sub = models.CharField(_("LTI user ID"), max_length=255)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_identity",
                                verbose_name=_("user"))
    created_at = models.DateTimeField(_("first launch"), auto_now_add=True)
    last_launch_at = models.DateTimeField(_("last launch"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "sub"], name="lti_one_user_per_sub")]
        verbose_name = _("LTI identity")
        verbose_name_plural = _("LTI identities")


class ResourceLink(models.Model):
    """A Moodle activity (resource link) that opens one Lokadaya course, with its gradebook column."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="resource_links",
                                 verbose_name=_("platform"))
    resource_link_id = models.CharField(_("resource link ID"), max_length=255)
    context_id = models.CharField(_("Moodle course ID"), max_length=255, blank=True)
    context_title = models.CharField(_("Moodle course"), max_length=255, blank=True)
    deployment_id = models.CharField(_("deployment ID"), max_length=255, blank=True)
    course = models.ForeignKey("learning.CoursePage", on_delete=models.CASCADE, related_name="lti_links",
                               verbose_name=_("course"))
    lineitem_url = models.URLField(_("line item URL"), max_length=500, blank=True)
    ags_scopes = models.JSONField(_("grade service scopes"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "resource_link_id"],
                                               name="lti_one_row_per_resource_link")]
        verbose_name = _("LTI resource link")
        verbose_name_plural = _("LTI resource links")

    def __str__(self):
        return f"{self.platform} · {self.context_title or self.context_id} · {self.resource_link_id}"


class Score(models.Model):
    """A learner's score to pass back to a resource link's line item: an outbox row, retried until sent."""

    link = models.ForeignKey(ResourceLink, on_delete=models.CASCADE, related_name="scores",
                             verbose_name=_("resource link"))
    identity = models.ForeignKey(LtiIdentity, on_delete=models.CASCADE, related_name="scores",
                                 verbose_name=_("learner"))
    #: Bumped whenever the learner's progress changes; the worker sends while ``sent_version`` lags.
    version = models.PositiveIntegerField(default=1)
    sent_version = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["link", "identity"], name="lti_one_score_per_learner")]
        verbose_name = _("LTI score")
        verbose_name_plural = _("LTI scores")


class UsedNonce(models.Model):
    """A launch nonce already used: a second launch with it is a replay."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=255)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "nonce"], name="lti_nonce_used_once")]
