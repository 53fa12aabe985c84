"""Still needed, received, supporters: the aggregates of one ask, in one query each."""
from django.db.models import Count, Q

from lokadaya.money import format_rupiah


def format_quantity(value):
    """``1.250``: whole numbers with Indonesian grouping."""
    return format_rupiah(value or 0, prefix=False)


def still_needed(campaign, ask_id, items):
    """``{item key: quantity still needed}`` (never below zero) for ``items`` of one ask. One query."""
    from .models import InKindPledge, committed_sum

    rows = (InKindPledge.objects.filter(campaign=campaign, ask_id=ask_id)
            .values("item_key").annotate(committed=committed_sum()))
    committed = {row["item_key"]: row["committed"] or 0 for row in rows}
    return {item.key: max(0, item.quantity - committed.get(item.key, 0)) for item in items}


def received_by_item(campaign, ask_ids):
    """``{(ask id, item key): (received, supporters)}`` for the asks. One query."""
    from .models import InKindPledge, received_sum

    counted = Q(status__in=InKindPledge.COUNTED_STATUSES, received_quantity__gt=0)
    rows = (InKindPledge.objects.filter(campaign=campaign, ask_id__in=ask_ids)
            .values("ask_id", "item_key")
            .annotate(received=received_sum(), supporters=Count("pk", filter=counted)))
    return {(row["ask_id"], row["item_key"]): (row["received"] or 0, row["supporters"]) for row in rows}
