"""When a campaign needs a public fundraising permit, and whether it has one.

The invariants this module keeps:

* **One answer.** :func:`permit_blocks_money` is the only place that says a campaign's missing
  permit stops its money; ``reports.support.support_verdict(money=True)`` asks it, and every door
  money comes through asks that (a money pledge, a payment start, a bank transfer's opening, a
  monthly charge).
* **Only verified permits count**, only between their dates (in Asia/Jakarta), and only where
  their area covers the campaign: a national permit covers every campaign, a provincial one the
  campaigns in its province, a kabupaten/kota one those in its kabupaten/kota.
* **Money already received is never touched**: a permit only stops new money (disbursements,
  confirmations and refunds never ask).
* **Cheap.** The policy is kept in the shared cache (``PermitPolicy.cached``, dropped whenever the row
  is saved or deleted: ``lokadaya.cached_rows``) and then once per campaign instance;
  :func:`permit_blocks_money` always reads the permit afresh (it runs again under the campaign's
  lock in ``reports.support.lock_for_support``) and leaves its answer for :func:`covering_permit`
  on the same instance, so the campaign page spends at most two queries on permits.
"""
from django.db.models import Q
from django.utils import timezone

from .models import FundraisingPermit, PermitPolicy, Scope

NATIONAL = "national"
REGIONAL = "regional"

_POLICY = "_permit_policy"
_COVERING = "_covering_permit"


def _source(campaign):
    return getattr(campaign, "source", campaign)


def current_policy(campaign=None):
    """``(require_national, require_regional)``, from the shared cache, then once per ``campaign``
    instance; no row means off.

    Never writes the row (``PermitPolicy.current()`` would create it on a visitor's GET)."""
    if campaign is not None and _POLICY in campaign.__dict__:
        return campaign.__dict__[_POLICY]
    row = PermitPolicy.cached()
    policy = (row.require_national, row.require_regional)
    if campaign is not None:
        campaign.__dict__[_POLICY] = policy
    return policy


def collection_scope(campaign):
    """``"national"`` for a campaign of a national programme, else ``"regional"``.

    Uses ``campaign.programmes`` when it was prefetched (no query)."""
    source = _source(campaign)
    prefetched = getattr(source, "_prefetched_objects_cache", {}).get("programmes")
    if prefetched is not None:
        return NATIONAL if len(prefetched) else REGIONAL
    return NATIONAL if source.programmes.exists() else REGIONAL


def campaign_regency_id(campaign):
    """The id of the kabupaten/kota a campaign collects in: its own, else its OMS's (or None)."""
    if campaign.regency_id:
        return campaign.regency_id
    organisation = campaign.organisation
    return getattr(organisation, "regency_id", None) if organisation is not None else None


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


def _area_condition(regency_id):
    """The permits whose area covers kabupaten/kota ``regency_id`` (None: national ones only)."""
    condition = Q(scope=Scope.NATIONAL)
    if regency_id:
        condition |= Q(scope=Scope.REGENCY, regency_id=regency_id)
        condition |= Q(scope=Scope.PROVINCE, province__regencies__pk=regency_id)
    return condition


def _find_covering(source, on):
    """One query: the verified permit covering ``source`` on ``on`` (the longest-running first)."""
    return (FundraisingPermit.objects
            .filter(_area_condition(campaign_regency_id(source)), campaign_id=source.pk,
                    status=FundraisingPermit.Status.VERIFIED, valid_from__lte=on, valid_until__gte=on)
            .select_related("province", "regency")
            .order_by("-valid_until", "-pk").first())


def covering_permit(campaign, on=None):
    """The verified permit that covers ``campaign`` on day ``on`` (today, Asia/Jakarta), or None.

    Today's answer is kept on the campaign instance: the page asks after the money verdict did."""
    source = _source(campaign)
    today = timezone.localdate()
    on = on or today
    memo = source.__dict__.get(_COVERING)
    if memo is not None and memo[0] == on:
        return memo[1]
    permit = _find_covering(source, on)
    if on == today:
        source.__dict__[_COVERING] = (on, permit)
    return permit


def permit_required(campaign):
    """Does the platform's policy require a permit for ``campaign``'s collection?"""
    source = _source(campaign)
    require_national, require_regional = current_policy(source)
    if not (require_national or require_regional):
        return False
    if require_national and require_regional:
        return True  # no need to know the scope
    return require_national if collection_scope(source) == NATIONAL else require_regional


def permit_blocks_money(campaign):
    """Does the lack of a valid permit stop ``campaign``'s money now? (Reads the permit afresh.)"""
    source = _source(campaign)
    if not permit_required(source):
        return False
    source.__dict__.pop(_COVERING, None)
    return covering_permit(source) is None
