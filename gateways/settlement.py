"""Settling the gateways' inbox in the task worker: ask the gateway, apply, retry, give up loudly.

The invariants this module keeps:

* **One settler per notification.** Rows are claimed with ``SELECT ... FOR UPDATE SKIP LOCKED``
  and a lease (``claimed_until``); a worker that dies mid-way leaves its rows to be claimed again
  when the lease runs out. Applying is idempotent anyway (``webhooks.apply`` only moves forward).
* **No transaction waits on a gateway.** The status API is asked outside any transaction, with
  the client's timeout; its answer is then applied under the payment's row lock, and never over
  an answer that was asked for later (``GatewayTransaction.checked_at``).
* **Nothing is dropped.** A gateway that cannot be asked, or any other error, is retried with
  backoff (``BACKOFF``); after the last attempt the row is ``dead``: listed in the admin for
  national finance, who can queue it again (``retry``). A notification that is ahead of the
  status API (the gateway has not caught up) is asked about again ``LAG_RETRIES`` times before
  the status API's word is applied and the row is marked ``overruled``.
* Many notifications are settled at once: the calls to the gateways run in a thread pool
  (``GATEWAY_SETTLEMENT_THREADS``), since each mostly waits on the network; the database work
  stays in the worker's own thread, one row at a time, on one connection per worker process
  (only the payments of a claimed batch are read in one query). The cache stamps that follow
  each confirmation (page cache, network figures) are merged over 0.2 s (``lokadaya.coalesce``).
"""
import datetime
import json
from collections import Counter
from dataclasses import dataclass
import logging
import sys
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from payments import get_payment_model
from payments.core import provider_factory

from lokadaya import coalesce

from .models import GatewayTransaction, InboxItem
from .webhooks import Rejected, Unavailable, apply, lock_for_settlement, would_change

logger = logging.getLogger("lokadaya.payments")

Status = InboxItem.Status

#: Seconds to wait before the next attempt, after attempt 1, 2, ...; then the row is dead.
BACKOFF = (10, 30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600)
#: Attempts a notification ahead of the status API waits for the gateway to catch up.
LAG_RETRIES = 3
LEASE = datetime.timedelta(minutes=5)
WAKE_KEY = "gateways:settle:woken"
WAKE_SECONDS = 5
#: Set while a second settlement task is queued to share a large backlog (another worker process).
FAN_OUT_KEY = "gateways:settle:fan-out"
#: Seconds a thread may hold the GIL while another waits for it, during a drain (see ``drain``).
SWITCH_INTERVAL = 0.0005


def threads():
    return max(1, int(getattr(settings, "GATEWAY_SETTLEMENT_THREADS", 32)))


def batch_size():
    """Rows claimed at a time: enough to keep every thread busy twice over, few enough that a row
    does not wait long behind slow ones and other worker processes get their share."""
    return 2 * threads()


def wake():
    """Make sure a settlement task runs soon; at most one is queued at a time (through the cache).

    Never raises: the notification is already stored, and the scheduled sweep (every minute)
    settles it even if no task could be queued now.
    """
    from .tasks import settle_inbox

    try:
        if cache.add(WAKE_KEY, 1, timeout=WAKE_SECONDS):
            settle_inbox.enqueue()
    except Exception:  # noqa: BLE001 - the queue or the cache is down; the sweep catches up
        logger.exception("Could not queue the settlement of gateway notifications; the sweep will")
        try:
            cache.delete(WAKE_KEY)
        except Exception:  # noqa: BLE001
            pass


def due(now=None):
    now = now or timezone.now()
    return (InboxItem.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)))


def claim(limit=None):
    """Claim up to ``limit`` due rows for this worker; the rows, oldest first."""
    now = timezone.now()
    with transaction.atomic():
        items = list(due(now).select_for_update(skip_locked=True).order_by("next_attempt_at", "pk")
                     [:limit or batch_size()])
        if items:
            InboxItem.objects.filter(pk__in=[item.pk for item in items]).update(
                claimed_until=now + LEASE, attempts=F("attempts") + 1)
            for item in items:
                item.attempts += 1
                item.claimed_until = now + LEASE
    return items


def _finish(item, status, gateway_status="", error=""):
    InboxItem.objects.filter(pk=item.pk).update(status=status, gateway_status=gateway_status[:40],
                                                last_error=error[:2000], claimed_until=None,
                                                settled_at=timezone.now())


def _later(item, error, lag=False):
    """Try ``item`` again after its backoff, or mark it dead after the last attempt."""
    limit = LAG_RETRIES if lag else len(BACKOFF)
    if item.attempts >= limit:
        if lag:
            return False  # the caller applies the status API's word
        logger.error("%s: notification %s for order %s failed %s times, needs a person: %s", item.provider,
                     item.pk, item.order_id, item.attempts, error)
        _finish(item, Status.DEAD, error=error)
        return True
    delay = BACKOFF[min(item.attempts, len(BACKOFF)) - 1]
    InboxItem.objects.filter(pk=item.pk).update(next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay),
                                                last_error=error[:2000], claimed_until=None)
    logger.warning("%s: notification %s for order %s tried again in %s s: %s", item.provider, item.pk,
                   item.order_id, delay, error)
    return True


@dataclass
class _Work:
    """One row between its phases: read (database), ask (network), apply (database)."""

    item: InboxItem
    payment: object = None
    provider: object = None
    verdict: object = None
    checked: object = None
    needs_asking: bool = False  # the verdict would change the payment: the gateway must confirm it
    batch: dict = None  # {order id: payment} read for the whole claimed batch at once; None: read its own
    error: Exception = None
    status: str = ""  # set when the row is done before it is applied


def settle_item(item):
    """Settle one claimed inbox row (an ``InboxItem``, or its id), all in this thread; its status."""
    if not isinstance(item, InboxItem):
        item = InboxItem.objects.get(pk=item)
    work = _guarded(_read, _Work(item))
    if not work.status:
        _ask(work)
        work = _guarded(_apply, work)
    return work.status


def _guarded(phase, work):
    """Run a database phase; anything unexpected is retried later, then listed as dead."""
    try:
        phase(work)
    except Exception as error:  # noqa: BLE001
        item = work.item
        logger.exception("%s: notification %s could not be settled", item.provider, item.pk)
        _later(item, f"{type(error).__name__}: {error}")
        work.status = InboxItem.objects.values_list("status", flat=True).get(pk=item.pk)
    return work


def _guarded_payments(items):
    """The payments of claimed ``items`` in one query; None if that failed (each row reads its own,
    and its error is handled per row). An order notified twice in the batch is left out: each of its
    rows reads its own instance, as the phases change the instance they are given."""
    once = Counter(item.order_id for item in items)
    order_ids = [order_id for order_id, count in once.items() if count == 1]
    if not order_ids:
        return None
    try:
        return _payments(order_ids)
    except Exception:  # noqa: BLE001
        logger.exception("Could not read the payments of %s claimed notifications at once", len(items))
        return None


def _read(work):
    """Phase 1 (database): the payment, and what the notification says of it."""
    item = work.item
    if work.batch is not None and item.order_id in work.batch:
        payment = work.batch[item.order_id]
    else:
        payment = _payments([item.order_id]).get(item.order_id)
    if payment is None:
        _finish(item, Status.DEAD, error="unknown order id")
        work.status = Status.DEAD
        return
    work.payment, work.provider = payment, _provider(item.variant)
    try:
        record = payment.gateway
    except GatewayTransaction.DoesNotExist:
        record = GatewayTransaction(payment=payment, provider=work.provider.name)
    try:
        work.verdict = work.checked = work.provider.verdict(payment, json.loads(item.body, parse_float=Decimal))
    except Rejected as error:
        work.error = error
        return
    work.needs_asking = would_change(payment, record, work.verdict)


def _ask(work):
    """Phase 2 (network, no database): the gateway's own word, where something would change."""
    if work.error is not None or not work.needs_asking:
        return
    try:
        work.checked = work.provider.confirm(work.payment, work.verdict)
    except (Unavailable, Rejected) as error:
        work.error = error


def _apply(work):
    """Phase 3 (database): apply the gateway's word under the payment's row lock."""
    item, verdict, checked, error = work.item, work.verdict, work.checked, work.error
    if isinstance(error, Unavailable):
        _later(item, f"the gateway could not be asked: {error}")
        work.status = Status.PENDING
        return
    if isinstance(error, Rejected):
        logger.error("%s: notification %s for order %s cannot be settled: %s", item.provider, item.pk,
                     item.order_id, error.message)
        _finish(item, Status.DEAD, error=error.message)
        work.status = Status.DEAD
        return
    overruled = (checked.status, checked.gateway_status) != (verdict.status, verdict.gateway_status)
    if overruled and verdict.moves_money and _later(
            item, f"notified {verdict.gateway_status}, the status API says {checked.gateway_status}", lag=True):
        work.status = Status.PENDING
        return
    with transaction.atomic():
        locked, record = lock_for_settlement(work.payment, work.provider.name)
        # The payment may have moved since it was read (another row of the same order settled
        # meanwhile): what the status API was not asked about must not change it now.
        unasked = checked is verdict and would_change(locked, record, verdict)
        stale = (checked.checked_at is not None and record.checked_at is not None
                 and checked.checked_at < record.checked_at)
        changed = False if stale or unasked else apply(locked, record, checked)
        status = Status.OVERRULED if overruled else Status.APPLIED if changed else Status.UNCHANGED
        if not unasked:  # the row's outcome commits with the money it moved, or not at all
            _finish(item, status, gateway_status=checked.gateway_status)
    if unasked:
        _later(item, "the payment changed while this was settled; the gateway is asked again")
        work.status = Status.PENDING
        return
    if overruled:
        logger.warning("%s: order %s notified as %s, but the gateway's status is %s; acted on the latter",
                       item.provider, item.order_id, verdict.gateway_status, checked.gateway_status)
    work.status = status


def _payments(order_ids):
    """``{order id: payment}`` for the orders of claimed rows, in one query."""
    found = {}
    for payment in (get_payment_model().objects.select_related("gateway").filter(token__in=set(order_ids))
                    .order_by("pk")):
        found.setdefault(payment.token, payment)  # tokens are unique uuid4s; the oldest, as ever
    return found


_providers = {}


@receiver(setting_changed)
def _forget_providers(setting, **kwargs):
    if setting == "PAYMENT_VARIANTS":
        _providers.clear()


def _provider(variant):
    """The provider of ``variant``, built once per process (providers keep no per-payment state)."""
    provider = _providers.get(variant)
    if provider is None:
        provider = _providers[variant] = provider_factory(variant)
    return provider


def _fan_out():
    """A full batch was claimed, so more may be waiting: queue one more settlement task, which
    another worker process (``worker --processes``) takes up. At most one is queued at a time."""
    from .tasks import settle_inbox

    try:
        if cache.add(FAN_OUT_KEY, 1, timeout=WAKE_SECONDS):
            settle_inbox.enqueue()
    except Exception:  # noqa: BLE001 - only a speed-up; this process settles them anyway
        logger.exception("Could not queue another settlement task")


def drain(max_rows=None):
    """Settle every due row (at most ``max_rows``); ``{status: count}`` of what was settled.

    The database work runs in this thread, one row at a time; only the calls to the gateways run
    in a thread pool (they mostly wait on the network). As calls finish, more rows are claimed, so
    one slow answer never holds up the others, and a process keeps one database connection.
    """
    # The confirmations' cache stamps (page cache figures, network figures) are merged: a flood's
    # rows would otherwise ask Redis the same thing three or four times each.
    with coalesce.coalescing():
        size = threads()
        if size == 1:
            return _drain_one_by_one(max_rows)
        before = sys.getswitchinterval()
        # The database thread gives up the GIL on every query, and a gateway thread parsing an answer
        # would then keep it for up to the default 5 ms: the serial database work is what limits
        # throughput, so it gets the GIL back sooner (measured: backlog drained 102 -> 109 /s).
        sys.setswitchinterval(SWITCH_INTERVAL)
        try:
            counts = {}

            def count(work):
                counts[work.status] = counts.get(work.status, 0) + 1

            return _drain_with_pool(size, max_rows, count, counts)
        finally:
            sys.setswitchinterval(before)


def _drain_one_by_one(max_rows):
    """``drain`` without a pool (``GATEWAY_SETTLEMENT_THREADS = 1``): each row in turn, in this thread."""
    counts = {}
    while max_rows is None or sum(counts.values()) < max_rows:
        items = claim(1)
        if not items:
            break
        status = settle_item(items[0])
        counts[status] = counts.get(status, 0) + 1
    return counts


def _drain_with_pool(size, max_rows, count, counts):
    """``drain`` with ``size`` threads asking the gateways.

    Rows are claimed whenever a quarter of the pool is free, also between two applies: the next
    rows are then being asked about while this thread applies the answers already in, so it never
    sits idle for a gateway's latency after each batch (measured: a 200 ms status API left each
    worker process idle about a third of the time when it claimed only once a batch was applied).
    """
    state = {"claimed": 0, "exhausted": False}
    asking = {}

    def room():
        return max_rows is None or state["claimed"] < max_rows

    def top_up(pool):
        free = size - len(asking)
        # In handfuls (a quarter of the pool at least): each claim is a query.
        if state["exhausted"] or free < max(1, size // 4) or not room():
            return
        limit = free if max_rows is None else min(free, max_rows - state["claimed"])
        items = claim(limit)
        state["claimed"] += len(items)
        state["exhausted"] = len(items) < limit
        if items and not state["exhausted"]:
            _fan_out()  # more rows are waiting than this process takes at once: another may help
        batch = _guarded_payments(items)
        for item in items:
            work = _guarded(_read, _Work(item, batch=batch))
            if work.status:
                count(work)
            else:
                asking[pool.submit(_ask, work)] = work

    with ThreadPoolExecutor(max_workers=size, thread_name_prefix="gateway-call") as pool:
        while True:
            top_up(pool)
            if not asking:
                if state["exhausted"] or not room():
                    break
                continue
            done, _pending = wait(list(asking), timeout=coalesce.MAX_DELAY, return_when=FIRST_COMPLETED)
            coalesce.flush_due()  # the stamps of rows applied before a wait for slow gateways
            for future in done:
                work = asking.pop(future)
                future.result()  # _ask keeps its own errors on the work; anything else is a bug
                count(_guarded(_apply, work))
                top_up(pool)
            if done and state["exhausted"] and room():
                state["exhausted"] = False  # rows may have arrived meanwhile: look again when there is room
    return counts


def run():
    """The settlement task: drain, let the next wake-up queue a task, and drain what came meanwhile."""
    counts = drain()
    cache.delete(WAKE_KEY)
    # A notification stored after the last claim but before the delete found the key set and
    # queued nothing: it is due now, so take it here.
    while due().exists():
        for status, count in drain().items():
            counts[status] = counts.get(status, 0) + count
    return counts


def retry(item_ids, user=None):
    """Queue dead or overruled rows again (national finance, from the admin); how many."""
    with transaction.atomic():
        count = (InboxItem.objects.filter(pk__in=item_ids, status__in=[Status.DEAD, Status.OVERRULED])
                 .update(status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_until=None,
                         last_error=""))
        if count:
            logger.info("%s queued %s gateway notifications again", getattr(user, "username", "?"), count)
            transaction.on_commit(wake)
    return count
