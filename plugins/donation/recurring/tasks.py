"""The worker's part of monthly donations: the hourly job that makes the month's charges, paying
each charge, and the donor's emails. Imported into ``plugins/donation/tasks.py`` so the worker
finds the scheduled job."""
import datetime
import logging

from django_tasks import task

from jobs.schedule import periodic

__all__ = ["charge_due_plans", "pay_charge", "send_plan_email"]

logger = logging.getLogger("lokadaya.payments")


@periodic(every=datetime.timedelta(hours=1))
@task()
def charge_due_plans():
    """Make the charge of every active plan that is due (one per plan and month, however often this
    runs); each is paid by its own ``pay_charge`` task. Returns how many charges were made."""
    from . import service

    made = 0
    for plan_id in service.due_plan_ids():
        try:
            if service.make_charge(plan_id) is not None:
                made += 1
        except Exception:  # one plan's trouble does not hold up the others; the next run retries it
            logger.exception("monthly plan %s: charge failed", plan_id)
    return made


@task()
def pay_charge(donation_id, attempt=0):
    """Pay one month's charge (saved card or wallet, bank transfer reminder, pay link)."""
    from . import service

    return service.pay(donation_id, attempt)


@task(priority=-10)
def send_plan_email(plan_id, kind, extra):
    """Email the donor of ``plan_id`` about it: ``donation/email/recurring_<kind>``, with the link
    to manage it."""
    from banktransfer.models import BankTransfer
    from banktransfer.services import transfer_url
    from campaigns.notifications import absolute_url, send_templated_email

    from ..models import Donation
    from .models import RecurringDonation
    from .service import method_label

    plan = RecurringDonation.objects.select_related("campaign", "saved_method").filter(pk=plan_id).first()
    if plan is None:
        return False
    from django.utils import translation

    language = plan.language or None
    with translation.override(language):
        context = {"plan": plan, "campaign": plan.campaign, "manage_url": absolute_url(plan.get_manage_url()),
                   "method_label": method_label(plan)}
        for name in ("retry_on", "period", "next_on"):
            if extra.get(name):
                context[name] = datetime.date.fromisoformat(extra[name])
        if extra.get("donation"):
            donation = Donation.objects.select_related("payment").filter(pk=extra["donation"]).first()
            if donation is None or donation.status != Donation.Status.PENDING:
                return False  # paid or ended meanwhile: no reminder
            context["donation"] = donation
            context["pay_url"] = absolute_url(_pay_path(donation))
        if extra.get("transfer"):
            transfer = BankTransfer.objects.filter(pk=extra["transfer"]).first()
            context["transfer"] = transfer
            context["transfer_url"] = transfer_url(transfer, language) if transfer else ""
    return send_templated_email(plan.email, f"donation/email/recurring_{kind}", context, language, in_worker=True)


def _pay_path(donation):
    from django.urls import reverse

    return reverse("donation:pay", kwargs={"token": donation.payment.token})
