"""Supporters' fundraisers: their money figures, their life (start, edit, approve, hide) and a check.

The invariants this module keeps:

* A fundraiser's ``raised`` and ``supporters`` are the sum of what the donations through it count
  (``Donation.counted_amount``) and how many count (> 0): :func:`follow` adds the difference in the
  donation's own transaction, under the donation's row lock, with one
  ``UPDATE ... SET raised = raised + d, supporters = supporters + s``, so concurrent donations never
  lose one another's, and a repeated settlement (no change of ``counted_amount``) adds nothing.
  Nothing else writes these two fields (the demo sets them equal to the sums it creates);
  :func:`problems` says where they drifted, for ``manage.py reconcile``.
* Lock order: payment -> donation -> fundraiser (the UPDATE takes the fundraiser's row lock last);
  no code here locks a fundraiser and then a donation or payment.
* A donor gives through a fundraiser only when it is approved, of that campaign and ask, and not
  ended (:func:`fundraiser_for_pledge`); otherwise the gift still counts for the campaign alone.
* Decisions (approve, hide) are taken under the fundraiser's row lock; the owner's email is queued
  in the same transaction (the task queue is in the database) and the page cache purged once it commits. Money never purges: donations already stamp
  the campaign's figures (``pagecache``), and the fundraiser's page is cached with its campaign.
"""
import secrets
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.text import slugify

from privacy.consent.records import for_form

from .models import Fundraiser

ZERO = Decimal("0")


# -- money ----------------------------------------------------------------------------------


def follow(donation, old_counted):
    """Add what ``donation`` counts now, less ``old_counted``, to its fundraiser (if any). Call under
    the donation's row lock, in the transaction that changed it."""
    if not donation.fundraiser_id:
        return None
    new_counted = donation.counted_amount
    old_counted = old_counted or ZERO
    delta = new_counted - old_counted
    step = (1 if new_counted > 0 else 0) - (1 if old_counted > 0 else 0)
    if not delta and not step:
        return None
    Fundraiser.objects.filter(pk=donation.fundraiser_id).update(
        raised=F("raised") + delta, supporters=F("supporters") + step)
    return delta


def fundraiser_for_pledge(campaign, ask, slug):
    """The approved fundraiser ``slug`` of ``campaign``'s ``ask`` a donor gives through, or None
    (an unknown, hidden or other campaign's fundraiser is ignored: the gift still counts for the campaign)."""
    if not slug or campaign is None or ask is None or len(str(slug)) > 80:
        return None
    today = timezone.localdate()
    return (Fundraiser.objects.filter(slug=str(slug), campaign_id=campaign.pk, ask_id=ask.id,
                                      status=Fundraiser.Status.APPROVED)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).first())


def counted_donations(fundraiser):
    """The donations through ``fundraiser`` that count now (confirmed, something left after refunds)."""
    from ..models import Donation

    return (fundraiser.donations.filter(status=Donation.Status.CONFIRMED)
            .filter(received_amount__gt=F("refunded_amount")))


def problems():
    """Fundraisers whose ``raised``/``supporters`` differ from the sums over their donations (for
    ``hooks.money_problems`` and so ``manage.py reconcile``): one line each, [] when all agree."""
    from ..models import Donation

    counting = Q(donations__status=Donation.Status.CONFIRMED,
                 donations__received_amount__gt=F("donations__refunded_amount"))
    rows = (Fundraiser.objects.annotate(
        sum_raised=Sum(F("donations__received_amount") - F("donations__refunded_amount"), filter=counting),
        sum_supporters=Count("donations", filter=counting))
        .values_list("pk", "raised", "supporters", "sum_raised", "sum_supporters").order_by("pk"))
    found = []
    for pk, raised, supporters, sum_raised, sum_supporters in rows.iterator():
        sum_raised = sum_raised or ZERO
        if raised != sum_raised or supporters != sum_supporters:
            found.append(f"fundraiser {pk}: raised/supporters {raised}/{supporters}, its donations "
                         f"{sum_raised}/{sum_supporters}")
    return found


# -- life -----------------------------------------------------------------------------------


def unique_slug(title):
    """``<slugified title>-<6 random characters>``, not yet taken (the random part makes guessing
    a pending fundraiser's address useless, and two "Ulang tahun Sari" pages distinct)."""
    base = (slugify(title)[:60].strip("-") or "penggalangan")
    for _attempt in range(10):
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Fundraiser.objects.filter(slug=slug).exists():
            return slug
    return f"{base}-{secrets.token_hex(8)}"


def purge_pages(fundraiser):
    """Purge the fundraiser's page (every language) and its campaign's page (the leaderboard)
    once the current transaction commits."""
    from pagecache.dependents import localized_paths, page_path, translations
    from pagecache.purge import purge_paths

    paths = localized_paths([("donation:fundraiser", {"slug": fundraiser.slug})])
    paths.update(page_path(page) for page in translations(fundraiser.campaign))
    purge_paths(paths)


def _absolute(path):
    from campaigns.notifications import absolute_url

    return absolute_url(path)


def notify_owner(fundraiser, template):
    """Email the owner ``donation/email/fundraiser_<template>`` in their language, with their links."""
    from campaigns.notifications import send_templated_email

    send_templated_email(fundraiser.owner_email, f"donation/email/fundraiser_{template}", {
        "fundraiser": fundraiser, "campaign": fundraiser.campaign,
        "manage_url": _absolute(fundraiser.get_manage_url()),
        "public_url": _absolute(fundraiser.get_absolute_url()),
    }, language=fundraiser.language or None)


def notify_organisation(fundraiser, template):
    """Tell the campaign's OMS (``organisation_email``) that a fundraiser needs its decision."""
    from django.urls import reverse

    from campaigns.notifications import organisation_email, send_templated_email

    send_templated_email(organisation_email(fundraiser.campaign), f"donation/email/fundraiser_{template}", {
        "fundraiser": fundraiser, "campaign": fundraiser.campaign,
        "admin_url": _absolute(reverse("donation_admin:fundraiser_decide", kwargs={"pk": fundraiser.pk})),
    })


def start(campaign, ask, data, language=""):
    """Create a pending fundraiser for ``ask`` of ``campaign`` from a start form's ``data``; the owner
    gets the signed manage link, the OMS a request to decide."""
    with transaction.atomic():
        fundraiser = Fundraiser.objects.create(
            campaign=campaign, ask_id=ask.id, slug=unique_slug(data["title"]), title=data["title"],
            story=data["story"], occasion=data["occasion"], target=data["target"], ends_on=data.get("ends_on"),
            photo=data.get("photo") or "", owner_name=data["owner_name"], owner_email=data["owner_email"],
            language=language or "")
        for_form(source="fundraiser", email=fundraiser.owner_email, record=fundraiser, campaign=campaign)
    notify_owner(fundraiser, "started")
    notify_organisation(fundraiser, "to_review")
    return fundraiser


def edit(fundraiser, data):
    """The owner's changes. The status stays (an approved page stays up, so links already shared keep
    working) but the OMS is told of every change to an approved page's words, and may hide it."""
    fields = ["title", "story", "occasion", "target", "ends_on"]
    with transaction.atomic():
        locked = Fundraiser.objects.select_for_update().select_related("campaign").get(pk=fundraiser.pk)
        changed = [name for name in fields if getattr(locked, name) != data.get(name)]
        for name in fields:
            setattr(locked, name, data.get(name))
        if data.get("photo"):
            locked.photo = data["photo"]
            changed.append("photo")
        elif data.get("photo") is False:  # the "clear" box
            locked.photo = ""
            changed.append("photo")
        if not changed:
            return locked, []
        locked.save(update_fields=[*fields, "photo", "updated_at"])
        if locked.status == Fundraiser.Status.APPROVED:
            purge_pages(locked)
            notify_organisation(locked, "edited")  # queued with the change: both or neither
    return locked, changed


def decide(fundraiser, status, user, note=""):
    """Approve or hide ``fundraiser`` (re-approving a hidden one is approving); the owner is emailed.
    Returns True when the status changed."""
    if status not in (Fundraiser.Status.APPROVED, Fundraiser.Status.HIDDEN):
        raise ValueError(status)
    with transaction.atomic():
        locked = Fundraiser.objects.select_for_update().select_related("campaign").get(pk=fundraiser.pk)
        if locked.status == status and locked.status_note == note:
            return False
        locked.status, locked.status_note = status, note[:500]
        locked.decided_by, locked.decided_at = user, timezone.now()
        locked.save(update_fields=["status", "status_note", "decided_by", "decided_at", "updated_at"])
        purge_pages(locked)
        template = "approved" if status == Fundraiser.Status.APPROVED else "hidden"
        notify_owner(locked, template)  # queued with the decision: both or neither
    fundraiser.refresh_from_db()
    return True


def recent_donations(fundraiser, limit=10):
    """The newest donations through ``fundraiser`` that count (for the public page and the owner's)."""
    return list(counted_donations(fundraiser).only(
        "name", "is_anonymous", "received_amount", "refunded_amount", "amount", "created_at", "message",
        "status").order_by("-created_at", "-pk")[:limit])
