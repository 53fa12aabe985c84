"""Forming an alliance, inviting OMS, accepting, declining, leaving.

Invariants (see also ``alliances.models`` and ``alliances.access``):
- One ``AllianceMembership`` row per alliance and OMS (unique constraint), always on the
  source-language alliance and OMS pages. Every change locks the alliance row first, then the
  membership row (``select_for_update``), so two simultaneous clicks or two editors give one result.
- The editors of an OMS hold add/change/publish page permissions on an alliance page (and its
  translations) exactly while their OMS is a ``MEMBER``: granted and revoked in the same
  transaction as the status change (``sync_permissions``). Wagtail's editor and the tenancy guard
  read only those permissions.
- Only editors of a verified OMS act for it; national admins may act for any OMS. Invitations go
  to verified OMS that are not already members or invited; a declined or departed OMS may be
  invited again. An alliance sends at most ``ALLIANCE_INVITATIONS_PER_DAY`` invitations (default
  10) in any 24 hours, counted under the alliance's row lock.
- Leading: the founding OMS is the lead (``is_lead``); the lead leaving hands the lead to the member
  that joined first. The last member cannot leave (it unpublishes the alliance in the page editor
  instead): an alliance always has an editor.
- Emails (the invited OMS's editors; the inviter on an answer) go through the task worker
  (``campaigns.notifications.send_templated_email``) after commit; a public change (a member in or
  out) purges the alliance's pages after commit.
"""
import datetime

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission, Locale, Page

from .models import AllianceIndexPage, AllianceMembership, AlliancePage, Level

Status = AllianceMembership.Status
DEFAULT_PER_DAY = 10
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
INVITATION_EMAIL = "alliances/email/invitation"
ANSWER_EMAIL = "alliances/email/answer"


class MembershipError(Exception):
    """Why an action was refused, translated; ``status``: the HTTP answer a view gives (400, 409, 429)."""

    def __init__(self, message, status=400):
        super().__init__(str(message))
        self.message = message
        self.status = status


def per_day():
    return int(getattr(settings, "ALLIANCE_INVITATIONS_PER_DAY", DEFAULT_PER_DAY))


# -- who ------------------------------------------------------------------------------------------


def _national(user):
    from partners.verification import is_national

    return bool(user and user.is_authenticated and is_national(user))


def acts_for(user, organisation):
    """May ``user`` act for ``organisation`` (its editor, or a national admin)? Verified OMS only."""
    from .access import own_organisations

    if not (user and user.is_authenticated and user.is_active) or not organisation.is_verified:
        return False
    return _national(user) or own_organisations(user).filter(pk=organisation.pk).exists()


def _source(page):
    from partners.access import source_of

    return source_of(page)


# -- page permissions ------------------------------------------------------------------------------


def _permissions():
    return list(Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS))


def sync_permissions(alliance):
    """Give the editor groups of ``alliance``'s members (and only theirs) its page permissions.

    On the page and every translation of it: each translation is its own subtree, and the tenancy
    guard admits an editor to the pages under a permission only. Safe to run again.
    """
    from partners.models import OrganisationAccess

    pages = list(Page.objects.filter(translation_key=alliance.translation_key))
    groups = set(OrganisationAccess.objects.filter(
        organisation__alliance_memberships__alliance=alliance,
        organisation__alliance_memberships__status=Status.MEMBER).values_list("group_id", flat=True))
    all_editor_groups = OrganisationAccess.objects.values("group_id")
    permissions = _permissions()
    # Only OMS editor groups are managed here: national or communications groups keep theirs.
    stale = GroupPagePermission.objects.filter(page__in=pages, group_id__in=all_editor_groups,
                                               permission__in=permissions).exclude(group_id__in=groups)
    stale.delete()
    existing = set(GroupPagePermission.objects.filter(page__in=pages, group_id__in=groups)
                   .values_list("group_id", "page_id", "permission_id"))
    GroupPagePermission.objects.bulk_create([
        GroupPagePermission(group_id=group, page=page, permission=permission)
        for group in groups for page in pages for permission in permissions
        if (group, page.pk, permission.pk) not in existing
    ], ignore_conflicts=True)


def translation_saved(sender, instance, created, raw=False, **kwargs):
    """``post_save`` of ``AlliancePage``: a new translation gets the members' permissions too."""
    if raw or not created:
        return
    source = AlliancePage.objects.filter(translation_key=instance.translation_key,
                                         locale=Locale.get_default()).first()
    if source is not None and source.pk != instance.pk:
        sync_permissions(source)


def _purge(alliance):
    if not alliance.live:
        return
    from pagecache.purge import purge_page

    purge_page(alliance)


# -- the index ------------------------------------------------------------------------------------


def alliance_index(locale=None):
    """The alliances index of ``locale`` (default language), created under its home page when missing."""
    from home.models import HomePage

    locale = locale or Locale.get_default()
    index = AllianceIndexPage.objects.filter(locale=locale).first()
    if index is not None:
        return index
    home = HomePage.objects.filter(locale=locale).order_by("path").first()
    if home is None:
        raise MembershipError(_("The site has no home page in this language yet."))
    with translation.override(locale.language_code):
        index = AllianceIndexPage(title=_("Advocacy alliances"), slug="aliansi")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


# -- forming ----------------------------------------------------------------------------------------


def create_alliance(organisation, user, *, title, level, policy_issue, province=None, regency=None, summary=""):
    """A draft ``AlliancePage`` under the alliances index with ``organisation`` as its lead member.

    ``ValidationError`` (on the fields) for a place that does not match the level;
    ``MembershipError`` when ``user`` may not act for ``organisation``.
    """
    from wagtail.coreutils import find_available_slug
    from wagtail.log_actions import log

    from .validation import clean_place

    organisation = _source(organisation)
    if not acts_for(user, organisation):
        raise MembershipError(_("Only the editors of a verified OMS can form an alliance for it."))
    if level not in Level.values:
        raise MembershipError(_("Choose a level: regency/city, province or national."))
    title, policy_issue = title.strip(), policy_issue.strip()
    with transaction.atomic():
        index = alliance_index()
        page = AlliancePage(title=title, level=level, policy_issue=policy_issue, summary=summary.strip(),
                            province=province, regency=regency, lead_organisation=organisation,
                            founded_on=timezone.localdate(), owner=user, live=False)
        clean_place(page)
        page.slug = find_available_slug(index, slugify(title)[:200] or "aliansi")
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=False)
        log(instance=page, action="wagtail.create", user=user)
        AllianceMembership.objects.create(alliance=page, organisation=organisation, status=Status.MEMBER,
                                          is_lead=True, invited_by=user, responded_by=user,
                                          responded_at=timezone.now())
        sync_permissions(page)
    return page


# -- inviting and answering ---------------------------------------------------------------------------


def _lock_alliance(alliance):
    return AlliancePage.objects.select_for_update(of=("self",)).get(pk=alliance.pk)


def _editor_recipients(organisation):
    """``{language: [email, ...]}`` for the OMS's active editors, each in their admin language."""
    from partners.access import editors_of

    recipients = {}
    for editor in editors_of(organisation).filter(is_active=True).exclude(email=""):
        profile = getattr(editor, "wagtail_userprofile", None)
        language = (getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        recipients.setdefault(language, []).append(editor.email)
    return recipients


def _name(user):
    return (user.get_full_name() or user.email or user.get_username()) if user else ""


def _admin_url(name, *args):
    from lokadaya.site_url import absolute_url

    return absolute_url(reverse(name, args=args))


def invite(alliance, organisation, user, message=""):
    """Invite ``organisation`` into ``alliance`` and email its editors (after commit); the membership row.

    ``MembershipError`` says why not: not an editor of the alliance, an unverified OMS, already a
    member or invited, or the day's invitations used up.
    """
    from campaigns.notifications import send_templated_email

    from .access import may_edit, own_member_organisations

    organisation = _source(organisation)
    message = (message or "").strip()[:1000]
    if not may_edit(user, alliance):
        raise MembershipError(_("Only the editors of the alliance's members can invite."))
    if not organisation.is_verified or not organisation.live:
        raise MembershipError(_("Only a verified OMS can be invited."))
    now = timezone.now()
    with transaction.atomic():
        alliance = _lock_alliance(alliance)
        sent = (AllianceMembership.objects.filter(alliance=alliance, is_lead=False, invited_by__isnull=False,
                                                  invited_at__gt=now - datetime.timedelta(days=1)).count())
        if sent >= per_day():
            raise MembershipError(_("This alliance has sent %(limit)d invitations in the last 24 hours, the most "
                                    "allowed. Please send this one tomorrow.") % {"limit": per_day()}, status=429)
        membership = (AllianceMembership.objects.select_for_update()
                      .filter(alliance=alliance, organisation=organisation).first())
        if membership is not None and membership.status == Status.MEMBER:
            raise MembershipError(_("%(name)s is already a member of this alliance.") % {"name": organisation.title})
        if membership is not None and membership.status == Status.INVITED:
            raise MembershipError(_("%(name)s has already been invited and has not answered yet.")
                                  % {"name": organisation.title})
        if membership is None:
            try:
                with transaction.atomic():
                    membership = AllianceMembership.objects.create(
                        alliance=alliance, organisation=organisation, status=Status.INVITED, message=message,
                        invited_by=user)
            except IntegrityError:  # the unique row appeared meanwhile (another door than ours)
                raise MembershipError(_("%(name)s has already been invited and has not answered yet.")
                                      % {"name": organisation.title}) from None
        else:
            # Declined or left before: invited again, as a fresh invitation.
            membership.status, membership.is_lead, membership.message = Status.INVITED, False, message
            membership.invited_by, membership.invited_at = user, now
            membership.responded_by, membership.responded_at = None, None
            membership.save()
        inviters = [o.title for o in own_member_organisations(user, alliance)]
        context = {
            "alliance_title": alliance.title, "policy_issue": alliance.policy_issue,
            "level": alliance.get_level_display(), "organisation_name": organisation.title,
            "inviter": _name(user), "inviter_organisations": ", ".join(inviters), "message": message,
            "url": _admin_url("alliances_admin:invitations"),
        }
        for language, addresses in _editor_recipients(organisation).items():
            transaction.on_commit(lambda a=addresses, lang=language: [
                send_templated_email(address, INVITATION_EMAIL, context, language=lang) for address in a])
    return membership


def _answer(membership, user, status):
    from campaigns.notifications import send_templated_email

    with transaction.atomic():
        alliance = _lock_alliance(membership.alliance)
        membership = AllianceMembership.objects.select_for_update().select_related("organisation").get(
            pk=membership.pk)
        if not acts_for(user, membership.organisation):
            raise MembershipError(_("Only the invited OMS's editors can answer this invitation."))
        if membership.status != Status.INVITED:
            raise MembershipError(_("This invitation has already been answered or withdrawn."), status=409)
        membership.status, membership.responded_by, membership.responded_at = status, user, timezone.now()
        membership.save(update_fields=["status", "responded_by", "responded_at"])
        if status == Status.MEMBER:
            sync_permissions(alliance)
            _purge(alliance)
        inviter = membership.invited_by
        if inviter is not None and inviter.is_active and inviter.email:
            profile = getattr(inviter, "wagtail_userprofile", None)
            language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
            context = {"alliance_title": alliance.title, "organisation_name": membership.organisation.title,
                       "accepted": status == Status.MEMBER, "url": _admin_url("alliances_admin:members", alliance.pk)}
            transaction.on_commit(lambda: send_templated_email(inviter.email, ANSWER_EMAIL, context, language=language))
    membership.alliance = alliance
    return membership


def accept(membership, user):
    """The invited OMS joins: a ``MEMBER``, its editors may edit the alliance page from now on."""
    return _answer(membership, user, Status.MEMBER)


def decline(membership, user):
    """The invited OMS says no; it may be invited again later."""
    return _answer(membership, user, Status.DECLINED)


def leave(membership, user):
    """A member OMS leaves; its editors lose the page permission. The lead hands over to the oldest member.

    Returns the membership; ``membership.new_lead`` is the OMS that became lead, if any.
    """
    with transaction.atomic():
        alliance = _lock_alliance(membership.alliance)
        membership = AllianceMembership.objects.select_for_update().select_related("organisation").get(
            pk=membership.pk)
        if not acts_for(user, membership.organisation):
            raise MembershipError(_("Only the OMS's own editors can take it out of the alliance."))
        if membership.status != Status.MEMBER:
            raise MembershipError(_("This OMS is not a member of the alliance."))
        others = list(AllianceMembership.objects.select_for_update().select_related("organisation")
                      .filter(alliance=alliance, status=Status.MEMBER).exclude(pk=membership.pk)
                      .order_by("responded_at", "pk"))
        if not others:
            raise MembershipError(_("The last member cannot leave: an alliance needs at least one member. "
                                    "Unpublish the alliance in the page editor instead."), status=409)
        new_lead = None
        if membership.is_lead:
            new_lead = others[0]
            new_lead.is_lead = True
            new_lead.save(update_fields=["is_lead"])
        membership.status, membership.is_lead = Status.LEFT, False
        membership.responded_by, membership.responded_at = user, timezone.now()
        membership.save(update_fields=["status", "is_lead", "responded_by", "responded_at"])
        sync_permissions(alliance)
        _purge(alliance)
    membership.alliance = alliance
    membership.new_lead = new_lead.organisation if new_lead else None
    return membership
