"""The public side: the pledge form and the thank-you page with where to bring the books."""
from django.db import transaction
from django.db.models import Count, IntegerField, Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext as _

from campaigns import events
from campaigns.models import lock_ask

from .forms import BookPledgeForm
from .models import BookPledge

COUNTED = Q(status__in=BookPledge.COUNTED_STATUSES)
RECEIVED = Q(status=BookPledge.Status.RECEIVED)


def book_totals(campaign, ask_ids):
    """``{ask_id: {"books", "received", "pledges"}}`` in one aggregate query, whatever the record count.

    A received pledge counts the books that arrived; a pending one the books promised.
    """
    counted_books = Coalesce("received_quantity", "quantity", output_field=IntegerField())
    rows = (
        BookPledge.objects.filter(campaign=campaign, ask_id__in=list(ask_ids))
        .values("ask_id")
        .annotate(books=Sum(counted_books, filter=COUNTED), received=Sum("received_quantity", filter=RECEIVED),
                  pledges=Count("pk", filter=COUNTED))
    )
    return {row["ask_id"]: {"books": row["books"] or 0, "received": row["received"] or 0,
                            "pledges": row["pledges"]} for row in rows}


def books_still_needed(campaign, ask):
    target = int(ask.value.get("target") or 0)
    counted = book_totals(campaign, [ask.id]).get(ask.id, {}).get("books", 0)
    return max(0, target - counted)


def pledge(request, campaign, ask):
    source = campaign.source
    form = BookPledgeForm(request.POST or None, ask=ask)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        record = None
        with transaction.atomic():
            # Serialise pledges on this ask, then check what is still needed: exact under load.
            lock_ask(source, ask.id)
            needed = books_still_needed(source, ask)
            if needed == 0:
                form.add_error(None, _("This book drive already has all the books it asked for. "
                                       "Thank you for wanting to help!"))
            elif data["quantity"] > needed:
                form.add_error("quantity", _("Only %(needed)s more books are needed. "
                                             "Please pledge %(needed)s or fewer.") % {"needed": needed})
            else:
                record = BookPledge.objects.create(
                    campaign=source, ask_id=ask.id, quantity=data["quantity"], titles=data["titles"],
                    age_group=data["age_group"], condition=data["condition"],
                    name=(data.get("name") or "").strip(), email=data["email"], phone=data.get("phone", ""),
                    is_anonymous=data.get("is_anonymous", False), message=data.get("message", ""),
                    wants_updates=data.get("wants_updates", False), language=get_language() or "",
                )
                events.record_created(record)
        if record is not None:
            return redirect("bookdrive:thanks", token=record.token)
    return TemplateResponse(request, "bookdrive/pledge_form.html", {
        "page": campaign, "self": campaign, "ask": ask, "form": form,
        "needed": books_still_needed(source, ask), "target": ask.value.get("target"),
    }, status=400 if request.method == "POST" else 200)


def thanks(request, token):
    """The pledge's own page, reached only through its unguessable token (no personal data shown)."""
    record = get_object_or_404(BookPledge.objects.select_related("campaign"), token=token)
    campaign = record.campaign.localized
    ask = record.campaign.get_ask(record.ask_id)
    return TemplateResponse(request, "bookdrive/thanks.html", {
        "record": record, "page": campaign, "ask": ask,
        "dropoff": ask.value.get("dropoff") if ask else "",
    })
