"""Does a campaign take support, and if not, why? One answer for every door money or pledges come through.

The invariants this module keeps:

* **One decision.** :func:`support_verdict` is the only place that says whether a campaign takes
  support. The campaign page (its buttons and notices), the pledge route of every plugin
  (``CampaignPage.pledge``), the donation's payment start (``plugins/donation/views.pay``), the
  bank transfer's opening (``banktransfer/services.open_transfer``) and disbursements
  (``finance/ledger.record_disbursement``) all ask it; none decides on its own.
* **Nothing committed after a freeze.** :func:`lock_for_support` takes a ``FOR KEY SHARE`` lock on
  the campaign's row and then reads the verdict; a freeze, clearance or closure
  (``reports/moderation.py``) takes ``FOR UPDATE`` on the same row. So a pledge either commits
  before the freeze (and the moderator sees it) or waits and is then refused. ``KEY SHARE`` is the
  weakest row lock: pledges do not wait for each other nor for an editor saving the page, only
  for a moderator's decision (PostgreSQL already takes it for the pledge's foreign key).
* **Money already received stays.** A verdict only refuses *new* things: pledges, starting a
  payment, opening a transfer, paying out. Confirmations of money that arrived, refunds and the
  ledger lines they write are never refused here.

Reasons, in the order they are checked (the first that applies is the answer):

=================  ==========  ==============  ========
reason             new pledge  payment start   payout
=================  ==========  ==============  ========
closed (moderat.)  refused     refused         refused
frozen             refused     refused         refused
OMS not verified   refused     refused         refused
no valid permit    money only  refused         allowed
not published      refused     allowed         allowed
upcoming / ended   refused     allowed         allowed
=================  ==========  ==============  ========

A pledge made while the campaign was open may still be paid after its end date; an ended
campaign's balance is still paid out. Money is held back only for the first three reasons.

"No valid permit" is asked only for money (``money=True``: a pledge of a type that
``raises_money``, a payment start, a bank transfer's opening, a monthly charge): when the platform's
``PermitPolicy`` requires one for the campaign's collection and no verified permit covers today
(``permits.rules``), money stops; goods, volunteers and signatures go on, and money already
received is paid out.
"""
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CLOSED = "closed"
FROZEN = "frozen"
OMS_UNVERIFIED = "oms_unverified"
NOT_LIVE = "not_live"
UPCOMING = "upcoming"
ENDED = "ended"
PERMIT_MISSING = "permit_missing"

#: Reasons that also stop money: a payment start, a bank transfer's opening, a disbursement.
MONEY_REASONS = frozenset({CLOSED, FROZEN, OMS_UNVERIFIED, PERMIT_MISSING})


@dataclass(frozen=True)
class Verdict:
    """Whether a campaign takes support; ``reason`` is None when it does."""

    reason: str | None = None
    public_note: str = ""
    start_date: object = None

    @property
    def open(self):
        return self.reason is None

    @property
    def money_blocked(self):
        return self.reason in MONEY_REASONS

    @property
    def under_moderation(self):
        return self.reason in (CLOSED, FROZEN)

    @property
    def message(self):
        """What to tell the visitor, translated."""
        if self.reason == CLOSED:
            return _("This campaign was closed by the provincial network's moderators and takes no more "
                     "support. Money already given stays accounted for in its finances.")
        if self.reason == FROZEN:
            return _("Under review: this campaign is being reviewed by the provincial network's moderators "
                     "and takes no support for now. Money already given is safe and accounted for.")
        if self.reason == OMS_UNVERIFIED:
            return _("The organisation running this campaign is not verified yet, so the campaign cannot "
                     "take support.")
        if self.reason == PERMIT_MISSING:
            return _("This campaign cannot take money for now: its public fundraising permit (izin PUB) is "
                     "missing, expired or not verified yet. Other ways to help stay open.")
        if self.reason == NOT_LIVE:
            return _("This campaign is not published.")
        if self.reason == UPCOMING:
            return _("This campaign is not open yet: it takes support from %(date)s.") % {
                "date": _format_date(self.start_date)}
        if self.reason == ENDED:
            return _("This campaign has ended and no longer takes support. Thank you for wanting to help.")
        return ""


def _format_date(value):
    from django.utils.formats import date_format

    return date_format(value, "j F Y") if value else ""


def _source(campaign):
    return getattr(campaign, "source", campaign)


def standing_of(campaign):
    """The moderation state row of ``campaign`` (its default-language page), or None."""
    from .models import CampaignStanding

    return CampaignStanding.objects.filter(campaign_id=_source(campaign).pk).first()


def support_verdict(campaign, organisation=None, standing=..., money=False):
    """Whether ``campaign`` (a ``CampaignPage``, any language) takes support now, and why not.

    ``money``: the support is money from the public, so a missing public fundraising permit
    refuses it too (when the platform requires one).

    ``organisation``: its OMS page when the caller has it already (saves two queries; the
    verification is the same in every language). ``standing``: the ``CampaignStanding`` row when
    the caller has just read it under a lock.
    """
    from .models import CampaignStanding

    if standing is ...:
        standing = standing_of(campaign)
    if standing is not None and standing.state == CampaignStanding.State.CLOSED:
        return Verdict(CLOSED, public_note=standing.public_note)
    if standing is not None and standing.state == CampaignStanding.State.FROZEN:
        return Verdict(FROZEN)
    if organisation is None:
        organisation = campaign.organisation
    if organisation is None or not organisation.is_verified:
        return Verdict(OMS_UNVERIFIED)
    if money:
        from permits.rules import permit_blocks_money

        if permit_blocks_money(_source(campaign)):
            return Verdict(PERMIT_MISSING)
    if not campaign.live:
        return Verdict(NOT_LIVE)
    today = timezone.localdate()
    if campaign.closed or (campaign.end_date and campaign.end_date < today):
        return Verdict(ENDED)
    if campaign.start_date and campaign.start_date > today:
        return Verdict(UPCOMING, start_date=campaign.start_date)
    return Verdict()


def _lock_row(campaign_pk):
    """``FOR KEY SHARE`` on the campaign's row (PostgreSQL); elsewhere a plain row lock where there is one."""
    from campaigns.models import CampaignPage

    alias = router.db_for_write(CampaignPage)
    connection = connections[alias]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(CampaignPage._meta.db_table)
        column = connection.ops.quote_name(CampaignPage._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s FOR KEY SHARE", [campaign_pk])
    else:  # SQLite serialises writers anyway; select_for_update is a no-op there.
        list(CampaignPage.objects.using(alias).select_for_update().filter(pk=campaign_pk).values_list("pk"))


def lock_for_support(campaign, organisation=None, money=False):
    """Lock ``campaign`` against a moderator's decision until the transaction ends; its fresh verdict
    (``money``: as for ``support_verdict``).

    Call inside ``transaction.atomic()``, before writing the pledge, payment or transfer.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_support() must be called inside transaction.atomic()")
    _lock_row(_source(campaign).pk)
    return support_verdict(campaign, organisation=organisation, money=money)


def lock_for_decision(campaign):
    """``FOR UPDATE`` on the campaign's row: waits for pledges in flight, holds new ones back.

    Used by the moderators' decisions and by disbursements. Call inside ``transaction.atomic()``.
    """
    from campaigns.models import CampaignPage

    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_decision() must be called inside transaction.atomic()")
    return CampaignPage.objects.select_for_update().get(pk=_source(campaign).pk)
