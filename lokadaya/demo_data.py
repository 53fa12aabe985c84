"""Believable demo content: organisations and initiatives in real kabupaten/kota."""

# (slug, name, legal form, regency code, founded, summary id, summary en, SDG numbers)
ORGANISATIONS = [
    ("yayasan-terang-desa", "Yayasan Terang Desa", "yayasan", "53.10", 2012,
     "Penerangan dan keselamatan jalan desa di Manggarai.",
     "Village lighting and road safety in Manggarai.", [7, 11]),
    ("bank-sampah-berseri", "Komunitas Bank Sampah Berseri", "komunitas", "33.74", 2016,
     "Bank sampah warga dan daur ulang minyak jelantah di Semarang.",
     "Community waste banks and used cooking oil recycling in Semarang.", [11, 12]),
    ("taman-baca-pelangi", "Perkumpulan Taman Baca Pelangi", "perkumpulan", "73.71", 2010,
     "Perpustakaan anak dan kelas membaca di kampung-kampung Makassar.",
     "Children's libraries and reading classes in Makassar's neighbourhoods.", [4]),
    ("sahabat-tb-deli", "Yayasan Sahabat TB Deli", "yayasan", "12.07", 2014,
     "Pendamping pasien tuberkulosis sampai sembuh di Deli Serdang.",
     "Companions for tuberculosis patients until they are cured, in Deli Serdang.", [3]),
    ("lbh-desa-sumba", "Perkumpulan Bantuan Hukum Desa Sumba", "perkumpulan", "53.12", 2015,
     "Bantuan hukum dan paralegal desa di Sumba Barat.",
     "Legal aid and village paralegals in West Sumba.", [16, 5]),
    ("masyarakat-peduli-api", "Masyarakat Peduli Api Pulang Pisau", "komunitas", "62.11", 2016,
     "Patroli kebakaran lahan gambut bersama warga desa.",
     "Peatland fire patrols with villagers.", [13, 15]),
    ("petani-tyto-ngawi", "Kelompok Tani Tyto Alba Ngawi", "koperasi", "35.21", 2018,
     "Rumah burung hantu untuk mengendalikan tikus sawah secara alami.",
     "Barn owl nests to control rice-field rats naturally.", [2, 15]),
    ("air-hujan-gunungkidul", "Yayasan Panen Air Hujan Gunungkidul", "yayasan", "34.03", 2011,
     "Penampungan air hujan untuk dusun yang kering di musim kemarau.",
     "Rainwater harvesting for hamlets that go dry in the dry season.", [6]),
]

# (slug, organisation slug, title id, title en, summary id, summary en, keywords)
INITIATIVES = [
    ("lampu-jalan-tenaga-surya", "yayasan-terang-desa",
     "Lampu Jalan Tenaga Surya untuk Desa Wae Rebo", "Solar street lights for Wae Rebo village",
     "Jalan desa sepanjang 3 km gelap gulita setiap malam. Kita pasang 40 lampu tenaga surya.",
     "Three kilometres of village road are pitch dark every night. We are installing 40 solar lights.",
     ("lampu", "energi")),
    ("bank-sampah-rw-07", "bank-sampah-berseri",
     "Bank Sampah RW 07 Tembalang", "A waste bank for RW 07 Tembalang",
     "Warga menabung sampah terpilah dan mendapat tabungan. Kami butuh timbangan, karung, dan relawan.",
     "Residents save sorted waste and earn savings. We need scales, sacks and volunteers.",
     ("sampah", "daur ulang")),
    ("jelantah-jadi-sabun", "bank-sampah-berseri",
     "Minyak Jelantah Jadi Sabun", "Used cooking oil into soap",
     "Ibu-ibu PKK mengolah minyak jelantah menjadi sabun cuci, bukan dibuang ke selokan.",
     "Women's groups turn used cooking oil into laundry soap instead of pouring it into drains.",
     ("jelantah", "sabun")),
    ("perpustakaan-anak-tallo", "taman-baca-pelangi",
     "Perpustakaan Anak Kampung Tallo", "A children's library in Kampung Tallo",
     "Satu rak buku untuk 200 anak. Bantu kami mengisi perpustakaan dan mengajar membaca.",
     "One bookshelf for 200 children. Help us fill the library and teach reading.",
     ("buku", "anak")),
    ("pendamping-pasien-tb", "sahabat-tb-deli",
     "Pendamping Pasien TB sampai Sembuh", "Companions for TB patients until cured",
     "Pengobatan TB butuh enam bulan tanpa putus. Pendamping memastikan pasien minum obat setiap hari.",
     "TB treatment takes six months without a break. Companions make sure patients take their medicine daily.",
     ("kesehatan", "tb")),
    ("paralegal-desa-sumba", "lbh-desa-sumba",
     "Paralegal Desa untuk Sumba Barat", "Village paralegals for West Sumba",
     "Warga desa sering kehilangan tanah karena tidak tahu haknya. Kami melatih paralegal desa.",
     "Villagers often lose land because they do not know their rights. We train village paralegals.",
     ("hukum", "advokasi")),
    ("patroli-api-gambut", "masyarakat-peduli-api",
     "Patroli Api Gambut Musim Kemarau", "Dry-season peat fire patrols",
     "Setiap kemarau, lahan gambut terbakar. Tim patroli warga butuh pompa, selang, dan relawan.",
     "Every dry season the peat burns. The villagers' patrol needs pumps, hoses and volunteers.",
     ("api", "gambut")),
    ("rumah-burung-hantu", "petani-tyto-ngawi",
     "Rumah Burung Hantu Pengusir Tikus Sawah", "Barn owl nests against field rats",
     "Satu pasang burung hantu memangsa ribuan tikus setahun. Kami membangun 50 rumah burung hantu.",
     "One pair of barn owls eats thousands of rats a year. We are building 50 owl nests.",
     ("pertanian", "tikus")),
    ("panen-air-hujan", "air-hujan-gunungkidul",
     "Panen Air Hujan untuk Dusun Kering", "Rainwater harvesting for dry hamlets",
     "Tandon air hujan 5.000 liter untuk setiap rumah di tiga dusun.",
     "A 5,000-litre rainwater tank for every house in three hamlets.",
     ("air", "tandon")),
]

STORIES = [
    ("cahaya-pertama-wae-rebo", "yayasan-terang-desa", "lampu-jalan-tenaga-surya",
     "Cahaya Pertama di Jalan Wae Rebo", "First light on the Wae Rebo road",
     "Anak-anak kini pulang mengaji tanpa senter.",
     "Jalan desa gelap membuat warga takut keluar malam.",
     "Dua puluh lampu tenaga surya dipasang oleh warga bersama relawan.",
     "Kecelakaan malam hari turun dan warung buka lebih lama."),
    ("tabungan-sampah-bu-sri", "bank-sampah-berseri", "bank-sampah-rw-07",
     "Tabungan Sampah Bu Sri", "Mrs Sri's waste savings",
     "Dari sampah terpilah, Bu Sri membayar uang sekolah cucunya.",
     "Sampah rumah tangga dibuang ke sungai.",
     "Bank sampah dibuka setiap Sabtu; warga menimbang dan mencatat tabungan.",
     "Dua ton sampah terpilah setiap bulan tidak lagi masuk sungai."),
]

# The six steps of the initiative formulation of each demo campaign (the asks are the fifth step,
# "what support it needs"), in Indonesian and English:
# slug: {language: (problem, people served, place, activities, how change will be shown)}
INITIATIVE_STEPS = {
    "lampu-jalan-tenaga-surya": {
        "id": ("Jalan desa sepanjang 3 km dari Kombo ke Wae Rebo tidak punya satu pun lampu. Setelah magrib warga "
               "berjalan dalam gelap, dan tahun lalu terjadi sembilan kecelakaan malam hari.",
               "Sekitar 600 warga Wae Rebo dan Kombo, terutama anak-anak yang pulang mengaji dan ibu-ibu yang "
               "berjualan ke pasar pagi buta.",
               "Jalan desa Kombo–Wae Rebo, Kecamatan Satar Mese Barat, Manggarai",
               "Memasang 40 lampu jalan tenaga surya setiap 75 meter, bersama pemuda desa yang dilatih merawat "
               "panel dan baterainya.",
               "Kami mencatat kecelakaan malam hari dan jam buka warung sebelum dan sesudah, dan memotret setiap "
               "titik lampu yang menyala."),
        "en": ("The 3 km village road from Kombo to Wae Rebo has not a single light. After sunset people walk in "
               "the dark, and last year there were nine night-time accidents.",
               "About 600 people in Wae Rebo and Kombo, above all children coming home from Koran lessons and "
               "women walking to the morning market before dawn.",
               "The Kombo–Wae Rebo village road, Satar Mese Barat district, Manggarai",
               "Installing 40 solar street lights, one every 75 metres, with village youths trained to look "
               "after the panels and batteries.",
               "We record night-time accidents and shop opening hours before and after, and photograph every "
               "light that is working."),
    },
    "bank-sampah-rw-07": {
        "id": ("Sampah rumah tangga RW 07 dibuang ke Kali Tembalang karena truk sampah hanya datang seminggu sekali.",
               "86 keluarga di RW 07 Tembalang, termasuk lansia yang menabung sampah untuk kebutuhan sehari-hari.",
               "RW 07, Kelurahan Tembalang, Kota Semarang",
               "Membuka bank sampah setiap Sabtu pagi: warga menyetor sampah terpilah, ditimbang, dan dicatat "
               "sebagai tabungan; sampah dijual ke pengepul.",
               "Buku timbang mencatat berapa kilogram sampah terpilah setiap bulan dan berapa keluarga menabung."),
        "en": ("Household waste from RW 07 ends up in the Tembalang river because the rubbish truck comes only "
               "once a week.",
               "86 families in RW 07 Tembalang, including elderly people who save waste for their daily needs.",
               "RW 07, Tembalang, Semarang",
               "Opening the waste bank every Saturday morning: residents bring sorted waste, which is weighed "
               "and recorded as savings, then sold to recyclers.",
               "The weighing book records how many kilograms of sorted waste come in each month and how many "
               "families save."),
    },
    "jelantah-jadi-sabun": {
        "id": ("Minyak jelantah dari rumah dan warung dibuang ke selokan, menyumbat saluran dan mencemari sungai.",
               "Ibu-ibu PKK di empat RW Tembalang dan warung makan di sekitarnya.",
               "Kelurahan Tembalang dan Bulusan, Kota Semarang",
               "Mengumpulkan jelantah setiap pekan dan melatih ibu-ibu PKK mengolahnya menjadi sabun cuci yang "
               "dijual di kampung.",
               "Kami menimbang jelantah yang terkumpul dan menghitung batang sabun yang terjual setiap bulan."),
        "en": ("Used cooking oil from homes and food stalls is poured into drains, blocking them and polluting "
               "the river.",
               "Women's (PKK) groups in four neighbourhoods of Tembalang and the food stalls around them.",
               "Tembalang and Bulusan, Semarang",
               "Collecting used oil every week and training the women's groups to turn it into laundry soap "
               "sold in the neighbourhood.",
               "We weigh the oil collected and count the bars of soap sold each month."),
    },
    "perpustakaan-anak-tallo": {
        "id": ("Di Kampung Tallo hanya ada satu rak buku untuk 200 anak, dan banyak anak kelas 3 SD belum lancar "
               "membaca.",
               "200 anak usia 5–12 tahun di Kampung Tallo dan orang tua mereka.",
               "Kampung Tallo, Kecamatan Tallo, Kota Makassar",
               "Mengisi perpustakaan dengan 500 buku cerita anak dan membuka kelas membaca tiga sore sepekan "
               "bersama relawan.",
               "Relawan mencatat buku yang dipinjam dan menguji kelancaran membaca anak setiap tiga bulan."),
        "en": ("In Kampung Tallo there is one bookshelf for 200 children, and many third-graders cannot yet "
               "read fluently.",
               "200 children aged 5 to 12 in Kampung Tallo and their parents.",
               "Kampung Tallo, Tallo district, Makassar",
               "Filling the library with 500 children's books and running reading classes three afternoons a "
               "week with volunteers.",
               "Volunteers record the books borrowed and test the children's reading every three months."),
    },
    "pendamping-pasien-tb": {
        "id": ("Pengobatan TB butuh enam bulan tanpa putus, tetapi satu dari lima pasien di Deli Serdang berhenti "
               "minum obat sebelum sembuh.",
               "120 pasien TB baru setiap tahun di tiga kecamatan dan keluarga mereka.",
               "Kecamatan Lubuk Pakam, Tanjung Morawa, dan Batang Kuis, Deli Serdang",
               "Pendamping minum obat mengunjungi pasien, mengingatkan jadwal obat dan periksa dahak, dan membawa "
               "paket gizi.",
               "Bersama puskesmas kami mencatat berapa pasien menyelesaikan pengobatan dan dinyatakan sembuh."),
        "en": ("TB treatment takes six months without a break, but one patient in five in Deli Serdang stops "
               "taking their medicine before being cured.",
               "120 new TB patients a year in three districts, and their families.",
               "Lubuk Pakam, Tanjung Morawa and Batang Kuis districts, Deli Serdang",
               "Treatment companions visit patients, remind them of their medicine and sputum tests, and bring "
               "food parcels.",
               "With the health centres we record how many patients finish their treatment and are declared "
               "cured."),
    },
    "paralegal-desa-sumba": {
        "id": ("Warga desa di Sumba Barat sering kehilangan tanah adat karena tidak tahu haknya dan tidak mampu "
               "membayar pengacara.",
               "Warga 12 desa di Wanokaka dan Lamboya, terutama perempuan dan keluarga petani.",
               "Kecamatan Wanokaka dan Lamboya, Sumba Barat",
               "Melatih 24 paralegal desa dan membuka pos konsultasi hukum di kantor desa dua kali sebulan.",
               "Kami mencatat pengaduan yang ditangani, sengketa yang selesai, dan sertifikat tanah yang diurus."),
        "en": ("Villagers in West Sumba often lose customary land because they do not know their rights and "
               "cannot pay a lawyer.",
               "People in 12 villages of Wanokaka and Lamboya, above all women and farming families.",
               "Wanokaka and Lamboya districts, West Sumba",
               "Training 24 village paralegals and opening a legal advice desk at the village office twice a "
               "month.",
               "We record the complaints handled, the disputes settled and the land certificates obtained."),
    },
    "patroli-api-gambut": {
        "id": ("Setiap kemarau lahan gambut di Pulang Pisau terbakar; asapnya membuat anak-anak sakit dan sekolah "
               "libur.",
               "Warga lima desa di tepi gambut dan sekitar 4.000 anak sekolah yang terpapar asap.",
               "Kecamatan Jabiren Raya, Sebangau Kuala, dan Maliku, Pulang Pisau",
               "Regu patroli warga berkeliling setiap malam di musim kemarau, membangun sekat kanal, dan "
               "memadamkan api kecil sebelum meluas.",
               "Kami mencatat titik panas dan luas lahan terbakar setiap musim, dibandingkan dengan tahun lalu."),
        "en": ("Every dry season the peatland in Pulang Pisau burns; the smoke makes children ill and closes "
               "schools.",
               "People in five villages on the edge of the peat, and about 4,000 schoolchildren exposed to the "
               "smoke.",
               "Jabiren Raya, Sebangau Kuala and Maliku districts, Pulang Pisau",
               "Villagers' patrols go round every night in the dry season, build canal blocks and put out small "
               "fires before they spread.",
               "We record hotspots and the area burnt each season, compared with last year."),
    },
    "rumah-burung-hantu": {
        "id": ("Tikus sawah menghabiskan sampai sepertiga panen padi di Paron, dan jebakan listrik sudah menewaskan "
               "petani.",
               "150 keluarga petani anggota Kelompok Tani Tyto Alba.",
               "Sawah Kecamatan Paron dan Karanganyar, Ngawi",
               "Membangun 50 rumah burung hantu (Tyto alba) di tepi sawah dan melatih petani memantau sarang.",
               "Kami menghitung sarang yang dihuni, populasi tikus, dan hasil panen per hektar sebelum dan "
               "sesudah."),
        "en": ("Field rats eat up to a third of the rice harvest in Paron, and electric rat traps have killed "
               "farmers.",
               "150 farming families in the Tyto Alba farmers' group.",
               "Rice fields of Paron and Karanganyar districts, Ngawi",
               "Building 50 barn owl (Tyto alba) nest boxes along the fields and training farmers to monitor "
               "the nests.",
               "We count occupied nests, the rat population and the harvest per hectare before and after."),
    },
    "panen-air-hujan": {
        "id": ("Di musim kemarau tiga dusun di Tepus kehabisan air dan harus membeli air tangki Rp 150.000 "
               "sekali angkut.",
               "210 keluarga di Dusun Ngasem, Klumpit, dan Pule.",
               "Kecamatan Tepus, Gunungkidul",
               "Membangun tandon air hujan 5.000 liter dengan talang dan filter untuk setiap rumah, dikerjakan "
               "gotong royong.",
               "Kami mencatat berapa minggu setiap keluarga tidak perlu membeli air tangki selama kemarau."),
        "en": ("In the dry season three hamlets in Tepus run out of water and have to buy it from tankers at "
               "Rp 150,000 a load.",
               "210 families in the hamlets of Ngasem, Klumpit and Pule.",
               "Tepus district, Gunungkidul",
               "Building a 5,000-litre rainwater tank with gutters and a filter for every house, by community "
               "work.",
               "We record how many weeks each family does without tanker water during the dry season."),
    },
}

# The English text of the demo stories: slug -> (summary, problem, what was done, what changed).
STORIES_EN = {
    "cahaya-pertama-wae-rebo": (
        "Children now come home from Koran lessons without a torch.",
        "The dark village road kept people indoors at night.",
        "Twenty solar street lights were installed by villagers together with volunteers.",
        "Night-time accidents fell and the shops stay open longer."),
    "tabungan-sampah-bu-sri": (
        "From sorted waste, Mrs Sri pays her grandchild's school fees.",
        "Household waste was dumped into the river.",
        "The waste bank opens every Saturday; residents weigh their waste and record their savings.",
        "Two tonnes of sorted waste a month no longer go into the river."),
}

# Captions of the demo stories' lead illustrations: slug -> (Indonesian, English).
STORY_CAPTIONS = {
    "cahaya-pertama-wae-rebo": ("Ilustrasi: jalan desa Wae Rebo diterangi lampu tenaga surya.",
                                "Illustration: the Wae Rebo village road lit by solar street lights."),
    "tabungan-sampah-bu-sri": ("Ilustrasi: kampung RW 07 Tembalang, tempat bank sampah buka setiap Sabtu.",
                               "Illustration: RW 07 Tembalang, where the waste bank opens every Saturday."),
}

# The English introductions of the section index pages: slug -> intro.
INDEX_INTROS_EN = {
    "galang-daya": "Support local initiatives near you.",
    "mitra": "Civil-society organisations all over Indonesia.",
    "cerita-perubahan": "Real change from local initiatives.",
}

# The demo OMS that have a bank account (for manual bank transfers): slug -> (bank, number, holder).
BANK_ACCOUNTS = {
    "yayasan-terang-desa": ("Bank NTT", "001.01.02.123456-7", "Yayasan Terang Desa"),
    "bank-sampah-berseri": ("Bank Jateng", "1-234-56789-0", "Komunitas Bank Sampah Berseri"),
    "taman-baca-pelangi": ("Bank Sulselbar", "010-202-0303-4", "Perkumpulan Taman Baca Pelangi"),
}


def initiative_keywords(organisation_slug):
    """The keywords of an OMS's first demo initiative (its illustrations' motif)."""
    return next((row[6] for row in INITIATIVES if row[1] == organisation_slug), ())
