"""Demo content of monthly donations: called once by ``seed_demo`` after every campaign and programme
exists.

A few active plans on demo campaigns that take money, each with its charges of last month and this
month confirmed: every charge is a donation with a confirmed payment (a test card "saved" for the
test payment, or a bank transfer's plan) and its ledger lines written by ``finance.ledger.sync_record``
as the real settlement writes them, so ``manage.py reconcile`` stays clean. Run again, it adds none.
No email is sent.
"""
import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

DEMO = [("Rina Kusuma", "rina.kusuma@contoh.id", Decimal("50000"), False),
        ("Hamba Allah", "donatur.rutin@contoh.id", Decimal("100000"), True),
        ("Yosef Bria", "yosef.bria@contoh.id", Decimal("25000"), False),
        ("Lestari Wibowo", "lestari.w@contoh.id", Decimal("150000"), False)]
#: Demo campaigns that get monthly donors.
CAMPAIGNS = 3


def _campaigns():
    from campaigns.models import CampaignPage
    from reports.support import support_verdict

    found = []
    for campaign in CampaignPage.objects.live().filter(locale__language_code="id").order_by("pk"):
        asks = [ask for ask in campaign.get_asks() if ask.type_key == "donation"]
        if asks and support_verdict(campaign, money=True).open:
            found.append((campaign, asks[0]))
        if len(found) == CAMPAIGNS:
            break
    return found


def _charge(plan, period, created_at):
    """A confirmed charge of ``plan`` for ``period``, in the ledger (as the settlement writes it)."""
    from finance.ledger import sync_record

    from ..models import Donation, Payment

    payment = Payment.objects.create(
        variant=plan.method, currency="IDR", total=plan.amount, status="confirmed", received_amount=plan.amount,
        captured_amount=plan.amount, billing_email=plan.email, billing_first_name=plan.name,
        description=f"Donasi rutin {period:%m/%Y}", extra_data=plan.language, token=str(uuid.uuid4()))
    donation = Donation.objects.create(
        campaign=plan.campaign, ask_id=plan.ask_id, amount=plan.amount, received_amount=plan.amount,
        payment=payment, name=plan.name, email=plan.email, is_anonymous=plan.is_anonymous,
        status=Donation.Status.CONFIRMED, recurring=plan, period=period)
    Donation.objects.filter(pk=donation.pk).update(created_at=created_at)
    donation.created_at = created_at
    sync_record(donation, plan.campaign, donation.counted_amount, "income", occurred_at=created_at,
                never_counted=True)
    return payment


def seed():
    """Add the demo; return lines to print."""
    from gateways.models import SavedPaymentMethod

    from .models import RecurringDonation
    from .service import add_months, charge_date, charge_day_for, month_of

    if RecurringDonation.objects.exists():
        return []
    variants = settings.PAYMENT_VARIANTS
    today = timezone.localdate()
    this_month = month_of(today)
    last_month = add_months(this_month, -1)
    day = charge_day_for(today)
    now = timezone.now()
    made = 0
    with transaction.atomic():
        for index, (campaign, ask) in enumerate(_campaigns()):
            has_bank = bool((campaign.organisation.bank_account_number or "").strip()) if campaign.organisation else False
            for name, email, amount, anonymous in DEMO[index:index + 3]:
                method = "transfer" if (has_bank and "transfer" in variants and amount >= 100000) else "dummy"
                if method not in variants:
                    continue
                plan = RecurringDonation.objects.create(
                    campaign=campaign, ask_id=ask.id, name=name, email=email, is_anonymous=anonymous,
                    language="id", amount=amount, method=method, charge_day=day,
                    status=RecurringDonation.Status.ACTIVE, next_charge_on=charge_date(add_months(this_month), day))
                first = _charge(plan, last_month, now - datetime.timedelta(days=30))
                _charge(plan, this_month, now)
                if method == "dummy":
                    plan.saved_method = SavedPaymentMethod.objects.create(
                        provider="dummy", token=f"demo-{first.token}", label="TEST •••• 0000", email=email,
                        first_payment=first)
                    plan.save(update_fields=["saved_method"])
                made += 1
    return [f"Monthly donations: {made} demo monthly donors with two confirmed monthly gifts each."] if made else []
