"""Which open funds could cover a campaign, decided without a query for the campaign page's offer.

The invariants this module keeps:

* **Display only.** It decides which sponsor's offer the campaign page shows. Whether a donation
  is matched is decided by ``service.covering_funds`` in the database, under the fund's row lock,
  and never reads what is kept here.
* **The same answer as the database.** ``FundScope.covers`` is ``service.scope_condition`` in
  Python (programme linked in any language, or the programme's SDG when it includes SDG matches;
  the province of the campaign's kabupaten/kota, else its OMS's; the fund's SDG); a test compares
  the two for every kind of scope.
* **Never an offer that is gone.** The scopes of the funds active on a day are kept in the shared
  cache, without their money: the offer is then read in one query that checks again that the fund
  is active, within its dates and has money left. A fund created or changed shows within
  ``SCOPES_SECONDS`` at worst: every change of a fund (``funds_changed``) or a programme drops the
  kept scopes, after its commit too.
"""
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from lokadaya import request_reads

SCOPES_KEY = "donation:matching:open-fund-scopes"
request_reads.register(SCOPES_KEY)
#: At most this long a change that sent no signal goes unseen (a programme's links saved by a query).
SCOPES_SECONDS = 300


@dataclass(frozen=True)
class FundScope:
    """What one fund, active on the day, covers."""

    fund_id: int
    province_id: int = None
    sdg_id: int = None
    programme_sdg_id: int = None  # its programme's SDG, when the programme includes SDG matches
    linked: frozenset = frozenset()  # translation keys of the campaigns its programme links, any language

    @property
    def needs_sdgs(self):
        return self.sdg_id is not None or self.programme_sdg_id is not None

    def covers(self, translation_key, province_id, sdgs):
        return (translation_key in self.linked
                or (self.programme_sdg_id is not None and self.programme_sdg_id in sdgs)
                or (self.province_id is not None and self.province_id == province_id)
                or (self.sdg_id is not None and self.sdg_id in sdgs))


def open_fund_scopes(day=None):
    """``(FundScope, ...)`` of the funds active on ``day`` (today, Asia/Jakarta), oldest first."""
    day = day or timezone.localdate()
    kept = request_reads.get(SCOPES_KEY)
    if kept is not None and kept[0] == day:
        return kept[1]
    scopes = _read_scopes(day)
    request_reads.set(SCOPES_KEY, (day, scopes), SCOPES_SECONDS)
    return scopes


def _read_scopes(day):
    from programmes.models import ProgrammePage

    from .models import MatchFund

    funds = list(MatchFund.objects.filter(status=MatchFund.Status.ACTIVE, starts_on__lte=day, ends_on__gte=day)
                 .select_related("programme").order_by("created_at", "pk"))
    programme_keys = {fund.programme.translation_key for fund in funds if fund.programme_id}
    linked = {}
    if programme_keys:
        through = ProgrammePage._meta.get_field("campaigns").remote_field.through
        for programme_key, campaign_key in through.objects.filter(
                programmepage__translation_key__in=programme_keys).values_list(
                "programmepage__translation_key", "campaignpage__translation_key"):
            linked.setdefault(programme_key, set()).add(campaign_key)
    scopes = []
    for fund in funds:
        programme = fund.programme if fund.programme_id else None
        scopes.append(FundScope(
            fund_id=fund.pk, province_id=fund.province_id, sdg_id=fund.sdg_id,
            programme_sdg_id=programme.sdg_id if programme is not None and programme.include_sdg_matches else None,
            linked=frozenset(linked.get(programme.translation_key, ())) if programme is not None else frozenset()))
    return tuple(scopes)


def covering_fund_ids(campaign, day=None):
    """Ids of the funds active on ``day`` whose scope covers ``campaign`` (its source-language page),
    oldest first; no query when no fund is active, at most two otherwise (its SDGs, when a fund
    is scoped by SDG, kept on the page for its own list; its OMS's province, when it has no
    kabupaten/kota of its own)."""
    scopes = open_fund_scopes(day)
    if not scopes:
        return []
    sdgs = frozenset()
    if any(scope.needs_sdgs for scope in scopes):
        # Kept on the page: the page shown lists them too, with no second query.
        sdgs = frozenset(sdg.pk for sdg in campaign.sdg_list)
    province_id = _province_id(campaign)
    return [scope.fund_id for scope in scopes if scope.covers(campaign.translation_key, province_id, sdgs)]


def _province_id(campaign):
    """The province of the campaign's kabupaten/kota, else of its OMS's (``scope_condition``'s rule)."""
    if campaign.regency_id:
        return campaign.regency.province_id  # read with the page's relations (``load_relations``)
    return campaign.organisation_rows().values_list("regency__province_id", flat=True).first()


def forget_scopes():
    """Drop the kept scopes now and when the current transaction commits."""
    request_reads.delete(SCOPES_KEY)
    transaction.on_commit(lambda: request_reads.delete(SCOPES_KEY))


def funds_changed():
    """A fund was created, changed or closed: its offer appears or goes on campaign pages at once
    (kept pages included: the page cache is purged, as for any change shown everywhere)."""
    from pagecache.purge import purge_everything

    forget_scopes()
    purge_everything()


def _fund_saved(sender, raw=False, **kwargs):
    if not raw:
        funds_changed()


def _programme_saved(sender, raw=False, **kwargs):
    if not raw:
        forget_scopes()  # its links or its SDG may have changed; its own pages purge themselves


def connect():
    """Called once at start-up (``DonationConfig.ready``)."""
    from programmes.models import ProgrammePage

    from .models import MatchFund

    post_save.connect(_fund_saved, sender=MatchFund, dispatch_uid="matching_fund_saved")
    post_delete.connect(_fund_saved, sender=MatchFund, dispatch_uid="matching_fund_deleted")
    post_save.connect(_programme_saved, sender=ProgrammePage, dispatch_uid="matching_programme_saved")
    post_delete.connect(_programme_saved, sender=ProgrammePage, dispatch_uid="matching_programme_deleted")
