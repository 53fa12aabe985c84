"""Demo content of Profil Mitra and the networks, called by ``manage.py seed_demo``; safe to run again.

The demo OMS get believable profiles (legal number, vision, mission, team, places, links), their
verification by their provincial network with its editor group and collection (the real code path),
generated illustrations (logo, cover, gallery, team portraits: ``lokadaya.demo_images``) kept in
their own collection, the same profile in English, bank accounts for a few of them, the OMS that run
a few networks, and a few OMS still waiting for verification, registered through the real
registration flow.

Logins (only when ``logins`` is true, i.e. never under production settings): a moderator for a few
provinces and an editor of a verified OMS with a bank account (``OMS_EDITOR_USERNAME``), all with
``DEMO_PASSWORD``.
"""
import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale

from . import notify
from .models import OrganisationLink, OrganisationPage, OrganisationPhoto, TeamMember
from .verification import mark_verified

DEMO_PASSWORD = "lokadaya-demo"
APPLICANT_PASSWORD = "Pemohon-Lokadaya-2026"
#: The demo OMS editor: an editor of a verified OMS that has a bank account.
OMS_EDITOR_USERNAME = "editor-terang-desa"
OMS_EDITOR_ORGANISATION = "yayasan-terang-desa"

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


# The English side of each profile: slug -> (vision, mission items, team roles in order, issues).
PROFILES_EN = {
    "yayasan-terang-desa": (
        "Every village in Manggarai lit, safe and connected.",
        ["Installing and maintaining village street lighting together with residents.",
         "Training village youths to look after solar panels.", "Pressing for village budgets for road safety."],
        ["Chair", "Treasurer", "Technical coordinator"], ["renewable energy", "road safety"]),
    "bank-sampah-berseri": (
        "Semarang neighbourhoods where no waste goes into the river.",
        ["Opening a waste bank in every neighbourhood (RW).", "Turning used cooking oil into soap.",
         "Getting schools to sort their waste."],
        ["Coordinator", "Savings bookkeeper"], ["waste", "recycling", "circular economy"]),
    "taman-baca-pelangi": (
        "Makassar's children love reading and dare to dream.",
        ["Opening reading corners in crowded neighbourhoods.", "Training volunteer reading companions.",
         "Collecting children's books in Indonesian and Makassarese."],
        ["Chair", "Volunteer coordinator"], ["literacy", "children's education"]),
    "sahabat-tb-deli": (
        "No TB patient in Deli Serdang stops their treatment.",
        ["Accompanying TB patients every day until they are cured.", "Ending the stigma of TB in the kampung.",
         "Working with the community health centres."],
        ["Chair", "Companions' coordinator"], ["tuberculosis", "public health"]),
    "lbh-desa-sumba": (
        "West Sumba's villagers know and defend their rights.",
        ["Training village paralegals.", "Giving free legal aid.", "Supporting customary land disputes."],
        ["Director", "Senior paralegal"], ["legal aid", "customary land", "gender equality"]),
    "masyarakat-peduli-api": (
        "Pulang Pisau's peat wet, healthy and unburnt.",
        ["Fire patrols with villagers in the dry season.", "Rewetting the peat with canal blocks.",
         "Developing farming without burning."],
        ["Patrol team leader", "Logistics coordinator"], ["forest fires", "peatland", "climate"]),
    "petani-tyto-ngawi": (
        "Ngawi's rice fields harvested without rat poison.",
        ["Building barn owl nest boxes in the rice fields.", "Training farmers to monitor rat numbers.",
         "Selling rice grown without rat poison."],
        ["Cooperative chair", "Secretary"], ["organic farming", "natural pest control"]),
    "air-hujan-gunungkidul": (
        "No hamlet in Gunungkidul runs out of water in the dry season.",
        ["Building a rainwater tank at every house.", "Training residents to look after gutters and tanks.",
         "Monitoring water quality."],
        ["Director", "Field coordinator"], ["clean water", "drought adaptation"]),
}


def seed(stdout=None, logins=True):
    """Profiles, verification, illustrations, English profiles, bank accounts, networks, logins and
    pending OMS; returns a list of lines to print."""
    from lokadaya import demo_data

    default = Locale.get_default()
    lines = []
    for slug, profile in PROFILES.items():
        page = OrganisationPage.objects.filter(slug=slug, locale=default).first()
        if page is not None:
            _profile(page, *profile)
            if not hasattr(page, "access"):
                founded = page.founded_year or 2015
                mark_verified(page, when=timezone.make_aware(datetime.datetime(max(founded, 2024), 3, 1)))
            page = OrganisationPage.objects.get(pk=page.pk)
            _bank_account(page, demo_data.BANK_ACCOUNTS.get(slug))
            illustrate(page, mission=profile[2], mission_en=PROFILES_EN[slug][1])
            _profile_en(page, PROFILES_EN[slug])
    _networks(default)
    if logins:
        lines += _moderators()
        lines += _oms_editor(default)
    lines += _pending(default)
    return lines


# -- illustrations, English, bank accounts, the OMS editor --------------------------------------------


def illustrate(page, mission=(), mission_en=()):
    """Give a demo OMS (and its translations) a logo, a cover, a gallery and team portraits, once.

    The illustrations go in the OMS's own collection (its "Demo illustrations" sub-collection), so
    its editors see and may reuse them and nobody else does. Fields and relations that do not exist
    """
    from lokadaya import demo_data, demo_images

    collection = demo_images.collection_for(page)
    keywords = demo_data.initiative_keywords(page.slug)
    changed = False
    if not page.logo_id:
        page.logo = demo_images.demo_image(collection, f"logo {page.title}", f"logo of {page.title}",
                                           lambda: demo_images.logo(page.slug, page.title))
        changed = True
    if not page.cover_image_id:
        page.cover_image = demo_images.demo_image(
            collection, f"sampul {page.title}", f"cover of {page.title}",
            lambda: demo_images.landscape(f"{page.slug}-cover", keywords))
        changed = True
    if mission and not page.gallery_photos.exists():
        photos = []
        for n, caption in enumerate(mission, start=1):
            image = demo_images.demo_image(
                collection, f"kegiatan {page.title} ({n})", f"the work of {page.title} ({n})",
                lambda n=n: demo_images.landscape(f"{page.slug}-gallery-{n}", keywords, demo_images.GALLERY_SIZE))
            photos.append(OrganisationPhoto(image=image, caption=f"Ilustrasi: {caption}"[:250]))
        page.gallery_photos = photos
        changed = True
    members = list(page.team_members.all())
    if any(not member.photo_id for member in members):
        for member in members:
            if not member.photo_id:
                member.photo = demo_images.demo_image(
                    collection, f"potret {member.name}", f"portrait of {member.name}",
                    lambda member=member: demo_images.portrait(f"{page.slug}-{member.name}"))
        page.team_members = members
        changed = True
    if changed:
        page.save_revision().publish()
    return changed


def _bank_account(page, account):
    """The OMS's private bank account (for manual bank transfers), in every language."""
    if not account:
        return
    bank, number, holder = account
    pages = [page] + [translation.specific for translation in page.get_translations()]
    for each in pages:
        if (each.bank_name, each.bank_account_number, each.bank_account_holder) != account:
            each.bank_name, each.bank_account_number, each.bank_account_holder = bank, number, holder
            each.save_revision().publish()


def _profile_en(page, english):
    """The English translation of a demo profile: the same facts and pictures, English words."""
    from lokadaya import demo_data
    from regions.models import Regency

    vision, mission, roles, issues = english
    en = page.get_translation_or_none(Locale.objects.get(language_code="en"))
    if en is None:
        return
    en = en.specific

    def translated(child):
        """A translatable child of the English page is the translation of the source's child."""
        if hasattr(child, "translation_key"):
            return {"translation_key": child.translation_key, "locale_id": en.locale_id}
        return {}

    row = next((row for row in demo_data.ORGANISATIONS if row[0] == page.slug), None)
    about = f"<p>{row[6]} Founded in {page.founded_year} by local residents.</p>" if row else en.about
    source_photos = list(page.gallery_photos.all())
    en_photos = list(en.gallery_photos.all())
    source_team = list(page.team_members.all())
    en_team = list(en.team_members.all())
    up_to_date = (
        en.vision == vision and en.about == about and en.logo_id == page.logo_id
        and en.cover_image_id == page.cover_image_id
        and [p.image_id for p in en_photos] == [p.image_id for p in source_photos]
        and [(m.name, m.photo_id) for m in en_team] == [(m.name, m.photo_id) for m in source_team]
    )
    if up_to_date:
        return
    en.vision = vision
    en.mission = "<ol>" + "".join(f"<li>{item}</li>" for item in mission) + "</ol>"
    en.about = about
    en.logo_id = page.logo_id
    en.cover_image_id = page.cover_image_id
    for name in ("legal_registration_number", "whatsapp", "website", "email"):
        setattr(en, name, getattr(page, name))
    en.districts.set(page.districts.all())
    en.work_regencies.set(Regency.objects.filter(pk__in=page.work_regencies.values_list("pk", flat=True)))
    en.team_members = [TeamMember(name=m.name, role=roles[i] if i < len(roles) else m.role, photo_id=m.photo_id,
                                  **translated(m))
                       for i, m in enumerate(source_team)]
    en.links = [OrganisationLink(kind=link.kind, url=link.url, **translated(link)) for link in page.links.all()]
    en_mission = list(mission)
    en_photos = []
    for i, photo in enumerate(source_photos):
        caption = f"Illustration: {en_mission[i]}" if i < len(en_mission) else photo.caption
        en_photos.append(OrganisationPhoto(image_id=photo.image_id, caption=caption[:250], **translated(photo)))
    en.gallery_photos = en_photos
    en.issues.set(issues)
    en.save_revision().publish()


def _oms_editor(default):
    """A login for the editor of a verified OMS with a bank account: builds its campaigns and stories."""
    from .access import grant_editor_access

    page = OrganisationPage.objects.filter(slug=OMS_EDITOR_ORGANISATION, locale=default).first()
    if page is None:
        return []
    user, created = get_user_model().objects.get_or_create(username=OMS_EDITOR_USERNAME, defaults={
        "email": f"{OMS_EDITOR_USERNAME}@terangdesa.contoh.id", "first_name": "Maria Goreti",
        "last_name": "Ndahur"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    grant_editor_access(page, editors=[user])
    return [f"OMS editor ({page.title}, with a bank account): {OMS_EDITOR_USERNAME} / {DEMO_PASSWORD}"
            + ("" if created else " (existing account; password unchanged)")]


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
    page.team_members = [TeamMember(name=name, role=role) for name, role in team]
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
