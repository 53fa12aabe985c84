"""Scheduled job of permits: remind the OMS 30 days before a verified permit of a live campaign ends.

Invariants: each permit is reminded once (``expiry_reminded_at`` is set under the permit's row lock
in the same transaction that queues the email, so two workers never both send it); a permit
already followed by another verified one of the same campaign that runs longer is not reminded.
"""
import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from campaigns.notifications import absolute_url, send_templated_email
from jobs.schedule import periodic

from .models import FundraisingPermit

logger = logging.getLogger("lokadaya.permits")
REMIND_DAYS = 30


def due_for_reminder(today=None):
    """Verified permits of live, not ended campaigns that end within ``REMIND_DAYS`` and were not reminded."""
    from django.db.models import Exists, OuterRef

    today = today or timezone.localdate()
    later = FundraisingPermit.objects.filter(campaign_id=OuterRef("campaign_id"),
                                             status=FundraisingPermit.Status.VERIFIED,
                                             valid_until__gt=OuterRef("valid_until"))
    return (FundraisingPermit.objects
            .filter(status=FundraisingPermit.Status.VERIFIED, expiry_reminded_at__isnull=True,
                    valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=REMIND_DAYS),
                    campaign__live=True)
            .filter(Q(campaign__end_date__isnull=True) | Q(campaign__end_date__gte=today))
            .exclude(Exists(later)))


def remind(permit_pk, in_worker=True):
    """Email the OMS about one permit, once. True when this call sent it."""
    from .service import _language, oms_addresses

    with transaction.atomic():
        permit = (FundraisingPermit.objects.select_for_update(of=("self",)).select_related("campaign")
                  .filter(pk=permit_pk, expiry_reminded_at__isnull=True).first())
        if permit is None:
            return False
        permit.expiry_reminded_at = timezone.now()
        permit.save(update_fields=["expiry_reminded_at", "updated_at"])
        campaign = permit.campaign
        context = {"permit": permit, "campaign": campaign,
                   "url": absolute_url(reverse("permits_admin:add") + f"?campaign={campaign.pk}")}
        addresses, language = oms_addresses(campaign), _language(campaign)
        transaction.on_commit(lambda: send_templated_email(
            addresses, "permits/email/expiry_reminder", context, language, in_worker=in_worker))
    return True


@periodic(every=datetime.timedelta(days=1))
@task()
def remind_expiring_permits():
    """Daily: remind OMSs whose verified permits end within 30 days (once per permit)."""
    sent = sum(remind(pk) for pk in list(due_for_reminder().values_list("pk", flat=True)[:1000]))
    if sent:
        logger.info("Reminded %s permit(s) ending soon", sent)
    return sent
