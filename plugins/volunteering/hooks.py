"""The volunteering support type's hook implementations (see campaigns/hookspecs.py)."""
import datetime
import re
from decimal import Decimal

from django.db.models import Count, IntegerField, Q, Sum, Value
from django.db.models.functions import Lower
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _, ngettext

from campaigns.hookspecs import hookimpl
from campaigns.notifications import absolute_url, organisation_email, send_templated_email
from campaigns.progress import progress_rows
from campaigns.types import Column, Progress, RecordsAdmin, Supporter, SupportType, demo_text
from campaigns.wall import anonymous_blank, supporter_rows
from lokadaya.numbers import format_number
from privacy import records

from . import views
from .blocks import VolunteeringAskBlock
from .forms import SignupStatusForm
from .models import VolunteerSignup
from .shifts import iter_shifts, timezone_for, zone_abbreviation

KEY = "volunteering"
Status = VolunteerSignup.Status


@hookimpl
def support_type():
    return SupportType(key=KEY, name=_("Volunteering"), icon="group", order=30, action_label=_("Volunteer"),
                       description=_("Time and skills: volunteers sign up for the shifts of a role."))


@hookimpl
def ask_block():
    return VolunteeringAskBlock()


@hookimpl
def pledge_view(request, campaign, ask):
    return views.pledge(request, campaign, ask)


@hookimpl
def public_urls():
    return [path("pendaftaran/<str:token>/", views.signup_detail, name="signup")]


@hookimpl
def ask_progress(campaign, asks):
    """Volunteers signed up of volunteers needed (filled slots of all shifts; ``parts``: one per
    shift); ``label`` names the hours given only once there are any (never "0 hours given").

    Two queries whatever the number of signups: slots and hours per shift, people per ask.
    A shift's filled slots never count above its slots; signups of a shift the editor deleted
    count as supporters and hours, not as slots.
    """
    ask_ids = [ask.id for ask in asks]
    signups = VolunteerSignup.objects.filter(campaign=campaign, ask_id__in=ask_ids)
    filled_count, hours_sum, people_count = _aggregates()
    per_shift = (
        signups.values("ask_id", "shift_id").annotate(filled=filled_count, hours=hours_sum).order_by()
    )
    filled, hours = {}, {}
    for row in per_shift:
        filled[(row["ask_id"], row["shift_id"])] = row["filled"]
        hours[row["ask_id"]] = hours.get(row["ask_id"], Decimal("0")) + (row["hours"] or Decimal("0"))
    people = dict(
        signups.filter(status__in=VolunteerSignup.SUPPORTER_STATUSES)
        .values_list("ask_id").annotate(n=people_count).order_by()
    )
    return _progress(asks, filled, hours, people)


def _aggregates():
    """Filled slots and hours given (per shift), distinct people (per ask, of the supporter statuses)."""
    return (Count("pk", filter=Q(status__in=VolunteerSignup.COUNTED_STATUSES)),
            Sum("hours", filter=Q(status=Status.ATTENDED)),
            Count(Lower("email"), distinct=True))


#: ``count2`` of the row counting an ask's people (the other rows are shifts: ``part`` is the shift).
PEOPLE_ROW = 1


@hookimpl
def progress_query(campaign_ids, ask_ids):
    """Per ask and shift (``part``): filled slots (``count``) and hours (``amount``); per ask, one more
    row (``count2`` = ``PEOPLE_ROW``) counting the people (``count``)."""
    signups = VolunteerSignup.objects.filter(campaign_id__in=campaign_ids, ask_id__in=ask_ids)
    filled_count, hours_sum, people_count = _aggregates()
    return [
        progress_rows(signups, part="shift_id", counts=[filled_count], amount=hours_sum),
        progress_rows(signups.filter(status__in=VolunteerSignup.SUPPORTER_STATUSES),
                      counts=[people_count, Value(PEOPLE_ROW, output_field=IntegerField())]),
    ]


@hookimpl
def progress_from_rows(campaign, asks, rows):
    filled, hours, people = {}, {}, {}
    for row in rows:
        if row.count2 == PEOPLE_ROW:
            people[row.ask_id] = row.count
            continue
        filled[(row.ask_id, row.part)] = row.count
        hours[row.ask_id] = hours.get(row.ask_id, Decimal("0")) + (row.amount or Decimal("0"))
    return _progress(asks, filled, hours, people)


def _progress(asks, filled, hours, people):
    """``{ask id: Progress}`` from filled slots per (ask, shift), hours and people per ask."""
    result = {}
    for ask in asks:
        parts = []
        for shift in iter_shifts(ask.value):
            parts.append(Progress(
                current=Decimal(min(filled.get((ask.id, shift.id), 0), shift.slots)),
                target=Decimal(shift.slots), unit=_volunteers(shift.slots),
                label=f"{shift.role_name} · {shift.when()} · {shift.place}",
            ))
        given = hours.get(ask.id, Decimal("0"))
        target = sum((p.target for p in parts), Decimal("0"))
        result[ask.id] = Progress(
            current=sum((p.current for p in parts), Decimal("0")), target=target,
            unit=_volunteers(target), supporters=people.get(ask.id, 0), money=None,
            label=str(_("%(hours)s hours given") % {"hours": format_number(given)}) if given > 0 else "", parts=parts,
        )
    return result


def _volunteers(count):
    """The unit after "3 / 10": one volunteer fills one place on a shift."""
    return ngettext("volunteer", "volunteers", int(count))


@hookimpl
def api_ask(campaign, ask, progress):
    """What the page and the signup form show of a volunteering ask: its roles (skills wanted) and
    their shifts, each by its stable id, with date, local times, place, slots and places left. The
    filled slots come from ``progress`` (its parts, one per shift): no query but the campaign's
    regency for the time zone; never anything about a volunteer."""
    by_shift = {shift.id: part for shift, part in zip(iter_shifts(ask.value), getattr(progress, "parts", None) or [])}
    tz = timezone_for(campaign)
    now = timezone.now()
    roles = []
    for role in ask.value.get("roles") or []:
        shifts = []
        for child in getattr(role.get("shifts"), "bound_blocks", []):
            value = child.value
            if not child.id or not value.get("date") or not value.get("start_time") or not value.get("end_time"):
                continue  # not a shift iter_shifts reads (never saved): nobody can sign up for it
            slots = int(value.get("slots") or 0)
            part = by_shift.get(child.id)
            filled = int(part.current) if part is not None else 0
            starts_at = datetime.datetime.combine(value["date"], value["start_time"], tzinfo=tz)
            shifts.append({
                "id": child.id, "date": value["date"].isoformat(),
                "start_time": value["start_time"].strftime("%H:%M"), "end_time": value["end_time"].strftime("%H:%M"),
                "starts_at": starts_at.isoformat(), "place": value.get("place") or "",
                "slots": slots, "filled": filled, "places_left": max(0, slots - filled),
                "started": now >= starts_at,
            })
        roles.append({"name": role.get("name") or "", "description": role.get("description") or "",
                      "skills": role.get("skills") or "", "shifts": shifts})
    return {"time_zone": zone_abbreviation(tz) or str(tz), "roles": roles}


@hookimpl
def supporter_wall(campaign, limit):
    signups = (VolunteerSignup.objects.filter(campaign=campaign, status__in=VolunteerSignup.COUNTED_STATUSES)
               .only("name", "is_anonymous", "role_name", "created_at").order_by("-created_at")[:limit])
    anonymous = str(_("Anonymous"))
    return [Supporter(name=anonymous if s.is_anonymous or not s.name else s.name, type_key=KEY,
                      created_at=s.created_at, summary=str(_("Volunteer: %(role)s") % {"role": s.role_name}))
            for s in signups]


@hookimpl
def supporter_query(campaign_id, limit):
    """The same volunteers as ``supporter_wall``: their role (``text``)."""
    signups = VolunteerSignup.objects.filter(campaign_id=campaign_id, status__in=VolunteerSignup.COUNTED_STATUSES)
    return supporter_rows(signups, KEY, limit, name=anonymous_blank(), text="role_name")


@hookimpl
def supporter_from_row(row):
    return Supporter(name=row.name or str(_("Anonymous")), type_key=KEY, created_at=row.created_at,
                     summary=str(_("Volunteer: %(role)s") % {"role": row.text}))


def _hours(signup):
    return "" if signup.hours is None else format_number(signup.hours)


@hookimpl
def records_admin():
    columns = [
        Column(_("Signed up"), lambda s: timezone.localtime(s.created_at).strftime("%Y-%m-%d %H:%M")),
        Column(_("Campaign"), lambda s: s.campaign.title),
        Column(_("Name"), lambda s: s.name + (" " + str(_("(anonymous)")) if s.is_anonymous else "")),
        Column(_("Email"), lambda s: s.email),
        Column(_("Phone / WhatsApp"), lambda s: s.phone),
        Column(_("Role"), lambda s: s.role_name),
        Column(_("Shift"), lambda s: s.shift_when),
        Column(_("Place"), lambda s: s.shift_place),
        Column(_("Status"), lambda s: s.get_status_display()),
        Column(_("Hours"), _hours),
    ]
    export = [
        Column("id", lambda s: s.pk),
        Column(_("Signed up"), lambda s: s.created_at.isoformat()),
        Column(_("Campaign"), lambda s: s.campaign.title),
        Column(_("Ask"), lambda s: s.ask_id),
        Column(_("Shift ID"), lambda s: s.shift_id),
        Column(_("Role"), lambda s: s.role_name),
        Column(_("Shift date"), lambda s: s.shift_date.isoformat()),
        Column(_("Start time"), lambda s: s.shift_start.strftime("%H:%M")),
        Column(_("End time"), lambda s: s.shift_end.strftime("%H:%M")),
        Column(_("Place"), lambda s: s.shift_place),
        Column(_("Name"), lambda s: s.name),
        Column(_("Anonymous"), lambda s: "1" if s.is_anonymous else "0"),
        Column(_("Email"), lambda s: s.email),
        Column(_("Phone / WhatsApp"), lambda s: s.phone),
        Column(_("Skills and motivation"), lambda s: s.note),
        Column(_("Wants updates"), lambda s: "1" if s.wants_updates else "0"),
        Column(_("Status"), lambda s: s.status),
        Column(_("Hours given"), lambda s: "" if s.hours is None else s.hours),
    ]
    return RecordsAdmin(model=VolunteerSignup, columns=columns, export_columns=export,
                        status_form=SignupStatusForm, search_fields=["name", "email", "phone", "role_name"])


def _links(signup):
    """The volunteer's links (in their language) and the shift's time zone, for the emails."""
    with translation.override(signup.language or None):
        return {"signup_url": absolute_url(views.signup_url(signup)),
                "campaign_url": absolute_url(signup.campaign.localized.url or signup.campaign.url or ""),
                "zone": zone_abbreviation(timezone_for(signup.campaign))}


@hookimpl
def pledge_recorded(record):
    if not isinstance(record, VolunteerSignup):
        return
    context = {"signup": record, **_links(record)}
    send_templated_email(record.email, "volunteering/email/signed_up", context, language=record.language or None)
    shift = next((s for s in iter_shifts(_ask_value(record)) if s.id == record.shift_id), None)
    taken = VolunteerSignup.objects.filter(campaign_id=record.campaign_id, ask_id=record.ask_id,
                                           shift_id=record.shift_id,
                                           status__in=VolunteerSignup.COUNTED_STATUSES).count()
    send_templated_email(organisation_email(record.campaign), "volunteering/email/organisation_signed_up",
                         {**context, "taken": taken, "slots": shift.slots if shift else None})


def already_signed_up(record):
    """Someone signed up again with this signup's email: send its owner the link, tell nobody else."""
    send_templated_email(record.email, "volunteering/email/already_signed_up", {"signup": record, **_links(record)},
                         language=record.language or None)


def _ask_value(record):
    ask = record.campaign.get_ask(record.ask_id)
    return ask.value if ask else {}


@hookimpl
def pledge_status_changed(record, old_status, user):
    if not isinstance(record, VolunteerSignup):
        return
    language = record.language or None
    context = {"signup": record, **_links(record)}
    if record.status == Status.CONFIRMED:
        send_templated_email(record.email, "volunteering/email/confirmed", context, language)
    elif record.status == Status.ATTENDED:
        send_templated_email(record.email, "volunteering/email/attended", context, language)
    elif record.status == Status.CANCELLED and user is None:
        # The volunteer cancelled through their link: tell the OMS the slot is free again.
        send_templated_email(organisation_email(record.campaign), "volunteering/email/organisation_cancelled",
                             context)


# --- Demo content ------------------------------------------------------------------------------

#: (keywords, [(role, what they do, skills, place, start, end, slots)])
DEMO_ROLES = [
    (("sampah", "daur ulang", "bank sampah"), [
        ("Petugas timbang bank sampah", "Menimbang dan mencatat setoran sampah terpilah warga di buku tabungan.",
         "teliti mencatat, bisa membaca timbangan", "Posko Bank Sampah, balai RW", "07:00", "10:00", 4),
        ("Penyuluh pilah sampah", "Mengajak warga memilah sampah organik dan anorganik dari rumah.",
         "berani bicara di depan warga", "Balai RW dan gang-gang kampung", "15:30", "17:30", 6),
    ]),
    (("lampu", "energi", "penerangan", "surya"), [
        ("Relawan pemasangan lampu jalan", "Membantu teknisi mengangkat tiang, memasang panel surya dan lampu.",
         "listrik dasar, kuat mengangkat, tidak takut ketinggian", "Balai desa, titik kumpul pemasangan",
         "07:30", "15:00", 8),
        ("Pencatat titik lampu", "Mencatat koordinat dan kondisi setiap lampu yang terpasang.",
         "bisa memakai aplikasi peta di ponsel", "Balai desa", "08:00", "12:00", 2),
    ]),
    (("jelantah", "sabun"), [
        ("Pengumpul jelantah keliling", "Menjemput jeriken minyak jelantah dari warung dan rumah warga.",
         "punya sepeda motor", "Sekretariat PKK", "08:00", "11:00", 5),
        ("Pendamping pelatihan sabun", "Membantu ibu-ibu PKK menakar bahan dan mencetak sabun dengan aman.",
         "teliti, memakai sarung tangan dan kacamata pelindung", "Dapur umum balai warga", "09:00", "12:00", 4),
    ]),
    (("buku", "anak", "perpustakaan", "literasi", "baca"), [
        ("Pendamping baca anak", "Membacakan cerita dan menemani anak-anak belajar membaca.",
         "sabar dengan anak-anak, suka membaca nyaring", "Taman baca kampung", "15:00", "17:00", 5),
        ("Relawan katalog buku", "Menyampul, memberi label dan mencatat buku sumbangan.",
         "rapi dan teliti", "Taman baca kampung", "09:00", "12:00", 3),
    ]),
    (("tb", "tuberkulosis", "kesehatan"), [
        ("Pendamping minum obat (PMO)", "Mengunjungi pasien TB dan memastikan obat diminum setiap hari.",
         "komunikasi hangat, menjaga kerahasiaan pasien; pelatihan diberikan", "Puskesmas kecamatan",
         "08:00", "12:00", 6),
        ("Kader penyuluhan TB", "Menjelaskan gejala TB dan mengajak warga periksa dahak.",
         "berani bicara di depan warga", "Posyandu dan pengajian warga", "16:00", "18:00", 4),
    ]),
    (("hukum", "advokasi", "paralegal"), [
        ("Relawan pos konsultasi hukum", "Mencatat pengaduan warga di pos konsultasi bersama paralegal.",
         "mahasiswa hukum atau paralegal terlatih, menjaga kerahasiaan", "Kantor desa", "09:00", "13:00", 3),
        ("Penyuluh hak atas tanah", "Membantu penyuluhan tentang sertifikat dan batas tanah adat.",
         "bisa berbahasa daerah setempat", "Balai pertemuan kampung", "14:00", "17:00", 4),
    ]),
    (("api", "gambut", "kebakaran", "karhutla"), [
        ("Relawan patroli api gambut", "Berpatroli malam bersama Masyarakat Peduli Api, memantau titik panas.",
         "fisik kuat, bisa naik motor trail, tahan begadang", "Posko Masyarakat Peduli Api", "19:00", "01:00", 6),
        ("Relawan sekat kanal", "Membantu membangun sekat kanal agar gambut tetap basah.",
         "biasa kerja lapangan, membawa sepatu bot", "Posko Masyarakat Peduli Api", "07:00", "12:00", 10),
    ]),
    (("pertanian", "tikus", "burung hantu", "tyto"), [
        ("Relawan pemasangan rumah burung hantu", "Memasang tiang dan rumah burung hantu (Tyto alba) di sawah.",
         "pertukangan kayu, kuat memanjat", "Gubuk kelompok tani di tepi sawah", "06:30", "10:30", 6),
        ("Pemantau sarang", "Mencatat sarang yang dihuni dan sisa pelet mangsa burung hantu.",
         "teliti, bisa memotret dengan ponsel", "Gubuk kelompok tani", "16:00", "18:00", 3),
    ]),
    (("air", "hujan", "air bersih"), [
        ("Relawan pembuatan penampung air hujan", "Membantu tukang memasang talang, filter dan tandon.",
         "tukang batu atau pipa, atau mau belajar", "Rumah warga sasaran, titik kumpul di balai desa",
         "08:00", "14:00", 6),
        ("Penyuluh perawatan tandon", "Mengajari keluarga membersihkan talang dan filter sebelum musim hujan.",
         "komunikasi baik", "Balai desa", "15:00", "17:00", 3),
    ]),
]
DEFAULT_ROLES = [
    ("Relawan kegiatan lapangan", "Membantu persiapan, pelaksanaan dan beres-beres kegiatan.",
     "mau bekerja sama, tepat waktu", "Sekretariat lembaga", "08:00", "12:00", 6),
    ("Relawan dokumentasi", "Memotret dan menulis catatan singkat kegiatan untuk laporan dan media sosial.",
     "bisa memotret dengan ponsel, menulis rapi", "Sekretariat lembaga", "08:00", "12:00", 2),
]

#: English demo text (the English translation of each demo campaign)
DEMO_EN = {
    "Sumbangkan waktu dan keahlian Anda. Pilih peran dan jadwal yang cocok; kami akan menghubungi Anda lewat "
    "WhatsApp sebelum hari-H.": "Give your time and skills. Choose a role and a time that suit you; we will "
                                "message you on WhatsApp before the day.",
    "Petugas timbang bank sampah": "Waste bank weigher",
    "Menimbang dan mencatat setoran sampah terpilah warga di buku tabungan.":
        "Weighing residents' sorted waste and recording it in their savings books.",
    "teliti mencatat, bisa membaca timbangan": "careful with records, can read a scale",
    "Posko Bank Sampah, balai RW": "Waste bank post, neighbourhood hall",
    "Penyuluh pilah sampah": "Waste sorting educator",
    "Mengajak warga memilah sampah organik dan anorganik dari rumah.":
        "Encouraging residents to sort organic and inorganic waste at home.",
    "berani bicara di depan warga": "confident speaking to residents",
    "Balai RW dan gang-gang kampung": "Neighbourhood hall and the kampung's alleys",
    "Relawan pemasangan lampu jalan": "Street light installation volunteer",
    "Membantu teknisi mengangkat tiang, memasang panel surya dan lampu.":
        "Helping technicians lift the posts and fit the solar panels and lamps.",
    "listrik dasar, kuat mengangkat, tidak takut ketinggian": "basic electrics, can lift, not afraid of heights",
    "Balai desa, titik kumpul pemasangan": "Village hall, the installation meeting point",
    "Pencatat titik lampu": "Light point recorder",
    "Mencatat koordinat dan kondisi setiap lampu yang terpasang.":
        "Recording the location and condition of every light installed.",
    "bisa memakai aplikasi peta di ponsel": "can use a map app on a phone",
    "Balai desa": "Village hall",
    "Pengumpul jelantah keliling": "Used cooking oil collector",
    "Menjemput jeriken minyak jelantah dari warung dan rumah warga.":
        "Collecting jerrycans of used cooking oil from food stalls and homes.",
    "punya sepeda motor": "has a motorbike",
    "Sekretariat PKK": "Women's group (PKK) office",
    "Pendamping pelatihan sabun": "Soap-making training assistant",
    "Membantu ibu-ibu PKK menakar bahan dan mencetak sabun dengan aman.":
        "Helping the women's group measure ingredients and mould soap safely.",
    "teliti, memakai sarung tangan dan kacamata pelindung": "careful, wears gloves and safety glasses",
    "Dapur umum balai warga": "Community hall kitchen",
    "Pendamping baca anak": "Children's reading companion",
    "Membacakan cerita dan menemani anak-anak belajar membaca.": "Reading stories aloud and helping children learn to read.",
    "sabar dengan anak-anak, suka membaca nyaring": "patient with children, enjoys reading aloud",
    "Taman baca kampung": "Kampung reading corner",
    "Relawan katalog buku": "Book cataloguing volunteer",
    "Menyampul, memberi label dan mencatat buku sumbangan.": "Covering, labelling and recording donated books.",
    "rapi dan teliti": "tidy and careful",
    "Pendamping minum obat (PMO)": "Treatment companion",
    "Mengunjungi pasien TB dan memastikan obat diminum setiap hari.":
        "Visiting TB patients and making sure they take their medicine every day.",
    "komunikasi hangat, menjaga kerahasiaan pasien; pelatihan diberikan":
        "warm communicator, keeps patients' confidentiality; training given",
    "Puskesmas kecamatan": "District health centre",
    "Kader penyuluhan TB": "TB awareness volunteer",
    "Menjelaskan gejala TB dan mengajak warga periksa dahak.":
        "Explaining the symptoms of TB and encouraging residents to have a sputum test.",
    "Posyandu dan pengajian warga": "Health posts and community prayer meetings",
    "Relawan pos konsultasi hukum": "Legal advice desk volunteer",
    "Mencatat pengaduan warga di pos konsultasi bersama paralegal.":
        "Recording residents' complaints at the advice desk with the paralegals.",
    "mahasiswa hukum atau paralegal terlatih, menjaga kerahasiaan": "law student or trained paralegal, discreet",
    "Kantor desa": "Village office",
    "Penyuluh hak atas tanah": "Land rights educator",
    "Membantu penyuluhan tentang sertifikat dan batas tanah adat.":
        "Helping explain land certificates and customary land boundaries.",
    "bisa berbahasa daerah setempat": "speaks the local language",
    "Balai pertemuan kampung": "Kampung meeting hall",
    "Relawan patroli api gambut": "Peat fire patrol volunteer",
    "Berpatroli malam bersama Masyarakat Peduli Api, memantau titik panas.":
        "Patrolling at night with the fire-watch community, watching for hotspots.",
    "fisik kuat, bisa naik motor trail, tahan begadang": "fit, can ride a trail bike, can stay up late",
    "Posko Masyarakat Peduli Api": "Fire-watch community post",
    "Relawan sekat kanal": "Canal block volunteer",
    "Membantu membangun sekat kanal agar gambut tetap basah.": "Helping build canal blocks to keep the peat wet.",
    "biasa kerja lapangan, membawa sepatu bot": "used to field work, brings boots",
    "Relawan pemasangan rumah burung hantu": "Owl nest box volunteer",
    "Memasang tiang dan rumah burung hantu (Tyto alba) di sawah.":
        "Putting up posts and barn owl (Tyto alba) nest boxes in the rice fields.",
    "pertukangan kayu, kuat memanjat": "woodwork, good at climbing",
    "Gubuk kelompok tani di tepi sawah": "Farmers' group hut by the rice fields",
    "Pemantau sarang": "Nest monitor",
    "Mencatat sarang yang dihuni dan sisa pelet mangsa burung hantu.":
        "Recording occupied nests and the owls' prey pellets.",
    "teliti, bisa memotret dengan ponsel": "careful, can take photos with a phone",
    "Gubuk kelompok tani": "Farmers' group hut",
    "Relawan pembuatan penampung air hujan": "Rainwater tank building volunteer",
    "Membantu tukang memasang talang, filter dan tandon.": "Helping builders fit gutters, filters and tanks.",
    "tukang batu atau pipa, atau mau belajar": "mason or plumber, or willing to learn",
    "Rumah warga sasaran, titik kumpul di balai desa": "Residents' houses; meeting point at the village hall",
    "Penyuluh perawatan tandon": "Tank care educator",
    "Mengajari keluarga membersihkan talang dan filter sebelum musim hujan.":
        "Teaching families to clean gutters and filters before the rainy season.",
    "komunikasi baik": "good communicator",
    "Relawan kegiatan lapangan": "Field activities volunteer",
    "Membantu persiapan, pelaksanaan dan beres-beres kegiatan.": "Helping prepare, run and tidy up activities.",
    "mau bekerja sama, tepat waktu": "team player, punctual",
    "Sekretariat lembaga": "The organisation's office",
    "Relawan dokumentasi": "Documentation volunteer",
    "Memotret dan menulis catatan singkat kegiatan untuk laporan dan media sosial.":
        "Taking photos and writing short notes on activities for reports and social media.",
    "bisa memotret dengan ponsel, menulis rapi": "can take photos with a phone, writes clearly",
}


def _demo_roles(initiative):
    """The roles whose keywords match the initiative's keywords (first) or title words."""
    keywords = [k.lower() for k in initiative.keywords]
    title = initiative.title.lower()
    title_words = set(re.findall(r"\w+", title))
    for haystack in (keywords, None):
        for wanted, roles in DEMO_ROLES:
            for keyword in wanted:
                if haystack is not None and keyword in haystack:
                    return roles
                if haystack is None and (keyword in title_words or (" " in keyword and keyword in title)):
                    return roles
    return DEFAULT_ROLES


def _time(text):
    return datetime.time.fromisoformat(text)


@hookimpl
def demo_ask(initiative):
    """Two roles fitting the initiative, each with a shift on each of the next three Saturdays."""
    today = timezone.localdate()
    first_saturday = today + datetime.timedelta(days=(5 - today.weekday()) % 7 or 7)
    roles = []
    for name, description, skills, place, start, end, slots in _demo_roles(initiative):
        roles.append({
            "name": name, "description": description, "skills": skills,
            "shifts": [{"date": first_saturday + datetime.timedelta(weeks=week), "start_time": _time(start),
                        "end_time": _time(end), "place": place, "slots": slots} for week in range(3)],
        })
    english = (translation.get_language() or "").startswith("en")
    return demo_text(DEMO_EN, {
        "title": (("Volunteer: " if english else "Jadi relawan: ") + initiative.title)[:120],
        "description": "Sumbangkan waktu dan keahlian Anda. Pilih peran dan jadwal yang cocok; "
                       "kami akan menghubungi Anda lewat WhatsApp sebelum hari-H.",
        "roles": roles,
    })


DEMO_NAMES = ["Siti Rahmawati", "Budi Santoso", "Made Wirawan", "Yohanes Lake", "Nur Aini", "Agus Salim",
              "Dewi Lestari", "Rudi Hartono", "Maria Goreti", "Fajar Nugroho", "Putu Ayu Lestari", "Rahmat Hidayat",
              "Intan Permatasari", "Andreas Manek", "Wahyu Prasetyo", "Lina Marlina", "Ketut Sudarsana",
              "Rina Oktaviani", "Yusuf Maulana", "Theresia Bria"]
DEMO_NOTES = ["", "", "Mahasiswa, bisa hadir setiap Sabtu.", "Pernah ikut kegiatan serupa di kampung.",
              "Ingin belajar dan membantu warga.", "Bisa membawa motor sendiri.", "Guru SD, libur di akhir pekan."]


@hookimpl
def demo_records(campaign, ask, count, rng):
    """Signups spread over the shifts, never above a shift's slots; past shifts get attendance and hours."""
    shifts = iter_shifts(ask.value)
    room = {shift.id: shift.slots for shift in shifts}
    today = timezone.localdate()
    signups = []
    for i in range(count):
        open_shifts = [shift for shift in shifts if room[shift.id] > 0]
        if not open_shifts:
            break
        shift = rng.choice(open_shifts)
        name = rng.choice(DEMO_NAMES)
        if shift.date < today:
            status = rng.choices([Status.ATTENDED, Status.NO_SHOW, Status.CANCELLED], [8, 1, 1])[0]
        else:
            status = rng.choices([Status.REGISTERED, Status.CONFIRMED, Status.CANCELLED], [5, 4, 1])[0]
        if status in VolunteerSignup.COUNTED_STATUSES:
            room[shift.id] -= 1
        signups.append(VolunteerSignup(
            campaign=campaign, ask_id=ask.id, shift_id=shift.id, role_name=shift.role_name[:120],
            shift_date=shift.date, shift_start=shift.start, shift_end=shift.end, shift_place=shift.place[:200],
            name=name, email=f"relawan{i}@contoh.id", phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
            note=rng.choice(DEMO_NOTES), is_anonymous=rng.random() < 0.1, wants_updates=rng.random() < 0.6,
            status=status, hours=shift.length_hours if status == Status.ATTENDED else None, language="id",
        ))
    VolunteerSignup.objects.bulk_create(signups, batch_size=1000)


# --- Personal data (UU PDP) --------------------------------------------------------------------
# A signup holds no money: erasure and retention anonymise it (the skills and motivation note too),
# keeping the shift, the status and the hours given, so slots and reports stay right. One address
# per shift is a database constraint, so the address becomes a per-row stand-in that reaches no one.

#: The signup's own personal fields, blanked beside name, email and phone.
PERSONAL_FIELDS = {"note": "", "email": records.anonymous_email()}


def _signups_of(subject):
    return records.of_subject(VolunteerSignup.objects.all(), subject)


@hookimpl
def personal_data(subject):
    return records.describe(_signups_of(subject).order_by("pk"), support_type().name, extra_fields=(
        "role_name", "shift_date", "shift_place", "note", "hours"))


@hookimpl
def correct_personal_data(subject, changes):
    return records.correct(_signups_of(subject), changes, unique_within=("campaign", "ask_id", "shift_id"))


@hookimpl
def erase_personal_data(subject):
    return records.anonymise(_signups_of(subject), **PERSONAL_FIELDS)


@hookimpl
def expire_personal_data(campaign_ids, include_money):
    return records.anonymise(VolunteerSignup.objects.filter(campaign_id__in=campaign_ids), **PERSONAL_FIELDS)


# --- The OMS's dashboard ----------------------------------------------------------------------


@hookimpl
def dashboard_todo(campaigns):
    """Volunteers registered for a shift still to come, not yet confirmed, per campaign: one query."""
    from campaigns.types import TodoItem, records_url

    rows = (VolunteerSignup.objects.filter(campaign_id__in=[c.pk for c in campaigns], status=Status.REGISTERED,
                                           shift_date__gte=timezone.localdate())
            .values_list("campaign_id").annotate(n=Count("pk")).order_by("campaign_id"))
    return [TodoItem(label=_("Volunteers to confirm"), count=n, campaign_id=campaign_id, type_key=KEY,
                     url=records_url(KEY, campaign=campaign_id, status=Status.REGISTERED))
            for campaign_id, n in rows]


@hookimpl
def dashboard_upcoming(campaigns, limit):
    """The next shifts of the campaigns' asks, with their filled places: no query (the shifts are in the
    asks, the filled places in the progress already measured)."""
    from campaigns.types import UpcomingItem, records_url

    now = timezone.now()
    found = []
    for campaign in campaigns:
        zone = timezone_for(campaign)
        for ask, _type, progress in campaign.get_progress():
            if ask.type_key != KEY:
                continue
            parts = progress.parts if progress is not None else []
            for index, shift in enumerate(iter_shifts(ask.value)):
                end = datetime.datetime.combine(shift.date, shift.end, tzinfo=zone)
                if end <= shift.starts_at(zone):
                    end += datetime.timedelta(days=1)
                if end < now:
                    continue
                filled = parts[index].current if index < len(parts) else 0
                found.append(UpcomingItem(
                    when=shift.starts_at(zone), title=shift.role_name,
                    detail=str(_("%(filled)s of %(slots)s places filled · %(place)s") % {
                        "filled": format_number(filled), "slots": format_number(shift.slots), "place": shift.place}),
                    campaign_id=campaign.pk, type_key=KEY,
                    url=records_url(KEY, campaign=campaign.pk, ask=ask.id)))
    found.sort(key=lambda item: item.when)
    return found[:limit]


@hookimpl
def dashboard_supporters(campaign_ids, limit):
    """The newest signups: role and shift, with the volunteer's skills and motivation."""
    from campaigns.types import RecentSupporter, records_url

    signups = (VolunteerSignup.objects.filter(campaign_id__in=campaign_ids)
               .only("campaign_id", "name", "is_anonymous", "created_at", "status", "role_name", "shift_date",
                     "shift_start", "shift_end", "note")
               .order_by("-created_at", "-pk")[:limit])
    return [RecentSupporter(name=s.name, type_key=KEY, created_at=s.created_at, campaign_id=s.campaign_id,
                            is_anonymous=s.is_anonymous, summary=f"{s.role_name} · {s.shift_when}", message=s.note,
                            status=s.get_status_display(),
                            url=records_url(KEY, campaign=s.campaign_id, status=s.status)) for s in signups]
