"""Property-based tests of the money path: whatever the gateways, the bank and the admin do, in
whatever order and however often, the ledger, the records, the campaign page, the transparency
page and ``reconcile()`` agree.

The first test drives random sequences of events through the real code: signed notifications
POSTed to ``/payments/process/midtrans/`` and ``/payments/process/xendit/`` with Django's test
client and settled by the worker's code (``settle_now``), bank transfers through
``banktransfer.services``, and the admin's status change by hand (``apply_payment_status``). The
gateways' status APIs are answered by ``responses`` from a small model of what each gateway now
says (``MidtransTruth``, ``XenditTruth``); notifications are only ever about states the gateway
really was in (late, repeated or reordered), and refunds never exceed what arrived.

The second test is cheaper: ``finance.ledger.split`` and ``sync_record`` alone over random
sequences of counted amounts and fee percentages.
"""
import datetime
import itertools
import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from types import SimpleNamespace

import pytest
import requests
import responses
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given, note, settings, strategies as st

from banktransfer import services
from banktransfer.models import BankTransfer
from banktransfer.testing import set_bank_account
from campaigns.models import CampaignPage
from finance.ledger import recorded_parts, source_key, split, sync_record
from finance.models import MAX_FEE_PERCENTAGE, FeeSetting, LedgerEntry, MoneyFlag
from finance.reconcile import reconcile
from gateways.models import InboxItem
from gateways.testing import (ASK, MIDTRANS_API, donate, midtrans_notification, midtrans_status, pay_url, post_json,
                              settle_now, xendit_callback, xendit_headers)
from gateways.xendit import API as XENDIT_API
from plugins.donation.models import Donation
from plugins.donation.signals import apply_payment_status

Kind = LedgerEntry.Kind
Status = Donation.Status
MIDTRANS_URL = "/payments/process/midtrans/"
XENDIT_URL = "/payments/process/xendit/"
ZERO = Decimal("0")

#: Examples of the event-sequence test: about 0.6 s each on a 2-core machine; more for a longer hunt
#: (``LOKADAYA_PROPERTY_EXAMPLES=1000 make test PYTEST_ARGS=tests/test_money_properties.py``).
EXAMPLES = int(os.environ.get("LOKADAYA_PROPERTY_EXAMPLES") or 80)
#: The cheaper ledger-only test.
LEDGER_EXAMPLES = 150

_invoice_numbers = itertools.count(1)
_refund_numbers = itertools.count(1)


class _Rollback(Exception):
    """Raised at the end of each example so everything it wrote is rolled back."""


def rupiah(amount):
    return f"{amount:,}".replace(",", ".")


# -- what each gateway now says -------------------------------------------------------------

#: Midtrans' status_code per transaction_status (the signature covers it).
MIDTRANS_CODES = {"pending": "201", "deny": "202", "expire": "407"}
MIDTRANS_REFUNDED = ("partial_refund", "partial_chargeback", "refund", "chargeback")


@dataclass
class MidtransTruth:
    donation: Donation
    status: str = "pending"
    refunds: list = field(default_factory=list)  # [(refund or chargeback, amount)], cumulative

    @property
    def payment(self):
        return self.donation.payment

    @property
    def total(self):
        return int(self.payment.total)

    @property
    def refunded(self):
        return sum(amount for _kind, amount in self.refunds)

    def fields(self, status=None):
        status = status or self.status
        fields = {"status_code": MIDTRANS_CODES.get(status, "200")}
        if status in MIDTRANS_REFUNDED:
            fields["refunds"] = [
                {"refund_chargeback_id": n, "refund_amount": f"{amount}.00", "created_at": "2026-12-01 09:00:00",
                 "reason": kind, "refund_key": f"{self.payment.token}-{n}"}
                for n, (kind, amount) in enumerate(self.refunds, start=1)]
            fields["refund_amount"] = f"{self.refunded}.00"
        return fields

    def status_api(self):
        return midtrans_status(self.payment, self.status, **self.fields())

    def notification(self, status=None):
        """The notification Midtrans sends about its current state (or about ``status``, late)."""
        return Message("midtrans", json.dumps(midtrans_notification(self.payment, status or self.status,
                                                                     **self.fields(status))), {})

    # transitions; each returns True when the gateway's state changed
    def pay(self, kind):
        if self.status == "pending" or (self.status == "capture" and kind == "settlement"):
            self.status = kind
            return True
        return False

    def void(self):  # a card capture cancelled before settlement, or a pending transaction cancelled
        if self.status in ("pending", "capture"):
            self.status = "cancel"
            return True
        return False

    def deny(self):
        if self.status in ("pending", "capture"):
            self.status = "deny"
            return True
        return False

    def expire(self):
        if self.status == "pending":
            self.status = "expire"
            return True
        return False

    def refund(self, percent, kind):
        if self.status not in ("settlement", "partial_refund", "partial_chargeback"):
            return False
        remaining = self.total - self.refunded
        amount = min(remaining, max(1, remaining * percent // 100))
        self.refunds.append((kind, amount))
        self.status = kind if self.refunded == self.total else f"partial_{kind}"
        return True

    def expected(self):
        """(donation status, received, refunded) once every notification is settled; None: not checked."""
        if self.status == "pending":
            return Status.PENDING, ZERO, ZERO
        if self.status in ("cancel", "deny", "expire"):
            return Status.FAILED, None, None  # received: what a capture brought before it was voided
        if self.status in ("capture", "settlement"):
            return Status.CONFIRMED, Decimal(self.total), ZERO
        if self.status.startswith("partial_"):
            return Status.CONFIRMED, Decimal(self.total), Decimal(self.refunded)
        return Status.REFUNDED, Decimal(self.total), Decimal(self.total)


@dataclass
class XenditTruth:
    donation: Donation
    invoice_id: str
    status: str = "PENDING"
    paid: int | None = None
    refunds: dict = field(default_factory=dict)  # {refund id: amount}

    @property
    def payment(self):
        return self.donation.payment

    @property
    def refunded(self):
        return sum(self.refunds.values())

    def invoice(self, status=None):
        status = status or self.status
        data = xendit_callback(self.payment, status, id=self.invoice_id)
        if status in ("PAID", "SETTLED"):
            data["paid_amount"] = self.paid
        return data

    def refund_data(self, refund_id):
        return {"id": refund_id, "invoice_id": self.invoice_id, "payment_id": f"py-{refund_id}",
                "amount": self.refunds[refund_id], "currency": "IDR", "status": "SUCCEEDED",
                "reason": "REQUESTED_BY_CUSTOMER", "reference_id": f"{self.payment.token}-{refund_id}",
                "channel_code": "BNI", "created": "2026-12-01T03:00:00.000Z", "updated": "2026-12-01T03:00:05.000Z"}

    def notification(self, status=None):
        return Message("xendit", json.dumps(self.invoice(status)), xendit_headers())

    def refund_notification(self, refund_id):
        body = {"event": "refund.succeeded", "business_id": "5f27a14a9bf05c73dd040bc8",
                "created": "2026-12-01T03:00:05.000Z", "data": self.refund_data(refund_id)}
        return Message("xendit", json.dumps(body), xendit_headers())

    def pay(self, extra):
        if self.status != "PENDING":
            return False
        self.status, self.paid = "PAID", int(self.payment.total) + extra
        return True

    def settle(self):
        if self.status != "PAID":
            return False
        self.status = "SETTLED"
        return True

    def expire(self):
        if self.status != "PENDING":
            return False
        self.status = "EXPIRED"
        return True

    def refund(self, percent):
        if self.status not in ("PAID", "SETTLED") or self.refunded >= self.paid:
            return None
        remaining = self.paid - self.refunded
        refund_id = f"rfd-{next(_refund_numbers):08d}"
        self.refunds[refund_id] = min(remaining, max(1, remaining * percent // 100))
        return refund_id

    def expected(self):
        if self.status == "PENDING":
            return Status.PENDING, ZERO, ZERO
        if self.status == "EXPIRED":
            return Status.FAILED, ZERO, ZERO
        status = Status.REFUNDED if self.refunded >= self.paid else Status.CONFIRMED
        return status, Decimal(self.paid), Decimal(self.refunded)


@dataclass
class TransferTruth:
    donation: Donation
    transfer: BankTransfer
    status: str = "awaiting"
    received: Decimal | None = None
    late: bool = False

    def expected(self):
        if self.status == "awaiting":
            return Status.PENDING, ZERO, ZERO
        if self.status in ("expired", "rejected"):
            return Status.FAILED, ZERO, ZERO
        return Status.CONFIRMED, self.received, ZERO


@dataclass
class Message:
    gateway: str
    body: str
    headers: dict

    @property
    def url(self):
        return MIDTRANS_URL if self.gateway == "midtrans" else XENDIT_URL


class World:
    """One example: what each gateway says, what was delivered, what is held back."""

    def __init__(self, client, user):
        self.client, self.user = client, user
        self.api_down = False
        self.midtrans, self.xendit, self.transfers = [], [], []
        self.by_token = {}
        self.invoices = {}  # invoice id -> XenditTruth
        self.refund_owner = {}  # refund id -> XenditTruth
        self.delivered, self.held = [], []
        self.hand_refunded = set()

    def donations(self):
        return [t.donation for t in self.midtrans + self.xendit + self.transfers]

    # the gateways' APIs, answered by ``responses``
    def midtrans_status_api(self, request):
        if self.api_down:
            raise requests.ConnectionError("status API: connection timed out")
        token = re.search(r"/v2/([^/]+)/status", request.url).group(1)
        return 200, {}, json.dumps(self.by_token[token].status_api())

    def xendit_invoice_api(self, request):
        if self.api_down:
            raise requests.ConnectionError("invoice API: connection reset")
        invoice_id = request.url.rstrip("/").rsplit("/", 1)[-1]
        return 200, {}, json.dumps(self.invoices[invoice_id].invoice())

    def xendit_refund_api(self, request):
        if self.api_down:
            raise requests.ConnectionError("refunds API: connection reset")
        refund_id = request.url.rstrip("/").rsplit("/", 1)[-1]
        return 200, {}, json.dumps(self.refund_owner[refund_id].refund_data(refund_id))

    def xendit_create_invoice(self, request):
        body = json.loads(request.body)
        invoice_id = f"inv{next(_invoice_numbers):021d}"
        return 200, {}, json.dumps({"id": invoice_id, "external_id": body["external_id"], "status": "PENDING",
                                    "amount": body["amount"], "currency": "IDR",
                                    "invoice_url": f"https://checkout-staging.xendit.co/web/{invoice_id}"})

    # deliveries
    def deliver(self, message):
        response = post_json(self.client, message.url, message.body, **message.headers)
        assert response.status_code == 200, response.content.decode()[:500]
        assert response.json()["status"] in ("ok", "duplicate"), response.json()
        self.delivered.append(message)
        settle_now()

    def send(self, message, now=True):
        if now:
            self.deliver(message)
        else:
            self.held.append(message)

    def recover(self):
        self.api_down = False
        settle_now(through_retries=True)

    def flush(self):
        """The gateways catch up: the API answers, every held notification arrives, every retry runs."""
        self.api_down = False
        while self.held:
            self.deliver(self.held.pop(0))
        settle_now(through_retries=True)


# -- the events -------------------------------------------------------------------------------

index = st.integers(0, 7)
now_or_later = st.sampled_from([True, True, True, False])
percent = st.one_of(st.integers(1, 99), st.just(100))
overpaid = st.one_of(st.just(0), st.just(0), st.integers(1, 5_000), st.integers(5_001, 300_000))
received_delta = st.one_of(st.just(None), st.just(0), st.integers(-5_000, 5_000), st.integers(5_001, 1_000_000))
fee = st.decimals(min_value=0, max_value=MAX_FEE_PERCENTAGE, places=2)

#: Each kind of event with its weight (how often it is drawn) and its parameters.
EVENTS = {
    "mt_pay": (4, st.tuples(st.just("mt_pay"), index, st.sampled_from(["settlement", "capture"]), now_or_later)),
    "mt_refund": (6, st.tuples(st.just("mt_refund"), index, percent, st.sampled_from(["refund", "chargeback"]),
                               now_or_later)),
    "x_pay": (4, st.tuples(st.just("x_pay"), index, overpaid, now_or_later)),
    "x_refund": (6, st.tuples(st.just("x_refund"), index, percent, now_or_later, st.booleans())),
    "dup": (5, st.tuples(st.just("dup"), index, st.booleans())),
    "release": (4, st.tuples(st.just("release"), index)),
    "bt_confirm": (2, st.tuples(st.just("bt_confirm"), index, received_delta)),
    "hand_refund": (3, st.tuples(st.just("hand_refund"), index)),
    "mt_settle": (3, st.tuples(st.just("mt_settle"), index, now_or_later)),
    "mt_void": (3, st.tuples(st.just("mt_void"), index, now_or_later)),
    "mt_deny": (2, st.tuples(st.just("mt_deny"), index, now_or_later)),
    "mt_expire": (3, st.tuples(st.just("mt_expire"), index, now_or_later)),
    "mt_late": (2, st.tuples(st.just("mt_late"), index, st.sampled_from(["expire", "pending"]))),
    "x_settle": (2, st.tuples(st.just("x_settle"), index, now_or_later)),
    "x_expire": (3, st.tuples(st.just("x_expire"), index, now_or_later)),
    "x_late": (2, st.tuples(st.just("x_late"), index, st.sampled_from(["EXPIRED", "PENDING"]))),
    "outage": (2, st.tuples(st.just("outage"))),
    "recover": (1, st.tuples(st.just("recover"))),
    "bt_expire": (1, st.tuples(st.just("bt_expire"), index)),
    "bt_reject": (1, st.tuples(st.just("bt_reject"), index)),
    "bt_late": (3, st.tuples(st.just("bt_late"), index, received_delta)),
    "fee": (1, st.tuples(st.just("fee"), fee)),
}
events = st.sampled_from([kind for kind, (weight, _s) in EVENTS.items() for _n in range(weight)]).flatmap(
    lambda kind: EVENTS[kind][1])

amounts = st.one_of(st.integers(10_000, 2_000_000), st.sampled_from([10_000, 10_005, 10_009, 150_000, 333_333]))
#: How each gateway payment starts, before the random events: most are paid (so that refunds,
#: voids and chargebacks have something to act on), some with the notification held back.
midtrans_openings = st.sampled_from(["settlement", "settlement", "capture", "capture", "held", "none", "none"])
xendit_openings = st.sampled_from(["paid", "paid", "overpaid", "held", "none", "none"])
scenarios = st.fixed_dictionaries({
    "fee": fee,
    "midtrans": st.lists(st.tuples(amounts, midtrans_openings), min_size=1, max_size=2),
    "xendit": st.lists(st.tuples(amounts, xendit_openings, st.integers(1, 300_000)), min_size=1, max_size=2),
    "transfer": amounts,
    "events": st.lists(events, min_size=4, max_size=30),
})


def pick(items, i):
    return items[i % len(items)] if items else None


def apply_event(world, event):
    """Run one event against the real code; a no-op when it does not fit the gateway's state."""
    kind, *args = event
    if kind.startswith("mt_"):
        truth = pick(world.midtrans, args[0])
        if kind == "mt_pay":
            changed = truth.pay(args[1])
        elif kind == "mt_settle":
            changed = truth.pay("settlement") if truth.status == "capture" else False
        elif kind == "mt_void":
            changed = truth.void()
        elif kind == "mt_deny":
            changed = truth.deny()
        elif kind == "mt_expire":
            changed = truth.expire()
        elif kind == "mt_refund":
            changed = truth.refund(args[1], args[2])
        else:  # mt_late: an expire or pending notification arriving late (the state is unchanged)
            world.deliver(truth.notification(args[1]))
            return True
        if changed:
            world.send(truth.notification(), now=args[-1])
        return changed
    if kind.startswith("x_"):
        truth = pick(world.xendit, args[0])
        if kind == "x_refund":
            refund_id = truth.refund(args[1])
            if refund_id is None:
                return False
            world.refund_owner[refund_id] = truth
            message = truth.refund_notification(refund_id)
            world.send(message, now=args[2])
            if args[3]:  # Xendit delivers it twice, under the same webhook-id
                world.send(message, now=args[2])
            return True
        if kind == "x_late":
            world.deliver(truth.notification(args[1]))
            return True
        changed = {"x_pay": lambda: truth.pay(args[1]), "x_settle": truth.settle, "x_expire": truth.expire}[kind]()
        if changed:
            world.send(truth.notification(), now=args[-1])
        return changed
    if kind.startswith("bt_"):
        truth = pick(world.transfers, args[0])
        transfer = truth.transfer
        transfer.refresh_from_db()
        delta = args[1] if len(args) > 1 else None
        received = None if delta is None else max(Decimal(1), transfer.amount_to_pay + delta)
        if kind == "bt_confirm" and truth.status == "awaiting":
            services.confirm(transfer, world.user, received=received)
        elif kind == "bt_expire" and truth.status == "awaiting":
            BankTransfer.objects.filter(pk=transfer.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
            assert [t.pk for t in services.expire_due()] == [transfer.pk]
            truth.status = "expired"
            return True
        elif kind == "bt_reject" and truth.status == "awaiting":
            assert services.reject(transfer, world.user, "Dana belum masuk ke rekening.")
            truth.status = "rejected"
            return True
        elif kind == "bt_late" and truth.status in ("expired", "rejected"):
            services.confirm(transfer, world.user, received=received,
                             note="Dana masuk terlambat, terlihat di mutasi rekening 3 hari kemudian.")
        else:
            return False
        truth.late = truth.status != "awaiting"
        truth.status, truth.received = "confirmed", received or transfer.amount_to_pay
        return True
    if kind == "dup":
        message = pick(world.delivered, args[0])
        if message is None:
            return False
        if message.gateway == "xendit" and args[1]:  # redelivered under a new webhook-id
            message = Message("xendit", message.body, xendit_headers())
        world.deliver(message)
        return True
    if kind == "release":
        if not world.held:
            return False
        world.deliver(world.held.pop(args[0] % len(world.held)))
        return True
    if kind == "outage":
        world.api_down = True
        return True
    if kind == "recover":
        world.recover()
        return True
    if kind == "hand_refund":
        donation = pick(world.donations(), args[0])
        donation.refresh_from_db()
        if donation.status != Status.CONFIRMED:  # the admin's form allows it from confirmed only
            return False
        apply_payment_status(donation, Status.REFUNDED, note="Dikembalikan oleh OMS lewat transfer.",
                             user=world.user)
        world.hand_refunded.add(donation.pk)
        return True
    if kind == "fee":
        FeeSetting.objects.create(percentage=args[0], note="changed mid-sequence")
        return True
    raise AssertionError(f"unknown event {event}")


# -- the invariants ---------------------------------------------------------------------------

def ledger_by_record(campaign):
    sums = defaultdict(lambda: {kind: ZERO for kind in Kind.values})
    percentages = defaultdict(set)
    for source_id, kind, amount, percentage in LedgerEntry.objects.filter(
            campaign=campaign, source_type="donation.donation").values_list(
            "source_id", "kind", "amount", "fee_percentage"):
        sums[source_id][kind] += amount
        percentages[source_id].add(percentage)
    return sums, percentages


def check_ledger(campaign):
    """Per donation: the one rule, the amounts, the fee cap; the campaign's gross. Cheap (3 queries)."""
    sums, percentages = ledger_by_record(campaign)
    donations = list(Donation.objects.filter(campaign=campaign).select_related("payment").order_by("pk"))
    total = ZERO
    for donation in donations:
        label = f"donation {donation.pk} ({donation.payment.variant}, {donation.status})"
        received, refunded, counted = donation.received_amount, donation.refunded_amount, donation.counted_amount
        assert ZERO <= refunded <= received, f"{label}: refunded {refunded} > received {received}"
        if donation.status == Status.CONFIRMED:
            assert received > 0 and counted == received - refunded, label
        else:
            assert counted == 0, label
        record_percentages = percentages.get(donation.pk, set())
        assert len(record_percentages) <= 1, f"{label}: lines at several fee percentages {record_percentages}"
        percentage = next(iter(record_percentages), ZERO)
        assert percentage <= MAX_FEE_PERCENTAGE, label
        lines = sums.get(donation.pk, {kind: ZERO for kind in Kind.values})
        assert lines == split(counted, percentage), f"{label}: lines {lines}, counted {counted} at {percentage}%"
        gross, fee_part = lines[Kind.GROSS], lines[Kind.FEE]
        assert fee_part <= (gross * MAX_FEE_PERCENTAGE / 100).quantize(Decimal("1"), rounding=ROUND_DOWN), label
        assert fee_part <= (gross * percentage / 100).quantize(Decimal("1"), rounding=ROUND_DOWN), label
        assert lines[Kind.NET] + fee_part == gross and lines[Kind.PROVINCIAL] + lines[Kind.NATIONAL] == fee_part
        # The donation follows its payment.
        assert (received, refunded) == (donation.payment.received_amount, donation.payment.refunded_amount), \
            f"{label}: {received}/{refunded}, payment {donation.payment.received_amount}/" \
            f"{donation.payment.refunded_amount} ({donation.payment.status})"
        total += counted
    ledger_gross = sum((s[Kind.GROSS] for s in sums.values()), ZERO)
    assert ledger_gross == total, f"ledger gross {ledger_gross}, donations count {total}"
    return ledger_gross


def check_everything(world, campaign):
    gross = check_ledger(campaign)
    shown = CampaignPage.totals(CampaignPage.objects.get(pk=campaign.pk).get_progress())["money"]
    assert Decimal(shown) == gross, f"campaign page shows {shown}, ledger gross {gross}"
    response = world.client.get(f"/id/transparansi/kampanye/{campaign.pk}/", {"format": "json"})
    assert response.status_code == 200
    assert Decimal(response.json()["gross"]) == gross, f"transparency {response.json()}, ledger gross {gross}"
    report = reconcile()
    assert report.ok, "reconcile found differences:\n" + "\n".join(str(d) for d in report.differences)


def check_caught_up(world):
    """Once every notification is settled, each donation is what its gateway (or the OMS) says."""
    problems = InboxItem.objects.exclude(status__in=[InboxItem.Status.APPLIED, InboxItem.Status.UNCHANGED,
                                                     InboxItem.Status.OVERRULED])
    assert not problems.exists(), [(i.claimed_status, i.status, i.last_error) for i in problems]
    for truth in world.midtrans + world.xendit + world.transfers:
        donation = truth.donation
        donation.refresh_from_db()
        actual = (donation.status, donation.received_amount, donation.refunded_amount)
        if donation.pk in world.hand_refunded:
            assert donation.status == Status.REFUNDED and donation.refunded_amount == donation.received_amount, actual
            continue
        status, received, refunded = truth.expected()
        label = f"donation {donation.pk} ({donation.payment.variant}, gateway says {getattr(truth, 'status', '')})"
        if status == Status.REFUNDED and donation.status == Status.FAILED:
            pass  # refunded before its payment was ever heard of: it never counted, it simply failed
        else:
            assert donation.status == status, f"{label}: {actual}"
        if received is not None:
            assert (donation.received_amount, donation.refunded_amount) == (received, refunded), f"{label}: {actual}"
        # Money that arrived otherwise than asked is flagged for national finance, once per kind.
        flags = dict(MoneyFlag.objects.filter(source_type="donation.donation", source_id=donation.pk)
                     .values_list("kind", "received"))
        asked = truth.transfer.amount_to_pay if isinstance(truth, TransferTruth) else donation.payment.total
        if received and status != Status.FAILED:
            assert (MoneyFlag.Kind.OVERPAYMENT in flags) == (received > asked), f"{label}: flags {flags}"
            assert (MoneyFlag.Kind.UNDERPAYMENT in flags) == (received < asked), f"{label}: flags {flags}"
        if isinstance(truth, TransferTruth):
            assert (MoneyFlag.Kind.LATE in flags) == truth.late, f"{label}: flags {flags}"


# -- the test ---------------------------------------------------------------------------------

#: Found by this test (fixed in plugins/donation/signals.py): a donation marked refunded by hand
#: while its payment still said confirmed; reconcile() reported the two apart, and the gateway's
#: next notification could set the payment's refunded amount back.
HAND_REFUND_THEN_GATEWAY = {
    "fee": Decimal("5.00"), "midtrans": [(10_000, "settlement")], "xendit": [(150_000, "none", 1)],
    "transfer": 10_005,
    "events": [("hand_refund", 0), ("dup", 0, False), ("x_pay", 0, 0, True), ("x_refund", 0, 50, True, False),
               ("bt_confirm", 0, 300), ("hand_refund", 2), ("release", 0)],
}
#: Found by this test (fixed in gateways/xendit.py): a refund of more than the total heard of
#: before the PAID callback of an overpaid invoice made the donation refunded (and failed),
#: although part of what arrived was never given back.
XENDIT_REFUND_BEFORE_OVERPAYMENT = {
    "fee": Decimal("7.33"), "midtrans": [(10_000, "none")], "xendit": [(10_000, "none", 1)], "transfer": 10_000,
    "events": [("x_pay", 0, 4_723, False), ("x_refund", 0, 68, True, False)],
}


@pytest.fixture
def gateways():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def deterministic_codes(monkeypatch):
    """Bank transfer unique codes are chosen at random; here the same one each run (repeatable examples)."""
    monkeypatch.setattr(services, "choose", lambda candidates: candidates[len(candidates) // 2])


def test_random_money_events_keep_every_invariant(db, home_page, organisation, make_campaign, gateways,
                                                  deterministic_codes):
    set_bank_account(organisation)
    campaign = make_campaign(asks=[("donation", ASK)], title="Lampu Jalan Kampung Nelayan")
    user = get_user_model().objects.create_user("keuangan-oms", password="rahasia-123")
    current = {}

    def answer(method):
        return lambda request: getattr(current["world"], method)(request)

    gateways.add_callback(responses.GET, re.compile(re.escape(MIDTRANS_API) + r"/v2/[^/]+/status"),
                          callback=answer("midtrans_status_api"))
    gateways.add_callback(responses.GET, re.compile(re.escape(XENDIT_API) + r"/v2/invoices/[^/]+"),
                          callback=answer("xendit_invoice_api"))
    gateways.add_callback(responses.GET, re.compile(re.escape(XENDIT_API) + r"/refunds/[^/]+"),
                          callback=answer("xendit_refund_api"))
    gateways.add_callback(responses.POST, f"{XENDIT_API}/v2/invoices", callback=answer("xendit_create_invoice"))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=False,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(scenario=scenarios)
    @example(scenario=HAND_REFUND_THEN_GATEWAY)
    @example(scenario=XENDIT_REFUND_BEFORE_OVERPAYMENT)
    def run(scenario):
        world = current["world"] = World(Client(), user)
        try:
            with transaction.atomic():
                play(world, campaign, scenario)
                raise _Rollback
        except _Rollback:
            pass

    run()


def play(world, campaign, scenario):
    FeeSetting.objects.create(percentage=scenario["fee"], note="this example's fee")
    opening = []
    for number, (amount, start) in enumerate(scenario["midtrans"]):
        truth = MidtransTruth(donate(world.client, campaign, "midtrans", amount=rupiah(amount)))
        world.midtrans.append(truth)
        world.by_token[truth.payment.token] = truth
        if start != "none":
            opening.append(("mt_pay", number, "settlement" if start == "held" else start, start != "held"))
    for number, (amount, start, extra) in enumerate(scenario["xendit"]):
        if start != "none":
            opening.append(("x_pay", number, extra if start == "overpaid" else 0, start != "held"))
        donation = donate(world.client, campaign, "xendit", amount=rupiah(amount))
        assert world.client.get(pay_url(donation)).status_code == 302  # the invoice is created
        donation.payment.refresh_from_db()
        truth = XenditTruth(donation, donation.payment.transaction_id)
        world.xendit.append(truth)
        world.invoices[truth.invoice_id] = truth
    donation = donate(world.client, campaign, "transfer", amount=rupiah(scenario["transfer"]))
    assert world.client.get(pay_url(donation)).status_code == 302  # the transfer is opened
    world.transfers.append(TransferTruth(donation, BankTransfer.objects.get(payment=donation.payment)))

    for event in opening + scenario["events"]:
        if apply_event(world, event):
            note(f"{event} -> " + ", ".join(f"{d.pk}:{d.status}/{d.received_amount}/{d.refunded_amount}" for d in (
                Donation.objects.filter(campaign=campaign).order_by("pk"))))
            check_ledger(campaign)
    # Mid-flight: notifications held back, the status API perhaps down, retries waiting.
    check_everything(world, campaign)
    world.flush()
    check_everything(world, campaign)
    check_caught_up(world)


# -- the ledger alone -------------------------------------------------------------------------

def floor_fee(gross, percentage):
    return (abs(gross) * percentage / 100).quantize(Decimal("1"), rounding=ROUND_DOWN)


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(gross=st.integers(-10**15, 10**15), percentage=fee)
def test_split_parts_always_add_up(gross, percentage):
    parts = split(gross, percentage)
    assert parts[Kind.GROSS] == gross
    assert parts[Kind.NET] + parts[Kind.FEE] == gross
    assert parts[Kind.PROVINCIAL] + parts[Kind.NATIONAL] == parts[Kind.FEE]
    assert abs(parts[Kind.FEE]) == floor_fee(gross, percentage) <= floor_fee(gross, MAX_FEE_PERCENTAGE)
    assert split(-gross, percentage) == {kind: -amount for kind, amount in parts.items()}
    if gross >= 0:
        assert all(amount >= 0 for amount in parts.values())


ledger_steps = st.lists(st.one_of(
    st.tuples(st.just("count"), st.one_of(st.integers(0, 10**12), st.integers(0, 200_000), st.just(0))),
    st.tuples(st.just("fee"), fee),
), min_size=1, max_size=15)


def test_sync_record_nets_to_the_split_of_the_last_counted(db, home_page, make_campaign):
    campaign = make_campaign(title="Buku untuk Perpustakaan Desa")
    records = itertools.count(1)

    @settings(max_examples=LEDGER_EXAMPLES, deadline=None, derandomize=True, database=None)
    @given(first_fee=fee, steps=ledger_steps)
    def run(first_fee, steps):
        try:
            with transaction.atomic():
                FeeSetting.objects.create(percentage=first_fee)
                record = SimpleNamespace(_meta=SimpleNamespace(label_lower="tests.record"), pk=next(records))
                source = source_key(record)
                percentage, counted, before = None, ZERO, 0
                for number, (step, value) in enumerate(steps):
                    if step == "fee":
                        FeeSetting.objects.create(percentage=value)
                        continue
                    value = Decimal(value)
                    if percentage is None and value > 0:
                        percentage = FeeSetting.current()  # a record keeps the fee of its first lines
                    expected_write = split(value, percentage or 0) != split(counted, percentage or 0)
                    written = sync_record(record, campaign, value, f"event-{number}")
                    assert written == expected_write
                    assert sync_record(record, campaign, value, f"again-{number}") is False  # idempotent
                    counted = value
                    lines, line_percentage, references = recorded_parts(*source)
                    assert line_percentage == (percentage if percentage is not None else None)
                    assert lines == split(counted, percentage or 0)
                    assert lines[Kind.FEE] == floor_fee(counted, percentage or 0)
                    assert lines[Kind.FEE] <= floor_fee(counted, MAX_FEE_PERCENTAGE)
                    assert lines[Kind.NET] + lines[Kind.FEE] == lines[Kind.GROSS] == counted
                    assert lines[Kind.PROVINCIAL] + lines[Kind.NATIONAL] == lines[Kind.FEE]
                    rows = LedgerEntry.objects.filter(source_type=source[0], source_id=source[1])
                    count = rows.count()
                    assert count % 5 == 0 and count == before + (5 if written else 0)
                    assert set(rows.values_list("fee_percentage", flat=True)) <= {percentage}
                    before = count
                raise _Rollback
        except _Rollback:
            pass

    run()
