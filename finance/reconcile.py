"""Reconciliation: does every figure the site shows follow from the money that arrived?

The checks, each a list of ``Difference``:

1. **Records vs ledger**: each money record's ledger lines net, kind by kind, to exactly
   ``split(counted)`` (the one rule of ``finance.ledger``); lines whose record is unknown are
   reported too. The fee percentage of a record never exceeds the legal cap.
2. **Plugins' own consistency** (``money_problems``): e.g. a donation's amounts vs its payment's.
3. **Campaigns, OMS, provinces**: the ledger's gross per campaign, OMS and province equals the
   sum of what their records count; the campaign page's money (``get_progress``, the same call
   the page makes) equals the campaign's ledger gross.
4. **Transparency pages vs ledger**: the campaign, OMS and province pages' JSON (rendered by the
   real views) show the ledger's sums; no balance is below zero.
5. **Balances vs lines**: every ``LedgerBalance`` (what pages read) equals the sum and count of
   its lines, and every line has its balance.
6. **Kept counts vs records** (``count_problems``): e.g. a petition's running total of confirmed
   signatures vs the signatures.

``manage.py reconcile`` prints every difference and exits non-zero when there is any.
"""
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.http import Http404
from django.test import RequestFactory

from campaigns.plugins import registry

from .ledger import split
from .models import MAX_FEE_PERCENTAGE, Disbursement, LedgerBalance, LedgerEntry

ZERO = Decimal("0")
Kind = LedgerEntry.Kind


@dataclass(frozen=True)
class Difference:
    scope: str  # "record", "campaign", "organisation", "province", "balance", "page", "plugin", "count"
    key: str
    what: str
    expected: object = None
    actual: object = None

    def __str__(self):
        figures = f": expected {self.expected}, found {self.actual}" if self.expected is not None else ""
        return f"[{self.scope} {self.key}] {self.what}{figures}"


@dataclass
class Report:
    differences: list
    records: int = 0
    campaigns: int = 0
    organisations: int = 0
    provinces: int = 0

    @property
    def ok(self):
        return not self.differences


def _ledger_by_record():
    """``{(source_type, source_id): ({kind: sum}, fee percentage, campaign_id)}`` in one pass."""
    by_record = {}
    rows = (LedgerEntry.objects.values("source_type", "source_id", "kind", "campaign_id")
            .annotate(total=Sum("amount")).order_by())
    percentages = dict(((row["source_type"], row["source_id"]), row["fee_percentage"]) for row in
                       LedgerEntry.objects.values("source_type", "source_id", "fee_percentage").distinct().order_by())
    for row in rows:
        key = (row["source_type"], row["source_id"])
        sums, _pct, _campaign = by_record.setdefault(key, ({kind: ZERO for kind in Kind.values},
                                                           percentages.get(key), row["campaign_id"]))
        sums[row["kind"]] += row["total"]
    return by_record


def check_records(differences):
    """1 and 2: every record against its lines; returns ``{campaign_id: counted}``."""
    ledger = _ledger_by_record()
    counted_by_campaign = defaultdict(lambda: ZERO)
    seen = set()
    records = 0
    for plugin_records in registry.hook.money_records():
        for record in plugin_records or ():
            records += 1
            key = (record.source_type, record.source_id)
            seen.add(key)
            counted_by_campaign[record.campaign_id] += record.counted
            sums, percentage, campaign_id = ledger.get(key, ({kind: ZERO for kind in Kind.values}, None, None))
            label = f"{record.source_type} {record.source_id}"
            if percentage is not None and percentage > MAX_FEE_PERCENTAGE:
                differences.append(Difference("record", label, "fee percentage above the legal cap",
                                              MAX_FEE_PERCENTAGE, percentage))
            expected = split(record.counted, percentage or ZERO)
            for kind in Kind.values:
                if sums[kind] != expected[kind]:
                    differences.append(Difference("record", label, f"ledger {kind}", expected[kind], sums[kind]))
            if campaign_id is not None and campaign_id != record.campaign_id:
                differences.append(Difference("record", label, "ledger lines under another campaign",
                                              record.campaign_id, campaign_id))
    for key, (sums, _percentage, _campaign) in ledger.items():
        if key not in seen and any(sums.values()):
            differences.append(Difference("record", f"{key[0]} {key[1]}", "ledger lines of an unknown record",
                                          ZERO, sums[Kind.GROSS]))
    for problems in registry.hook.money_problems():
        for problem in problems or ():
            differences.append(Difference("plugin", "-", str(problem)))
    return counted_by_campaign, records


def _gross_by(field):
    return dict(LedgerEntry.objects.filter(kind=Kind.GROSS).values_list(field).annotate(total=Sum("amount"))
                .order_by())


def check_totals(differences, counted_by_campaign):
    """3: campaigns, OMS and provinces add up, and each campaign page shows its ledger gross."""
    from campaigns.models import CampaignPage

    ledger_campaigns = _gross_by("campaign_id")
    campaign_ids = set(ledger_campaigns) | {pk for pk, counted in counted_by_campaign.items() if counted}
    campaigns = {c.pk: c for c in CampaignPage.objects.filter(pk__in=campaign_ids)}
    expected_by_organisation, expected_by_province = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    organisation_of = dict(LedgerEntry.objects.values_list("campaign_id", "organisation_id").distinct().order_by())
    province_of = dict(LedgerEntry.objects.values_list("campaign_id", "province_id").distinct().order_by())
    for pk in sorted(campaign_ids):
        counted = counted_by_campaign.get(pk, ZERO)
        gross = ledger_campaigns.get(pk, ZERO)
        if counted != gross:
            differences.append(Difference("campaign", str(pk), "ledger gross vs records counted", counted, gross))
        campaign = campaigns.get(pk)
        if campaign is not None:
            shown = CampaignPage.totals(campaign.get_progress())["money"]
            if Decimal(shown) != gross:
                differences.append(Difference("campaign", str(pk), "campaign page money vs ledger gross", gross,
                                              shown))
            if pk not in organisation_of:
                organisation = campaign.organisation
                organisation_of[pk] = organisation.pk if organisation else None
                province_of[pk] = (campaign.regency or organisation.regency).province_id if organisation else None
        expected_by_organisation[organisation_of.get(pk)] += counted
        expected_by_province[province_of.get(pk)] += counted
    for scope, field, expected in (("organisation", "organisation_id", expected_by_organisation),
                                   ("province", "province_id", expected_by_province)):
        ledger = _gross_by(field)
        for key in set(ledger) | {k for k, v in expected.items() if v}:
            if expected.get(key, ZERO) != ledger.get(key, ZERO):
                differences.append(Difference(scope, str(key), "ledger gross vs records counted",
                                              expected.get(key, ZERO), ledger.get(key, ZERO)))
    return len(campaign_ids), len(expected_by_organisation), len(expected_by_province)


def check_balances(differences):
    """5: the balances the database keeps equal their lines, key by key."""
    key = ("campaign_id", "organisation_id", "province_id", "kind")
    lines = {row[:4]: row[4:] for row in LedgerEntry.objects.values_list(*key).annotate(
        total=Sum("amount"), count=Count("pk")).order_by()}
    balances = {row[:4]: row[4:] for row in LedgerBalance.objects.values_list(*key, "amount", "lines")}
    for place in sorted(set(lines) | set(balances), key=str):
        expected, actual = lines.get(place, (ZERO, 0)), balances.get(place, (ZERO, 0))
        if tuple(expected) != tuple(actual):
            campaign_id, organisation_id, province_id, kind = place
            differences.append(Difference(
                "balance", f"campaign {campaign_id} organisation {organisation_id} province {province_id}",
                f"balance {kind} (amount, lines) vs its lines", tuple(expected), tuple(actual)))


def check_counts(differences):
    """6: the counts plugins keep apart from their records agree with the records."""
    for problems in registry.hook.count_problems():
        for problem in problems or ():
            differences.append(Difference("count", "-", str(problem)))


def _host():
    hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host and "*" not in host]
    return hosts[0] if hosts else "localhost"


def _page_json(view, **kwargs):
    """The page's JSON as the public sees it, or None when the page is not public (404)."""
    request = RequestFactory().get("/", {"format": "json"}, SERVER_NAME=_host())
    try:
        response = view(request, **kwargs)
    except Http404:
        return None
    if response.status_code != 200:
        return None
    return json.loads(response.content)


def check_pages(differences):
    """4: the transparency pages show the ledger, and no balance is below zero."""
    from . import views

    sums = defaultdict(dict)
    for field in ("campaign_id", "organisation_id"):
        rows = LedgerEntry.objects.values_list(field, "kind").annotate(total=Sum("amount")).order_by()
        for key, kind, total in rows:
            sums[field][(key, kind)] = total
    disbursed = {field: dict(Disbursement.objects.values_list(field).annotate(total=Sum("amount")).order_by())
                 for field in ("campaign_id", "organisation_id")}
    for field, view, scope in (("campaign_id", views.campaign_transparency, "campaign"),
                               ("organisation_id", views.organisation_transparency, "organisation")):
        keys = {key for key, _kind in sums[field]} | set(disbursed[field])
        for key in sorted(keys):
            net = sums[field].get((key, Kind.NET), ZERO)
            paid = disbursed[field].get(key, ZERO)
            if net - paid < 0:
                differences.append(Difference(scope, str(key), "balance below zero", ZERO, net - paid))
            shown = _page_json(view, pk=key)
            if shown is None:
                continue
            for kind in Kind.values:
                expected = sums[field].get((key, kind), ZERO)
                if Decimal(shown.get(kind, "0")) != expected:
                    differences.append(Difference("page", f"{scope} {key}", f"transparency {kind}", expected,
                                                  shown.get(kind)))
            if Decimal(shown.get("disbursed", "0")) != paid:
                differences.append(Difference("page", f"{scope} {key}", "transparency disbursed", paid,
                                              shown.get("disbursed")))
    from regions.models import Province

    provincial = dict(LedgerEntry.objects.filter(kind=Kind.PROVINCIAL).values_list("province_id")
                      .annotate(total=Sum("amount")).order_by())
    for province in Province.objects.filter(pk__in=list(provincial)):
        shown = _page_json(views.province_fee_share, slug=province.slug)
        if shown is not None and Decimal(shown.get("provincial", "0")) != provincial[province.pk]:
            differences.append(Difference("page", f"province {province.slug}", "provincial fee share",
                                          provincial[province.pk], shown.get("provincial")))


def reconcile(pages=True):
    """Run every check; a ``Report`` listing the differences (none when all is well)."""
    differences = []
    counted_by_campaign, records = check_records(differences)
    campaigns, organisations, provinces = check_totals(differences, counted_by_campaign)
    check_balances(differences)
    check_counts(differences)
    if pages:
        check_pages(differences)
    return Report(differences, records=records, campaigns=campaigns, organisations=organisations,
                  provinces=provinces)
