"""Demo content of Profil Mitra and the networks, called by ``manage.py seed_demo``; safe to run again.

The demo OMS get believable profiles (legal number, vision, mission, team, places, links), their
verification by their provincial network with its editor group and collection (the real code path),
the OMS that run a few networks, and a few OMS still waiting for verification, registered through
the real registration flow.
"""
import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from . import notify
from .models import OrganisationLink, OrganisationPage, OrganisationTeamMember
from .verification import mark_verified

DEMO_PASSWORD = "lokadaya-demo"
APPLICANT_PASSWORD = "Pemohon-Lokadaya-2026"

# slug: (legal registration number, vision, mission items, districts, other regency codes, team, links)
PROFILES = {
    "yayasan-terang-desa": (
        "AHU-0008123.AH.01.04.Tahun 2012",
        "Setiap desa di Manggarai terang, aman, dan terhubung.",
        ["Memasang dan merawat penerangan jalan desa bersama warga.",
         "Melatih pemuda desa merawat panel surya.", "Mendorong anggaran desa untuk keselamatan jalan."],
        ["Satar Mese", "Satar Mese Barat", "Langke Rembong"], [],
        [("Yohanes Jehamat", "Ketua"), ("Maria Goreti Ndahur", "Bendahara"), ("Fransiskus Jebarus", "Koordinator teknik")],
        [("instagram", "https://instagram.com/terangdesa")],
    ),
    "bank-sampah-berseri": (
        "",
        "Kampung di Semarang tanpa sampah ke sungai.",
        ["Membuka bank sampah di setiap RW.", "Mengolah minyak jelantah menjadi sabun.",
         "Mengajak sekolah memilah sampah."],
        ["Tembalang", "Banyumanik"], [],
        [("Sri Wahyuni", "Koordinator"), ("Bambang Setiawan", "Pencatat tabungan")],
        [("instagram", "https://instagram.com/banksampahberseri"), ("facebook", "https://facebook.com/banksampahberseri")],
    ),
    "taman-baca-pelangi": (
        "AHU-0001987.AH.01.07.Tahun 2011",
        "Anak-anak Makassar gemar membaca dan berani bermimpi.",
        ["Membuka taman baca di kampung padat.", "Melatih relawan pendamping membaca.",
         "Mengumpulkan buku anak berbahasa Indonesia dan Makassar."],
        ["Tallo", "Rappocini", "Tamalanrea"], [],
        [("Andi Rahmawati", "Ketua"), ("Muhammad Ilham", "Koordinator relawan")],
        [("instagram", "https://instagram.com/tamanbacapelangi"), ("youtube", "https://youtube.com/@tamanbacapelangi")],
    ),
    "sahabat-tb-deli": (
        "AHU-0004410.AH.01.04.Tahun 2014",
        "Tidak ada pasien TB di Deli Serdang yang berhenti berobat.",
        ["Mendampingi pasien TB setiap hari sampai sembuh.", "Menghapus stigma TB di kampung.",
         "Bekerja bersama puskesmas."],
        ["Lubuk Pakam", "Tanjung Morawa", "Batang Kuis"], ["12.71"],
        [("Rina Sitorus", "Ketua"), ("Yosef Nainggolan", "Koordinator pendamping")],
        [("facebook", "https://facebook.com/sahabattbdeli")],
    ),
    "lbh-desa-sumba": (
        "AHU-0006655.AH.01.07.Tahun 2015",
        "Warga desa Sumba Barat mengenal dan membela haknya.",
        ["Melatih paralegal desa.", "Memberi bantuan hukum cuma-cuma.", "Mendampingi sengketa tanah adat."],
        ["Wanokaka", "Lamboya"], ["53.17"],
        [("Yohanis Ndapa", "Direktur"), ("Katarina Lende", "Paralegal senior")],
        [],
    ),
    "masyarakat-peduli-api": (
        "",
        "Gambut Pulang Pisau basah, sehat, dan tidak terbakar.",
        ["Patroli api bersama warga di musim kemarau.", "Membasahi gambut dengan sekat kanal.",
         "Mengembangkan pertanian tanpa bakar."],
        ["Jabiren Raya", "Sebangau Kuala", "Maliku"], [],
        [("Agus Salim", "Ketua regu patroli"), ("Ratna Lestari", "Koordinator logistik")],
        [],
    ),
    "petani-tyto-ngawi": (
        "AHU-0000871.AH.01.26.Tahun 2018",
        "Sawah Ngawi panen tanpa racun tikus.",
        ["Membangun rumah burung hantu di sawah.", "Melatih petani mengamati populasi tikus.",
         "Menjual beras bebas racun tikus."],
        ["Paron", "Karanganyar"], [],
        [("Imam Hidayat", "Ketua koperasi"), ("Dewi Kurniawan", "Sekretaris")],
        [],
    ),
    "air-hujan-gunungkidul": (
        "AHU-0003301.AH.01.04.Tahun 2011",
        "Tidak ada dusun di Gunungkidul yang kehabisan air di musim kemarau.",
        ["Membangun tandon air hujan di setiap rumah.", "Melatih warga merawat talang dan tandon.",
         "Memantau kualitas air."],
        ["Tepus", "Semanu", "Girisubo"], [],
        [("Bayu Pratama", "Direktur"), ("Fitri Wulandari", "Koordinator lapangan")],
        [("instagram", "https://instagram.com/panenairhujan")],
    ),
}

ISSUES = {
    "yayasan-terang-desa": ["energi terbarukan", "keselamatan jalan"],
    "bank-sampah-berseri": ["sampah", "daur ulang", "ekonomi sirkular"],
    "taman-baca-pelangi": ["literasi", "pendidikan anak"],
    "sahabat-tb-deli": ["tuberkulosis", "kesehatan masyarakat"],
    "lbh-desa-sumba": ["bantuan hukum", "tanah adat", "kesetaraan gender"],
    "masyarakat-peduli-api": ["kebakaran hutan", "gambut", "iklim"],
    "petani-tyto-ngawi": ["pertanian organik", "pengendalian hama alami"],
    "air-hujan-gunungkidul": ["air bersih", "adaptasi kekeringan"],
}

# OMS that run their province's network.
RUNNING = {"53": ["yayasan-terang-desa", "lbh-desa-sumba"], "33": ["bank-sampah-berseri"],
           "73": ["taman-baca-pelangi"], "34": ["air-hujan-gunungkidul"]}

# (name, form, regency, districts, founded, summary, about, sdgs, applicant, status)
PENDING = [
    ("Komunitas Nelayan Pesisir Kendari", "komunitas", "74.71", "Abeli, Nambo", 2019,
     "Koperasi simpan pinjam dan sekolah laut untuk keluarga nelayan kecil di Teluk Kendari.",
     "Kami berkumpul sejak 2019 untuk membantu nelayan kecil menabung, memperbaiki perahu, dan mengajak "
     "anak-anak nelayan tetap bersekolah.", ["14", "1"], ("Wa Ode Nurhayati", "nurhayati@nelayankendari.contoh.id"),
     "pending"),
    ("Yayasan Kebun Sekolah Malang", "yayasan", "35.73", "Klojen, Sukun", 2020,
     "Kebun sayur di sekolah dasar negeri Kota Malang untuk makan siang bergizi.",
     "Bersama guru dan orang tua, kami membuat kebun sayur di halaman sekolah dan mengajarkan anak menanam, "
     "memanen, dan memasak sayur.", ["2", "4"], ("Ratih Kusumawardani", "ratih@kebunsekolah.contoh.id"),
     "changes_requested"),
    ("Perkumpulan Difabel Mandiri Jember", "perkumpulan", "35.09", "Kaliwates, Sumbersari", 2016,
     "Pelatihan kerja dan advokasi aksesibilitas untuk penyandang disabilitas di Jember.",
     "Kami melatih keterampilan kerja teman-teman difabel dan mendampingi pemerintah daerah membuat layanan "
     "publik yang mudah diakses.", ["10", "8"], ("Slamet Riyadi", "slamet@difabeljember.contoh.id"), "pending"),
]


def seed(stdout=None, logins=True):
    """Profiles, verification, networks and pending OMS; returns a list of lines to print."""
    default = Locale.get_default()
    lines = []
    for slug, profile in PROFILES.items():
        page = OrganisationPage.objects.filter(slug=slug, locale=default).first()
        if page is not None:
            _profile(page, *profile)
            if not hasattr(page, "access"):
                founded = page.founded_year or 2015
                mark_verified(page, when=timezone.make_aware(datetime.datetime(max(founded, 2024), 3, 1)))
    _networks(default)
    if logins:
        lines += _moderators()
    lines += _pending(default)
    return lines


def _profile(page, number, vision, mission, districts, other_regencies, team, links):
    """Fill in a demo profile once (when it has no vision yet), as a new published revision."""
    from regions.models import Regency

    if page.vision:
        return
    page.legal_registration_number = number
    page.vision = vision
    page.mission = "<ol>" + "".join(f"<li>{item}</li>" for item in mission) + "</ol>"
    page.whatsapp = page.whatsapp or "0812 0000 " + str(1000 + page.pk)[-4:]
    page.website = page.website or f"https://{page.slug}.contoh.id"
    page.districts.set(page.regency.districts.filter(name__in=districts))
    page.work_regencies.set(Regency.objects.filter(code__in=other_regencies))
    page.team_members = [OrganisationTeamMember(name=name, role=role) for name, role in team]
    page.links = [OrganisationLink(kind=kind, url=url) for kind, url in links]
    page.issues.set(ISSUES.get(page.slug, []))
    page.save_revision().publish()


def _networks(default):
    from network.models import ProvincialNetwork

    for province_code, slugs in RUNNING.items():
        network = ProvincialNetwork.objects.get(province__code=province_code)
        network.organisations.add(*OrganisationPage.objects.filter(slug__in=slugs, locale=default))


def _moderators():
    from network.models import ProvincialNetwork

    User = get_user_model()
    lines = []
    for province_code in ("33", "35", "53", "74"):
        network = ProvincialNetwork.objects.select_related("province").get(province__code=province_code)
        username = f"moderator-{network.province.slug}"
        user, created = User.objects.get_or_create(username=username, defaults={
            "email": f"{username}@lokadaya.contoh.id", "first_name": "Moderator", "last_name": network.province.name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        network.moderators.add(user)
        lines.append(f"Moderator {network.province.name}: {username} / {DEMO_PASSWORD}"
                     + ("" if created else " (existing account; password unchanged)"))
    return lines


def _pending(default):
    """OMS waiting for verification, through the real registration flow (one with changes asked)."""
    from .forms import RegistrationForm
    from .registration import confirm, register
    from .verification import request_changes

    User = get_user_model()
    lines = []
    for name, form, regency, districts, founded, summary, about, sdgs, (person, email), status in PENDING:
        if OrganisationPage.objects.filter(title=name, locale=default).exists():
            continue
        password = APPLICANT_PASSWORD
        data = RegistrationForm(data={
            "name": name, "legal_name": "", "form": form, "legal_registration_number": "", "founded_year": founded,
            "regency": regency, "districts": districts, "sdgs": sdgs, "issues": "", "summary": summary,
            "about": about, "email": email, "whatsapp": "", "website": "", "full_name": person,
            "account_email": email, "password1": password, "password2": password, "agree": "on"})
        if not data.is_valid():
            raise ValueError(f"Demo registration of {name} is invalid: {data.errors.as_json()}")
        with notify.muted():  # demo applicants and moderators get no email
            page, user = register(data, language="id")
            confirm(user)
            if status == "changes_requested":
                moderator = User.objects.filter(moderated_networks__province__code=regency[:2]).first()
                request_changes(page, moderator, "Mohon lengkapi nomor pengesahan badan hukum (SK AHU) dan "
                                                "sebutkan desa dampingan di setiap kecamatan.")
        lines.append(f"Pending OMS: {name} (applicant {email} / {APPLICANT_PASSWORD})")
    return lines
