"""Recording, replacing and deciding on permits, and changing the policy.

The invariants this module keeps:

* Callers have asked ``permits.access`` first; these functions trust that answer and do the writes.
* **A decision is one transaction** under the permit's row lock: two moderators deciding at once
  leave one decision (the second sees it and is refused), and verifying clears any old rejection
  reason. Rejecting needs a reason, emailed to the OMS after commit.
* **A replacement starts again**: a rejected permit edited by its OMS goes back to "waiting", its
  verifier and reason cleared; a verified or waiting permit is never changed by the OMS.
* Every change shown on a public page purges it (``pagecache.purge``): a decision, the campaign's
  page; a policy change, every page (every campaign's give buttons may change).
"""
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from campaigns.notifications import absolute_url, send_templated_email
from pagecache.purge import purge_everything, purge_page

from .models import FundraisingPermit

Status = FundraisingPermit.Status


class DecisionError(Exception):
    """A refused decision, with a translated message."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def oms_addresses(campaign):
    """Where to tell the OMS about its permit: its editors and its own address."""
    from partners.access import notification_emails

    organisation = campaign.organisation
    if organisation is None:
        return []
    addresses = notification_emails(organisation)
    if organisation.email and organisation.email.lower() not in {a.lower() for a in addresses}:
        addresses.append(organisation.email)
    return addresses


def _language(campaign):
    organisation = campaign.organisation
    return getattr(getattr(organisation, "locale", None), "language_code", None)


def record(form, user):
    """Save a new permit from a valid ``PermitForm``: it waits for the moderators."""
    permit = form.save(commit=False)
    permit.status, permit.submitted_by = Status.SUBMITTED, user
    permit.save()
    log(permit.campaign, "permits.submit", user=user, data={"permit": permit.pk, "number": permit.number})
    return permit


@transaction.atomic
def replace(permit, form, user):
    """Save the OMS's corrected rejected permit; it waits for the moderators again."""
    locked = FundraisingPermit.objects.select_for_update().get(pk=permit.pk)
    if locked.status != Status.REJECTED:
        raise DecisionError(_("Only a rejected permit can be replaced."))
    permit = form.save(commit=False)
    permit.status, permit.submitted_by = Status.SUBMITTED, user
    permit.rejection_reason, permit.verified_by, permit.verified_at = "", None, None
    permit.save()
    log(permit.campaign, "permits.submit", user=user, data={"permit": permit.pk, "number": permit.number})
    return permit


@transaction.atomic
def decide(permit, action, user, reason=""):
    """Verify (``"verify"``) or reject (``"reject"``, with ``reason``) ``permit``."""
    permit = FundraisingPermit.objects.select_for_update().select_related("campaign").get(pk=permit.pk)
    target = Status.VERIFIED if action == "verify" else Status.REJECTED
    if permit.status == target:
        raise DecisionError(_("This permit is already %(status)s.") % {"status": Status(target).label.lower()})
    reason = (reason or "").strip()
    if target == Status.REJECTED and not reason:
        raise DecisionError(_("Say why the permit is rejected: the organisation reads it to fix it."))
    permit.status = target
    permit.verified_by, permit.verified_at = user, timezone.now()
    permit.rejection_reason = reason if target == Status.REJECTED else ""
    permit.save(update_fields=["status", "verified_by", "verified_at", "rejection_reason", "updated_at"])
    campaign = permit.campaign
    log(campaign, f"permits.{action}", user=user, data={"permit": permit.pk, "number": permit.number,
                                                         "reason": reason})
    purge_page(campaign)
    context = {"permit": permit, "campaign": campaign, "reason": reason,
               "url": absolute_url(reverse("permits_admin:detail", args=[permit.pk]))}
    template = "permits/email/verified" if target == Status.VERIFIED else "permits/email/rejected"
    addresses, language = oms_addresses(campaign), _language(campaign)
    transaction.on_commit(lambda: send_templated_email(addresses, template, context, language))
    return permit


def change_policy(form, user):
    """Save the policy from a valid ``PolicyForm``; who and when are kept on the row and in the log."""
    policy = form.save(commit=False)
    policy.updated_by = user
    policy.save()
    log(policy, "permits.policy", user=user, data={"require_national": policy.require_national,
                                                    "require_regional": policy.require_regional})
    purge_everything()
    return policy
