"""What a validated LTI resource-link launch does: who the learner is, which course, enrolment.

Invariants:
- Called only with launch data pylti1p3 has validated (signature with the platform's stored keys,
  issuer/client id/deployment registered and active, nonce issued by our login step, not expired).
- The launch's nonce is recorded (``UsedNonce``) in the same transaction as everything else: a
  replayed id_token fails on the unique constraint and changes nothing.
- A learner is found by (platform, ``sub``) only; a new one gets a fresh account with an unusable
  password (they can only arrive through their Moodle), never someone else's account by email.
- The course comes from the activity's custom parameter ``course`` (a course page id or slug, set
  by deep linking or by the Moodle admin), else from what the same resource link named before.
"""
import hashlib

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import LtiIdentity, ResourceLink, UsedNonce

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


class LaunchRefused(Exception):
    """A launch we will not honour: ``code`` names the kind (for logs and tests), ``message`` is shown."""

    def __init__(self, code, message):
        super().__init__(code)
        self.code, self.message = code, message


def find_course(value):
    """The live source-language course named by ``value`` (a page id or slug), or None."""
    from wagtail.models import Locale

    from learning.models import CoursePage

    value = str(value or "").strip()
    if not value:
        return None
    courses = CoursePage.objects.live().filter(locale=Locale.get_default())
    course = courses.filter(pk=int(value)).first() if value.isdigit() else None
    return course or courses.filter(slug=value).first()


def _username(platform, sub):
    return f"lti-{platform.pk}-{hashlib.sha256(sub.encode()).hexdigest()[:20]}"


def _identity(platform, data):
    sub = str(data.get("sub") or "")
    if not sub:
        raise LaunchRefused("anonymous", _("Your Moodle did not say who you are (anonymous launch)."))
    names = {"first_name": str(data.get("given_name") or "")[:150],
             "last_name": str(data.get("family_name") or "")[:150]}
    if not any(names.values()) and data.get("name"):
        names["first_name"] = str(data["name"])[:150]
    email = str(data.get("email") or "")[:254]
    identity = LtiIdentity.objects.select_related("user").filter(platform=platform, sub=sub).first()
    if identity is None:
        user = get_user_model()(username=_username(platform, sub), email=email, **names)
        user.set_unusable_password()
        user.save()
        identity = LtiIdentity.objects.create(platform=platform, sub=sub, user=user)
    else:
        user = identity.user
        changed = {field: value for field, value in {**names, "email": email}.items()
                   if value and getattr(user, field) != value}
        if changed:
            for field, value in changed.items():
                setattr(user, field, value)
            user.save(update_fields=list(changed))
    if not identity.user.is_active:
        raise LaunchRefused("blocked", _("This account is blocked on Lokadaya."))
    identity.last_launch_at = timezone.now()
    identity.save(update_fields=["last_launch_at"])
    return identity


def _resource_link(platform, data):
    link_claim = data.get(CLAIM + "resource_link") or {}
    link_id = str(link_claim.get("id") or "")
    custom = data.get(CLAIM + "custom") or {}
    course = find_course(custom.get("course"))
    if custom.get("course") and course is None:
        raise LaunchRefused("unknown-course", _("The course this Moodle activity points to does not exist on "
                                                "Lokadaya (any more)."))
    link = ResourceLink.objects.select_for_update().filter(platform=platform, resource_link_id=link_id).first()
    if course is None:
        if link is None:
            raise LaunchRefused("no-course", _("This Moodle activity does not name a Lokadaya course. Ask your "
                                               "Moodle's administrator to choose one (custom parameter "
                                               "\"course\")."))
        course = link.course
    context = data.get(CLAIM + "context") or {}
    ags = data.get(AGS_CLAIM) or {}
    values = {
        "course": course, "context_id": str(context.get("id") or "")[:255],
        "context_title": str(context.get("title") or "")[:255],
        "deployment_id": str(data.get(CLAIM + "deployment_id") or "")[:255],
        "lineitem_url": str(ags.get("lineitem") or "")[:500],
        "ags_scopes": [str(scope) for scope in ags.get("scope") or []],
    }
    if link is None:
        link = ResourceLink.objects.create(platform=platform, resource_link_id=link_id, **values)
    else:
        for field, value in values.items():
            setattr(link, field, value)
        link.save()
    return link


def accept(platform, data):
    """Record a validated resource-link launch; return (user, course, enrolment, link)."""
    from learning.progress import enrol

    from .models import Score

    try:
        with transaction.atomic():
            UsedNonce.objects.create(platform=platform, nonce=str(data.get("nonce") or "")[:255])
    except IntegrityError:
        raise LaunchRefused("replay", _("This launch was already used. Open the activity again from your "
                                        "Moodle.")) from None
    with transaction.atomic():
        identity = _identity(platform, data)
        link = _resource_link(platform, data)
        enrolment = enrol(identity.user, link.course, source="lti")
        if link.lineitem_url and SCORE_SCOPE in link.ags_scopes:
            # A first launch sends the learner's current state (they may have begun on the site).
            score, created = Score.objects.get_or_create(link=link, identity=identity,
                                                         defaults={"next_attempt_at": timezone.now()})
            if created:
                transaction.on_commit(_wake_passback)
    return identity.user, link.course, enrolment, link


def _wake_passback():
    from .tasks import send_scores

    try:
        send_scores.enqueue()
    except Exception:  # noqa: BLE001 - the scheduler sends it within a minute anyway
        pass


def locale_code(data):
    """The launch's language as one of the site's (``en`` for any English, else Indonesian)."""
    presentation = data.get(CLAIM + "launch_presentation") or {}
    return "en" if str(presentation.get("locale") or "").lower().startswith("en") else "id"
