"""The donation family's part in the data subject's rights and in retention (UU PDP).

What it holds about a donor, and what becomes of it (``hooks.py`` exposes the four functions):

========================  ==========================================  ===============================
rows                      personal fields                              erasure / retention
========================  ==========================================  ===============================
``Donation``              name, email, phone, message, prayer          anonymised, kept (money)
``Payment``               billing name, email, phone, address, IP      blanked, kept (money)
``BankTransfer``          name on the sending account                  blanked, proof file kept (money)
gateways' messages        payer's email, name... in the payloads        scrubbed, kept (money)
``SavedPaymentMethod``    owner's email (and a card or wallet token)  deleted
``RecurringDonation``     name, email, message                         stopped, then anonymised
``Fundraiser``            owner's name and email, title, story, photo  anonymised and hidden
========================  ==========================================  ===============================

Sponsors' matching funds name companies, not people: they are not personal data here.

Invariants:

* **Money stays right.** Donations, payments, bank transfers and the gateways' messages keep their
  amounts, statuses, dates, campaign and ids: the ledger, the progress, the fundraisers' figures and
  ``manage.py reconcile`` are unchanged.
* **No charge for nobody.** Erasure stops the person's monthly plans through the recurring service
  (``recurring.service.stop``) before anonymising them, and deletes their saved cards and wallets,
  so no month is charged to an anonymous plan. Retention never touches a plan that runs or is
  paused (the donor may resume it); the others it stops, anonymises, and forgets their cards.
* **Retention keeps money longer.** Records that hold or held money (a confirmed, refunded or
  partly paid donation, one with a proof of transfer or a sponsor's match) are anonymised only when
  ``include_money``; a pledge that never brought money is not a financial record and goes with the
  other supporters' data.
* **Decided once.** Every function first reads the ids of the person's rows, then changes them,
  so a correction of the email still reaches every row, and a second run changes nothing.
* **Files go after the commit.** A fundraiser's photo is deleted once the transaction commits: a
  rolled-back erasure loses nothing.
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy as _

from privacy import records
from privacy.subjects import matching

from .fundraisers.models import Fundraiser
from .models import Donation, Payment
from .recurring.models import RecurringDonation

PAYMENT_PERSONAL = {
    "billing_first_name": "", "billing_last_name": "", "billing_address_1": "", "billing_address_2": "",
    "billing_city": "", "billing_postcode": "", "billing_country_area": "", "billing_email": "",
    "billing_phone": "", "customer_ip_address": None,
}
#: Plans that still run (or may run again at the donor's word): retention leaves them alone.
LIVE_PLANS = (RecurringDonation.Status.ACTIVE, RecurringDonation.Status.PAUSED)


def _label(model):
    return capfirst(model._meta.verbose_name)


# -- whose rows --------------------------------------------------------------------------------


@dataclass
class Rows:
    """The ids of one person's rows, read once before anything changes."""

    donations: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    fundraisers: list = field(default_factory=list)
    methods: list = field(default_factory=list)


def rows_of(subject):
    payments = matching(Payment.objects.all(), subject, email_field="billing_email", phone_field="billing_phone")
    donations = Donation.objects.filter(Q(pk__in=records.of_subject(Donation.objects.all(), subject).values("pk"))
                                        | Q(payment__in=payments.values("pk")))
    donation_rows = list(donations.values_list("pk", "payment_id", "recurring_id"))
    payment_ids = set(payments.values_list("pk", flat=True)) | {payment for _pk, payment, _plan in donation_rows}
    plans = RecurringDonation.objects.filter(
        Q(pk__in=matching(RecurringDonation.objects.all(), subject, phone_field=None).values("pk"))
        | Q(pk__in=[plan for _pk, _payment, plan in donation_rows if plan]))
    plan_rows = list(plans.values_list("pk", "saved_method_id"))
    fundraisers = matching(Fundraiser.objects.all(), subject, email_field="owner_email", phone_field=None)
    rows = Rows(donations=[pk for pk, _payment, _plan in donation_rows], payments=sorted(payment_ids),
                plans=[pk for pk, _method in plan_rows], fundraisers=list(fundraisers.values_list("pk", flat=True)))
    from gateways.personal_data import saved_methods

    rows.methods = list(saved_methods(subject, rows.payments, [method for _pk, method in plan_rows if method])
                        .values_list("pk", flat=True))
    return rows


# -- the four hooks ----------------------------------------------------------------------------


def personal_data(subject):
    """Everything the donation family holds about ``subject``: ``PersonalRecord`` items."""
    from banktransfer import personal_data as transfers
    from gateways import personal_data as gateways

    rows = rows_of(subject)
    items = records.describe(Donation.objects.filter(pk__in=rows.donations).order_by("pk"), _label(Donation),
                             extra_fields=("amount", "message", "prayer"), money=True)
    payments = Payment.objects.filter(pk__in=rows.payments).order_by("pk")
    items += records.describe_rows(payments, _label(Payment), _payment_fields(), campaign="donation.campaign",
                                   created="created", money=True)
    items += records.describe_rows(
        RecurringDonation.objects.filter(pk__in=rows.plans).order_by("pk"), _label(RecurringDonation),
        ["name", "email", "is_anonymous", "wants_updates", "message", "amount", "status", "next_charge_on"])
    items += records.describe_rows(
        Fundraiser.objects.filter(pk__in=rows.fundraisers).order_by("pk"), _label(Fundraiser),
        ["owner_name", "owner_email", "title", "story", "photo", "status", "target", "raised"])
    items += transfers.describe(rows.payments)
    campaigns = {payment_id: campaign for payment_id, campaign in (
        (donation.payment_id, donation.campaign)
        for donation in Donation.objects.filter(payment_id__in=rows.payments).select_related("campaign"))}
    items += gateways.describe(subject, rows.payments, rows.methods, campaigns=campaigns)
    return items


def _payment_fields():
    phone = capfirst(Donation._meta.get_field("phone").verbose_name)
    return [("billing_first_name", _("Name")), ("billing_last_name", _("Last name")), ("billing_email", _("Email")),
            ("billing_phone", phone), ("billing_address_1", _("Billing address")),
            ("billing_address_2", _("Billing address (line 2)")), ("billing_city", _("City")),
            ("billing_postcode", _("Postal code")), ("billing_country_area", _("Province or region")),
            ("customer_ip_address", _("IP address")), ("total", _("Amount (Rp)")),
            ("variant", _("Payment method"))]


def correct_personal_data(subject, changes):
    """Set the corrected name, email or phone on every row about ``subject``; rows changed.

    A bank transfer's sender name (the name on the bank account, as the donor typed it then) and
    what the gateways said stay as they were: they record what happened."""
    from gateways import personal_data as gateways

    rows = rows_of(subject)
    now = timezone.now()
    count = records.correct(Donation.objects.filter(pk__in=rows.donations), changes)
    billing = {}
    if changes.get("name"):
        billing.update(billing_first_name=changes["name"][:256], billing_last_name="")
    if changes.get("email"):
        billing["billing_email"] = changes["email"]
    if changes.get("phone"):
        billing["billing_phone"] = changes["phone"]
    if billing and rows.payments:
        count += Payment.objects.filter(pk__in=rows.payments).update(**billing)
    plan = {name: changes[name] for name in ("name", "email") if changes.get(name)}
    if plan and rows.plans:
        count += RecurringDonation.objects.filter(pk__in=rows.plans).update(updated_at=now, **plan)
    owner = {f"owner_{name}": changes[name] for name in ("name", "email") if changes.get(name)}
    if owner and rows.fundraisers:
        count += Fundraiser.objects.filter(pk__in=rows.fundraisers).update(updated_at=now, **owner)
    count += gateways.correct(subject, changes, rows.payments, rows.methods)
    return count


def erase_personal_data(subject):
    """Erase ``subject`` from the donation family: stop their monthly plans, anonymise the money
    records (kept), the plans and the fundraisers, delete their saved cards and wallets."""
    from gateways import personal_data as gateways
    from gateways.models import SavedPaymentMethod

    rows = rows_of(subject)
    with transaction.atomic():
        stop_plans(RecurringDonation.objects.filter(pk__in=rows.plans))
        count = anonymise_plans(RecurringDonation.objects.filter(pk__in=rows.plans))
        count += anonymise_fundraisers(Fundraiser.objects.filter(pk__in=rows.fundraisers))
        count += anonymise_money(rows.donations, rows.payments)
        count += gateways.forget_methods(SavedPaymentMethod.objects.filter(pk__in=rows.methods))
    return count


def expire_personal_data(campaign_ids, include_money):
    """Retention on ``campaign_ids``: fundraisers' owners and plans that no longer run always; the
    donations (with their payments, transfers and gateways' messages) that never brought money
    always, those that did only when ``include_money``."""
    from gateways import personal_data as gateways
    from gateways.models import SavedPaymentMethod

    campaign_ids = list(campaign_ids)
    if not campaign_ids:
        return 0
    with transaction.atomic():
        count = anonymise_fundraisers(Fundraiser.objects.filter(campaign_id__in=campaign_ids))
        # A plan that no longer runs is stopped for good first (a failed one could be resumed from
        # its link, a pending one started by a late payment): an anonymised plan never charges.
        ended = RecurringDonation.objects.filter(campaign_id__in=campaign_ids).exclude(status__in=LIVE_PLANS)
        stop_plans(ended)
        plan_methods = set(ended.exclude(saved_method=None).values_list("saved_method_id", flat=True))
        count += anonymise_plans(ended)
        donations = Donation.objects.filter(campaign_id__in=campaign_ids)
        if not include_money:
            donations = donations.exclude(held_money())
        # Only rows still holding something: the job runs daily over every campaign past the period.
        waiting = (Q(pk__in=records.not_anonymised(donations, ["message", "prayer"]).values("pk"))
                   | Q(payment__in=Payment.objects.filter(_holds_billing()).values("pk")))
        donation_rows = list(donations.filter(waiting).values_list("pk", "payment_id"))
        payment_ids = [payment for _pk, payment in donation_rows]
        count += anonymise_money([pk for pk, _payment in donation_rows], payment_ids)
        # A saved card or wallet goes when no running plan uses it any more.
        methods = SavedPaymentMethod.objects.filter(Q(pk__in=plan_methods) | Q(first_payment_id__in=payment_ids))
        methods = methods.exclude(plans__status__in=LIVE_PLANS)
        count += gateways.forget_methods(methods)
    return count


# -- the changes -------------------------------------------------------------------------------


def held_money():
    """A condition on ``Donation``: it holds or held money (or may have: a proof of transfer), or a
    sponsor matched it. Retention keeps these with their donor until the money period ends."""
    return (Q(received_amount__gt=0) | Q(status__in=[Donation.Status.CONFIRMED, Donation.Status.REFUNDED])
            | Q(payment__received_amount__gt=0) | Q(payment__captured_amount__gt=0)
            | Q(payment__status__in=["confirmed", "refunded", "preauth"])
            | Q(payment__bank_transfer__proof_uploaded_at__isnull=False) | Q(match__isnull=False))


def _holds_billing():
    condition = Q(customer_ip_address__isnull=False)
    for name, blank in PAYMENT_PERSONAL.items():
        if blank == "":
            condition |= ~Q(**{name: ""})
    return condition


def stop_plans(plans):
    """Stop every plan of ``plans`` that is not stopped, through the recurring service (so its
    rules hold: no further charge, the plan's page says stopped)."""
    from .recurring import service

    for plan in plans.exclude(status=RecurringDonation.Status.STOPPED):
        service.stop(plan)


def anonymise_plans(plans):
    """Blank the donor's name, email and message on these plans; how many changed."""
    personal = Q(name="") & Q(email="") & Q(message="")
    return plans.exclude(personal).update(name="", email="", message="", is_anonymous=True, wants_updates=False,
                                          updated_at=timezone.now())


def _erased_title():
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("A supporter's fundraiser (erased)")


def anonymise_fundraisers(fundraisers):
    """Take the owner out of these fundraisers: name, email, title, story and photo (the title and
    address often name them), hidden from the public. The row and its figures stay: donations
    through it point at it and count there. How many changed."""
    from .fundraisers.service import purge_pages, unique_slug

    personal = ~Q(owner_name="") | ~Q(owner_email="") | ~Q(story="") | ~Q(photo="")
    title = _erased_title()
    photos = []
    count = 0
    for fundraiser in fundraisers.filter(personal).select_related("campaign"):
        purge_pages(fundraiser)  # its old address, once this commits
        if fundraiser.photo:
            photos.append(fundraiser.photo.name)
        Fundraiser.objects.filter(pk=fundraiser.pk).update(
            owner_name="", owner_email="", title=title, story="", photo="", slug=unique_slug(title),
            status=Fundraiser.Status.HIDDEN, status_note="", updated_at=timezone.now())
        count += 1
    if photos:
        storage = Fundraiser._meta.get_field("photo").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in photos])
    return count


def anonymise_money(donation_ids, payment_ids):
    """Anonymise these donations and payments, their bank transfers and the gateways' messages
    about them; amounts, statuses and dates stay. How many rows changed."""
    from banktransfer import personal_data as transfers
    from gateways import personal_data as gateways

    count = records.anonymise(Donation.objects.filter(pk__in=list(donation_ids)), message="", prayer="")
    payment_ids = list(payment_ids)
    if payment_ids:
        count += Payment.objects.filter(pk__in=payment_ids).filter(_holds_billing()).update(**PAYMENT_PERSONAL)
        count += transfers.anonymise(payment_ids)
        count += gateways.scrub_payments(payment_ids)
    return count
