"""When a campaign needs a public fundraising permit, and whether it has one.

The invariants this module keeps:

* **One answer.** :func:`permit_blocks_money` is the only place that says a campaign's missing
  permit stops its money; ``reports.support.support_verdict(money=True)`` asks it, and every door
  money comes through asks that (a money pledge, a payment start, a bank transfer's opening, a
  monthly charge).
* **Only verified permits count**, only between their dates (in Asia/Jakarta), and only where
  their area covers the campaign: a national permit covers every campaign, a provincial one the
  campaigns in its province, a kabupaten/kota one those in its kabupaten/kota.
* **Money already received is never touched**: a permit only stops new money.
"""
from django.utils import timezone

from .models import FundraisingPermit, PermitPolicy, Scope

NATIONAL = "national"
REGIONAL = "regional"


def collection_scope(campaign):
    """``"national"`` for a campaign of a national programme, else ``"regional"``."""
    return NATIONAL if campaign.programmes.exists() else REGIONAL


def campaign_regency(campaign):
    """The kabupaten/kota a campaign collects in: its own, else its OMS's (a Regency or None)."""
    if campaign.regency_id:
        return campaign.regency
    organisation = campaign.organisation
    return organisation.regency if organisation is not None else None


def covers(permit, campaign, regency=...):
    """Does ``permit``'s area cover ``campaign``'s (ignoring status and dates)?"""
    if permit.scope == Scope.NATIONAL:
        return True
    if regency is ...:
        regency = campaign_regency(campaign)
    if regency is None:
        return False
    if permit.scope == Scope.PROVINCE:
        return permit.province_id == regency.province_id
    return permit.regency_id == regency.pk


def covering_permit(campaign, on=None):
    """The verified permit that covers ``campaign`` on day ``on`` (today), or None."""
    on = on or timezone.localdate()
    source = getattr(campaign, "source", campaign)
    candidates = (FundraisingPermit.objects.filter(campaign_id=source.pk, status=FundraisingPermit.Status.VERIFIED,
                                                   valid_from__lte=on, valid_until__gte=on)
                  .order_by("-valid_until", "-pk"))
    regency = ...
    for permit in candidates:
        if regency is ...:
            regency = campaign_regency(source)
        if covers(permit, source, regency):
            return permit
    return None


def permit_required(campaign):
    """Does the platform's policy require a permit for ``campaign``'s collection?"""
    policy = PermitPolicy.current()
    if not (policy.require_national or policy.require_regional):
        return False
    scope = collection_scope(getattr(campaign, "source", campaign))
    return policy.require_national if scope == NATIONAL else policy.require_regional


def permit_blocks_money(campaign):
    """Does the lack of a valid permit stop ``campaign``'s money now?"""
    return permit_required(campaign) and covering_permit(campaign) is None
