"""Still needed, received, supporters: the aggregates of one ask, in one query each."""
from django.db import models
from django.db.models import Case, Count, F, Q, Sum, When

from .models import InKindPledge


def received_sum():
    """What arrived: the received quantity of received and partly received pledges."""
    return Sum("received_quantity", filter=Q(status__in=InKindPledge.COUNTED_STATUSES), default=0)


def committed_sum():
    """What is spoken for: pledged quantities still on their way, plus quantities received.

    A partly received pledge counts what arrived, not what was promised: the shortfall is
    needed again. Not received and cancelled pledges count nothing.
    """
    return Sum(Case(
        When(status=InKindPledge.Status.PLEDGED, then=F("quantity")),
        When(status__in=InKindPledge.COUNTED_STATUSES, then=F("received_quantity")),
        default=0, output_field=models.PositiveIntegerField(),
    ), default=0)


def left_of(item, committed):
    """What is still needed of ``item`` when ``committed`` is spoken for: never below zero.

    The one rule for "still needed", used by the pledge form (under the ask's lock) and by the
    campaign page's progress, so the two can never disagree.
    """
    return max(0, item.quantity - (committed or 0))


def supporters_count():
    """The pledges from which something arrived."""
    return Count("pk", filter=Q(status__in=InKindPledge.COUNTED_STATUSES, received_quantity__gt=0))


def item_aggregates():
    """Committed, received, supporters: the three aggregates of an item, in this order."""
    return [committed_sum(), received_sum(), supporters_count()]


def item_totals(campaign, ask_ids):
    """``{(ask id, item key): {"committed", "received", "supporters"}}`` for the asks. One query."""
    committed, received, supporters = item_aggregates()
    rows = (InKindPledge.objects.filter(campaign=campaign, ask_id__in=ask_ids)
            .values("ask_id", "item_key")
            .annotate(committed=committed, received=received, supporters=supporters)
            .order_by())
    return {(row["ask_id"], row["item_key"]): {"committed": row["committed"] or 0, "received": row["received"] or 0,
                                               "supporters": row["supporters"]} for row in rows}


def still_needed(campaign, ask_id, items):
    """``{item key: quantity still needed}`` (never below zero) for ``items`` of one ask. One query."""
    totals = item_totals(campaign, [ask_id])
    return {item.key: left_of(item, totals.get((ask_id, item.key), {}).get("committed", 0)) for item in items}


def received_by_item(campaign, ask_ids):
    """``{(ask id, item key): (received, supporters)}`` for the asks. One query."""
    return {key: (row["received"], row["supporters"]) for key, row in item_totals(campaign, ask_ids).items()}
