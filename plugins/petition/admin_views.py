"""The OMS records that a petition was delivered to its decision maker (and, later, the response).

Invariants:
- **Who**: only users who may edit the campaign (``campaigns.admin_views.editable_campaigns``, the
  records admin's rule) open the form of one of its petition asks; anyone else gets a 404 that does
  not say whether the campaign or the ask exists (anonymous users: Wagtail's login first).
- One delivery per ask (``petition_one_delivery_per_ask``), edited afterwards; saved in one
  transaction, which also purges the campaign's cached pages (the delivery is shown there).
- A refused form keeps everything typed and says what to fix; nothing personal is logged (ids only).
- The signers who asked for updates are told once per delivery, from the task worker (``tasks.py``).
"""
import logging

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.admin_views import editable_campaigns
from campaigns.types import records_url

from .forms import DeliveryForm
from .models import PetitionDelivery, Signature, SignatureTotal

logger = logging.getLogger("lokadaya.petition")
KEY = "petition"


def _petition_or_404(user, campaign_id, ask_id):
    campaign = get_object_or_404(editable_campaigns(user), pk=campaign_id)
    ask = campaign.get_ask(ask_id)
    if ask is None or ask.type_key != KEY:
        raise Http404
    return campaign, ask


def delivery(request, campaign_id, ask_id):
    """Record or edit the delivery of one petition ask of a campaign the user may edit."""
    campaign, ask = _petition_or_404(request.user, campaign_id, ask_id)
    existing = PetitionDelivery.objects.filter(campaign=campaign, ask_id=ask.id).first()
    confirmed = SignatureTotal.confirmed(campaign, ask.id)
    status = 200
    if request.method == "POST":
        instance = existing or PetitionDelivery(campaign=campaign, ask_id=ask.id, recorded_by=request.user)
        form = DeliveryForm(request.POST, instance=instance, confirmed=confirmed)
        if form.is_valid():
            try:
                saved = _save(form, campaign)
            except IntegrityError:  # another editor recorded it meanwhile
                form.add_error(None, _("Someone else recorded this delivery meanwhile. Reload the page to see it."))
            else:
                logger.info("Petition delivery %s %s (campaign %s, ask %s)", saved.pk,
                            "updated" if existing else "recorded", campaign.pk, ask.id)
                messages.success(request, _("The delivery is saved and shown on the campaign page."))
                return redirect("petition_admin:delivery", campaign_id=campaign.pk, ask_id=ask.id)
        status = 400
    else:
        initial = {} if existing else {"delivered_on": timezone.localdate(), "signatures_delivered": confirmed,
                                       "delivered_to": ask.value.get("decision_maker") or ""}
        form = DeliveryForm(instance=existing, initial=initial, confirmed=confirmed)
    return TemplateResponse(request, "petition/admin/delivery.html", {
        "campaign": campaign, "ask": ask, "form": form, "delivery": existing, "confirmed": confirmed,
        "signatures_url": records_url(KEY, campaign=campaign.pk, ask=ask.id, status=Signature.Status.CONFIRMED),
        "live_url": campaign.url if campaign.live else "",
    }, status=status)


def _save(form, campaign):
    """Save the delivery, purge the campaign's pages, and tell the signers once (after the commit)."""
    from pagecache.purge import purge_page

    from .tasks import notify_signers

    with transaction.atomic():
        saved = form.save()
        purge_page(campaign)
        if saved.signers_notified_at is None:
            transaction.on_commit(lambda: _enqueue(notify_signers, saved.pk))
    return saved


def _enqueue(task, delivery_id):
    try:
        task.enqueue(delivery_id)
    except Exception:  # noqa: BLE001 - the queue is down; the delivery stands, the next save tries again
        logger.exception("Could not queue the delivery emails of petition delivery %s", delivery_id)
