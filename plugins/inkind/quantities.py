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


def still_needed(campaign, ask_id, items):
    """``{item key: quantity still needed}`` (never below zero) for ``items`` of one ask. One query."""
    rows = (InKindPledge.objects.filter(campaign=campaign, ask_id=ask_id)
            .values("item_key").annotate(committed=committed_sum()))
    committed = {row["item_key"]: row["committed"] or 0 for row in rows}
    return {item.key: max(0, item.quantity - committed.get(item.key, 0)) for item in items}


def received_by_item(campaign, ask_ids):
    """``{(ask id, item key): (received, supporters)}`` for the asks. One query."""
    counted = Q(status__in=InKindPledge.COUNTED_STATUSES, received_quantity__gt=0)
    rows = (InKindPledge.objects.filter(campaign=campaign, ask_id__in=ask_ids)
            .values("ask_id", "item_key")
            .annotate(received=received_sum(), supporters=Count("pk", filter=counted)))
    return {(row["ask_id"], row["item_key"]): (row["received"] or 0, row["supporters"]) for row in rows}
