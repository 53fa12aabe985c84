"""Monthly donations: start a plan, follow its charges, make each month's charge, let the donor
pause, resume, change or stop it.

The invariants this module keeps:

* **One charge per plan, month and try**: a charge is a ``Donation`` with ``recurring``, ``period``
  (the month's first day) and ``attempt``, unique together, made under the plan's row lock; a
  retried or repeated job finds it rather than charging twice. A retry after a decline is a new
  donation (the next attempt, with its own payment); the declined one is never re-pointed, so a
  late payment of it still counts, and a month paid twice is flagged for a refund (``follow``).
* **Each charge is an ordinary donation**: its own payment, ledger lines, receipt, match and
  fundraiser share, settled by ``signals`` like any other; a plan holds no money.
* **Money stops with the campaign**: no charge is made while the campaign does not take money
  (``reports.support.lock_for_support(..., money=True)`` in the charge's transaction); the plan
  is paused and the donor told.
* **Lock order** payment -> donation -> plan (-> campaign, key share). A new charge or a retry
  locks only the plan (its payment and donation are new rows).
* **Nothing slow in a transaction**: gateway calls and emails run in the worker, queued with
  ``transaction.on_commit``.
"""
import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("lokadaya.payments")

#: Attempts at one month's charge through a saved card or wallet before the month counts as missed.
MAX_ATTEMPTS = 3
#: Days between those attempts.
RETRY_DAYS = 3
#: Months missed in a row after which the platform stops the plan (and tells the donor).
MAX_MISSED_MONTHS = 3
#: How long a monthly bank transfer reminder's unique amount stays reserved (at least).
TRANSFER_REMINDER_HOURS = 7 * 24
#: Methods that give monthly without saving anything: bank transfer (a monthly reminder with a
#: fresh unique code) and the test payment.
WITHOUT_SAVING = ("transfer", "dummy")


# --- Dates ----------------------------------------------------------------------------------


def charge_day_for(day):
    """The charge day of a plan started on ``day``: its day of the month, at most 28."""
    return min(day.day, 28)


def month_of(day):
    return day.replace(day=1)


def add_months(period, months=1):
    """The first day of the month ``months`` after ``period``'s."""
    years, month = divmod(period.month - 1 + months, 12)
    return datetime.date(period.year + years, month + 1, 1)


def charge_date(period, charge_day):
    return period.replace(day=charge_day)


# --- Methods --------------------------------------------------------------------------------


def supports_monthly(variant):
    """Can ``variant`` give monthly: a gateway that saves a card or wallet, or bank transfer (a
    monthly reminder), or the test payment?"""
    from gateways import recurring as gateway

    if variant in WITHOUT_SAVING:
        return True
    try:
        return bool(gateway.can_save(variant))
    except Exception:  # a misconfigured provider offers one-off giving only
        logger.exception("can_save(%s) failed", variant)
        return False


def monthly_variants(variants):
    return [variant for variant in variants if supports_monthly(variant)]


def method_label(plan):
    """How the plan pays, for the donor and the OMS: the saved card/wallet, or the method's label."""
    from django.conf import settings

    if plan.saved_method_id and plan.saved_method.label:
        return plan.saved_method.label
    return str(getattr(settings, "PAYMENT_VARIANT_LABELS", {}).get(plan.method, plan.method))


def _charges_saved_method(plan):
    """Is ``plan`` charged through a saved card or wallet (rather than a monthly reminder)?"""
    return plan.method != "transfer" and plan.saved_method_id is not None


# --- Starting -------------------------------------------------------------------------------


def start(*, campaign, ask, data, fundraiser=None, ip_address=None, language=""):
    """A monthly plan and its first charge (this month), in one transaction: ``(plan, payment)``.

    The first charge is paid like a one-off donation (the pay view); its confirmation activates
    the plan (``follow``).
    """
    from campaigns import events

    from ..models import Donation, Payment
    from .models import RecurringDonation

    today = timezone.localdate()
    with transaction.atomic():
        plan = RecurringDonation.objects.create(
            campaign=campaign, ask_id=ask.id, fundraiser=fundraiser, name=(data.get("name") or "").strip(),
            email=data["email"], is_anonymous=data.get("is_anonymous", False),
            wants_updates=data.get("wants_updates", False), message=data.get("message", ""),
            language=language, amount=data["amount"], method=data["method"], charge_day=charge_day_for(today),
        )
        payment = Payment.objects.create(
            variant=data["method"], currency="IDR", total=data["amount"],
            description=str(_("Monthly donation to %(campaign)s") % {"campaign": campaign.title})[:255],
            billing_email=data["email"], billing_first_name=(data.get("name") or "")[:256],
            customer_ip_address=ip_address, extra_data=language,
        )
        donation = Donation.objects.create(
            campaign=campaign, ask_id=ask.id, amount=data["amount"], payment=payment,
            name=plan.name, email=plan.email, is_anonymous=plan.is_anonymous, message=plan.message,
            prayer=data.get("prayer", ""), wants_updates=plan.wants_updates, fundraiser=fundraiser,
            recurring=plan, period=month_of(today),
        )
        events.record_created(donation)
    return plan, payment


# --- Following the charges (called by signals, under the donation's lock) -------------------


def follow(donation, old_status):
    """A charge's status changed (confirmed, failed, refunded): move its plan on (activate it after
    the first payment, count a failure, schedule the retry). Call under the donation's row lock, in
    the transaction that changed it."""
    from gateways.models import SavedPaymentMethod

    from ..models import Donation
    from .models import RecurringDonation

    Status = RecurringDonation.Status
    plan = RecurringDonation.objects.select_for_update(of=("self",)).get(pk=donation.recurring_id)
    new_status = donation.status
    fields = []
    if new_status == Donation.Status.CONFIRMED:
        if plan.status == Status.PENDING or (plan.status == Status.FAILED and plan.next_charge_on is None and not (
                plan.charges.exclude(pk=donation.pk).filter(status__in=Donation.COUNTED_STATUSES
                                                            + (Donation.Status.REFUNDED,)).exists())):
            # The first payment: the plan starts, with the card or wallet it saved (if any).
            plan.status, plan.status_reason = Status.ACTIVE, ""
            plan.saved_method = SavedPaymentMethod.objects.filter(first_payment_id=donation.payment_id).first()
            plan.next_charge_on = charge_date(add_months(donation.period or month_of(timezone.localdate())),
                                              plan.charge_day)
            fields += ["status", "status_reason", "saved_method", "next_charge_on"]
            _after_commit(plan.pk, "started")
        plan.failed_attempts = plan.missed_months = 0
        fields += ["failed_attempts", "missed_months"]
        _flag_month_paid_twice(plan, donation)
    elif new_status == Donation.Status.FAILED and old_status == Donation.Status.PENDING:
        if plan.next_charge_on is None and plan.status == Status.PENDING:
            # The first payment did not go through: the donor saw it on the page; nothing starts.
            plan.status = Status.FAILED
            plan.status_reason = str(_("The first payment did not go through."))
            fields += ["status", "status_reason"]
        elif plan.status in (Status.ACTIVE, Status.PAUSED):
            fields += _count_failure(plan, donation)
    if fields:
        plan.save(update_fields=[*dict.fromkeys(fields), "updated_at"])
    return plan


def _flag_month_paid_twice(plan, donation):
    """A second try of a month confirmed as well as another (a late payment of a declined try): the
    money counts as it arrived; national finance is asked to give one back to the donor."""
    from finance.ledger import flag_money
    from finance.models import MoneyFlag

    from ..models import Donation

    if donation.period is None:
        return
    others = (plan.charges.filter(period=donation.period, status=Donation.Status.CONFIRMED)
              .exclude(pk=donation.pk).exists())
    if others:
        flag_money(donation, donation.campaign, MoneyFlag.Kind.OVERPAYMENT, expected=0,
                   received=donation.received_amount or donation.amount,
                   note=f"monthly donation {plan.pk}: a second payment for {donation.period:%Y-%m}; "
                        "refund one of them to the donor")


def _count_failure(plan, donation):
    """A month's charge failed: retry it in a few days (saved card or wallet), or count the month
    as missed; stop the plan after ``MAX_MISSED_MONTHS`` in a row."""
    Status = type(plan).Status
    today = timezone.localdate()
    period = donation.period or month_of(today)
    next_month = charge_date(add_months(period), plan.charge_day)
    retryable = _charges_saved_method(plan)
    plan.failed_attempts += 1
    if retryable and plan.failed_attempts < MAX_ATTEMPTS and plan.status == Status.ACTIVE:
        retry_on = min(today + datetime.timedelta(days=RETRY_DAYS), next_month - datetime.timedelta(days=1))
        if retry_on > today:
            plan.next_charge_on = retry_on
            _after_commit(plan.pk, "declined", {"retry_on": retry_on.isoformat(), "period": period.isoformat()})
            return ["failed_attempts", "next_charge_on"]
    # The month is missed.
    plan.failed_attempts = 0
    plan.missed_months += 1
    plan.next_charge_on = max(next_month, plan.next_charge_on or next_month)
    if plan.missed_months >= MAX_MISSED_MONTHS:
        plan.status = Status.FAILED
        plan.status_reason = str(_("Payments failed %(count)s months in a row.") % {"count": plan.missed_months})
        plan.next_charge_on = None
        _after_commit(plan.pk, "failed")
        return ["failed_attempts", "missed_months", "next_charge_on", "status", "status_reason"]
    _after_commit(plan.pk, "declined", {"period": period.isoformat(),
                                        "next_on": plan.next_charge_on.isoformat()})
    return ["failed_attempts", "missed_months", "next_charge_on"]


def _after_commit(plan_id, kind, extra=None):
    """Email the donor about ``plan_id`` (``donation/email/recurring_<kind>``) once this commits."""
    from .tasks import send_plan_email

    transaction.on_commit(lambda: send_plan_email.enqueue(plan_id, kind, extra or {}))


# --- The month's charge (the worker) ----------------------------------------------------------


def due_plan_ids(today=None):
    from .models import RecurringDonation

    today = today or timezone.localdate()
    return list(RecurringDonation.objects.filter(status__in=RecurringDonation.CHARGING, next_charge_on__lte=today)
                .order_by("next_charge_on", "pk").values_list("pk", flat=True))


def _retry_target(plan):
    """The month's failed charge to try again, or None."""
    from ..models import Donation

    if not (_charges_saved_method(plan) and 0 < plan.failed_attempts < MAX_ATTEMPTS):
        return None
    last = plan.charges.order_by("-period", "-attempt").only("pk", "status", "payment_id", "period", "attempt").first()
    if last is not None and last.status == Donation.Status.FAILED:
        return last
    return None


def _blocked(plan):
    """Why ``plan``'s campaign takes no money now (translated), or None. Call in the transaction,
    under the plan's lock: it locks the campaign against a moderator's decision."""
    from reports.support import lock_for_support

    verdict = lock_for_support(plan.campaign, money=True)
    if not verdict.open:  # money held back, or the campaign ended or was unpublished
        return verdict.message
    if not any(ask.id == plan.ask_id for ask in plan.campaign.get_asks()):
        return str(_("The campaign no longer asks for donations."))
    return None


def _pause_locked(plan, reason):
    Status = type(plan).Status
    plan.status, plan.status_reason = Status.PAUSED, str(reason)[:300]
    plan.save(update_fields=["status", "status_reason", "updated_at"])
    _after_commit(plan.pk, "paused")


def _new_payment(plan):
    from ..models import Payment

    return Payment.objects.create(
        variant=plan.method, currency="IDR", total=plan.amount,
        description=str(_("Monthly donation to %(campaign)s") % {"campaign": plan.campaign.title})[:255],
        billing_email=plan.email, billing_first_name=plan.name[:256], extra_data=plan.language or "",
    )


def make_charge(plan_id, today=None):
    """Make ``plan_id``'s due charge (this month's, or a retry of a declined one), once: returns the
    charge's donation id to pay in the worker, or None (not due, paused, already made)."""
    from .models import RecurringDonation

    today = today or timezone.localdate()
    plan = RecurringDonation.objects.filter(pk=plan_id).first()
    if plan is None:
        return None
    retry = _retry_target(plan)
    if retry is not None:
        return _retry_charge(plan_id, retry.pk, today)
    with transaction.atomic():
        plan = RecurringDonation.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=plan_id)
        if plan.status not in plan.CHARGING or plan.next_charge_on is None or plan.next_charge_on > today:
            return None
        reason = _blocked(plan)
        if reason:
            _pause_locked(plan, reason)
            return None
        # A month the worker did not run in is not charged late: the charge is this month's.
        period = max(month_of(plan.next_charge_on), month_of(today))
        donation_id = _create_charge(plan, period)
        plan.next_charge_on = charge_date(add_months(period), plan.charge_day)
        plan.save(update_fields=["next_charge_on", "updated_at"])
        if donation_id is not None:
            _queue_payment(donation_id)
    return donation_id


def _create_charge(plan, period, attempt=1):
    """The month's charge (payment + donation) of ``plan``, locked; None if it exists already."""
    from ..models import Donation

    if Donation.objects.filter(recurring=plan, period=period, attempt__gte=attempt).exists():
        return None
    fundraiser = plan.fundraiser
    if fundraiser is not None and fundraiser.status != fundraiser.Status.APPROVED:
        fundraiser = None
    try:
        with transaction.atomic():  # the unique (plan, month) constraint backs the lock up
            payment = _new_payment(plan)
            donation = Donation.objects.create(
                campaign=plan.campaign, ask_id=plan.ask_id, amount=plan.amount, payment=payment, name=plan.name,
                email=plan.email, is_anonymous=plan.is_anonymous, wants_updates=plan.wants_updates,
                fundraiser=fundraiser, recurring=plan, period=period, attempt=attempt,
            )
    except IntegrityError:
        return None
    return donation.pk


def _retry_charge(plan_id, donation_id, today):
    """Try a declined month again: a new charge (donation and payment) for the same month, the next
    ``attempt``. The declined one stays as it is, with its payment: if the gateway reports it paid
    after all, that money still reaches the ledger (``follow`` flags a month paid twice)."""
    from ..models import Donation
    from .models import RecurringDonation

    with transaction.atomic():
        plan = RecurringDonation.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=plan_id)
        failed = Donation.objects.filter(pk=donation_id).only("pk", "status", "period", "attempt").first()
        if (failed is None or plan.status not in plan.CHARGING or plan.next_charge_on is None
                or plan.next_charge_on > today or failed.status != Donation.Status.FAILED
                or not 0 < plan.failed_attempts < MAX_ATTEMPTS):
            return None
        reason = _blocked(plan)
        if reason:
            _pause_locked(plan, reason)
            return None
        new_id = _create_charge(plan, failed.period, attempt=failed.attempt + 1)
        plan.next_charge_on = charge_date(add_months(failed.period), plan.charge_day)
        plan.save(update_fields=["next_charge_on", "updated_at"])
        if new_id is not None:
            _queue_payment(new_id)
    return new_id


def _queue_payment(donation_id):
    from .tasks import pay_charge

    transaction.on_commit(lambda: pay_charge.enqueue(donation_id))


def pay(donation_id, attempt=0):
    """Pay a month's pending charge (in the worker): charge the saved card or wallet, or open a
    bank transfer with a fresh unique code and remind the donor, or send the pay link.

    Returns what was done: ``"charged"``, ``"declined"``, ``"retry"``, ``"reminded"`` or None.
    """
    from gateways import recurring as gateway
    from gateways.client import GatewayError

    from ..models import Donation

    donation = (Donation.objects.select_related("payment", "recurring__saved_method", "recurring__campaign")
                .filter(pk=donation_id).first())
    if donation is None or donation.status != Donation.Status.PENDING or donation.recurring_id is None:
        return None
    plan, payment = donation.recurring, donation.payment
    if plan.method == "transfer":
        return _remind_transfer(plan, donation)
    if not _charges_saved_method(plan):
        # Nothing saved to charge (the gateway did not keep the card): the donor pays by the link.
        _after_commit(plan.pk, "reminder", {"donation": donation.pk})
        return "reminded"
    try:
        gateway.charge(payment, plan.saved_method)
    except gateway.ChargeDeclined as declined:
        # The gateway marked the payment rejected: ``follow`` counted it and told the donor.
        logger.info("monthly charge %s declined: %s", payment.pk, declined)
        return "declined"
    except GatewayError as error:
        logger.warning("monthly charge %s: gateway unreachable (attempt %s): %s", payment.pk, attempt, error)
        return _charge_later(donation, attempt)
    return "charged"


#: Waits between attempts to reach a gateway that did not answer (then the charge fails).
GATEWAY_BACKOFF = (datetime.timedelta(minutes=15), datetime.timedelta(hours=1), datetime.timedelta(hours=6))


def _charge_later(donation, attempt):
    from payments import PaymentStatus

    from .tasks import pay_charge

    if attempt < len(GATEWAY_BACKOFF) and pay_charge.get_backend().supports_defer:
        pay_charge.using(run_after=timezone.now() + GATEWAY_BACKOFF[attempt]).enqueue(donation.pk, attempt + 1)
        return "retry"
    # The gateway stayed out of reach: this attempt failed (``follow`` schedules the next one).
    with transaction.atomic():
        from ..models import Payment

        payment = Payment.objects.select_for_update(no_key=True).get(pk=donation.payment_id)
        if payment.status in (PaymentStatus.WAITING, PaymentStatus.INPUT):
            payment.change_status(PaymentStatus.ERROR, message="monthly charge: gateway unreachable")
    return "declined"


def _remind_transfer(plan, donation):
    """Open this month's bank transfer (a fresh unique code) and email the donor the reminder."""
    from payments import PaymentStatus
    from payments.core import provider_factory

    from banktransfer.services import TransferError, open_transfer

    payment = donation.payment
    hours = max(getattr(provider_factory(plan.method), "expiry_hours", 48), TRANSFER_REMINDER_HOURS)
    try:
        with transaction.atomic():
            transfer = open_transfer(payment, hours, language=plan.language or None, notify=False)
    except TransferError as error:
        with transaction.atomic():
            from ..models import Payment

            locked = Payment.objects.select_for_update(no_key=True).get(pk=payment.pk)
            if locked.status in (PaymentStatus.WAITING, PaymentStatus.INPUT):
                locked.change_status(PaymentStatus.CANCELLED, message=str(error)[:250])
        return "declined"
    with transaction.atomic():
        _after_commit(plan.pk, "reminder", {"donation": donation.pk, "transfer": transfer.pk})
    return "reminded"


# --- The donor's changes (the manage page) -----------------------------------------------------


class PlanError(Exception):
    """A change the plan's state does not allow; ``message`` is translated, for the donor."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _locked(plan):
    return type(plan).objects.select_for_update(of=("self",)).select_related("campaign").get(pk=plan.pk)


def next_date_from(plan, today=None):
    """The next charge date of a plan resumed today: this month's day if it is still ahead and the
    month has no charge yet, else next month's."""
    today = today or timezone.localdate()
    period = month_of(today)
    if today.day <= plan.charge_day and not plan.charges.filter(period=period).exists():
        return charge_date(period, plan.charge_day)
    return charge_date(add_months(period), plan.charge_day)


def pause(plan):
    Status = type(plan).Status
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status != Status.ACTIVE:
            raise PlanError(_("Only an active monthly donation can be paused."))
        plan.status, plan.status_reason = Status.PAUSED, ""
        plan.save(update_fields=["status", "status_reason", "updated_at"])
    return plan


def resume(plan):
    Status = type(plan).Status
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status not in (Status.PAUSED, Status.FAILED) or (plan.status == Status.FAILED
                                                                 and not plan.charges.filter(status="confirmed").exists()):
            raise PlanError(_("This monthly donation cannot be resumed."))
        reason = _blocked(plan)
        if reason:
            raise PlanError(reason)
        plan.status, plan.status_reason = Status.ACTIVE, ""
        plan.failed_attempts = plan.missed_months = 0
        plan.next_charge_on = next_date_from(plan)
        plan.save(update_fields=["status", "status_reason", "failed_attempts", "missed_months", "next_charge_on",
                                 "updated_at"])
    return plan


def change_amount(plan, amount):
    Status = type(plan).Status
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status in (Status.STOPPED,):
            raise PlanError(_("This monthly donation has been stopped."))
        plan.amount = amount
        plan.save(update_fields=["amount", "updated_at"])
    return plan


def stop(plan):
    Status = type(plan).Status
    with transaction.atomic():
        plan = _locked(plan)
        if plan.status == Status.STOPPED:
            return plan
        plan.status, plan.status_reason = Status.STOPPED, ""
        plan.stopped_at, plan.next_charge_on = timezone.now(), None
        plan.save(update_fields=["status", "status_reason", "stopped_at", "next_charge_on", "updated_at"])
        _after_commit(plan.pk, "stopped")
    return plan
