"""The donation's work that can wait for the task worker: emails here; the monthly charges' jobs
(``recurring.tasks``) are imported below so the worker finds them."""
from django_tasks import task

from campaigns.notifications import absolute_url, organisation_email, send_templated_email


# Below the default priority: receipts may wait a few seconds while money is being settled.
@task(priority=-10)
def send_confirmation_emails(donation_id):
    """The receipt to the donor and the note to the OMS, once a donation is confirmed.

    Rendered in the worker rather than in the transaction that confirmed it, so confirming stays
    cheap when many donations arrive at once.
    """
    from django.db.models import F

    from campaigns.models import CampaignPage

    from .models import Donation

    # Only what the emails show: the campaign's page row (its body, its asks) and the payment's
    # billing columns are not read; this runs once for every confirmed donation.
    donation = (Donation.objects.select_related("recurring").annotate(payment_language=F("payment__extra_data"))
                .filter(pk=donation_id).first())
    if donation is None or donation.status != Donation.Status.CONFIRMED:
        return False
    donation.campaign = CampaignPage.objects.only("title", "path", "depth").get(pk=donation.campaign_id)
    language = donation.payment_language or None  # the donor's, kept on the payment
    receipt_url = absolute_url(donation.get_receipt_url())
    # A month's charge of a monthly donation: the receipt also says where to manage the plan.
    manage_url = absolute_url(donation.recurring.get_manage_url()) if donation.recurring_id else ""
    send_templated_email(donation.email, "donation/email/confirmed",
                         {"donation": donation, "receipt_url": receipt_url, "manage_url": manage_url}, language,
                         in_worker=True)
    send_templated_email(organisation_email(donation.campaign), "donation/email/organisation_confirmed",
                         {"donation": donation}, in_worker=True)
    return True


from .recurring.tasks import *  # noqa: E402,F401,F403  (scheduled jobs of monthly donations)
