"""Joint actions: support counted across member OMS's campaigns through the plugins' hooks.

Invariants (the models' are in ``alliances.models``):
- A total is read, never stored: the exact sum of each linked ask's ``Progress`` (``current`` and
  ``supporters``) as ``campaigns.progress.measure`` gives it, i.e. the same numbers each campaign
  page shows. Every action's total costs the same fixed number of queries, whatever the number of
  actions, asks and records (:func:`totals`).
- Only links of OMS that are still ``MEMBER`` of the alliance count (an OMS that left stops
  counting at once, whatever became of its links).
- :func:`link_ask`: only an editor of a member OMS links, only an ask of its own OMS's live
  source-language campaign, only an ask of the action's support type; an ask counts in at most one
  joint action (the database's unique constraint decides between concurrent links: one wins, the
  other gets a clear error). The member's membership row is locked while linking, so a link never
  lands after its OMS left.
- :func:`unlink_ask`: the OMS that linked it, or any editor of the alliance.
- The page cache (:func:`connect_signals`): linking, unlinking, editing an action or publishing a
  linked campaign purges the alliance page and the linked campaigns' pages; a pledge on a linked
  campaign stamps the figures time of every campaign of the same actions (coalesced, like any
  pledge: ``pagecache.purge.figures_changed``), so their "joint total" boxes follow within the
  campaign pages' window; the alliance page, not a campaign page, follows every pledge within the
  listing window.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from campaigns.types import Progress
from lokadaya import request_reads
from lokadaya.money import percentage
from lokadaya.numbers import format_number

from .models import AllianceMembership, JointAction, JointActionAsk


class JointError(Exception):
    """A refused link or unlink: ``message`` is translated and shown to the user, ``status`` the HTTP one."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass
class MemberPart:
    """One linked ask as it counts: its OMS, campaign (source page), ask and progress."""

    link: JointActionAsk
    organisation: object
    campaign: object
    ask: object
    progress: Progress
    support_type: object = None
    #: The campaign in the visitor's language and its pledge form, when ``public_joint_actions`` found them.
    shown: object = None
    shown_url: str = ""

    @property
    def shown_campaign(self):
        return self.shown or self.campaign

    @property
    def url(self):
        """The pledge form of this ask (the campaign page when the translation lacks the ask)."""
        if self.shown_url:
            return self.shown_url
        campaign = self.shown_campaign
        return campaign.pledge_url(self.ask) if campaign.get_ask(self.ask.id) else campaign.url

    @property
    def action_label(self):
        """The type's button verb ("Sign the petition"), else its name."""
        if self.support_type is None:
            return ""
        return self.support_type.action_label or self.support_type.name

    def __iter__(self):  # (organisation, campaign, ask, progress), as the brief's tuples
        return iter((self.organisation, self.campaign, self.ask, self.progress))


@dataclass
class JointTotal:
    """An action's total: ``current`` of ``target`` ``unit`` (target: the goal, else the asks' targets)."""

    action: JointAction
    current: Decimal = Decimal(0)
    target: Decimal = Decimal(0)
    unit: str = ""
    supporters: int = 0
    per_member: list = field(default_factory=list)
    goal: int | None = None
    support_type: object = None

    @property
    def organisations(self):
        """The distinct OMS counted, in order of their first part."""
        seen = {}
        for part in self.per_member:
            seen.setdefault(part.organisation.pk, part.organisation)
        return list(seen.values())

    @property
    def organisation_count(self):
        return len(self.organisations)

    @property
    def percentage(self):
        return percentage(self.current, self.target)

    @property
    def bar_percentage(self):
        return max(0, min(100, self.percentage))

    @property
    def current_display(self):
        return format_number(self.current)

    @property
    def target_display(self):
        return format_number(self.target)

    @property
    def progress(self):
        """As a ``Progress``, for ``campaigns/includes/progress.html``."""
        return Progress(current=self.current, target=self.target, unit=self.unit, supporters=self.supporters)


def _counted_links(actions, live_only):
    """The links of ``actions`` whose OMS is still a member: one query, campaigns and OMS joined."""
    member = AllianceMembership.objects.filter(alliance_id=OuterRef("joint_action__alliance_id"),
                                               organisation_id=OuterRef("organisation_id"),
                                               status=AllianceMembership.Status.MEMBER)
    links = (JointActionAsk.objects.filter(joint_action__in=[a.pk for a in actions])
             .filter(Exists(member)).select_related("campaign", "organisation").order_by("added_at", "pk"))
    if live_only:
        links = links.filter(campaign__live=True)
    return list(links)


def totals(actions, live_only=False):
    """``{action pk: JointTotal}`` for ``actions``: a fixed number of queries whatever their asks
    (the links; the linked campaigns' progress in one ``UNION ALL``). ``live_only``: count only
    live campaigns (the public page: its total is the sum of the parts it shows)."""
    from campaigns.plugins import registry
    from campaigns.progress import prefetch_progress

    actions = [a for a in actions if a is not None]
    result = {}
    for action in actions:
        support_type = registry.get(action.type_key)
        result[action.pk] = JointTotal(action=action, goal=action.goal, support_type=support_type,
                                       unit=str(support_type.name) if support_type else "")
    if not actions:
        return result
    links = _counted_links(actions, live_only)
    campaigns = {}
    for link in links:
        campaigns.setdefault(link.campaign_id, link.campaign)
    prefetch_progress(list(campaigns.values()))
    targets = defaultdict(Decimal)
    units = {}
    for link in links:
        campaign = campaigns[link.campaign_id]
        total = result[link.joint_action_id]
        for ask, support_type, progress in campaign.get_progress():
            if ask.id != link.ask_id or ask.type_key != total.action.type_key or progress is None:
                continue
            total.per_member.append(MemberPart(link=link, organisation=link.organisation, campaign=campaign,
                                               ask=ask, progress=progress, support_type=support_type))
            total.current += Decimal(progress.current)
            total.supporters += int(progress.supporters or 0)
            targets[total.action.pk] += Decimal(progress.target or 0)
            units.setdefault(total.action.pk, progress.unit)
    for pk, total in result.items():
        total.target = Decimal(total.goal) if total.goal else targets[pk]
        if pk in units and units[pk]:
            total.unit = str(units[pk])
    return result


# --- Linking ------------------------------------------------------------------------------------


def _campaign_organisation(campaign):
    from partners.models import OrganisationPage

    parent = campaign.get_parent()
    parent = parent.specific if parent is not None else None
    return parent if isinstance(parent, OrganisationPage) else None


def link_ask(action, campaign, ask_id, user):
    """Count ``campaign``'s ask ``ask_id`` in ``action``, for ``user`` (an editor of the member OMS
    running the campaign). Returns the ``JointActionAsk``; raises ``JointError`` when refused."""
    from wagtail.models import Locale

    from .access import own_member_organisations

    campaign = campaign.specific if hasattr(campaign, "specific") else campaign
    if campaign.locale_id != Locale.get_default().pk or not campaign.live:
        raise JointError(_("Only a live campaign, in its original language, can be linked."))
    organisation = _campaign_organisation(campaign)
    if organisation is None or not own_member_organisations(user, action.alliance).filter(pk=organisation.pk).exists():
        raise JointError(_("You can only link a campaign of your own OMS, and your OMS must be a member "
                           "of the alliance."), status=403)
    ask = campaign.get_ask(ask_id)
    if ask is None:
        raise JointError(_("This ask is not on the campaign (any more)."))
    if ask.type_key != action.type_key:
        raise JointError(_("This ask is of another kind of support than the joint action."))
    already = _("This ask already counts in a joint action (“%(title)s”). Unlink it there first.")
    with transaction.atomic():
        # Locks the member's row: leaving the alliance waits for this link (and sees it), or wins first.
        membership = (AllianceMembership.objects.select_for_update()
                      .filter(alliance_id=action.alliance_id, organisation=organisation,
                              status=AllianceMembership.Status.MEMBER).first())
        if membership is None:
            raise JointError(_("Your OMS is no longer a member of the alliance."), status=403)
        existing = JointActionAsk.objects.filter(campaign=campaign, ask_id=ask.id).select_related("joint_action").first()
        if existing is not None:
            raise JointError(already % {"title": existing.joint_action.title}, status=409)
        try:
            with transaction.atomic():
                return JointActionAsk.objects.create(joint_action=action, campaign=campaign, ask_id=ask.id,
                                                     organisation=organisation, added_by=user)
        except IntegrityError:
            # Linked by someone else a moment ago (the unique constraint decided).
            existing = JointActionAsk.objects.filter(campaign=campaign, ask_id=ask.id).select_related("joint_action").first()
            raise JointError(already % {"title": existing.joint_action.title if existing else action.title}, status=409)


def may_unlink(link, user):
    from .access import may_edit, own_organisations

    if not (user and user.is_authenticated and user.is_active):
        return False
    return (own_organisations(user).filter(pk=link.organisation_id).exists()
            or may_edit(user, link.joint_action.alliance))


def unlink_ask(link, user):
    """Stop counting ``link``: by the OMS that linked it or any editor of the alliance."""
    if not may_unlink(link, user):
        raise JointError(_("You may not unlink this ask."), status=403)
    with transaction.atomic():
        JointActionAsk.objects.filter(pk=link.pk).delete()


def linkable_asks(action, user):
    """``[(organisation, campaign, ask)]``: the asks of ``action``'s type on the live source-language
    campaigns of ``user``'s member OMS, not linked anywhere yet."""
    from wagtail.models import Locale

    from campaigns.models import CampaignPage

    from .access import own_member_organisations

    organisations = list(own_member_organisations(user, action.alliance))
    if not organisations:
        return []
    choices = []
    default = Locale.get_default()
    campaigns_by_org = []
    for organisation in organisations:
        campaigns = list(CampaignPage.objects.child_of(organisation).live().filter(locale=default).order_by("title"))
        campaigns_by_org.append((organisation, campaigns))
    all_ids = [c.pk for _o, cs in campaigns_by_org for c in cs]
    linked = set(JointActionAsk.objects.filter(campaign_id__in=all_ids).values_list("campaign_id", "ask_id"))
    for organisation, campaigns in campaigns_by_org:
        for campaign in campaigns:
            for ask in campaign.get_asks():
                if ask.type_key == action.type_key and (campaign.pk, ask.id) not in linked:
                    choices.append((organisation, campaign, ask))
    return choices


# --- Public ---------------------------------------------------------------------------------------


def _source_alliance(page):
    from wagtail.models import Locale

    default = Locale.get_default()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def _localize_parts(joint_totals, locale_id):
    """Point each part at its campaign in ``locale_id`` when a live translation exists (one query)."""
    from campaigns.models import CampaignPage

    keys = {part.campaign.translation_key for t in joint_totals for part in t.per_member}
    found = {}
    if keys:
        found = {c.translation_key: c for c in CampaignPage.objects.live().filter(
            translation_key__in=keys, locale_id=locale_id)}
    for total in joint_totals:
        for part in total.per_member:
            part.shown = found.get(part.campaign.translation_key, part.campaign)


def public_joint_actions(page):
    """The ``joint_actions`` of the alliance page ``page`` (any language): a ``JointTotal`` per
    action, live campaigns only, each part with ``shown_campaign``, ``url`` (its pledge form) and
    ``action_label``. For ``alliances/includes/joint_actions.html``."""
    alliance = _source_alliance(page)
    actions = list(JointAction.objects.filter(alliance=alliance))
    found = totals(actions, live_only=True)
    result = [found[a.pk] for a in actions]
    _localize_parts(result, page.locale_id)
    return result


@dataclass(frozen=True)
class CampaignJointBox:
    """What a campaign page shows of one joint action its ask counts in: plain values, so the
    list can be kept in the figures cache (``network.figures_cache``)."""

    pk: int
    title: str
    alliance_title: str
    alliance_url: str
    current: Decimal
    current_display: str
    unit: str
    organisation_count: int


def actions_for_campaign(campaign):
    """The joint actions some ask of ``campaign`` counts in (live alliances only), as
    ``CampaignJointBox`` es: each action's total over live campaigns, its alliance in the campaign's
    language when translated. For ``alliances/includes/campaign_joint.html`` (context ``joint``).

    Kept with the network's figures: a publish, link, unlink, action or membership change shows at
    once (``connect_signals``), a pledge within the campaign page's figures window
    (``LOKADAYA_PAGE_CACHE_FIGURES_SECONDS``, as on a kept page: ``network.figures_cache.cached_within``).
    A campaign linked to no action costs no query.
    """
    from django.conf import settings
    from django.utils.translation import get_language

    from network.figures_cache import cached_within

    source = campaign.source
    if source.pk is None or source.pk not in linked_campaigns():
        return []
    key = f"{source.pk}:{campaign.locale_id}:{get_language() or ''}"
    return cached_within("joint-campaign", key, lambda: _campaign_boxes(campaign, source),
                         seconds=settings.LOKADAYA_PAGE_CACHE_FIGURES_SECONDS)


def _campaign_boxes(campaign, source):
    actions = list(JointAction.objects.filter(asks__campaign=source, alliance__live=True)
                   .select_related("alliance").distinct().order_by("created_at", "pk"))
    if not actions:
        return []
    found = totals(actions, live_only=True)
    boxes = []
    for action in actions:
        total, alliance = found[action.pk], action.alliance
        if alliance.locale_id != campaign.locale_id:
            alliance = alliance.get_translation_or_none(campaign.locale) or alliance
            if not alliance.live:
                alliance = action.alliance
        boxes.append(CampaignJointBox(pk=action.pk, title=action.title, alliance_title=alliance.title,
                                      alliance_url=alliance.url, current=total.current,
                                      current_display=total.current_display, unit=str(total.unit),
                                      organisation_count=total.organisation_count))
    return boxes


# --- The page cache ---------------------------------------------------------------------------------


def _page_paths(pages):
    from pagecache.dependents import page_path

    from wagtail.models import Page

    keys = {p.translation_key for p in pages if p is not None}
    if not keys:
        return set()
    return {page_path(p) for p in Page.objects.filter(translation_key__in=keys).specific()} - {None}


def _purge_action(action_id, also_campaign_ids=()):
    """Purge the pages showing ``action_id``'s total: its alliance's and its linked campaigns'."""
    from campaigns.models import CampaignPage
    from pagecache import purge

    from .models import AlliancePage

    if purge.is_suspended():
        return
    alliance = AlliancePage.objects.filter(joint_actions__pk=action_id).first()
    campaign_ids = set(JointActionAsk.objects.filter(joint_action_id=action_id).values_list("campaign_id", flat=True))
    campaign_ids.update(c for c in also_campaign_ids if c)
    pages = [alliance, *CampaignPage.objects.filter(pk__in=campaign_ids)]
    purge.purge_paths(_page_paths(pages))


#: Where ``linked_campaigns`` keeps its map in the shared cache.
LINKED_CACHE_KEY = "alliances:linked-campaigns"
request_reads.register(LINKED_CACHE_KEY)
#: A backstop only: every saved or deleted link drops the map at once.
LINKED_CACHE_SECONDS = 300


def linked_campaigns():
    """``{campaign id: frozenset of the other campaigns counted by a joint action with it}``, from
    the shared cache: every support record saved asks (``_campaigns_showing_figures_of``), and few
    campaigns are linked, so the map is small."""
    linked = request_reads.get(LINKED_CACHE_KEY)
    if linked is None:
        by_action = {}
        for action_id, campaign_id in JointActionAsk.objects.values_list("joint_action_id", "campaign_id"):
            by_action.setdefault(action_id, set()).add(campaign_id)
        others = {}
        for campaign_ids in by_action.values():
            for campaign_id in campaign_ids:
                others.setdefault(campaign_id, set()).update(campaign_ids - {campaign_id})
        linked = {campaign_id: frozenset(ids) for campaign_id, ids in others.items()}
        request_reads.set(LINKED_CACHE_KEY, linked, LINKED_CACHE_SECONDS)
    return linked


def _forget_linked():
    from django.db import transaction

    request_reads.delete(LINKED_CACHE_KEY)
    # After the commit too: a reader in between would put the old set back.
    transaction.on_commit(lambda: request_reads.delete(LINKED_CACHE_KEY))


def _link_changed(sender, instance, raw=False, **kwargs):
    _forget_linked()
    if not raw:
        _purge_action(instance.joint_action_id, also_campaign_ids=[instance.campaign_id])


def _action_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from pagecache import purge

    from .models import AlliancePage

    if purge.is_suspended():
        return
    campaign_ids = list(JointActionAsk.objects.filter(joint_action_id=instance.pk).values_list("campaign_id", flat=True))
    from campaigns.models import CampaignPage

    pages = [AlliancePage.objects.filter(pk=instance.alliance_id).first(),
             *CampaignPage.objects.filter(pk__in=campaign_ids)]
    purge.purge_paths(_page_paths(pages))


def _alliances_showing(campaign):
    """Alliance pages (source) of actions counting an ask of ``campaign`` (any language)."""
    from .models import AlliancePage

    return list(AlliancePage.objects.filter(
        joint_actions__asks__campaign__translation_key=campaign.translation_key).distinct())


def _campaign_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    from pagecache import purge
    from pagecache.signals import DRAFT_BOOKKEEPING

    if raw or not instance.live or purge.is_suspended():
        return
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    purge.purge_paths(_page_paths(_alliances_showing(instance)))


def _campaign_gone(sender, instance, **kwargs):
    from pagecache import purge

    if not purge.is_suspended():
        purge.purge_paths(_page_paths(_alliances_showing(instance)))


def _campaigns_showing_figures_of(campaign_id):
    """A pledge on a linked campaign moves the joint totals shown on the other linked campaigns'
    pages (registered with ``pagecache.signals.figures_also_shown``)."""
    return linked_campaigns().get(campaign_id, ())


def connect_signals():
    """Connect the page-cache receivers: call from ``AlliancesConfig.ready``. Idempotent."""
    from django.db.models.signals import post_delete, post_save, pre_delete
    from wagtail.signals import page_unpublished

    from campaigns.models import CampaignPage
    from pagecache.signals import figures_also_shown

    post_save.connect(_link_changed, sender=JointActionAsk, dispatch_uid="alliances_joint_link_saved")
    post_delete.connect(_link_changed, sender=JointActionAsk, dispatch_uid="alliances_joint_link_deleted")
    post_save.connect(_action_changed, sender=JointAction, dispatch_uid="alliances_joint_action_saved")
    pre_delete.connect(_action_changed, sender=JointAction, dispatch_uid="alliances_joint_action_deleted")
    post_save.connect(_campaign_saved, sender=CampaignPage, dispatch_uid="alliances_joint_campaign_saved")
    page_unpublished.connect(_campaign_gone, sender=CampaignPage, dispatch_uid="alliances_joint_campaign_unpublished")
    pre_delete.connect(_campaign_gone, sender=CampaignPage, dispatch_uid="alliances_joint_campaign_deleted")
    figures_also_shown(_campaigns_showing_figures_of)
    # The campaign pages' joint boxes are kept with the network's figures (actions_for_campaign).
    from network.figures_cache import bump

    for model in (JointAction, JointActionAsk, AllianceMembership):
        label = model._meta.label
        post_save.connect(bump, sender=model, dispatch_uid=f"alliances_joint_figures_{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"alliances_joint_figures_{label}_del")
