"""The petition's emails that wait for the task worker: telling the signers their petition was delivered.

Invariants: each delivery is announced once (claimed by one ``UPDATE ... WHERE signers_notified_at IS
NULL`` before any email goes out); only confirmed signers who asked for updates, each address once,
less those who opted out of the campaign's updates (``editorial.UpdateOptOut``), in the signer's language.
"""
import logging

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from campaigns.notifications import absolute_url, send_templated_email

logger = logging.getLogger("lokadaya.petition")


def recipients(delivery):
    """``{email: language}`` of the signers to tell (lower-cased addresses, each once)."""
    from editorial.models import UpdateOptOut

    from .models import Signature

    found = {}
    for email, language in (Signature.objects.filter(campaign_id=delivery.campaign_id, ask_id=delivery.ask_id,
                                                     status=Signature.Status.CONFIRMED, wants_updates=True)
                            .order_by("pk").values_list("email", "language")):
        found.setdefault(email.strip().lower(), language)
    if not found:
        return {}
    out = set(UpdateOptOut.objects.filter(email__in=list(found))
              .filter(campaign_id__isnull=True).values_list("email", flat=True))
    out |= set(UpdateOptOut.objects.filter(email__in=list(found), campaign_id=delivery.campaign_id)
               .values_list("email", flat=True))
    return {email: language for email, language in found.items() if email not in out}


@task()
def notify_signers(delivery_id):
    """Tell the confirmed signers who asked for updates that their petition was delivered (once)."""
    from editorial.tokens import make_unsubscribe_token

    from .models import PetitionDelivery

    claimed = PetitionDelivery.objects.filter(pk=delivery_id, signers_notified_at__isnull=True).update(
        signers_notified_at=timezone.now())
    if not claimed:
        return 0
    delivery = PetitionDelivery.objects.select_related("campaign").get(pk=delivery_id)
    codes = {code for code, _name in settings.LANGUAGES}
    sent = 0
    for email, language in recipients(delivery).items():
        language = language if language in codes else settings.LANGUAGE_CODE
        with translation.override(language):
            campaign = delivery.campaign.localized
            ask = campaign.get_ask(delivery.ask_id) or delivery.campaign.get_ask(delivery.ask_id)
            token = make_unsubscribe_token(email, [delivery.campaign_id])
            context = {"delivery": delivery, "campaign": campaign, "ask": ask,
                       "campaign_url": absolute_url(campaign.url or "/"),
                       "unsubscribe_url": absolute_url(reverse("editorial:unsubscribe", kwargs={"token": token}))}
        if send_templated_email(email, "petition/email/delivered", context, language=language, in_worker=True):
            sent += 1
    logger.info("Petition delivery %s announced to %d signers", delivery_id, sent)
    return sent
