"""The petition's emails: the confirmation link, the thank-you, and goal milestones for the OMS."""
import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from campaigns.notifications import absolute_url, organisation_email, send_templated_email

from .models import MilestoneNotice, Signature, SignatureTotal
from .tokens import CONFIRM_MAX_AGE, make_confirm_token, make_withdraw_token

#: Percentages of the goal at which the OMS hears how its petition is doing.
MILESTONES = (25, 50, 75, 100)


def _language(signature):
    codes = {code for code, _name in settings.LANGUAGES}
    return signature.language if signature.language in codes else settings.LANGUAGE_CODE


def _context(signature, language):
    with translation.override(language):
        campaign = signature.campaign.localized
        ask = campaign.get_ask(signature.ask_id) or signature.campaign.get_ask(signature.ask_id)
        return {
            "signature": signature,
            "campaign": campaign,
            "ask": ask,
            "campaign_url": absolute_url(campaign.url or "/"),
            "confirm_url": absolute_url(reverse("petition:confirm",
                                                kwargs={"token": make_confirm_token(signature)})),
            "withdraw_url": absolute_url(reverse("petition:withdraw",
                                                 kwargs={"token": make_withdraw_token(signature)})),
            "days": CONFIRM_MAX_AGE.days,
        }


def send_confirmation(signature):
    language = _language(signature)
    return send_templated_email(signature.email, "petition/email/confirm", _context(signature, language),
                                language=language)


def send_already_signed(signature):
    """Someone signed again with a confirmed signature's address: tell that address, nobody else."""
    language = _language(signature)
    return send_templated_email(signature.email, "petition/email/already_signed", _context(signature, language),
                                language=language)


def send_thanks(signature):
    language = _language(signature)
    return send_templated_email(signature.email, "petition/email/thanks", _context(signature, language),
                                language=language)


def thresholds(goal):
    """``[(percent, signatures)]`` of the milestones of a goal."""
    return [(percent, math.ceil(goal * percent / 100)) for percent in MILESTONES]


def notify_milestones(signature):
    """Tell the OMS once when a petition passes 25/50/75/100% of its goal (each milestone once)."""
    campaign = signature.campaign
    ask = campaign.get_ask(signature.ask_id)
    if ask is None:
        return None
    goal = int(ask.value.get("goal") or 0)
    if goal <= 0:
        return None
    count = SignatureTotal.confirmed(campaign, ask.id)  # run after each confirmation: no count of them all
    reached = None
    for percent, needed in thresholds(goal):
        if count < needed:
            break
        try:
            with transaction.atomic():
                MilestoneNotice.objects.create(campaign=campaign, ask_id=ask.id, milestone=percent)
        except IntegrityError:
            continue  # announced before
        reached = percent
    if reached is None:
        return None
    records_url = absolute_url(reverse("campaign_records:list", kwargs={"type_key": "petition"})
                               + f"?campaign={campaign.pk}&status={Signature.Status.CONFIRMED}")
    send_templated_email(organisation_email(campaign), "petition/email/milestone", {
        "campaign": campaign, "ask": ask, "count": count, "goal": goal, "percent": reached,
        "records_url": records_url,
    })
    return reached
