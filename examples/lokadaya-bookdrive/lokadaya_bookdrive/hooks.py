"""The book drive's hook implementations (the contract is ``campaigns/hookspecs.py``)."""
import uuid
from decimal import Decimal

from django.urls import path
from django.utils.translation import gettext_lazy as _, ngettext

from campaigns.hookspecs import hookimpl
from campaigns.notifications import organisation_email, send_templated_email
from campaigns.types import Column, Progress, RecordsAdmin, Supporter, SupportType, demo_text
from privacy import records

from . import views
from .blocks import BookDriveAskBlock
from .forms import BookPledgeStatusForm
from .models import AgeGroup, BookPledge, Condition

KEY = "bookdrive"
#: The Lokadaya versions this release was made and tested for (PEP 440; checked at start-up, so a
#: site on a Lokadaya outside it refuses to start with a message naming this package). Widen it
#: when a new Lokadaya passes the plugin's tests.
LOKADAYA_VERSIONS = ">=0.1,<0.2"


def books(count):
    return ngettext("%(count)s book", "%(count)s books", count) % {"count": count}


@hookimpl
def support_type():
    return SupportType(key=KEY, name=_("Children's book drive"), icon="doc-full", order=60,
                       description=_("Collect children's books for a library or reading corner: "
                                     "supporters pledge books and bring them to the organisation."),
                       lokadaya_versions=LOKADAYA_VERSIONS)


@hookimpl
def ask_block():
    return BookDriveAskBlock()


@hookimpl
def pledge_view(request, campaign, ask):
    return views.pledge(request, campaign, ask)


@hookimpl
def public_urls():
    return [path("terima-kasih/<uuid:token>/", views.thanks, name="thanks")]


@hookimpl
def ask_progress(campaign, asks):
    totals = views.book_totals(campaign, [ask.id for ask in asks])
    result = {}
    for ask in asks:
        row = totals.get(ask.id, {"books": 0, "received": 0, "pledges": 0})
        target = Decimal(ask.value.get("target") or 0)
        result[ask.id] = Progress(
            current=Decimal(row["books"]), target=target, unit=str(_("books")), supporters=row["pledges"],
            money=None, label=str(_("books pledged")),
            parts=[Progress(current=Decimal(row["received"]), target=target, unit=str(_("books")),
                            label=str(_("books received")))],
        )
    return result


@hookimpl
def api_ask(campaign, ask, progress):
    """The public facts of a book-drive ask, as its campaign page and pledge form show them: books
    needed, pledged (counting what arrived of received pledges), received and still needed, the
    age groups wanted, whether used books are welcome, and where and when to bring them (the text of
    the page's language). Nothing about a pledger: no name, contact, titles or message. No query
    when ``progress`` is given (the core measured it)."""
    if progress is None:
        progress = ask_progress(campaign.source, [ask])[ask.id]
    needed = int(ask.value.get("target") or 0)
    pledged = int(progress.current)
    received = int(progress.parts[0].current) if progress.parts else 0
    wanted = [group for group in ask.value.get("age_groups") or [] if group in AgeGroup.values]
    return {
        "books_needed": needed,
        "books_pledged": pledged,
        "books_received": received,
        "books_still_needed": max(0, needed - pledged),
        "age_groups": [{"key": group, "label": str(AgeGroup(group).label)} for group in wanted],
        "accepts_used": bool(ask.value.get("accepts_used", True)),
        "dropoff": ask.value.get("dropoff") or "",
    }


@hookimpl
def supporter_wall(campaign, limit):
    pledges = (BookPledge.objects.filter(campaign=campaign, status__in=BookPledge.COUNTED_STATUSES)
               .only("name", "is_anonymous", "created_at", "quantity", "received_quantity", "status", "message")
               .order_by("-created_at")[:limit])
    return [Supporter(name=p.public_name, type_key=KEY, created_at=p.created_at,
                      summary=books(p.counted_books), message=p.message) for p in pledges]


@hookimpl
def records_admin():
    columns = [
        Column(_("Date"), lambda p: p.created_at.strftime("%Y-%m-%d %H:%M")),
        Column(_("Campaign"), lambda p: p.campaign.title),
        Column(_("Name"), lambda p: p.name + (" " + str(_("(anonymous)")) if p.is_anonymous else "")),
        Column(_("Email"), lambda p: p.email),
        Column(_("Books"), lambda p: p.quantity),
        Column(_("Received"), lambda p: p.received_quantity),
        Column(_("Age group"), lambda p: p.get_age_group_display()),
        Column(_("Condition"), lambda p: p.get_condition_display()),
        Column(_("Status"), lambda p: p.get_status_display()),
    ]
    export = [
        Column("id", lambda p: p.pk),
        Column(_("Date"), lambda p: p.created_at.isoformat()),
        Column(_("Campaign"), lambda p: p.campaign.title),
        Column(_("Ask"), lambda p: p.ask_id),
        Column(_("Name"), lambda p: p.name),
        Column(_("Anonymous"), lambda p: "1" if p.is_anonymous else "0"),
        Column(_("Email"), lambda p: p.email),
        Column(_("Phone"), lambda p: p.phone),
        Column(_("Books"), lambda p: p.quantity),
        Column(_("Received"), lambda p: p.received_quantity),
        Column(_("Titles"), lambda p: p.titles),
        Column(_("Age group"), lambda p: p.age_group),
        Column(_("Condition"), lambda p: p.condition),
        Column(_("Status"), lambda p: p.status),
        Column(_("Message"), lambda p: p.message),
        Column(_("Wants updates"), lambda p: "1" if p.wants_updates else "0"),
    ]
    return RecordsAdmin(model=BookPledge, columns=columns, export_columns=export,
                        status_form=BookPledgeStatusForm, search_fields=["name", "email", "titles"])


def _context(record):
    ask = record.campaign.get_ask(record.ask_id)
    return {"pledge": record, "campaign": record.campaign, "ask": ask,
            "dropoff": ask.value.get("dropoff") if ask else ""}


@hookimpl
def pledge_recorded(record):
    if not isinstance(record, BookPledge):
        return
    context = _context(record)
    send_templated_email(record.email, "bookdrive/email/pledged", context, language=record.language or None)
    send_templated_email(organisation_email(record.campaign), "bookdrive/email/organisation_pledged", context)


@hookimpl
def pledge_status_changed(record, old_status, user):
    if not isinstance(record, BookPledge):
        return
    if record.status == BookPledge.Status.RECEIVED:
        send_templated_email(record.email, "bookdrive/email/received", _context(record),
                             language=record.language or None)
    elif record.status == BookPledge.Status.REJECTED:
        send_templated_email(record.email, "bookdrive/email/rejected", _context(record),
                             language=record.language or None)


# --- Personal data (UU PDP) --------------------------------------------------------------------
# Lokadaya's privacy centre, erasure and retention reach the pledgers through these four hooks
# (``privacy.records`` does the finding and the anonymising). A book pledge holds no money: it is
# anonymised (name, email, phone and the message), keeping the books pledged and received so the
# drive's progress stays right. The titles describe books, not the person: they stay.

#: The pledge's own personal fields, blanked beside name, email and phone.
PERSONAL_FIELDS = {"message": ""}


def _pledges_of(subject):
    return records.of_subject(BookPledge.objects.all(), subject)


@hookimpl
def personal_data(subject):
    return records.describe(_pledges_of(subject).order_by("pk"), support_type().name, extra_fields=(
        "titles", "quantity", "age_group", "condition", "message"))


@hookimpl
def correct_personal_data(subject, changes):
    return records.correct(_pledges_of(subject), changes)


@hookimpl
def erase_personal_data(subject):
    return records.anonymise(_pledges_of(subject), **PERSONAL_FIELDS)


@hookimpl
def expire_personal_data(campaign_ids, include_money):
    return records.anonymise(BookPledge.objects.filter(campaign_id__in=campaign_ids), **PERSONAL_FIELDS)


# --- Demo content -----------------------------------------------------------------------------

READING_WORDS = ("buku", "baca", "perpustakaan", "literasi", "anak", "sekolah", "pustaka", "dongeng")


DEMO_TITLE = "Donasi buku cerita anak"
DEMO_DESCRIPTION = ("Rak kami masih kosong. Kami mengumpulkan buku cerita bergambar, dongeng "
                    "Nusantara, dan buku pengetahuan untuk anak-anak yang datang setiap sore.")
DEMO_DROPOFF_TALLO = "Sekretariat Taman Baca, Jl. Tallo Lama No. 12, Makassar. Senin–Sabtu, 09.00–16.00 WITA."
#: The demo's words in English, for the English translation of a demo campaign (``demo_text``).
DEMO_ENGLISH = {
    DEMO_TITLE: "Children's story books",
    DEMO_DESCRIPTION: ("Our shelves are still empty. We are collecting picture books, folk tales from "
                       "across the archipelago and non-fiction for the children who come every afternoon."),
    DEMO_DROPOFF_TALLO: "Taman Baca secretariat, Jl. Tallo Lama No. 12, Makassar. Monday–Saturday, 09.00–16.00 WITA.",
}


@hookimpl
def demo_ask(initiative):
    """A book drive only fits reading and children's initiatives (a children's library, a school)."""
    words = " ".join((initiative.title, *initiative.keywords)).lower()
    if not any(word in words for word in READING_WORDS):
        return None
    english = dict(DEMO_ENGLISH)
    if "tallo" in words:
        dropoff = DEMO_DROPOFF_TALLO
    else:
        dropoff = f"Sekretariat {initiative.title}. Senin–Sabtu, 09.00–16.00; hubungi kami dulu lewat WhatsApp."
        english[dropoff] = (f"{initiative.title} secretariat. Monday–Saturday, 09.00–16.00; "
                            "message us on WhatsApp first.")
    return demo_text(english, {
        "title": DEMO_TITLE,
        "description": DEMO_DESCRIPTION,
        "target": 500,
        "age_groups": [AgeGroup.UNDER_6.value, AgeGroup.EARLY.value, AgeGroup.MIDDLE.value],
        "accepts_used": True,
        "dropoff": dropoff,
    })


DEMO_NAMES = ["Rina Marlina", "Andi Baso", "Keluarga Pak Harun", "Ibu Wayan Sari", "Yusuf Maulana",
              "Komunitas Pecinta Buku Makassar", "Fransiska Ndun", "Teddy Kurniawan", "Nurul Hidayah",
              "Arum Kusumawati", "SD Negeri 3 Panakkukang", "Daeng Rahman"]
DEMO_TITLES = [
    "Seri Si Kancil (5 jilid), Timun Mas, Malin Kundang",
    "10 buku bergambar untuk balita, sebagian bilingual",
    "Majalah Bobo bekas, 20 edisi, masih lengkap",
    "Ensiklopedia anak: hewan dan tumbuhan Indonesia",
    "Komik sains dan buku mewarnai",
    "Novel anak: Laskar Pelangi edisi anak, Totto-chan",
    "Buku cerita rakyat Sulawesi Selatan",
    "Buku latihan membaca untuk kelas 1–2 SD",
]
DEMO_MESSAGES = ["Semoga anak-anak makin gemar membaca!", "", "Buku masa kecil anak saya, semoga berguna.",
                 "Salam literasi!", ""]


@hookimpl
def demo_records(campaign, ask, count, rng):
    age_groups = list(ask.value.get("age_groups") or AgeGroup.values)
    conditions = Condition.values if ask.value.get("accepts_used", True) else [Condition.NEW.value]
    statuses = [BookPledge.Status.PLEDGED] * 5 + [BookPledge.Status.RECEIVED] * 4 + [BookPledge.Status.REJECTED]
    records = []
    for i in range(count):
        name = rng.choice(DEMO_NAMES)
        quantity = rng.choice([2, 3, 5, 5, 8, 10, 12, 15, 20, 30])
        status = rng.choice(statuses)
        records.append(BookPledge(
            campaign=campaign, ask_id=ask.id, name=name, email=f"pendukung.buku{i}@contoh.id",
            is_anonymous=rng.random() < 0.15, quantity=quantity, titles=rng.choice(DEMO_TITLES),
            age_group=rng.choice(age_groups), condition=rng.choice(conditions), status=status,
            received_quantity=quantity - rng.choice([0, 0, 0, 1]) if status == BookPledge.Status.RECEIVED else None,
            message=rng.choice(DEMO_MESSAGES), wants_updates=rng.random() < 0.4, language="id",
            token=uuid.UUID(int=rng.getrandbits(128)),
        ))
    BookPledge.objects.bulk_create(records, batch_size=1000)
