"""The in-kind goods support type's hook implementations (see campaigns/hookspecs.py)."""
import datetime
from decimal import Decimal

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from campaigns.hookspecs import hookimpl
from campaigns.notifications import absolute_url, organisation_email, send_templated_email
from campaigns.progress import progress_rows
from campaigns.types import Column, Progress, RecordsAdmin, Supporter, SupportType, demo_text
from campaigns.wall import anonymous_blank, supporter_rows
from privacy import records

from . import views
from .blocks import InKindAskBlock
from .forms import StatusForm
from .items import ask_items, format_quantity
from .models import InKindPledge
from .quantities import item_aggregates, item_totals, left_of

KEY = "inkind"


@hookimpl
def support_type():
    return SupportType(key=KEY, name=_("Goods"), icon="doc-full-inverse", order=20, action_label=_("Pledge goods"),
                       description=_("Goods, equipment and materials the initiative needs, brought or "
                                     "picked up and confirmed by the organisation when they arrive."))


@hookimpl
def ask_block():
    return InKindAskBlock()


@hookimpl
def pledge_view(request, campaign, ask):
    return views.pledge(request, campaign, ask)


@hookimpl
def public_urls():
    return [path("terima-kasih/<uuid:token>/", views.thanks, name="thanks")]


@hookimpl
def ask_progress(campaign, asks):
    """Received quantities per item (``parts``) and overall, from one query for all the asks.

    Overall is the sum received over the sum needed, each item counting at most its target, so
    that an item delivered twice over does not hide one still missing. ``supporters`` counts the
    pledges from which something arrived (including for items since removed from the ask).

    Each part's label says what is still needed of it, by the same rule as the pledge form
    (``quantities.left_of``: pledged goods on their way count), so the campaign page never asks
    for an item the form says is fully pledged; ``part.still_needed`` holds the number.
    """
    return _progress(asks, item_totals(campaign, [ask.id for ask in asks]))


@hookimpl
def progress_query(campaign_ids, ask_ids):
    """Per ask and item (``part``): committed (``count``), received (``count2``), supporters (``count3``)."""
    pledges = InKindPledge.objects.filter(campaign_id__in=campaign_ids, ask_id__in=ask_ids)
    return progress_rows(pledges, part="item_key", counts=item_aggregates())


@hookimpl
def progress_from_rows(campaign, asks, rows):
    return _progress(asks, {(row.ask_id, row.part): {"committed": row.count, "received": row.count2,
                                                     "supporters": row.count3} for row in rows})


def _progress(asks, totals):
    """``{ask id: Progress}`` from ``quantities.item_totals``' answer (or the same from normalized rows)."""
    unit = gettext("items")
    result = {}
    for ask in asks:
        parts, current, target, open_items = [], 0, 0, 0
        for item in ask_items(ask.value):
            row = totals.get((ask.id, item.key), {})
            got, left = row.get("received", 0), left_of(item, row.get("committed", 0))
            part = Progress(current=Decimal(got), target=Decimal(item.quantity), unit=item.unit,
                            label=_item_label(item, left))
            part.still_needed = left
            parts.append(part)
            current += min(got, item.quantity)
            target += item.quantity
            open_items += 1 if left else 0
        supporters = sum(row["supporters"] for (ask_id, _key), row in totals.items() if ask_id == ask.id)
        label = gettext("received") if open_items or not parts else gettext("received · everything pledged")
        result[ask.id] = Progress(current=Decimal(current), target=Decimal(target), unit=unit,
                                  supporters=supporters, money=None, label=label, parts=parts)
    return result


@hookimpl
def api_ask(campaign, ask, progress):
    """What the page and the pledge form show of an in-kind ask: each item (by its stable key) with
    the quantity needed, spoken for (pledged goods on their way and goods received, up to the need),
    received and still needed, and where and when to drop goods off. No query for the items when
    ``progress`` holds their parts (one otherwise), at most two for the source page's drop-off
    details; never anything about a pledger (no name, contact or pick-up address)."""
    items = ask_items(ask.value)
    parts = list(getattr(progress, "parts", None) or [])
    if len(parts) != len(items) or not all(hasattr(part, "still_needed") for part in parts):
        # Progress measured otherwise (another language's items): measure this ask again, one query.
        parts = _progress([ask], item_totals(campaign.source, [ask.id]))[ask.id].parts
    source = campaign.source
    source_ask = (source.get_ask(ask.id) if source.pk != campaign.pk else None) or ask
    drop_off = views.drop_off(ask.value, source_ask.value)
    return {
        "items": [{
            "id": item.key, "name": item.name, "unit": item.unit, "needed": item.quantity,
            "pledged": max(0, item.quantity - part.still_needed), "received": int(part.current),
            "still_needed": part.still_needed,
        } for item, part in zip(items, parts)],
        "drop_off": {"address": drop_off["address"], "hours": drop_off["hours"], "details": drop_off["details"]},
        "pick_up": bool(source_ask.value.get("allows_pick_up", True)),
    }


def _item_label(item, left):
    """``Semen Portland · still needed: 10 sak`` or ``Semen Portland · fully pledged``."""
    if left:
        return gettext("%(name)s · still needed: %(quantity)s %(unit)s") % {
            "name": item.name, "quantity": format_quantity(left), "unit": item.unit}
    return gettext("%(name)s · fully pledged") % {"name": item.name}


@hookimpl
def supporter_wall(campaign, limit):
    """Supporters whose goods arrived: ``Budi · 2 sak Semen``."""
    pledges = (InKindPledge.objects.filter(campaign=campaign, status__in=InKindPledge.COUNTED_STATUSES,
                                           received_quantity__gt=0)
               .order_by("-created_at")[:limit])
    return [Supporter(name=p.public_name, type_key=KEY, created_at=p.created_at, summary=p.summary)
            for p in pledges]


@hookimpl
def supporter_query(campaign_id, limit):
    """The same supporters as ``supporter_wall``: what arrived (``number``), the unit and the item."""
    arrived = InKindPledge.objects.filter(campaign_id=campaign_id, status__in=InKindPledge.COUNTED_STATUSES,
                                          received_quantity__gt=0)
    return supporter_rows(arrived, KEY, limit, name=anonymous_blank(), number="received_quantity",
                          text="unit", text2="item_name")


@hookimpl
def supporter_from_row(row):
    summary = " ".join(part for part in (format_quantity(row.number), row.text, row.text2) if part)
    return Supporter(name=row.name or str(_("Anonymous")), type_key=KEY, created_at=row.created_at, summary=summary)


def _name(record):
    return record.name + (" " + str(_("(anonymous)")) if record.is_anonymous else "")


@hookimpl
def records_admin():
    columns = [
        Column(_("Date"), lambda p: timezone.localtime(p.created_at).strftime("%Y-%m-%d %H:%M")),
        Column(_("Campaign"), lambda p: p.campaign.title),
        Column(_("Name"), _name),
        Column(_("Contact"), lambda p: " · ".join(c for c in (p.phone, p.email) if c)),
        Column(_("Goods"), lambda p: f"{format_quantity(p.quantity)} {p.unit} {p.item_name}".strip()),
        Column(_("Delivery"), lambda p: f"{p.get_delivery_display()} · {p.delivery_date:%Y-%m-%d}"),
        Column(_("Received"), lambda p: format_quantity(p.received_quantity)
               if p.received_quantity is not None else ""),
        Column(_("Status"), lambda p: p.get_status_display()),
    ]
    export = [
        Column("id", lambda p: p.pk),
        Column(_("Date"), lambda p: p.created_at.isoformat()),
        Column(_("Campaign"), lambda p: p.campaign.title),
        Column(_("Ask"), lambda p: p.ask_id),
        Column(_("Item"), lambda p: p.item_name),
        Column(_("Unit"), lambda p: p.unit),
        Column(_("Quantity pledged"), lambda p: p.quantity),
        Column(_("Quantity received"), lambda p: p.received_quantity),
        Column(_("Status"), lambda p: p.status),
        Column(_("Delivery"), lambda p: p.delivery),
        Column(_("Delivery or pick-up date"), lambda p: p.delivery_date.isoformat()),
        Column(_("Pick-up address"), lambda p: p.address),
        Column(_("Name"), lambda p: p.name),
        Column(_("Anonymous"), lambda p: "1" if p.is_anonymous else "0"),
        Column(_("Phone / WhatsApp"), lambda p: p.phone),
        Column(_("Email"), lambda p: p.email),
        Column(_("Note"), lambda p: p.note),
        Column(_("Wants updates"), lambda p: "1" if p.wants_updates else "0"),
    ]
    return RecordsAdmin(model=InKindPledge, columns=columns, export_columns=export, status_form=StatusForm,
                        search_fields=["name", "email", "phone", "item_name"])


def _context(record):
    campaign = record.campaign
    ask = campaign.get_ask(record.ask_id)
    return {
        "record": record,
        # Anonymity is for the public wall: the supporter's own email greets them by name.
        "greeting_name": record.name or record.public_name,
        "quantity": format_quantity(record.quantity),
        "received": format_quantity(record.received_quantity),
        "drop_off_details": (ask.value.get("drop_off_details") if ask else "") or "",
        "drop_off": views.drop_off(ask.value if ask else {}),
        "organisation": campaign.organisation,
        "thanks_url": absolute_url(reverse("inkind:thanks", kwargs={"token": record.token})),
        "records_url": absolute_url(reverse("campaign_records:status",
                                            kwargs={"type_key": KEY, "pk": record.pk})),
    }


@hookimpl
def pledge_recorded(record):
    if not isinstance(record, InKindPledge):
        return
    context = _context(record)
    send_templated_email(record.email, "inkind/email/pledged", context, language=record.language or None)
    send_templated_email(organisation_email(record.campaign), "inkind/email/organisation_pledged", context)


@hookimpl
def pledge_status_changed(record, old_status, user):
    if not isinstance(record, InKindPledge) or record.status not in InKindPledge.COUNTED_STATUSES:
        return
    send_templated_email(record.email, "inkind/email/received", _context(record),
                         language=record.language or None)


# --- Demo content -----------------------------------------------------------------------------

#: (theme keywords, [(name, unit, quantity)]): the first theme sharing a keyword with the initiative.
DEMO_ITEMS = [
    (("sampah", "daur ulang"), [("Timbangan gantung 50 kg", "buah", 4), ("Karung goni", "lembar", 200),
                                ("Sarung tangan kerja", "pasang", 60)]),
    (("jelantah", "sabun"), [("Jeriken 20 liter", "buah", 30), ("Soda api (NaOH)", "kg", 25),
                             ("Cetakan sabun", "buah", 40)]),
    (("buku", "anak"), [("Buku cerita anak", "eksemplar", 500), ("Rak buku", "buah", 6),
                        ("Tikar baca", "lembar", 10)]),
    (("lampu", "energi"), [("Semen Portland", "sak", 40), ("Pipa besi tiang lampu", "batang", 40),
                           ("Kabel NYM 2x1,5", "meter", 300)]),
    (("api", "gambut"), [("Selang pemadam 1,5 inci", "rol", 12), ("Pompa air portabel", "unit", 3),
                         ("Masker N95", "buah", 300)]),
    (("air", "tandon"), [("Semen Portland", "sak", 120), ("Pasir", "m³", 30), ("Talang PVC", "meter", 400)]),
    (("pertanian", "tikus"), [("Papan kayu", "lembar", 150), ("Tiang besi 4 meter", "batang", 50),
                              ("Paku", "kg", 20)]),
    (("kesehatan", "tb"), [("Masker medis", "kotak", 100), ("Paket susu dan telur", "paket", 120)]),
    (("hukum", "advokasi"), [("Laptop bekas layak pakai", "unit", 5), ("Kertas HVS A4", "rim", 40)]),
]
DEFAULT_DEMO_ITEMS = [("Sembako (beras 5 kg)", "paket", 100), ("Air minum galon", "galon", 50)]

#: English demo text (the English translation of each demo campaign)
DEMO_EN = {
    "Timbangan gantung 50 kg": "50 kg hanging scale", "Karung goni": "Jute sack", "Sarung tangan kerja": "Work gloves",
    "Jeriken 20 liter": "20-litre jerrycan", "Soda api (NaOH)": "Caustic soda (NaOH)", "Cetakan sabun": "Soap mould",
    "Buku cerita anak": "Children's storybook", "Rak buku": "Bookshelf", "Tikar baca": "Reading mat",
    "Semen Portland": "Portland cement", "Pipa besi tiang lampu": "Steel pipe for lamp posts",
    "Kabel NYM 2x1,5": "NYM 2x1.5 cable", "Selang pemadam 1,5 inci": "1.5-inch fire hose",
    "Pompa air portabel": "Portable water pump", "Masker N95": "N95 mask", "Pasir": "Sand", "Talang PVC": "PVC gutter",
    "Papan kayu": "Wooden board", "Tiang besi 4 meter": "4-metre steel post", "Paku": "Nails",
    "Masker medis": "Medical masks", "Paket susu dan telur": "Milk and eggs parcel",
    "Laptop bekas layak pakai": "Working second-hand laptop", "Kertas HVS A4": "A4 paper",
    "Sembako (beras 5 kg)": "Staple food parcel (5 kg rice)", "Air minum galon": "Drinking water (gallon)",
    "buah": "pieces", "lembar": "sheets", "pasang": "pairs", "eksemplar": "copies", "sak": "bags",
    "batang": "lengths", "meter": "metres", "rol": "rolls", "unit": "units", "kotak": "boxes", "paket": "parcels",
    "rim": "reams", "galon": "gallons",
    "Hubungi kami lewat WhatsApp sebelum datang; barang besar bisa kami jemput.":
        "Message us on WhatsApp before you come; we can collect large items.",
    "Senin–Sabtu, 09.00–16.00": "Monday to Saturday, 9 am to 4 pm",
    "Sekretariat %(title)s, Jl. Pemuda No. 12, RT 03/RW 07 (papan nama biru di depan rumah)":
        "%(title)s office, Jl. Pemuda No. 12, RT 03/RW 07 (blue sign in front of the house)",
}


DEMO_NAMES = ["Budi Santoso", "Siti Rahmawati", "Toko Bangunan Sinar Jaya", "Made Wirawan", "Yohanes Lake",
              "Nur Aini", "Ibu-ibu PKK RT 03", "Dewi Lestari", "Rudi Hartono", "Maria Goreti"]


@hookimpl
def demo_ask(initiative):
    keywords = set(initiative.keywords)
    items = next((items for theme, items in DEMO_ITEMS if keywords & set(theme)), DEFAULT_DEMO_ITEMS)
    return demo_text(DEMO_EN, {
        "title": gettext("Goods for %(title)s") % {"title": initiative.title},
        "description": "",
        "items": [{"name": name, "unit": unit, "quantity": quantity} for name, unit, quantity in items],
        # A demo address, plainly made up (no real house is named).
        "drop_off_address": demo_text(DEMO_EN, 
            "Sekretariat %(title)s, Jl. Pemuda No. 12, RT 03/RW 07 (papan nama biru di depan rumah)")
        % {"title": initiative.title},
        "drop_off_hours": "Senin–Sabtu, 09.00–16.00",
        "drop_off_details": "Hubungi kami lewat WhatsApp sebelum datang; barang besar bisa kami jemput.",
        "allows_pick_up": True,
    })


@hookimpl
def demo_records(campaign, ask, count, rng):
    """Believable pledges that never exceed what each item needs."""
    items = ask_items(ask.value)
    left = {item.key: item.quantity for item in items}
    today = timezone.localdate()
    Status, Delivery = InKindPledge.Status, InKindPledge.Delivery
    pledges = []
    for i in range(count):
        open_items = [item for item in items if left[item.key] > 0]
        if not open_items:
            break
        item = rng.choice(open_items)
        quantity = rng.randint(1, max(1, min(left[item.key], item.quantity // 4 or 1)))
        roll = rng.random()
        status = (Status.RECEIVED if roll < 0.55 else Status.PLEDGED if roll < 0.8
                  else Status.PARTLY_RECEIVED if roll < 0.9 and quantity > 1 else Status.NOT_RECEIVED)
        received = {Status.RECEIVED: quantity, Status.PARTLY_RECEIVED: quantity // 2}.get(status)
        left[item.key] -= received if received is not None else quantity if status == Status.PLEDGED else 0
        delivery = Delivery.PICK_UP if rng.random() < 0.3 else Delivery.DROP_OFF
        name = rng.choice(DEMO_NAMES)
        pledges.append(InKindPledge(
            campaign=campaign, ask_id=ask.id, item_key=item.key, item_name=item.name, unit=item.unit,
            quantity=quantity, received_quantity=received, status=status, delivery=delivery,
            delivery_date=today + datetime.timedelta(days=rng.randint(-10, 14)),
            address="Jl. Merdeka No. %d" % rng.randint(1, 200) if delivery == Delivery.PICK_UP else "",
            name=name, is_anonymous=rng.random() < 0.1, phone="0812%08d" % rng.randint(0, 99_999_999),
            email=f"penyumbang{i}@contoh.id" if rng.random() < 0.7 else "", language="id",
        ))
    InKindPledge.objects.bulk_create(pledges, batch_size=1000)


# --- Personal data (UU PDP) --------------------------------------------------------------------
# A pledge of goods holds no money: erasure and retention anonymise it (the pick-up address and
# the note too), keeping what was pledged and received so the progress stays right.

#: The pledge's own personal fields, blanked beside name, email and phone.
PERSONAL_FIELDS = {"address": "", "note": ""}


def _pledges_of(subject):
    return records.of_subject(InKindPledge.objects.all(), subject)


@hookimpl
def personal_data(subject):
    return records.describe(_pledges_of(subject).order_by("pk"), support_type().name, extra_fields=(
        "item_name", "quantity", "delivery", "delivery_date", "address", "note"))


@hookimpl
def correct_personal_data(subject, changes):
    return records.correct(_pledges_of(subject), changes)


@hookimpl
def erase_personal_data(subject):
    return records.anonymise(_pledges_of(subject), **PERSONAL_FIELDS)


@hookimpl
def expire_personal_data(campaign_ids, include_money):
    return records.anonymise(InKindPledge.objects.filter(campaign_id__in=campaign_ids), **PERSONAL_FIELDS)


# --- The OMS's dashboard ----------------------------------------------------------------------


@hookimpl
def dashboard_todo(campaigns):
    """Pledged goods not yet received, per campaign: one query."""
    from django.db.models import Count

    from campaigns.types import TodoItem, records_url

    rows = (InKindPledge.objects.filter(campaign_id__in=[c.pk for c in campaigns],
                                        status=InKindPledge.Status.PLEDGED)
            .values_list("campaign_id").annotate(n=Count("pk")).order_by("campaign_id"))
    return [TodoItem(label=_("Goods to receive"), count=n, campaign_id=campaign_id, type_key=KEY,
                     url=records_url(KEY, campaign=campaign_id, status=InKindPledge.Status.PLEDGED))
            for campaign_id, n in rows]


@hookimpl
def dashboard_upcoming(campaigns, limit):
    """Goods due to be brought or picked up from today on, soonest first: one query."""
    from campaigns.types import UpcomingItem, records_url

    pledges = (InKindPledge.objects.filter(campaign_id__in=[c.pk for c in campaigns],
                                           status=InKindPledge.Status.PLEDGED,
                                           delivery_date__gte=timezone.localdate())
               .only("campaign_id", "name", "is_anonymous", "item_name", "unit", "quantity", "received_quantity",
                     "status", "delivery", "delivery_date")
               .order_by("delivery_date", "pk")[:limit])
    return [UpcomingItem(when=p.delivery_date, title=p.summary,
                         detail=f"{p.get_delivery_display()} · {p.name}", campaign_id=p.campaign_id, type_key=KEY,
                         url=records_url(KEY, campaign=p.campaign_id, status=p.status)) for p in pledges]


@hookimpl
def dashboard_supporters(campaign_ids, limit):
    """The newest pledges of goods, with the supporter's note."""
    from campaigns.types import RecentSupporter, records_url

    pledges = (InKindPledge.objects.filter(campaign_id__in=campaign_ids)
               .only("campaign_id", "name", "is_anonymous", "created_at", "status", "item_name", "unit", "quantity",
                     "received_quantity", "note")
               .order_by("-created_at", "-pk")[:limit])
    return [RecentSupporter(name=p.name, type_key=KEY, created_at=p.created_at, campaign_id=p.campaign_id,
                            is_anonymous=p.is_anonymous, summary=p.summary, message=p.note,
                            status=p.get_status_display(),
                            url=records_url(KEY, campaign=p.campaign_id, status=p.status)) for p in pledges]
