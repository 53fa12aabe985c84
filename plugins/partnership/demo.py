"""Believable Indonesian partnership asks and proposals for the demo site (``manage.py seed_demo``)."""
from decimal import Decimal

from django.utils import translation

from .choices import Kind, Sector
from .models import Proposal

# keyword -> (kinds sought, target partners, title, description, what partners get in return)
THEMES = [
    (("lampu", "energi"), [Kind.CSR, Kind.GOODS, Kind.GOVERNMENT], 4,
     "Mitra penerangan desa",
     "Kami mencari perusahaan energi, toko listrik, dan pemerintah kabupaten untuk pengadaan dan "
     "perawatan lampu tenaga surya.",
     "Nama mitra di papan proyek, laporan pemasangan per titik lampu, dan kunjungan bersama ke desa."),
    (("sampah", "daur ulang"), [Kind.CSR, Kind.GOODS, Kind.OMS], 5,
     "Mitra bank sampah",
     "Pengepul, pabrik daur ulang, dan kantor kelurahan yang mau membeli, menjemput, atau mendukung "
     "operasional bank sampah warga.",
     "Pasokan sampah terpilah yang rutin dan data timbangan bulanan."),
    (("jelantah", "sabun"), [Kind.GOODS, Kind.EXPERTISE, Kind.OMS], 3,
     "Mitra olah jelantah",
     "Rumah makan yang menyetor jelantah, ahli kimia sabun, dan komunitas yang membantu pemasaran.",
     "Sabun cuci hasil produksi ibu-ibu PKK untuk kebutuhan mitra, dan nama mitra di kemasan."),
    (("buku", "anak"), [Kind.GOODS, Kind.EXPERTISE, Kind.OMS], 4,
     "Mitra literasi anak",
     "Penerbit, toko buku, kampus keguruan, dan taman baca lain untuk koleksi buku dan pelatihan "
     "pendamping baca.",
     "Kegiatan membaca bersama di lokasi mitra dan laporan perkembangan minat baca anak."),
    (("kesehatan", "tb"), [Kind.GOVERNMENT, Kind.EXPERTISE, Kind.FUNDING], 3,
     "Mitra pendampingan pasien TB",
     "Puskesmas, dinas kesehatan, fakultas kedokteran, dan perusahaan yang peduli kesehatan pekerja.",
     "Data pendampingan (tanpa identitas pasien), pelatihan kader bersama, dan laporan kesembuhan."),
    (("hukum", "advokasi"), [Kind.EXPERTISE, Kind.OMS, Kind.FUNDING], 3,
     "Mitra bantuan hukum desa",
     "Fakultas hukum, advokat probono, dan LBH lain untuk melatih dan mendampingi paralegal desa.",
     "Kasus nyata untuk klinik hukum mahasiswa dan nama mitra di modul pelatihan."),
    (("api", "gambut"), [Kind.GOVERNMENT, Kind.GOODS, Kind.CSR], 4,
     "Mitra pencegahan karhutla",
     "BPBD, perusahaan perkebunan, dan toko alat pertanian untuk pompa, selang, dan pelatihan patroli.",
     "Laporan patroli dan titik panas mingguan selama musim kemarau."),
    (("pertanian", "tikus"), [Kind.GOVERNMENT, Kind.EXPERTISE, Kind.GOODS], 3,
     "Mitra pengendalian hama alami",
     "Dinas pertanian, peneliti burung hantu, dan toko bangunan untuk bahan rumah burung hantu.",
     "Data populasi tikus dan hasil panen sebelum dan sesudah, dan undangan panen raya."),
    (("air", "tandon"), [Kind.CSR, Kind.GOODS, Kind.GOVERNMENT], 4,
     "Mitra panen air hujan",
     "Produsen tandon, perusahaan air minum, dan pemerintah desa untuk tandon dan talang air hujan.",
     "Nama mitra pada tandon yang dipasang dan laporan ketersediaan air setiap musim."),
]
DEFAULT_THEME = (
    (), [Kind.FUNDING, Kind.EXPERTISE, Kind.OMS], 3,
    "Mitra kegiatan",
    "Kami membuka kerja sama dengan dunia usaha, pemerintah, kampus, media, dan OMS lain.",
    "Laporan kegiatan berkala dan nama mitra di halaman kampanye.",
)

ORGANISATIONS = {
    Sector.BUSINESS: ["PT Sinar Abadi Sejahtera", "PT Nusantara Hijau Lestari", "PT Cahaya Timur Energi",
                      "PT Tirta Makmur Sentosa"],
    Sector.UMKM: ["UD Berkah Jaya", "Toko Bangunan Sumber Rejeki", "CV Maju Bersama", "Warung Makan Bu Tini"],
    Sector.GOVERNMENT: ["Pemerintah Desa Sukamaju", "Dinas Lingkungan Hidup Kabupaten",
                        "Puskesmas Kecamatan Sukamaju", "BPBD Kabupaten"],
    Sector.OMS: ["Yayasan Pelita Nusantara", "Komunitas Peduli Kampung", "Perkumpulan Warga Mandiri"],
    Sector.ACADEMIA: ["Universitas Nusantara Raya", "Politeknik Negeri Samudra", "Institut Teknologi Khatulistiwa"],
    Sector.MEDIA: ["Harian Suara Daerah", "Radio Komunitas Suara Warga", "Portal Berita Kabar Desa"],
}
CONTACTS = ["Andi Pratama", "Siti Nurhaliza", "Bambang Wijaya", "Rina Marlina", "Yosef Bataona",
            "Ni Luh Putu Ayu", "Hendra Gunawan", "Fitri Handayani", "Daniel Siregar", "Wahyu Hidayat"]
OFFERS = {
    Kind.FUNDING: "Kami dapat menyalurkan dana hibah untuk satu tahap kegiatan, dengan laporan penggunaan "
                  "dana setiap tiga bulan.",
    Kind.GOODS: "Kami menyediakan barang dan peralatan yang dibutuhkan, termasuk pengiriman ke lokasi "
                "kegiatan.",
    Kind.EXPERTISE: "Tim kami dapat memberi pelatihan dan pendampingan teknis dua kali sebulan selama "
                    "program berjalan.",
    Kind.CSR: "Program tanggung jawab sosial perusahaan kami tahun ini fokus pada wilayah ini; kami ingin "
              "menjadikan kegiatan ini salah satu program utama.",
    Kind.GOVERNMENT: "Kegiatan ini sejalan dengan program dinas; kami dapat memasukkannya ke rencana kerja "
                     "dan menyediakan pendampingan petugas lapangan.",
    Kind.OMS: "Kami punya pengalaman program serupa di kabupaten tetangga dan ingin berbagi relawan, "
              "modul, dan jejaring.",
}
RESPONSES = {
    Proposal.Status.DISCUSSION: "Terima kasih, kami akan menghubungi Bapak/Ibu untuk menjadwalkan pertemuan.",
    Proposal.Status.AGREED: "Kami senang bekerja sama. Nota kesepahaman akan kami kirim minggu ini.",
    Proposal.Status.DECLINED: "Terima kasih atas tawarannya. Untuk tahap ini kebutuhan tersebut sudah terpenuhi.",
}


#: English text of the themes (the English translation of each demo campaign): title -> (title, description,
#: what partners get in return).
THEMES_EN = {
    "Mitra penerangan desa": (
        "Village lighting partners",
        "We are looking for energy companies, electrical shops and the district government to supply and maintain "
        "solar street lights.",
        "The partner's name on the project board, an installation report for every light, and a joint visit to the "
        "village."),
    "Mitra bank sampah": (
        "Waste bank partners",
        "Collectors, recycling plants and the urban village office willing to buy, collect or support the "
        "residents' waste bank.",
        "A regular supply of sorted waste and monthly weighing data."),
    "Mitra olah jelantah": (
        "Used cooking oil partners",
        "Restaurants that hand in their used oil, soap chemists, and communities that help with marketing.",
        "Laundry soap made by the women's group for the partner's own use, and the partner's name on the "
        "packaging."),
    "Mitra literasi anak": (
        "Children's literacy partners",
        "Publishers, bookshops, teacher-training colleges and other reading corners, for books and training of "
        "reading companions.",
        "Shared reading sessions at the partner's premises and reports on the children's reading."),
    "Mitra pendampingan pasien TB": (
        "TB patient support partners",
        "Health centres, the district health office, medical schools and companies that care about their workers' "
        "health.",
        "Support data (without patients' identities), joint volunteer training and reports on cures."),
    "Mitra bantuan hukum desa": (
        "Village legal aid partners",
        "Law schools, pro bono lawyers and other legal aid groups to train and support village paralegals.",
        "Real cases for students' law clinics and the partner's name in the training modules."),
    "Mitra pencegahan karhutla": (
        "Land fire prevention partners",
        "The disaster management agency, plantation companies and farm supply shops, for pumps, hoses and patrol "
        "training.",
        "Weekly patrol and hotspot reports throughout the dry season."),
    "Mitra pengendalian hama alami": (
        "Natural pest control partners",
        "The agriculture office, owl researchers and building suppliers for nest box materials.",
        "Rat population and harvest data before and after, and an invitation to the harvest festival."),
    "Mitra panen air hujan": (
        "Rainwater harvesting partners",
        "Tank makers, drinking water companies and village governments, for rainwater tanks and gutters.",
        "The partner's name on the tanks installed and a report on water supply every season."),
    "Mitra kegiatan": (
        "Activity partners",
        "We welcome cooperation with businesses, government, universities, media and other OMS.",
        "Regular activity reports and the partner's name on the campaign page."),
}


def theme_for(initiative):
    keywords = {k.lower() for k in getattr(initiative, "keywords", ()) or ()}
    for theme in THEMES:
        if keywords & set(theme[0]):
            return theme
    return DEFAULT_THEME


def ask(initiative):
    _keywords, kinds, target, title, description, in_return = theme_for(initiative)
    if (translation.get_language() or "").startswith("en") and title in THEMES_EN:
        title, description, in_return = THEMES_EN[title]
    return {
        "title": title,
        "description": description,
        "kinds_sought": [str(kind.value) for kind in kinds],
        "target_partners": target,
        "offer_in_return": in_return,
    }


def _domain(organisation):
    words = [w for w in organisation.lower().replace(".", "").split() if w not in ("pt", "ud", "cv")]
    return "".join(words[:2]) + ".contoh.id"


def records(campaign, ask, count, rng):
    kinds = [kind for kind in (ask.value.get("kinds_sought") or []) if kind in Kind.values] or list(Kind.values)
    statuses = ([Proposal.Status.NEW] * 4 + [Proposal.Status.DISCUSSION] * 2
                + [Proposal.Status.AGREED] * 3 + [Proposal.Status.DECLINED])
    proposals = []
    for i in range(count):
        sector = rng.choice(list(ORGANISATIONS))
        organisation = rng.choice(ORGANISATIONS[sector])
        kind = rng.choice(kinds)
        status = rng.choice(statuses)
        show = rng.random() < 0.8
        value = None
        if kind in (Kind.FUNDING, Kind.GOODS, Kind.CSR) and rng.random() < 0.8:
            value = Decimal(rng.choice([2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000]))
        domain = _domain(organisation)
        proposals.append(Proposal(
            campaign=campaign, ask_id=ask.id, status=status, organisation_name=organisation, sector=sector,
            kind=kind, name=rng.choice(CONTACTS), email=f"kemitraan{i + 1}@{domain}",
            phone=f"08{rng.randint(11, 59)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            website=f"https://{domain}" if rng.random() < 0.6 else "", offer=OFFERS[kind], value_estimate=value,
            show_publicly=show, is_anonymous=not show, wants_updates=rng.random() < 0.5, language="id",
            response=RESPONSES.get(status, ""),
        ))
    Proposal.objects.bulk_create(proposals, batch_size=1000)
