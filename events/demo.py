"""Demo content of this app, called by ``manage.py seed_demo``; safe to run again.

The events index "Acara" under the training portal (``learning``'s demo makes it; skipped if missing),
a past webinar with registrations, attendance, its recording and materials, an upcoming national
webinar and an upcoming training by the network of Nusa Tenggara Timur, in Indonesian and English.
"""
import datetime
import zoneinfo

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection, Locale

INTRO = "<p>Webinar dan pelatihan dari jejaring provinsi dan tim nasional Lokadaya: daftar, ikuti, dapatkan sertifikat.</p>"
INTRO_EN = "<p>Webinars and trainings by the provincial networks and the national team: register, take part, get a certificate.</p>"

#: A Creative Commons film (Big Buck Bunny, CC BY 3.0, Blender Foundation) stands in for a recording.
RECORDING = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"


def _at(days, hour, tz="Asia/Jakarta"):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo(tz))


def _events():
    return [
        {
            "slug": "webinar-cerita-perubahan", "kind": "webinar", "province": None, "aspect": "theory_of_change",
            "start": _at(-14, 14), "hours": 2, "time_zone": "Asia/Jakarta", "capacity": 300,
            "online_url": "https://meet.jit.si/lokadaya-webinar-cerita-perubahan", "venue": "",
            "recording": RECORDING, "past": True,
            "id": {"title": "Webinar: Menulis Cerita Perubahan yang Meyakinkan",
                   "summary": "Dari teori perubahan ke cerita: masalah, yang dilakukan, yang berubah, dan buktinya.",
                   "body": "<p>Webinar dua jam bersama tim komunikasi Lokadaya. Peserta berlatih menulis satu "
                           "cerita perubahan dari kegiatan OMS-nya sendiri.</p>"},
            "en": {"title": "Webinar: Writing convincing stories of change",
                   "summary": "From a theory of change to a story: the problem, what was done, what changed, the evidence.",
                   "body": "<p>A two-hour webinar with Lokadaya's communications team. Participants practise "
                           "writing one story of change from their own OMS's work.</p>"},
        },
        {
            "slug": "webinar-penggalangan-sumber-daya-lokal", "kind": "webinar", "province": None,
            "aspect": "resource_raising", "start": _at(10, 10), "hours": 2, "time_zone": "Asia/Jakarta",
            "capacity": 200, "online_url": "https://meet.jit.si/lokadaya-webinar-sumber-daya-lokal", "venue": "",
            "id": {"title": "Webinar: Menggalang Sumber Daya Lokal",
                   "summary": "Uang, barang, waktu relawan, dan kemitraan: merancang permintaan dukungan yang jelas.",
                   "body": "<p>Belajar dari tiga OMS yang berhasil menggalang dukungan warga di daerahnya.</p>"},
            "en": {"title": "Webinar: Raising local resources",
                   "summary": "Money, goods, volunteers' time and partnerships: designing a clear request for support.",
                   "body": "<p>Learn from three OMS that raised their neighbours' support.</p>"},
        },
        {
            "slug": "pelatihan-pengelolaan-keuangan-ntt", "kind": "training", "province": "53",
            "aspect": "financial_resilience", "start": _at(21, 9, "Asia/Makassar"), "hours": 7,
            "time_zone": "Asia/Makassar", "capacity": 30, "online_url": "",
            "venue": "Aula Jejaring Lokadaya NTT, Jl. El Tari No. 1, Kota Kupang",
            "id": {"title": "Pelatihan Ketahanan Keuangan OMS (Kupang)",
                   "summary": "Sehari penuh: anggaran, arus kas, dan laporan keuangan yang dipercaya donatur.",
                   "body": "<p>Pelatihan tatap muka oleh Jejaring Lokadaya Provinsi Nusa Tenggara Timur. Bawa "
                           "laptop dan laporan keuangan terakhir OMS Anda.</p>"},
            "en": {"title": "OMS financial resilience training (Kupang)",
                   "summary": "A full day: budgets, cash flow and financial reports donors trust.",
                   "body": "<p>An in-person training by the Lokadaya network of Nusa Tenggara Timur. Bring a "
                           "laptop and your OMS's latest financial report.</p>"},
        },
    ]


PARTICIPANTS = [("Rahma Wulandari", "rahma.demo@contoh.id", True), ("Yohanes Bere", "yohanes.demo@contoh.id", True),
                ("Siti Nurhaliza", "siti.demo@contoh.id", True), ("Agus Salim", "agus.demo@contoh.id", False)]


def seed(home, organisations):
    """Create the demo content; return lines to print."""
    from learning.models import LearningIndexPage

    from .models import EventIndexPage

    default = Locale.get_default()
    english = Locale.objects.filter(language_code="en").first()
    portal = LearningIndexPage.objects.filter(locale=default).first()
    if portal is None:
        return ["Events: skipped (no training portal page)."]
    lines = []
    index = EventIndexPage.objects.filter(locale=default).first()
    if index is None:
        index = EventIndexPage(title="Acara", slug="acara", intro=INTRO)
        portal.add_child(instance=index)
        index.save_revision().publish()
        lines.append("Events: Acara")
    if english is not None:
        _translate(index, english, {"title": "Events", "intro": INTRO_EN})
    for spec in _events():
        page, created = _event(index, default, spec)
        if created:
            lines.append(f"Event: {page.title}")
            if spec.get("past"):
                _participants(page, organisations)
        if english is not None:
            _translate(page, english, spec["en"])
    return lines


def _event(index, locale, spec):
    from regions.models import Province

    from lokadaya import demo_images

    from .models import EventPage

    page = EventPage.objects.filter(locale=locale, slug=spec["slug"]).first()
    if page is not None:
        return page, False
    words = spec["id"]
    start = spec["start"]
    page = EventPage(
        title=words["title"], slug=spec["slug"], kind=spec["kind"], aspect=spec["aspect"],
        province=Province.objects.filter(code=spec["province"]).first() if spec["province"] else None,
        start=start, end=start + datetime.timedelta(hours=spec["hours"]), time_zone=spec["time_zone"],
        capacity=spec["capacity"], online_url=spec["online_url"], venue=spec["venue"],
        summary=words["summary"], body=words["body"], recording_url=spec.get("recording", ""),
        materials=[{"type": "document", "value": _document().pk}] if spec.get("past") else [],
    )
    page.cover_image = demo_images.demo_image(
        demo_images.illustrations_collection(), words["title"], spec["en"]["title"],
        lambda: demo_images.landscape(spec["slug"], ()))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _document():
    from wagtail.documents import get_document_model

    Document = get_document_model()
    title = "Materi webinar: kerangka cerita perubahan"
    found = Document.objects.filter(title=title).first()
    if found is not None:
        return found
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name="Acara").first() or root.add_child(name="Acara")
    document = Document(title=title, collection=collection)
    document.file = ContentFile(
        "Kerangka cerita perubahan\n\n1. Masalah\n2. Yang dilakukan\n3. Yang berubah\n4. Buktinya\n"
        "5. Suara warga\n".encode("utf-8"), name="kerangka-cerita-perubahan.txt")
    document.save()
    return document


def _participants(event, organisations):
    """Registrations of the past webinar, most of them attended; its emails count as already sent."""
    from .models import Registration

    organisation = next(iter(organisations.values()), None) if organisations else None
    for number, (name, email, attended) in enumerate(PARTICIPANTS):
        created = event.start - datetime.timedelta(days=7, hours=number)
        Registration.objects.get_or_create(event=event, email=email, defaults={
            "name": name, "organisation": organisation if number % 2 == 0 else None, "created": created,
            "attended_at": event.start + datetime.timedelta(minutes=3 + number) if attended else None,
            "reminder_day_sent_at": event.start - datetime.timedelta(hours=24),
            "reminder_hour_sent_at": event.start - datetime.timedelta(hours=1),
            "recording_sent_at": timezone.now(),
        })


def _translate(page, locale, fields):
    """The English translation, created once (its words are then the translators')."""
    if page.get_translation_or_none(locale) is not None:
        return
    copy = page.copy_for_translation(locale, copy_parents=True, alias=False)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
