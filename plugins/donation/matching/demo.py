"""Demo content of matching: called once by ``seed_demo`` after every campaign and programme exists.

One active fund of a national strategic partner on a demo programme (else a province), with the
matches it would have made for the programme's confirmed donations, written the way ``service``
writes them (whole rupiah rounded down, within the limit per gift and the cap) with their ledger
lines, so ``manage.py reconcile`` stays clean. Safe to run again (a fund of that sponsor exists:
nothing is added).
"""
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from finance.ledger import bulk_record_income

from .models import Match, MatchFund
from .service import scope_condition, share

CAP = Decimal("20000000")
LIMIT = Decimal("250000")
MATCHED_DONATIONS = 60


def _scope():
    """``(partner, {"programme": page} or {"province": province})`` for the demo fund, or None."""
    from programmes.models import ProgrammePage, StrategicPartner
    from regions.models import Province
    from wagtail.models import Locale

    programme = (ProgrammePage.objects.filter(locale=Locale.get_default(), partner__isnull=False)
                 .select_related("partner").order_by("path").first())
    if programme is not None:
        return programme.partner, {"programme": programme}
    partner = StrategicPartner.objects.order_by("name").first()
    province = Province.objects.filter(code="33").first() or Province.objects.order_by("code").first()
    return (partner, {"province": province}) if province is not None else None


def seed():
    """Add the demo fund and its matches; return lines to print."""
    from campaigns.models import CampaignPage

    from ..models import Donation

    found = _scope()
    if found is None:
        return []
    partner, scope = found
    sponsor = partner.name if partner is not None else "Mitra Strategis Nasional"
    if MatchFund.objects.filter(sponsor_name=sponsor).exists():
        return []
    today = timezone.localdate()
    with transaction.atomic():
        fund = MatchFund.objects.create(
            sponsor_name=sponsor, partner=partner, sponsor_logo=getattr(partner, "logo", None),
            sponsor_url=getattr(partner, "website", ""), ratio=Decimal("1"), cap=CAP, per_donation_limit=LIMIT,
            starts_on=today - datetime.timedelta(days=14), ends_on=today + datetime.timedelta(days=60),
            status=MatchFund.Status.ACTIVE, note="Demo", **scope)
        covered = [c for c in CampaignPage.objects.filter(locale__language_code="id").order_by("pk")
                   if MatchFund.objects.filter(scope_condition(c), pk=fund.pk).exists()]
        donations = (Donation.objects.filter(campaign__in=covered, status=Donation.Status.CONFIRMED)
                     .exclude(match__isnull=False).order_by("pk")[:MATCHED_DONATIONS])
        matches, matched = [], Decimal("0")
        for donation in donations:
            grant = min(share(fund.ratio, donation.counted_amount), LIMIT, CAP - matched)
            if grant <= 0:
                break
            matched += grant
            matches.append(Match(fund=fund, donation=donation, campaign_id=donation.campaign_id,
                                 ask_id=donation.ask_id, amount=grant, granted=grant))
        Match.objects.bulk_create(matches)
        by_campaign = defaultdict(list)
        for match in matches:
            by_campaign[match.campaign_id].append(match)
        campaigns = CampaignPage.objects.in_bulk(list(by_campaign))
        for campaign_id, campaign_matches in by_campaign.items():
            bulk_record_income(campaigns[campaign_id], campaign_matches)
        MatchFund.objects.filter(pk=fund.pk).update(matched=matched)
    return [f"Matching fund: {sponsor}, {len(matches)} donations matched (Rp {matched})"]
