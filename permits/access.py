"""Who may do what with fundraising permits: the one place every permit screen and the document view ask.

The invariants this module keeps:

* **OMS editors record and replace** permits of the campaigns whose pages they may edit
  (``campaigns.admin_views.editable_campaigns``: their OMS's subtree; superusers everywhere). They
  see their campaigns' permits and documents; they never verify or reject, not even their own.
* **Moderators verify or reject**: a provincial network's moderator for the campaigns of their
  province (``reports.moderation.province_id_of``: the campaign's kabupaten/kota, else its OMS's),
  national staff (``partners.verification.is_national``) for every campaign. Nobody else.
* **A permit one may not see is a 404** (its existence is not revealed); the admin screens answer
  403 to users who are neither an OMS editor nor a moderator.
* **A verified permit's document is public** while its campaign is live (the campaign page links
  to it); any other document only to the OMS's editors and the moderators who may verify it.
* **The policy** (``PermitPolicy``) is changed by national staff only.
"""
from partners.verification import is_national

from .models import FundraisingPermit


def _active(user):
    return user.is_authenticated and user.is_active


def editable_campaigns(user):
    """Default-language campaigns whose permits ``user`` records (those whose pages they may edit)."""
    from campaigns.admin_views import editable_campaigns as pages_editable

    from campaigns.models import CampaignPage

    if not _active(user):
        return CampaignPage.objects.none()
    return pages_editable(user)


def may_record(user, campaign):
    """May ``user`` record or replace a permit of ``campaign``?"""
    return _active(user) and editable_campaigns(user).filter(pk=campaign.source.pk).exists()


def may_moderate_any(user):
    """National staff, or a moderator of at least one provincial network."""
    return _active(user) and (is_national(user) or user.moderated_networks.exists())


def may_verify(user, permit):
    """May ``user`` verify or reject ``permit``? (The campaign's province's moderators, national staff.)"""
    from reports.moderation import may_moderate_campaign

    return _active(user) and may_moderate_campaign(user, permit.campaign)


def may_use_admin(user):
    """Into ``/admin/izin-pub/``: OMS editors (of any campaign) and moderators."""
    return may_moderate_any(user) or (_active(user) and editable_campaigns(user).exists())


def may_edit_policy(user):
    return _active(user) and is_national(user)


def province_ids(campaigns):
    """``{campaign pk: province id or None}`` for default-language ``campaigns`` in two queries:
    the campaign's kabupaten/kota, else its OMS's (as ``reports.moderation.province_id_of``)."""
    from partners.models import OrganisationPage
    from regions.models import Regency

    campaigns = list(campaigns)
    steplen = OrganisationPage.steplen
    parent_paths = {c.path[:-steplen] for c in campaigns if not c.regency_id}
    oms_regency = dict(OrganisationPage.objects.filter(path__in=parent_paths).values_list("path", "regency_id")) \
        if parent_paths else {}
    regency_of = {c.pk: c.regency_id or oms_regency.get(c.path[:-steplen]) for c in campaigns}
    provinces = dict(Regency.objects.filter(pk__in={r for r in regency_of.values() if r})
                     .values_list("pk", "province_id"))
    return {pk: provinces.get(regency) for pk, regency in regency_of.items()}


def moderation_queue(user):
    """The permits ``user`` may verify, submitted ones first, then the newest (a list)."""
    from django.db.models import Case, IntegerField, Value, When

    if not may_moderate_any(user):
        return []
    permits = list(FundraisingPermit.objects.select_related("campaign", "province", "regency", "submitted_by")
                   .annotate(waiting=Case(When(status=FundraisingPermit.Status.SUBMITTED, then=Value(0)),
                                          default=Value(1), output_field=IntegerField()))
                   .order_by("waiting", "created_at", "-pk")[:500])
    if is_national(user):
        return permits
    mine = set(user.moderated_networks.values_list("province_id", flat=True))
    where = province_ids({p.campaign for p in permits})
    return [p for p in permits if where.get(p.campaign_id) in mine]


def recorded_permits(user):
    """The permits of the campaigns ``user`` may edit, newest first."""
    return (FundraisingPermit.objects.filter(campaign__in=editable_campaigns(user).values("pk"))
            .select_related("campaign", "province", "regency", "verified_by").order_by("-created_at", "-pk"))


def may_see(user, permit):
    """May ``user`` open ``permit`` in the admin? (Its OMS's editors, the moderators who may verify it.)"""
    return may_record(user, permit.campaign) or may_verify(user, permit)


def may_see_document(user, permit):
    """Anyone for a verified permit of a live campaign; else as :func:`may_see`."""
    if permit.status == FundraisingPermit.Status.VERIFIED and permit.campaign.live:
        return True
    return may_see(user, permit)
