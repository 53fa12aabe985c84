"""What the gateways hold about a donor, for the donation plugin's personal-data hooks (UU PDP).

The gateways keep the payer's data in three places: a saved card or e-wallet (``SavedPaymentMethod``,
with the owner's email), and what the gateways told us about a payment: the notifications as they
arrived (``InboxItem.body``) and the last one applied (``GatewayTransaction.last_notification``),
which may name the payer (Xendit's ``payer_email``, a ``customer`` or ``customer_details`` block,
a masked card number).

Invariants:

* **The money's audit trail stays.** A notification is scrubbed, not deleted: only the values of
  personal keys (``PERSONAL_KEYS``) are blanked; amounts, statuses, ids, times and the body's hash
  (``body_sha256``, which recognises a redelivery) stay, and a notification still waiting to be
  settled reads the same to the settlement (numbers are written back exactly as they came).
* **Nothing can be charged for an erased person.** Their saved methods are deleted (the donation
  plugin stops their monthly plans first); a gateway token is a means to take money, not a record
  of money taken.
* **Idempotent.** A scrubbed payload has nothing left to scrub; a second run changes nothing.
"""
import json
import re
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.types import PersonalRecord

from .models import GatewayTransaction, InboxItem, SavedPaymentMethod

#: Keys (any depth, any case) whose values name or reach the payer in the gateways' payloads
#: (Midtrans' customer_details and card fields, Xendit's invoice, session and payment request).
PERSONAL_KEYS = frozenset({
    "email", "payer_email", "customer_email", "cardholder_email",
    "name", "full_name", "first_name", "last_name", "middle_name", "given_names", "surname",
    "customer_name", "cardholder_name", "cardholder_first_name", "cardholder_last_name",
    "account_holder_name", "account_name",
    "phone", "phone_number", "mobile_number", "cardholder_phone_number",
    "customer", "customer_details", "individual_detail", "billing_address", "shipping_address",
    "billing_information", "address", "street_line1", "street_line2",
    "ip_address", "customer_ip_address", "masked_card", "masked_card_number",
})
EMAIL = re.compile(r"[^\s\"'<>@,;:]+@[^\s\"'<>@,;:]+\.[A-Za-z]{2,}")


# -- payloads -----------------------------------------------------------------------------------


def _blank(value):
    if isinstance(value, dict):
        return {}
    if isinstance(value, list):
        return []
    if isinstance(value, str):
        return ""
    return None


def scrub(value):
    """``value`` (parsed JSON) with every personal key's value blanked."""
    if isinstance(value, dict):
        return {key: _blank(item) if str(key).lower() in PERSONAL_KEYS else scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


def personal_values(value, path=""):
    """``{"customer.email": "b@example.org", ...}``: the personal values ``value`` (parsed JSON) holds."""
    found = {}
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if str(key).lower() in PERSONAL_KEYS and not isinstance(item, (dict, list)):
                if item not in (None, ""):
                    found[where] = str(item)
            else:
                found.update(personal_values(item, where))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.update(personal_values(item, f"{path}[{index}]"))
    return found


def _dumps(value):
    """JSON text of ``value`` with each Decimal written as the number it was read from."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(key), ensure_ascii=False)}: {_dumps(item)}"
                               for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dumps(item) for item in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _parse(body):
    try:
        return json.loads(body, parse_float=Decimal)
    except (TypeError, ValueError):
        return None


def scrub_body(body):
    """A notification's body as received, without the personal values (the same text when it held none)."""
    data = _parse(body)
    if data is None:  # not JSON (never settled): at least no address stays in it
        return EMAIL.sub("", body or "")
    cleaned = scrub(data)
    return body if cleaned == data else _dumps(cleaned)


# -- one person's rows ---------------------------------------------------------------------------


def _inbox(payment_ids, tokens):
    condition = Q(payment_id__in=payment_ids)
    if tokens:
        condition |= Q(order_id__in=tokens)
    return InboxItem.objects.filter(condition) if payment_ids or tokens else InboxItem.objects.none()


def _tokens(payment_ids):
    from django.apps import apps
    from django.conf import settings

    model = apps.get_model(settings.PAYMENT_MODEL)
    return [token for token in model.objects.filter(pk__in=payment_ids).values_list("token", flat=True) if token]


def saved_methods(subject, payment_ids=(), plan_method_ids=()):
    """The saved cards and e-wallets of ``subject``: by their owner's email, their first payment or
    the person's monthly plans."""
    from privacy.subjects import matching

    condition = Q(pk__in=matching(SavedPaymentMethod.objects.all(), subject, phone_field=None).values("pk"))
    if payment_ids:
        condition |= Q(first_payment_id__in=payment_ids)
    if plan_method_ids:
        condition |= Q(pk__in=plan_method_ids)
    return SavedPaymentMethod.objects.filter(condition)


def describe(subject, payment_ids, plan_method_ids=(), campaigns=None):
    """``PersonalRecord`` items: the person's saved methods, and the gateways' messages about their
    payments that name them. ``campaigns``: ``{payment id: campaign}`` for the messages."""
    campaigns = campaigns or {}
    items = []
    methods = saved_methods(subject, payment_ids, plan_method_ids)
    for method in methods:
        items.append(PersonalRecord(
            source=str(_("Saved card or e-wallet")), reference=f"{method._meta.label_lower}:{method.pk}",
            created_at=method.created_at, fields={
                str(SavedPaymentMethod._meta.get_field("provider").verbose_name): method.provider,
                str(SavedPaymentMethod._meta.get_field("label").verbose_name): method.label,
                str(SavedPaymentMethod._meta.get_field("email").verbose_name): method.email,
                str(SavedPaymentMethod._meta.get_field("status").verbose_name): method.get_status_display(),
            }))
    payment_ids = list(payment_ids)
    source = str(_("Payment gateway's message"))
    held = str(_("personal data in the message"))
    for item in _inbox(payment_ids, _tokens(payment_ids)):
        found = personal_values(_parse(item.body))
        if found:
            items.append(_message(item, source, held, found, item.received_at, campaigns.get(item.payment_id)))
    for record in GatewayTransaction.objects.filter(payment_id__in=payment_ids):
        found = personal_values(record.last_notification)
        if found:
            items.append(_message(record, source, held, found, record.created_at, campaigns.get(record.payment_id)))
    return items


def _message(row, source, held, found, created_at, campaign):
    organisation = campaign.organisation if campaign is not None else None
    return PersonalRecord(
        source=source, reference=f"{row._meta.label_lower}:{row.pk}", created_at=created_at,
        fields={str(row._meta.get_field("provider").verbose_name): row.provider,
                held: "; ".join(f"{key}: {value}" for key, value in found.items())},
        organisation=organisation.title if organisation else "", campaign=campaign.title if campaign else "",
        campaign_id=campaign.pk if campaign else None, kept_after_erasure=True)


def correct(subject, changes, payment_ids=(), plan_method_ids=()):
    """A corrected email follows on the person's saved methods (what the gateways said stays as said)."""
    if not changes.get("email"):
        return 0
    return saved_methods(subject, payment_ids, plan_method_ids).exclude(email=changes["email"]).update(
        email=changes["email"])


def scrub_payments(payment_ids):
    """Blank the personal values in what the gateways said about these payments; rows changed."""
    payment_ids = list(payment_ids)
    if not payment_ids:
        return 0
    count = 0
    for item in _inbox(payment_ids, _tokens(payment_ids)).only("pk", "body"):
        body = scrub_body(item.body)
        if body != item.body:
            InboxItem.objects.filter(pk=item.pk).update(body=body)
            count += 1
    for record in GatewayTransaction.objects.filter(payment_id__in=payment_ids).only("pk", "last_notification"):
        cleaned = scrub(record.last_notification)
        if cleaned != record.last_notification:
            GatewayTransaction.objects.filter(pk=record.pk).update(last_notification=cleaned)
            count += 1
    return count


def forget_methods(queryset):
    """Delete these saved methods (their plans are stopped first by the caller); how many."""
    deleted, _per_model = queryset.delete()
    return deleted
