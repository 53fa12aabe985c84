"""Donations and monthly donations in a donor's account (``donor_history``, ``donor_commitments``).

Invariants:

* Only records whose email is ``email`` (compared case-insensitively) are listed: the account
  shows one address's giving, never another's.
* A fixed number of queries, whatever the number of donations or plans (one each).
* ``amount`` is what a donation counts now (``Donation.counted_amount``: confirmed, received less
  refunded), so the yearly summary only totals money that reached the campaign and stayed there.
* Receipt links only for donations that have a receipt (confirmed or refunded), as
  ``donation.views.receipt`` answers only for those.
"""
from django.utils.translation import gettext as _

from campaigns.types import Commitment, HistoryItem
from lokadaya.money import format_rupiah

from .models import Donation, RecurringDonation

KEY = "donation"

#: The statuses a receipt exists for (``donation.views.receipt``).
WITH_RECEIPT = (Donation.Status.CONFIRMED, Donation.Status.REFUNDED)


def history(email):
    """``[campaigns.types.HistoryItem]`` of every donation made with ``email`` (lower-cased)."""
    email = (email or "").strip()
    if not email:
        return []
    donations = (Donation.objects.filter(email__iexact=email)
                 .only("pk", "campaign_id", "created_at", "status", "amount", "received_amount", "refunded_amount",
                       "recurring_id")
                 .order_by("-created_at", "-pk"))
    items = []
    for donation in donations:
        summary = format_rupiah(donation.given_amount)
        if donation.recurring_id:
            summary = _("%(amount)s (monthly donation)") % {"amount": summary}
        items.append(HistoryItem(
            type_key=KEY, campaign_id=donation.campaign_id, created_at=donation.created_at, summary=summary,
            status=donation.get_status_display(), amount=donation.counted_amount,
            receipt_url=donation.get_receipt_url() if donation.status in WITH_RECEIPT else "",
            reference=donation.receipt_number,
        ))
    return items


def commitments(email):
    """``[campaigns.types.Commitment]`` of the monthly donations of ``email``."""
    email = (email or "").strip()
    if not email:
        return []
    plans = (RecurringDonation.objects.filter(email__iexact=email).select_related("campaign")
             .only("pk", "campaign_id", "campaign__title", "amount", "charge_day", "status")
             .order_by("-created_at", "-pk"))
    ongoing = (RecurringDonation.Status.PENDING, RecurringDonation.Status.ACTIVE, RecurringDonation.Status.PAUSED)
    return [Commitment(
        type_key=KEY, campaign_id=plan.campaign_id, title=plan.campaign.title,
        summary=_("%(amount)s every month, on day %(day)s") % {"amount": format_rupiah(plan.amount),
                                                               "day": plan.charge_day},
        status=plan.get_status_display(), manage_url=plan.get_manage_url(), active=plan.status in ongoing,
    ) for plan in plans]
