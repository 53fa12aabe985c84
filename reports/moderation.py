"""Who sees which reports, and the moderators' decisions on a campaign: freeze, clear, close.

The invariants this module keeps:

* **A report reaches its province only.** A report's province is the reported campaign's (its
  kabupaten/kota's, else its OMS's), the OMS's, or the story's OMS's (else the story's own place).
  Its moderators and the national admins are emailed and see it in ``/admin/laporan/``; a
  moderator of another province neither gets the email nor sees the report (a 404, so its
  existence is not revealed). A report with no province (a national story) goes to national
  admins only.
* **A report of a forum post reaches its space's moderators.** Its province is the space's
  (``forums.models.Space.province``: a provincial network's, or a cohort's network's); national and
  programme spaces have none (national admins). The space's extra moderators are emailed too and
  see the reports of posts in the spaces they moderate (``forums.access.moderated_spaces``);
  hiding the post from ``/admin/laporan/`` goes through ``forums.moderation.hide_post`` (which asks
  ``may_moderate`` itself) and marks the post's open reports handled in the same transaction.
* **Only that province's moderators decide.** Freezing, clearing or closing a campaign needs
  :func:`may_moderate_campaign`: a moderator of the campaign's province, or a national admin
  (``partners.verification.is_national``). Everyone else is refused before anything is read.
* **Each decision is one transaction under the campaign's row lock** (``support.lock_for_decision``)
  that changes the ``CampaignStanding``, writes a ``ModerationAction`` and Wagtail's page log, so
  a pledge in flight either committed before (and counts) or waits and is refused after.
* **Every decision has a reason**, kept in the audit trail; closing also needs a public note,
  shown on the campaign page. The state moves: normal → frozen → normal (clear) or closed;
  a closed campaign may be cleared (reopened) by the same people, with a reason.
"""
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from campaigns.notifications import absolute_url, send_templated_email
from partners.verification import is_national

from .models import CampaignStanding, ModerationAction, Report
from .support import lock_for_decision

logger = logging.getLogger("lokadaya.reports")
State = CampaignStanding.State


class ModerationError(Exception):
    """A refused decision, with a translated message for the moderator."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# -- places --------------------------------------------------------------------------------------


def _regency_province(regency_id):
    from regions.models import Regency

    if not regency_id:
        return None
    return Regency.objects.filter(pk=regency_id).values_list("province_id", flat=True).first()


def province_id_of(page):
    """The province whose moderators look after ``page`` (a campaign, OMS, story or alliance), or None."""
    from alliances.models import AlliancePage
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    if isinstance(page, CampaignPage):
        organisation = page.organisation
        return _regency_province(page.regency_id or getattr(organisation, "regency_id", None))
    if isinstance(page, OrganisationPage):
        return _regency_province(page.regency_id)
    if isinstance(page, StoryPage):
        organisation = page.organisation if page.organisation_id else None
        return _regency_province(getattr(organisation, "regency_id", None) or page.regency_id)
    if isinstance(page, AlliancePage):
        # A national alliance has no province: national admins look after it.
        return page.province_id or _regency_province(page.regency_id)
    return None


def kind_of(page):
    from alliances.models import AlliancePage
    from campaigns.models import CampaignPage
    from partners.models import OrganisationPage
    from stories.models import StoryPage

    for model, kind in ((CampaignPage, Report.Kind.CAMPAIGN), (OrganisationPage, Report.Kind.ORGANISATION),
                        (StoryPage, Report.Kind.STORY), (AlliancePage, Report.Kind.ALLIANCE)):
        if isinstance(page, model):
            return kind
    return None


# -- who -----------------------------------------------------------------------------------------


def may_see_reports(user):
    """National admins, provincial moderators and forum spaces' moderators get into ``/admin/laporan/``."""
    from forums.access import moderated_spaces

    return user.is_authenticated and user.is_active and (
        is_national(user) or user.moderated_networks.exists() or moderated_spaces(user).exists())


def visible_reports(user):
    """The reports ``user`` may see: all for national admins, their provinces' for moderators, and the
    reports of posts in the forum spaces they moderate."""
    from django.db.models import Q

    from forums.access import moderated_spaces

    if not may_see_reports(user):
        return Report.objects.none()
    reports = Report.objects.select_related("province", "handled_by", "page", "post__thread__space")
    if is_national(user):
        return reports
    provinces = Report.objects.filter(province__network__moderators=user).values("pk")
    posts = Report.objects.filter(kind=Report.Kind.FORUM_POST,
                                  post__thread__space__in=moderated_spaces(user).values("pk")).values("pk")
    return reports.filter(Q(pk__in=provinces) | Q(pk__in=posts))


def may_moderate_campaign(user, campaign):
    if not user.is_authenticated or not user.is_active:
        return False
    if is_national(user):
        return True
    province_id = province_id_of(campaign)
    return province_id is not None and user.moderated_networks.filter(province_id=province_id).exists()


# -- reports -------------------------------------------------------------------------------------


def recipients(province_id, space=None):
    """Active moderators of the province and national admins (superusers) with an address; for a forum
    post's report also the extra moderators of its ``space``."""
    from django.db.models import Q

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    condition = Q(is_superuser=True)
    if province_id is not None:
        condition |= Q(moderated_networks__province_id=province_id)
    if space is not None:
        condition |= Q(moderated_forum_spaces=space)
    seen, addresses = set(), []
    for address in users.filter(condition).values_list("email", flat=True).distinct():
        if address.lower() not in seen:
            seen.add(address.lower())
            addresses.append(address)
    return addresses


def file_report(page, reason, detail, email="", language=""):
    """Store a visitor's report on ``page`` (default-language, specific) and tell who must know, after commit."""
    report = Report.objects.create(
        page=page, page_title=page.title[:255], kind=kind_of(page), province_id=province_id_of(page),
        reason=reason, detail=detail, email=email, language=(language or "")[:10])
    transaction.on_commit(lambda: notify_report(report))
    return report


def file_post_report(post, reason, detail, email="", language=""):
    """Store a reader's report of a forum post and tell its space's moderators, after commit."""
    thread = post.thread
    space = thread.space
    province = space.province
    report = Report.objects.create(
        page=None, post=post, page_title=thread.title[:255], kind=Report.Kind.FORUM_POST,
        province_id=province.pk if province else None, reason=reason, detail=detail, email=email,
        language=(language or "")[:10])
    transaction.on_commit(lambda: notify_report(report))
    return report


def notify_report(report):
    """One email per recipient (no one sees who else was told), queued for the task worker."""
    context = {"report": report, "url": absolute_url(reverse("reports_admin:list") + f"#laporan-{report.pk}")}
    if report.kind == Report.Kind.CAMPAIGN and report.page_id:
        context["campaign_url"] = absolute_url(reverse("reports_admin:campaign", args=[report.page_id]))
    space = None
    if report.kind == Report.Kind.FORUM_POST and report.post_id:
        post = report.post
        space = post.thread.space
        context.update(post=post, space=space, post_url=absolute_url(post.get_absolute_url()))
    for address in recipients(report.province_id, space=space):
        send_templated_email(address, "reports/email/new_report", context)


def hide_reported_post(report, user, reason):
    """Hide ``report``'s forum post (``forums.moderation.hide_post`` checks ``user`` may) and mark the
    post's open reports handled, in one transaction. Raises ``forums.moderation.ModerationError``."""
    from django.utils import timezone

    from forums.moderation import hide_post

    with transaction.atomic():
        hide_post(report.post, user, reason)
        Report.objects.filter(post_id=report.post_id, status=Report.Status.OPEN).update(
            status=Report.Status.HANDLED, handled_by=user, handled_at=timezone.now(),
            handling_note=_("Post hidden: %(reason)s") % {"reason": reason.strip()})


def mark_handled(report, user, note):
    from django.utils import timezone

    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == Report.Status.HANDLED:
            return report
        report.status, report.handled_by, report.handled_at = Report.Status.HANDLED, user, timezone.now()
        report.handling_note = note
        report.save(update_fields=["status", "handled_by", "handled_at", "handling_note"])
    return report


# -- decisions -----------------------------------------------------------------------------------

#: action: (states it may start from, state it leads to, Wagtail log action)
TRANSITIONS = {
    ModerationAction.Action.FREEZE: ((State.NORMAL,), State.FROZEN, "reports.freeze"),
    ModerationAction.Action.CLEAR: ((State.FROZEN, State.CLOSED), State.NORMAL, "reports.clear"),
    ModerationAction.Action.CLOSE: ((State.NORMAL, State.FROZEN), State.CLOSED, "reports.close"),
}


def decide(campaign, action, user, reason, public_note="", report=None):
    """Freeze, clear or close ``campaign`` (any language; the default-language page is changed).

    Raises ``ModerationError`` (translated) when ``user`` may not, when the reason or the public
    note of a closure is missing, or when the campaign is not in a state the action starts from.
    """
    reason, public_note = (reason or "").strip(), (public_note or "").strip()
    if action not in TRANSITIONS:
        raise ModerationError(_("Unknown action."))
    if not may_moderate_campaign(user, campaign):
        raise ModerationError(_("Only the moderators of this campaign's province can do that."))
    if not reason:
        raise ModerationError(_("Say why: the reason is kept in the audit trail."))
    if action == ModerationAction.Action.CLOSE and not public_note:
        raise ModerationError(_("Write the public note shown on the campaign page."))
    starts, target, log_action = TRANSITIONS[action]
    with transaction.atomic():
        page = lock_for_decision(campaign)
        standing, _created = CampaignStanding.objects.select_for_update().get_or_create(campaign=page)
        if standing.state not in starts:
            raise ModerationError(_("This campaign is “%(state)s”: that decision is no longer possible.") % {
                "state": standing.get_state_display()})
        standing.state, standing.changed_by = target, user
        standing.public_note = public_note if target == State.CLOSED else ""
        standing.save()
        entry = ModerationAction.objects.create(campaign=page, action=action, reason=reason,
                                                public_note=public_note, report=report, user=user)
        log(instance=page, action=log_action, user=user,
            data={"reason": reason, "public_note": public_note, "moderation_action": entry.pk})
    logger.info("Campaign %s: %s by user %s", page.pk, action, user.pk)
    return entry
