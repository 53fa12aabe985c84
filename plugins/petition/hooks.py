"""The petition support type's hook implementations (see campaigns/hookspecs.py)."""
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db.models import Case, F, Sum, TextField, Value, When
from django.db.models.functions import Coalesce, JSONObject
from django.urls import path
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_lazy as _

from campaigns import events
from campaigns.hookspecs import hookimpl
from campaigns.progress import ProgressRow, progress_rows
from campaigns.types import Column, Progress, RecordsAdmin, Supporter, SupportType, demo_text
from campaigns.wall import supporter_rows
from lokadaya.compiled_queries import run_union
from lokadaya.numbers import format_number
from privacy import records

from . import notify, views
from .blocks import PetitionAskBlock
from .models import PetitionDelivery, Signature, SignatureTotal

KEY = "petition"


@hookimpl
def support_type():
    return SupportType(key=KEY, name=_("Petition"), icon="edit", order=50, action_label=_("Sign the petition"),
                       description=_("Signatures addressed to a decision maker, each confirmed by email, "
                                     "exported for delivery."))


@hookimpl
def ask_block():
    return PetitionAskBlock()


@hookimpl
def pledge_view(request, campaign, ask):
    return views.pledge(request, campaign, ask)


@hookimpl
def public_urls():
    return [
        path("konfirmasi/<str:token>/", views.confirm, name="confirm"),
        path("tautan-baru/<str:token>/", views.resend, name="resend"),
        path("tarik/<str:token>/", views.withdraw, name="withdraw"),
    ]


@dataclass(frozen=True)
class Delivered:
    """What the public sees of a petition's delivery (``PetitionDelivery``), read with the progress."""

    to: str
    on: datetime.date
    signatures: int
    note: str = ""
    response: str = ""

    @property
    def line(self):
        """"Delivered to <whom> on <date>: <n> signatures", then the note and the response, one a line."""
        line = (gettext("Delivered to %(recipient)s on %(date)s: %(count)s signature") if self.signatures == 1
                else gettext("Delivered to %(recipient)s on %(date)s: %(count)s signatures"))
        lines = [line % {"recipient": self.to, "date": formats.date_format(self.on, "j F Y"),
                         "count": format_number(self.signatures)}]
        if self.note:
            lines.append(self.note)
        if self.response:
            lines.append(gettext("Response: %(response)s") % {"response": self.response})
        return "\n".join(lines)


@dataclass
class PetitionProgress(Progress):
    """A petition's progress, with its delivery when one was recorded (``note`` says it in public)."""

    delivery: Delivered | None = None


def _progress(asks, counts, deliveries=None):
    """``{ask id: PetitionProgress}`` from ``{ask id: confirmed signatures}`` and ``{ask id: Delivered}``."""
    deliveries = deliveries or {}
    progress = {}
    for ask in asks:
        delivery = deliveries.get(ask.id)
        progress[ask.id] = PetitionProgress(
            current=Decimal(counts.get(ask.id, 0)), target=Decimal(int(ask.value.get("goal") or 0)),
            unit=_("signatures"), supporters=counts.get(ask.id, 0), money=None, label=_("signed"),
            note=delivery.line if delivery else "", delivery=delivery,
        )
    return progress


@hookimpl
def api_ask(campaign, ask, progress):
    """What the page and the signing form show of a petition: to whom, the demand, the signature
    goal, and its delivery once recorded (to whom, when, how many signatures, the public note and
    the response). No query: the delivery came with ``progress``. Never a signer's name or place."""
    delivery = getattr(progress, "delivery", None)
    return {
        "decision_maker": ask.value.get("decision_maker") or "",
        "demand": ask.value.get("demand") or "",
        "goal": int(ask.value.get("goal") or 0),
        "delivery": {
            "delivered_to": delivery.to, "delivered_on": delivery.on.isoformat(),
            "signatures_delivered": delivery.signatures, "note": delivery.note, "response": delivery.response,
            "text": delivery.line,
        } if delivery is not None else None,
    }


def _delivered(part):
    """A ``Delivered`` from the JSON text of a delivery's progress row (``_delivery_rows``)."""
    facts = json.loads(part)
    return Delivered(to=facts["to"], on=datetime.date.fromisoformat(str(facts["on"])[:10]),
                     signatures=int(facts["n"]), note=facts.get("note") or "", response=facts.get("response") or "")


def _delivery_rows(campaign_ids, ask_ids):
    """Each ask's delivery as one progress row whose ``part`` is its public facts as JSON text, so the
    page reads them in the same ``UNION ALL`` as the signatures (no query of its own). Signature rows
    have the part ""."""
    facts = JSONObject(to=F("delivered_to"), on=F("delivered_on"), n=F("signatures_delivered"),
                       note=F("note"), response=F("response"))
    delivered = PetitionDelivery.objects.filter(campaign_id__in=campaign_ids, ask_id__in=ask_ids)
    return progress_rows(delivered, part=facts, counts=[F("signatures_delivered")])


def progress_for(campaign, asks):
    """Confirmed signatures over the goal, and the delivery, for each ask: one query whatever the
    number of signatures (the same ``UNION ALL`` as the batched hooks)."""
    rows = run_union(progress_query(campaign_ids=[campaign.pk], ask_ids=[a.id for a in asks]))
    return progress_from_rows(campaign, asks, [ProgressRow(*values) for values in rows])


@hookimpl
def ask_progress(campaign, asks):
    return progress_for(campaign, asks)


@hookimpl
def progress_query(campaign_ids, ask_ids):
    """Per ask: confirmed signatures (``count``, part "") from the running totals, a row per ask
    however many signed; and its delivery, if any (``_delivery_rows``)."""
    totals = SignatureTotal.objects.filter(campaign_id__in=campaign_ids, ask_id__in=ask_ids)
    return [progress_rows(totals, counts=[Sum("signatures")]), _delivery_rows(campaign_ids, ask_ids)]


@hookimpl
def progress_from_rows(campaign, asks, rows):
    counts = {row.ask_id: row.count for row in rows if not row.part}
    deliveries = {row.ask_id: _delivered(row.part) for row in rows if row.part}
    return _progress(asks, counts, deliveries)


@hookimpl
def count_problems():
    """The running totals (``SignatureTotal``) must be the confirmed signatures' own counts."""
    from lokadaya.running_totals import differences

    from .totals import SIGNATURES

    return [f"signature total of campaign {key[0]} ask {key[1]}: {kept[0]}, its confirmed signatures {counted[0]}"
            for key, kept, counted in differences(SignatureTotal, SIGNATURES)]


@hookimpl
def supporter_wall(campaign, limit):
    signatures = (Signature.objects.filter(campaign=campaign, status=Signature.Status.CONFIRMED,
                                           is_anonymous=False)
                  .select_related("regency").order_by(F("confirmed_at").desc(nulls_last=True), "-pk")[:limit])
    return [Supporter(name=s.name, type_key=KEY, created_at=s.confirmed_at or s.created_at,
                      summary=gettext("signed, from %(place)s") % {"place": s.regency.name},
                      message=s.public_comment)
            for s in signatures]


@hookimpl
def supporter_query(campaign_id, limit):
    """The same signers as ``supporter_wall``: their place (``text``) and public comment (``text2``)."""
    public = Signature.objects.filter(campaign_id=campaign_id, status=Signature.Status.CONFIRMED, is_anonymous=False)
    comment = Case(When(hide_comment=True, then=Value("")), default=F("comment"), output_field=TextField())
    return supporter_rows(public, KEY, limit, order_by=(F("confirmed_at").desc(nulls_last=True), "-pk"),
                          created_at=Coalesce("confirmed_at", "created_at"), name="name",
                          text="regency__name", text2=comment)


@hookimpl
def supporter_from_row(row):
    return Supporter(name=row.name, type_key=KEY, created_at=row.created_at,
                     summary=gettext("signed, from %(place)s") % {"place": row.text}, message=row.text2)


# --- The OMS's records ------------------------------------------------------------------------


class SignatureStatusForm(forms.ModelForm):
    """The OMS removes spam, records a withdrawal, or hides an abusive comment."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Signature
        fields = ["status", "hide_comment"]

    def apply(self, record, user, note):
        """Called by the core's status view: change the status, audited, and the comment's visibility."""
        status = self.cleaned_data["status"]
        fields = {"hide_comment": self.cleaned_data["hide_comment"]}
        if status == Signature.Status.CONFIRMED and not record.confirmed_at:
            fields["confirmed_at"] = timezone.now()  # confirmed by hand: it counts from now
        return events.change_status(record, status, user=user, note=note, **fields)


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _yes_no(value):
    return gettext("yes") if value else gettext("no")


def _petition_titles():
    """The petition (ask) title of a signature, looked up once per campaign and ask."""
    cache = {}

    def title(signature):
        key = (signature.campaign_id, signature.ask_id)
        if key not in cache:
            ask = signature.campaign.get_ask(signature.ask_id)
            cache[key] = ask.title if ask else signature.ask_id
        return cache[key]

    return title


@hookimpl
def records_admin():
    petition = _petition_titles()
    columns = [
        Column(_("Signed"), lambda s: _local(s.created_at)),
        Column(_("Campaign"), lambda s: s.campaign.title),
        Column(_("Name"), lambda s: s.name + ("" if not s.is_anonymous else " " + gettext("(not public)"))),
        Column(_("Email"), lambda s: s.email),
        Column(_("Kabupaten/kota"), lambda s: s.regency.name),
        Column(_("Status"), lambda s: s.get_status_display()),
        Column(_("Confirmed"), lambda s: _local(s.confirmed_at)),
    ]
    # For delivery to the decision maker: filter on "Confirmed" before downloading.
    export = [
        Column(_("No."), lambda s: s.pk),
        Column(_("Name"), lambda s: s.name),
        Column(_("Kabupaten/kota"), lambda s: s.regency.name),
        Column(_("Province"), lambda s: s.regency.province.name),
        Column(_("Date confirmed"), lambda s: _local(s.confirmed_at)),
        Column(_("Comment"), lambda s: s.comment),
        Column(_("Public"), lambda s: _yes_no(not s.is_anonymous)),
        Column(_("Email"), lambda s: s.email),
        Column(_("Status"), lambda s: s.get_status_display()),
        Column(_("Campaign"), lambda s: s.campaign.title),
        Column(_("Petition"), petition),
        Column(_("Date signed"), lambda s: _local(s.created_at)),
        Column(_("Wants updates"), lambda s: _yes_no(s.wants_updates)),
    ]
    return RecordsAdmin(model=Signature, columns=columns, export_columns=export,
                        status_form=SignatureStatusForm, select_related=["regency__province"],
                        search_fields=["name", "email", "regency__name", "comment"])


# --- Events -------------------------------------------------------------------------------------


@hookimpl
def pledge_recorded(record):
    if not isinstance(record, Signature):
        return
    if record.status == Signature.Status.PENDING:
        notify.send_confirmation(record)


@hookimpl
def pledge_status_changed(record, old_status, user):
    if not isinstance(record, Signature):
        return
    if record.status == Signature.Status.CONFIRMED and old_status != Signature.Status.CONFIRMED:
        notify.send_thanks(record)
        notify.notify_milestones(record)


# --- Demo content -------------------------------------------------------------------------------

# (keywords, title, decision maker, demand, goal)
DEMO_PETITIONS = [
    (("lampu", "energi"), "Terangi jalan desa kami",
     "Bupati dan Kepala Dinas Perhubungan",
     "Masukkan penerangan jalan desa ke APBD tahun depan dan tanggung biaya perawatan lampu jalan "
     "tenaga surya yang sudah dipasang warga.", 1000),
    (("sampah", "daur ulang"), "Pilah sampah dari rumah",
     "Wali Kota dan Kepala Dinas Lingkungan Hidup",
     "Terbitkan peraturan wali kota tentang pemilahan sampah dari rumah dan sediakan satu bank sampah "
     "di setiap RW, lengkap dengan jadwal angkut sampah terpilah.", 2500),
    (("jelantah", "sabun"), "Jangan buang jelantah ke selokan",
     "Kepala Dinas Lingkungan Hidup",
     "Sediakan titik pengumpulan minyak jelantah di setiap kelurahan dan bekerja sama dengan kelompok "
     "ibu-ibu PKK yang mengolahnya menjadi sabun.", 1500),
    (("buku", "anak"), "Perpustakaan sampai ke kampung",
     "Kepala Dinas Perpustakaan dan Kearsipan",
     "Jalankan perpustakaan keliling ke kampung-kampung setiap pekan dan izinkan dana kelurahan dipakai "
     "untuk taman baca anak.", 1000),
    (("kesehatan", "tb"), "Pasien TB jangan putus obat",
     "Kepala Dinas Kesehatan",
     "Tanggung biaya transportasi pasien TB ke puskesmas selama enam bulan pengobatan dan tambah kader "
     "pendamping minum obat di setiap kecamatan.", 2000),
    (("hukum", "advokasi"), "Paralegal di setiap desa",
     "Bupati Sumba Barat",
     "Terbitkan peraturan bupati yang mengakui paralegal desa dan anggarkan bantuan hukum gratis bagi "
     "warga miskin yang berperkara soal tanah.", 1500),
    (("api", "gambut"), "Cegah kebakaran gambut sebelum kemarau",
     "Bupati dan Kepala BPBD",
     "Bangun sekat kanal dan sumur bor di desa rawan api sebelum musim kemarau, dan lengkapi regu "
     "patroli warga dengan pompa dan asuransi.", 3000),
    (("pertanian", "tikus"), "Hentikan jebakan tikus bertegangan listrik",
     "Bupati dan Kepala Dinas Pertanian",
     "Larang jebakan tikus bertegangan listrik di sawah yang sudah menewaskan petani, dan dukung rumah "
     "burung hantu di setiap desa sebagai gantinya.", 2000),
    (("air", "tandon"), "Air bersih untuk dusun kering",
     "Bupati dan Kepala Dinas PUPR",
     "Masukkan penampungan air hujan ke program air bersih desa dan bantu satu tandon untuk setiap rumah "
     "di dusun yang kering saat kemarau.", 1500),
]

#: English demo text (the English translation of each demo campaign)
DEMO_EN = {
    "Terangi jalan desa kami": "Light up our village road",
    "Bupati dan Kepala Dinas Perhubungan": "Regent and Head of the Transport Office",
    "Masukkan penerangan jalan desa ke APBD tahun depan dan tanggung biaya perawatan lampu jalan tenaga surya yang "
    "sudah dipasang warga.": "Put village street lighting in next year's regional budget and pay for the upkeep of "
                             "the solar street lights the villagers have installed.",
    "Pilah sampah dari rumah": "Sort waste at home",
    "Wali Kota dan Kepala Dinas Lingkungan Hidup": "Mayor and Head of the Environment Office",
    "Terbitkan peraturan wali kota tentang pemilahan sampah dari rumah dan sediakan satu bank sampah di setiap RW, "
    "lengkap dengan jadwal angkut sampah terpilah.": "Issue a mayoral regulation on sorting waste at home and provide "
                                                    "a waste bank in every neighbourhood, with collection days for "
                                                    "sorted waste.",
    "Jangan buang jelantah ke selokan": "Don't pour used cooking oil into the drains",
    "Kepala Dinas Lingkungan Hidup": "Head of the Environment Office",
    "Sediakan titik pengumpulan minyak jelantah di setiap kelurahan dan bekerja sama dengan kelompok ibu-ibu PKK yang "
    "mengolahnya menjadi sabun.": "Provide a used cooking oil collection point in every urban village and work with "
                                 "the women's groups that turn it into soap.",
    "Perpustakaan sampai ke kampung": "A library that reaches the kampung",
    "Kepala Dinas Perpustakaan dan Kearsipan": "Head of the Library and Archives Office",
    "Jalankan perpustakaan keliling ke kampung-kampung setiap pekan dan izinkan dana kelurahan dipakai untuk taman "
    "baca anak.": "Run a mobile library to the neighbourhoods every week and allow urban village funds to be used "
                  "for children's reading corners.",
    "Pasien TB jangan putus obat": "TB patients must not stop their medicine",
    "Kepala Dinas Kesehatan": "Head of the Health Office",
    "Tanggung biaya transportasi pasien TB ke puskesmas selama enam bulan pengobatan dan tambah kader pendamping "
    "minum obat di setiap kecamatan.": "Pay TB patients' transport to the health centre during their six months of "
                                       "treatment and add treatment companions in every district.",
    "Paralegal di setiap desa": "A paralegal in every village",
    "Bupati Sumba Barat": "Regent of West Sumba",
    "Terbitkan peraturan bupati yang mengakui paralegal desa dan anggarkan bantuan hukum gratis bagi warga miskin yang "
    "berperkara soal tanah.": "Issue a regent's regulation recognising village paralegals and budget free legal aid "
                              "for poor residents in land disputes.",
    "Cegah kebakaran gambut sebelum kemarau": "Prevent peat fires before the dry season",
    "Bupati dan Kepala BPBD": "Regent and Head of the Disaster Management Agency",
    "Bangun sekat kanal dan sumur bor di desa rawan api sebelum musim kemarau, dan lengkapi regu patroli warga dengan "
    "pompa dan asuransi.": "Build canal blocks and boreholes in fire-prone villages before the dry season, and equip "
                           "the villagers' patrols with pumps and insurance.",
    "Hentikan jebakan tikus bertegangan listrik": "Stop electrified rat traps",
    "Bupati dan Kepala Dinas Pertanian": "Regent and Head of the Agriculture Office",
    "Larang jebakan tikus bertegangan listrik di sawah yang sudah menewaskan petani, dan dukung rumah burung hantu di "
    "setiap desa sebagai gantinya.": "Ban the electrified rat traps in the rice fields that have killed farmers, and "
                                     "support barn owl nest boxes in every village instead.",
    "Air bersih untuk dusun kering": "Clean water for dry hamlets",
    "Bupati dan Kepala Dinas PUPR": "Regent and Head of the Public Works Office",
    "Masukkan penampungan air hujan ke program air bersih desa dan bantu satu tandon untuk setiap rumah di dusun yang "
    "kering saat kemarau.": "Include rainwater harvesting in the village clean water programme and fund a tank for "
                           "every house in the hamlets that go dry in the dry season.",
}


@hookimpl
def demo_ask(initiative):
    keywords = set(initiative.keywords)
    for words, title, decision_maker, demand, goal in DEMO_PETITIONS:
        if keywords & set(words):
            english = (translation.get_language() or "").startswith("en")
            return demo_text(DEMO_EN, {
                "title": title,
                "description": (f"Sign this petition and ask the {DEMO_EN.get(decision_maker, decision_maker)} to act."
                                if english else f"Tanda tangani petisi ini dan minta {decision_maker} bertindak."),
                "decision_maker": decision_maker, "demand": demand, "goal": goal})
    return None


DEMO_FIRST = ["Siti", "Budi", "Made", "Yohanes", "Nur", "Agus", "Dewi", "Rudi", "Maria", "Andi", "Putu",
              "Fransiska", "Ahmad", "Ketut", "Rina", "Yosef", "Fitri", "Bayu", "Ratna", "Imam"]
DEMO_LAST = ["Santoso", "Rahmawati", "Wirawan", "Lake", "Aini", "Salim", "Lestari", "Hartono", "Goreti",
             "Pratama", "Sitorus", "Nainggolan", "Hidayat", "Kurniawan", "Wulandari", "Tallo", "Ndapa"]
DEMO_COMMENTS = [
    "", "", "", "Saya warga di sini dan merasakan sendiri masalahnya.", "Semoga segera ditindaklanjuti.",
    "Demi anak cucu kita.", "Sudah terlalu lama dibiarkan.", "Mohon Bapak/Ibu mendengar suara warga.",
    "Saya mendukung penuh.", "",
]


@hookimpl
def demo_records(campaign, ask, count, rng):
    from regions.models import Regency

    # One query for every call (seed_synthetic makes thousands): all kabupaten/kota with their province.
    province_of = dict(Regency.objects.values_list("pk", "province_id"))
    regencies = list(province_of)
    home = campaign.regency_id
    province_regencies = ([pk for pk, province in province_of.items() if province == province_of.get(home)]
                          if home else [])
    now = timezone.now()
    signatures = []
    for i in range(count):
        roll = rng.random()
        if home and roll < 0.5:
            regency_id = home
        elif province_regencies and roll < 0.8:
            regency_id = rng.choice(province_regencies)
        else:
            regency_id = rng.choice(regencies)
        status_roll = rng.random()
        status = (Signature.Status.CONFIRMED if status_roll < 0.85 else
                  Signature.Status.PENDING if status_roll < 0.97 else Signature.Status.REMOVED)
        confirmed_at = (now - datetime.timedelta(minutes=rng.randint(5, 60 * 24 * 20))
                        if status == Signature.Status.CONFIRMED else None)
        signatures.append(Signature(
            campaign=campaign, ask_id=ask.id, name=f"{rng.choice(DEMO_FIRST)} {rng.choice(DEMO_LAST)}",
            email=f"penanda{i + 1}@contoh.id", regency_id=regency_id, comment=rng.choice(DEMO_COMMENTS),
            is_anonymous=rng.random() < 0.15, wants_updates=rng.random() < 0.4, language="id",
            status=status, confirmed_at=confirmed_at, confirmation_sent_at=now,
        ))
    Signature.objects.bulk_create(signatures, batch_size=1000, ignore_conflicts=True)


# --- Personal data (UU PDP) --------------------------------------------------------------------
# A confirmed, withdrawn or removed signature is anonymised (its comment too) and kept, so the
# count delivered to the decision maker stays true; the regency stays (a kabupaten names no one
# once the name and address are gone). A signature never confirmed counts for nothing: it is
# deleted. The address must be unique per petition and non-empty (database constraints), so it
# becomes a per-row stand-in that reaches no one. Confirmation links are signed, not stored.

#: The signature's own personal fields, blanked beside name, email and phone.
PERSONAL_FIELDS = {"comment": "", "email": records.anonymous_email()}


def _signatures_of(subject):
    return records.of_subject(Signature.objects.all(), subject)


def _erase(signatures):
    deleted, _per_model = signatures.filter(status=Signature.Status.PENDING).delete()
    return deleted + records.anonymise(signatures.exclude(status=Signature.Status.PENDING), **PERSONAL_FIELDS)


@hookimpl
def personal_data(subject):
    return records.describe(_signatures_of(subject).order_by("pk"), support_type().name, extra_fields=(
        "regency", "comment", "confirmed_at"))


@hookimpl
def correct_personal_data(subject, changes):
    from .models import normalise_email

    if changes.get("email"):
        changes = {**changes, "email": normalise_email(changes["email"])}  # one spelling per address
    return records.correct(_signatures_of(subject), changes, unique_within=("campaign", "ask_id"))


@hookimpl
def erase_personal_data(subject):
    return _erase(_signatures_of(subject))


@hookimpl
def expire_personal_data(campaign_ids, include_money):
    return _erase(Signature.objects.filter(campaign_id__in=campaign_ids))


# --- The OMS's dashboard ----------------------------------------------------------------------

#: How long after its campaign ends a petition stays on the OMS's to-do list "to deliver".
DELIVERY_WINDOW_DAYS = 30


@hookimpl
def dashboard_todo(campaigns):
    """Petitions to deliver: asks not yet delivered with confirmed signatures whose goal is reached, or
    whose campaign ended less than ``DELIVERY_WINDOW_DAYS`` ago (then the signatures are all there will
    be). The count is the confirmed signatures, the link the ask's delivery form (which links to the
    signatures to export for the decision maker). No query: the progress, deliveries included, is
    already measured."""
    from campaigns.types import TodoItem

    today = timezone.localdate()
    items = []
    for campaign in campaigns:
        ended = campaign.closed or (campaign.end_date is not None and campaign.end_date < today)
        recent = ended and (campaign.end_date is None
                            or (today - campaign.end_date).days <= DELIVERY_WINDOW_DAYS)
        for ask, _type, progress in campaign.get_progress():
            if ask.type_key != KEY or progress is None or progress.current <= 0:
                continue
            if getattr(progress, "delivery", None) is not None:
                continue  # delivered: done
            reached = progress.target > 0 and progress.current >= progress.target
            if reached or recent:
                items.append(TodoItem(
                    label=_("Petition to deliver: %(title)s") % {"title": ask.title}, count=int(progress.current),
                    campaign_id=campaign.pk, type_key=KEY, url=delivery_url(campaign.pk, ask.id)))
    return items


def delivery_url(campaign_id, ask_id):
    """The admin form recording the delivery of one petition ask (``wagtail_hooks.py``)."""
    from django.urls import reverse

    return reverse("petition_admin:delivery", kwargs={"campaign_id": campaign_id, "ask_id": ask_id})


@hookimpl
def dashboard_supporters(campaign_ids, limit):
    """The newest signatures of any status, with the signer's comment (hidden ones too: the OMS's view)."""
    from campaigns.types import RecentSupporter, records_url

    signatures = (Signature.objects.filter(campaign_id__in=campaign_ids)
                  .only("campaign_id", "name", "is_anonymous", "created_at", "status", "comment")
                  .order_by("-created_at", "-pk")[:limit])
    return [RecentSupporter(name=s.name, type_key=KEY, created_at=s.created_at, campaign_id=s.campaign_id,
                            is_anonymous=s.is_anonymous, summary=gettext("signed"), message=s.comment,
                            status=s.get_status_display(),
                            url=records_url(KEY, campaign=s.campaign_id, status=s.status)) for s in signatures]
