"""The pledge form (under the ask's lock) and the pledger's confirmation page."""
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language

from campaigns import events
from campaigns.models import lock_ask

from .forms import PledgeForm
from .items import ask_items, format_quantity, merged_items
from .models import InKindPledge
from .quantities import still_needed


def pledge(request, campaign, ask):
    source = campaign.source
    source_ask = source.get_ask(ask.id) or ask
    # The source page's items count (keys, quantities); their names as on the page shown.
    items = merged_items(source_ask.value, ask.value)
    # Records name the item in the campaign's own language, whichever language the pledger used.
    source_items = {item.key: item for item in ask_items(source_ask.value)}
    allows_pick_up = bool(source_ask.value.get("allows_pick_up", True))
    remaining = still_needed(source, ask.id, items)
    form = PledgeForm(request.POST or None, items=items, remaining=remaining, allows_pick_up=allows_pick_up,
                      initial={"item": request.GET.get("item", "")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            record = None
            with transaction.atomic():
                lock_ask(source, ask.id)
                # Fresh figures under the lock: a pledge sent at the same moment has counted or waits.
                remaining = still_needed(source, ask.id, items)
                if form.check_capacity(remaining):
                    record = _create(form.cleaned_data, source_items[form.chosen_item.key], source, ask)
                    events.record_created(record)
            if record is not None:
                return redirect("inkind:thanks", token=record.token)
            form.set_remaining(remaining)
            status = 409
    rows = [{"item": item, "needed": format_quantity(item.quantity), "left": remaining.get(item.key, 0),
             "left_display": format_quantity(remaining.get(item.key, 0))} for item in items]
    return TemplateResponse(request, "inkind/pledge_form.html", {
        "page": campaign, "self": campaign, "ask": ask, "form": form, "rows": rows,
        "anything_needed": any(row["left"] > 0 for row in rows),
        "drop_off": drop_off(ask.value, source_ask.value),
    }, status=status)


DROP_OFF_FIELDS = ("address", "hours", "details")


def drop_off(shown_value, source_value=None):
    """``{"address", "hours", "details"}`` of an ask as the page shown has them, each falling back
    to the source page's (a translation that is behind); empty strings when not given."""
    result = {}
    for name in DROP_OFF_FIELDS:
        key = f"drop_off_{name}"
        text = ((shown_value or {}).get(key) or (source_value or {}).get(key) or "").strip()
        result[name] = text
    return result


def _create(data, item, source, ask):
    delivery = data["delivery"]
    return InKindPledge.objects.create(
        campaign=source, ask_id=ask.id, item_key=item.key, item_name=item.name[:80], unit=item.unit[:30],
        quantity=data["quantity"], delivery=delivery, delivery_date=data["delivery_date"],
        address=(data.get("address") or "").strip() if delivery == InKindPledge.Delivery.PICK_UP else "",
        name=(data.get("name") or "").strip(), is_anonymous=data.get("is_anonymous", False),
        phone=data.get("phone", ""), email=data.get("email", ""), note=(data.get("note") or "").strip(),
        wants_updates=data.get("wants_updates", False), language=get_language() or "",
    )


def thanks(request, token):
    """What the pledger promised and how to deliver it; the link holds an unguessable token."""
    record = get_object_or_404(InKindPledge.objects.select_related("campaign"), token=token)
    page = record.campaign.localized
    source_ask = record.campaign.get_ask(record.ask_id)
    ask = page.get_ask(record.ask_id) or source_ask
    return TemplateResponse(request, "inkind/thanks.html", {
        "record": record, "page": page, "ask": ask,
        "quantity": format_quantity(record.quantity),
        "drop_off": drop_off(ask.value if ask else {}, source_ask.value if source_ask else {}),
    })
