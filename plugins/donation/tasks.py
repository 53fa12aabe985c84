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
    from .models import Donation

    donation = Donation.objects.select_related("campaign", "payment", "recurring").filter(pk=donation_id).first()
    if donation is None or donation.status != Donation.Status.CONFIRMED:
        return False
    language = donation.payment.extra_data or None
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
