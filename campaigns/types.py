"""The values passed between the core and support-type plugins."""
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from django.utils.translation import gettext

from lokadaya.money import percentage
from lokadaya.numbers import format_money, format_number


class TemplateLookup:
    """Answers ``obj[name]`` with ``obj.name``: Django's templates try ``obj[name]`` before
    ``getattr`` and pay for an exception on every ``{{ obj.name }}`` of an object that cannot.
    For the values a campaign page prints by the hundred; a missing name still raises
    ``AttributeError``, so templates see nothing new."""

    __slots__ = ()

    def __getitem__(self, name):
        if not isinstance(name, str):
            raise TypeError(name)
        return getattr(self, name)


@dataclass(frozen=True)
class SupportType(TemplateLookup):
    """Who a support type is: returned by a plugin's ``support_type`` hook."""

    key: str
    name: Any  # lazy translated string
    description: Any = ""
    icon: str = "pick"
    order: int = 100
    #: The verb on its button on a campaign page ("Pledge goods"); empty: a generic "Support this".
    action_label: Any = ""
    #: The type takes money from the public: its pledges stop when the campaign lacks a required
    #: public fundraising permit (``permits.rules``), as well as for every other reason.
    raises_money: bool = False
    #: The Lokadaya versions the plugin works with: a PEP 440 specifier such as ``">=0.2,<1"``
    #: (``packaging.specifiers.SpecifierSet``); empty: any. Start-up stops, naming the plugin, when
    #: the running ``lokadaya.__version__`` is outside it.
    lokadaya_versions: str = ""


@dataclass
class Ask(TemplateLookup):
    """One ask on a campaign: a child of its ``asks`` StreamField whose plugin is installed."""

    id: str
    type_key: str
    value: Any  # the ask block's StructValue
    block: Any = None

    @property
    def title(self):
        return self.value.get("title") or ""


@dataclass
class Progress(TemplateLookup):
    """Progress of one ask: ``current`` of ``target`` ``unit``.

    ``money`` is what the ask adds to the campaign's money total (None when it raises no money);
    ``supporters`` to its count of supporters. ``parts`` break it down (e.g. per item or shift).
    """

    current: Decimal
    target: Decimal
    unit: str = ""
    is_money: bool = False
    supporters: int = 0
    money: Decimal | None = None
    label: str = ""
    parts: list["Progress"] = field(default_factory=list)
    #: A short public line the type adds under the ask on the campaign page (plain text, lines kept),
    #: e.g. to whom and when a petition was delivered; "" for none.
    note: str = ""
    #: What the type's own ``campaign_sections`` need, measured with the progress in the same query
    #: (e.g. the donation type's monthly donors and fundraisers), so the sections need none of their
    #: own; only the type that made it reads it, and it is no figure (left out of comparisons).
    details: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def percentage(self):
        return percentage(self.current, self.target)

    @property
    def bar_percentage(self):
        """For a progress bar: 0 to 100."""
        return max(0, min(100, self.percentage))

    @property
    def current_display(self):
        return format_money(self.current) if self.is_money else format_number(self.current)

    @property
    def target_display(self):
        return format_money(self.target) if self.is_money else format_number(self.target)

    @property
    def figures(self):
        """ "3 / 10 relawan", "Rp 1.500.000 / Rp 5.000.000": how far, in the visitor's language."""
        text = f"{self.current_display} / {self.target_display}"
        return f"{text} {self.unit}" if self.unit else text

    @property
    def of_target(self):
        """ "45% of target", as the progress bar and its line say it."""
        return gettext("%(percent)s%% of target") % {"percent": self.percentage}


@dataclass
class Supporter(TemplateLookup):
    """One entry of a campaign's public wall of supporters."""

    name: str
    type_key: str
    created_at: Any
    summary: str = ""  # what they gave, e.g. "Rp 100.000" or "2 sak semen"
    message: str = ""


@dataclass
class Column:
    """A column of a records list or CSV export: a header and how to read it off a record."""

    header: Any
    value: Callable[[Any], Any]


@dataclass
class RecordsAdmin:
    """How the core shows a type's records to an OMS: returned by ``records_admin``."""

    model: Any
    columns: list[Column]
    export_columns: list[Column]
    status_form: Any  # a ModelForm class over ``model``, with at least ``status``
    search_fields: list[str] = field(default_factory=lambda: ["name", "email"])
    select_related: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MoneyRecord:
    """One record holding money, as ``money_records`` reports it to ``manage.py reconcile``."""

    source_type: str  # the record's ``app_label.model``, as in the ledger
    source_id: int
    campaign_id: int  # the source-language campaign page
    counted: Any  # Decimal: whole rupiah the record counts now (0 when nothing counts)


@dataclass(frozen=True)
class DemoInitiative:
    """A demo campaign's theme, handed to ``demo_ask`` so plugins can fit their ask to it."""

    slug: str
    title: str
    keywords: tuple = ()


def demo_text(english, value):
    """A plugin's ``demo_ask`` value in English when English is active, else as given.

    ``english`` maps each Indonesian demo string to its English; seed_demo asks each plugin again
    with English active for the English translation of a demo campaign (dicts and lists walked)."""
    from django.utils import translation

    if not (translation.get_language() or "").startswith("en"):
        return value
    if isinstance(value, str):
        return english.get(value, value)
    if isinstance(value, dict):
        return {key: demo_text(english, item) for key, item in value.items()}
    if isinstance(value, list):
        return [demo_text(english, item) for item in value]
    return value


@dataclass
class TodoItem:
    """Something waiting for the OMS (``dashboard_todo``): ``count`` records, seen at ``url``."""

    label: Any  # translated: "Goods to receive"
    count: int
    url: str = ""
    campaign_id: int | None = None  # the source-language campaign it is about, if one
    type_key: str = ""


@dataclass
class UpcomingItem:
    """Something coming up on an ask (``dashboard_upcoming``): a shift, a delivery."""

    when: Any  # an aware datetime, or a date
    title: str
    detail: str = ""
    url: str = ""
    campaign_id: int | None = None
    type_key: str = ""


@dataclass
class RecentSupporter:
    """One record as the OMS's own dashboard lists it (``dashboard_supporters``): real name included."""

    name: str
    type_key: str
    created_at: Any
    campaign_id: int
    is_anonymous: bool = False  # not named in public
    summary: str = ""  # what they gave: "Rp 100.000", "2 sak semen"
    message: str = ""
    status: str = ""  # the status's label
    url: str = ""


def records_url(type_key, **filters):
    """The records admin of ``type_key`` filtered by ``filters`` (campaign, status, ask; empty ones left out)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    url = reverse("campaign_records:list", kwargs={"type_key": type_key})
    query = urlencode({key: value for key, value in filters.items() if value not in (None, "")})
    return f"{url}?{query}" if query else url


@dataclass
class PageSection(TemplateLookup):
    """A part of the campaign page a plugin adds for one of its asks (``campaign_sections``).

    ``slot`` says where: ``"give"`` inside the ask's box under its figures (the money ask's, or
    the card's), ``"after"`` after the asks. ``template`` is rendered with the page's context plus
    ``section`` (this ``context``).
    """

    template: str
    context: dict = field(default_factory=dict)
    slot: str = "give"
    order: int = 100


@dataclass
class HistoryItem:
    """One thing a supporter did, as their donor account lists it (``donor_history``)."""

    type_key: str
    campaign_id: int
    created_at: Any
    summary: str  # "Rp 100.000", "signed", "2 sak semen"
    status: str = ""  # the status's label
    #: Money the record counts now (a Decimal), for the yearly summary; None when it is not money.
    amount: Any = None
    receipt_url: str = ""
    #: The record's own number, e.g. the receipt number.
    reference: str = ""


@dataclass
class Commitment:
    """Something that goes on by itself until stopped (a monthly donation), as the donor account
    lists it (``donor_commitments``), with the signed link where the donor manages it."""

    type_key: str
    campaign_id: int
    title: str
    summary: str  # "Rp 50.000 every month, on the 5th"
    status: str  # the status's label
    manage_url: str
    active: bool = True


@dataclass
class PersonalRecord:
    """One record holding a person's data, as the privacy centre shows and exports it
    (``personal_data`` hook; built by ``privacy.records.describe`` for SupportRecord rows)."""

    #: What it is, as the person reads it ("Donasi", "Pendaftaran relawan").
    source: str
    #: "<app_label>.<model>:<pk>": unique across the site.
    reference: str
    created_at: Any
    #: What is held, label → value, in the person's language.
    fields: dict
    #: The OMS that holds it ("" for the platform's own records), and its campaign.
    organisation: str = ""
    campaign: str = ""
    campaign_id: Any = None
    #: A financial record: erasure anonymises it and keeps it (the amounts stay for the ledger).
    kept_after_erasure: bool = False
    #: Why erasure leaves this record as it is ("" when it does not), as the person reads it
    #: (e.g. a staff account, handled by the national admin).
    erasure_note: str = ""
