"""Matching a donation from a sponsor's fund.

The invariants this module keeps:

* A fund's ``matched`` is the sum of its matches' ``amount`` and never above its ``cap``: it only
  changes under the fund's row lock (taken after the donation's: payment → donation → fund, never
  the other way), in the transaction that changes the donation, and the database refuses it above
  the cap (``match_fund_within_cap``). So 50 donations confirmed at once share the cap exactly.
* A match counts ``min(granted, floor(ratio × what the donation counts))``, whole rupiah rounded
  down: a refund or chargeback takes the matched money back with it (freed for later donations),
  and a donation confirmed again never takes more than it was first granted, nor more than the
  fund has left, and grows back only while its fund is active.
* A new match is made only for a donation that starts counting on a day (Asia/Jakarta) within an
  active fund's dates, on a campaign in the fund's scope (programme, province or SDG); the oldest
  such fund with money left matches it, and at most ``per_donation_limit`` of it.
* A match's ledger lines (``donation.match``) net to ``split(match.amount)`` (``finance.ledger``),
  written under the same locks, in the same transaction.
"""
from decimal import ROUND_DOWN, Decimal

from django.db.models import F, Q
from django.utils import timezone

from finance.ledger import sync_record

from .models import Match, MatchFund

ZERO = Decimal("0")


def whole(value):
    """Whole rupiah, rounded down (never more than the ratio promises)."""
    return Decimal(value).quantize(Decimal("1"), rounding=ROUND_DOWN)


def share(fund_ratio, counted):
    """What ``counted`` rupiah earn at ``fund_ratio``: ``floor(ratio × counted)``."""
    return whole(Decimal(fund_ratio) * Decimal(counted))


def scope_condition(campaign):
    """A ``Q`` on ``MatchFund`` for the funds whose scope covers ``campaign`` (its source-language page):
    its programme (linked in any language, or by the programme's SDG when it includes SDG matches),
    the province of its kabupaten/kota (else its OMS's), or one of its SDGs. Subqueries only: it
    adds no query of its own."""
    from campaigns.models import CampaignPage
    from programmes.models import ProgrammePage
    from regions.models import Regency

    sdgs = CampaignPage._meta.get_field("sdgs").remote_field.through.objects.filter(campaignpage_id=campaign.pk).values("sdg_id")
    linked = ProgrammePage._meta.get_field("campaigns").remote_field.through.objects.filter(
        campaignpage__translation_key=campaign.translation_key).values("programmepage_id")
    programme_keys = ProgrammePage.objects.filter(pk__in=linked).values("translation_key")
    if campaign.regency_id:
        regencies = Regency.objects.filter(pk=campaign.regency_id)
    else:
        regencies = Regency.objects.filter(pk__in=campaign.organisation_rows().values("regency_id"))
    return (Q(programme__translation_key__in=programme_keys)
            | Q(programme__include_sdg_matches=True, programme__sdg_id__in=sdgs)
            | Q(province_id__in=regencies.values("province_id"))
            | Q(sdg_id__in=sdgs))


def open_funds(day=None):
    """Funds that can match on ``day`` (today in Asia/Jakarta): active, within their dates, with
    money left under their cap."""
    day = day or timezone.localdate()
    return MatchFund.objects.filter(status=MatchFund.Status.ACTIVE, starts_on__lte=day, ends_on__gte=day,
                                    matched__lt=F("cap"))


def covering_funds(campaign, day=None):
    """Open funds (``open_funds``) covering ``campaign`` (source page) on ``day``, oldest first."""
    return open_funds(day).filter(scope_condition(campaign)).order_by("created_at", "pk")


def _event(old, new, first):
    if first:
        return "match"
    return "match-refund" if new < old else "match-restore"


def follow(donation, old_counted, never_counted=False):
    """Keep ``donation``'s match in step with what it counts now. Call under the donation's row lock,
    in the transaction that changed it, after its own ledger lines. Returns the match or None.

    ``never_counted``: the caller knows the donation has never counted anything, so it has no match
    to read (a match is only made for a donation that counts, and money received never goes back
    to 0; a wrong claim fails on the one-match-per-donation constraint rather than match twice)."""
    counted = donation.counted_amount
    match = None if never_counted else Match.objects.filter(donation_id=donation.pk).first()
    if match is not None:
        return _adjust(match, donation, counted)
    if counted <= 0:
        return None
    return _grant(donation, counted)


def _adjust(match, donation, counted):
    fund = MatchFund.objects.select_for_update().get(pk=match.fund_id)
    wanted = min(match.granted, share(fund.ratio, counted))
    if wanted > match.amount:
        if fund.status != MatchFund.Status.ACTIVE:
            wanted = match.amount  # a closed fund gives nothing more
        else:
            wanted = min(wanted, match.amount + max(fund.cap - fund.matched, ZERO))
    difference = wanted - match.amount
    if difference:
        old = match.amount
        MatchFund.objects.filter(pk=fund.pk).update(matched=F("matched") + difference, updated_at=timezone.now())
        match.amount = wanted
        match.save(update_fields=["amount", "updated_at"])
        sync_record(match, donation.campaign, match.amount, _event(old, wanted, first=False))
    return match


def _grant(donation, counted):
    day = timezone.localdate()
    # Most days no fund has money left; asking that first spares every confirmation the scope
    # query, whose subqueries cost PostgreSQL about a millisecond to plan.
    if not open_funds(day).exists():
        return None
    candidates = list(covering_funds(donation.campaign, day).values_list("pk", flat=True))
    for fund_id in candidates:
        # Under the fund's lock: what is left is read after every concurrent donation before us.
        fund = MatchFund.objects.select_for_update().get(pk=fund_id)
        grant = min(share(fund.ratio, counted), fund.cap - fund.matched)
        if fund.per_donation_limit > 0:
            grant = min(grant, fund.per_donation_limit)
        if grant <= 0:
            continue
        match = Match.objects.create(fund=fund, donation=donation, campaign_id=donation.campaign_id,
                                     ask_id=donation.ask_id, amount=grant, granted=grant)
        MatchFund.objects.filter(pk=fund.pk).update(matched=F("matched") + grant, updated_at=timezone.now())
        sync_record(match, donation.campaign, grant, _event(ZERO, grant, first=True), never_counted=True)
        return match
    return None
