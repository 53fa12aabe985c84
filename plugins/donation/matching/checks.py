"""Matching's part of ``manage.py reconcile`` (``money_problems``): every fund's ``matched`` is the sum of
its matches and within its cap; no match counts more than its donation allows."""
from decimal import Decimal

from django.db.models import Sum

from .models import Match, MatchFund
from .service import share

ZERO = Decimal("0")


def problems():
    """Lines naming each inconsistency (none when all is well)."""
    from ..models import Donation

    found = []
    sums = dict(Match.objects.values_list("fund_id").annotate(total=Sum("amount")).order_by())
    for pk, matched, cap in MatchFund.objects.values_list("pk", "matched", "cap").order_by("pk"):
        total = sums.get(pk) or ZERO
        if matched != total:
            found.append(f"matching fund {pk}: matched {matched}, its matches add up to {total}")
        if matched > cap:
            found.append(f"matching fund {pk}: matched {matched} is above its cap {cap}")
    rows = Match.objects.values_list("pk", "amount", "granted", "fund__ratio", "donation__status",
                                     "donation__received_amount", "donation__refunded_amount").order_by("pk")
    for pk, amount, granted, ratio, status, received, refunded in rows.iterator(chunk_size=5000):
        counted = max(received - refunded, ZERO) if status == Donation.Status.CONFIRMED else ZERO
        allowed = min(granted, share(ratio, counted))
        if amount > allowed:
            found.append(f"match {pk}: counts {amount}, its donation allows at most {allowed}")
    return found
