"""The demo library's words (Indonesian, with English translations): the six-step guide and five
more resources. Kept apart from ``demo.py`` (which writes pages) because it is mostly prose."""


def step(title, text, example=""):
    return {"type": "step", "value": {"title": title, "text": text, "example": example}}


def text(html):
    return {"type": "text", "value": html}


GUIDE_STEPS = [
    step("Kenali masalah dan aset lokal",
         "<p>Mulailah dari apa yang dialami warga, bukan dari program yang ingin Anda jalankan. Kumpulkan "
         "data sederhana: berapa keluarga yang terdampak, sejak kapan, dan di mana. Ajak warga bicara dalam "
         "pertemuan RT, posyandu, atau kelompok tani.</p><ul><li>Tulis masalah dalam satu kalimat yang "
         "bisa diukur.</li><li>Petakan aset: orang yang mau bergerak, tempat, alat, tokoh, usaha lokal, dan "
         "dana desa yang bisa diajak.</li><li>Catat siapa yang sudah bekerja untuk masalah ini, agar Anda "
         "melengkapi, bukan menyaingi.</li></ul>",
         "Di Desa Waturaka, 120 keluarga mengambil air dari mata air yang berjarak 2 km; di musim kemarau "
         "anak-anak terlambat sekolah karena ikut mengangkut air. Asetnya: kelompok pemuda, tukang pipa, "
         "dan lahan milik gereja di dekat mata air."),
    step("Rumuskan perubahan yang diinginkan",
         "<p>Tuliskan keadaan yang ingin dicapai dalam 6–12 bulan, dengan angka. Perubahan yang baik bisa "
         "dilihat dan diceritakan oleh warga sendiri. Hubungkan perubahan itu dengan tujuan pembangunan "
         "berkelanjutan (TPB/SDG) yang paling dekat.</p><ul><li>Siapa yang berubah keadaannya?</li>"
         "<li>Apa yang berubah, dan seberapa banyak?</li><li>Kapan perubahan itu terlihat?</li></ul>",
         "Pada Desember, 120 keluarga mendapat air bersih dalam jarak 100 meter dari rumah, dan tidak ada "
         "lagi anak yang terlambat sekolah karena mengangkut air (TPB 6)."),
    step("Rancang layanan",
         "<p>Rancang kegiatan yang langsung menghasilkan perubahan itu: apa yang dikerjakan, oleh siapa, "
         "untuk siapa, dan bagaimana layanan tetap berjalan setelah kampanye selesai. Pilih yang paling "
         "sederhana yang bisa dikerjakan warga.</p><ul><li>Urutkan kegiatan dari minggu ke minggu.</li>"
         "<li>Tentukan penanggung jawab setiap kegiatan.</li><li>Rencanakan perawatan: iuran, jadwal "
         "piket, atau kerja sama dengan BUMDes.</li></ul>",
         "Memasang pipa 2 km dan tiga keran umum, membentuk kelompok pengelola air dengan iuran Rp5.000 per "
         "bulan untuk perawatan, dan melatih dua pemuda sebagai teknisi."),
    step("Hitung sumber daya",
         "<p>Susun anggaran per kegiatan, lalu pisahkan apa yang perlu dibeli dari apa yang bisa "
         "disumbangkan dalam bentuk barang, tenaga, atau kemitraan. Setiap jenis dukungan menjadi satu "
         "ajakan di kampanye Anda. Sisihkan 5–10% untuk hal tak terduga.</p><ul><li>Harga dari dua toko "
         "atau pemasok.</li><li>Jumlah relawan dan jam kerjanya.</li><li>Barang yang bisa dipinjam atau "
         "disumbangkan.</li></ul>",
         "Pipa dan keran Rp18.500.000 (donasi uang), 40 sak semen (donasi barang), 25 relawan selama 4 hari "
         "kerja bakti, dan kemitraan dengan toko bangunan untuk ongkos angkut."),
    step("Rencanakan penggalangan daya",
         "<p>Tentukan siapa yang akan mendukung: warga desa, perantau, pelaku usaha lokal, pemerintah desa, "
         "jaringan gereja atau masjid. Untuk setiap kelompok, pilih pesan, saluran (WhatsApp, media sosial, "
         "pertemuan langsung), dan waktu. Rencanakan ucapan terima kasih sejak awal.</p><ul><li>Target "
         "setiap ajakan dan tenggat waktunya.</li><li>Kalender unggahan dan kabar perkembangan.</li>"
         "<li>Siapa yang menjawab pertanyaan pendukung.</li></ul>",
         "Minggu 1: cerita warga di grup WhatsApp perantau; minggu 2: ajakan toko bangunan; minggu 3: kerja "
         "bakti diumumkan di gereja dan masjid; setiap Jumat: kabar kemajuan dengan foto."),
    step("Ukur dan ceritakan perubahan",
         "<p>Pilih dua atau tiga indikator yang Anda catat sebelum dan sesudah kegiatan, dan siapa yang "
         "mencatatnya. Laporkan penggunaan dana secara terbuka. Setelah kegiatan, tuliskan cerita perubahan: "
         "masalahnya, apa yang dilakukan, apa yang berubah, dan suara warga.</p><ul><li>Indikator dengan "
         "angka sebelum dan sesudah.</li><li>Foto dengan izin orang di dalamnya.</li><li>Laporan keuangan "
         "sederhana untuk semua pendukung.</li></ul>",
         "Sebelum: 2 km dan 90 menit per hari untuk air; sesudah: 100 meter dan 10 menit. Cerita Bu Maria, "
         "yang kini punya waktu untuk kebun sayurnya, diterbitkan di Cerita Perubahan."),
]

GUIDE_STEPS_EN = [
    step("Know the problem and the local assets",
         "<p>Start from what residents experience, not from the programme you want to run. Gather simple "
         "data: how many families are affected, since when and where. Talk with residents at neighbourhood "
         "meetings, health posts or farmers' groups.</p><ul><li>Write the problem in one measurable "
         "sentence.</li><li>Map the assets: people willing to act, places, tools, respected figures, local "
         "businesses and village funds.</li><li>Note who already works on the problem, so that you "
         "complement them rather than compete.</li></ul>",
         "In Waturaka village, 120 families fetch water from a spring 2 km away; in the dry season children "
         "are late for school because they carry water. Assets: a youth group, a plumber and church land "
         "near the spring."),
    step("Formulate the change you want",
         "<p>Write the state you want to reach in 6–12 months, with figures. A good change can be seen and "
         "told by the residents themselves. Link it to the nearest Sustainable Development Goal.</p><ul>"
         "<li>Whose situation changes?</li><li>What changes, and by how much?</li><li>When will the change "
         "be visible?</li></ul>",
         "By December, 120 families have clean water within 100 metres of home, and no child is late for "
         "school because of carrying water (SDG 6)."),
    step("Design the service",
         "<p>Design the activities that directly produce that change: what is done, by whom, for whom, and "
         "how the service keeps running after the campaign. Choose the simplest thing residents can do."
         "</p><ul><li>Order the activities week by week.</li><li>Name who is responsible for each.</li>"
         "<li>Plan upkeep: fees, a rota or an agreement with the village enterprise.</li></ul>",
         "Lay 2 km of pipe and three public taps, form a water users' group with a Rp5,000 monthly fee for "
         "upkeep, and train two young people as technicians."),
    step("Count the resources",
         "<p>Budget each activity, then separate what must be bought from what can be given as goods, time "
         "or partnership. Each kind of support becomes one ask in your campaign. Keep 5–10% for the "
         "unexpected.</p><ul><li>Prices from two shops or suppliers.</li><li>The number of volunteers and "
         "their hours.</li><li>Goods that can be lent or given.</li></ul>",
         "Pipes and taps Rp18,500,000 (money), 40 bags of cement (goods), 25 volunteers for 4 days of "
         "communal work, and a partnership with a hardware shop for transport."),
    step("Plan how to raise support",
         "<p>Decide who will support you: villagers, people from the village living elsewhere, local "
         "businesses, the village government, church or mosque networks. For each group choose a message, "
         "a channel (WhatsApp, social media, meetings) and a time. Plan your thanks from the start.</p><ul>"
         "<li>A target and deadline for each ask.</li><li>A calendar of posts and progress news.</li>"
         "<li>Who answers supporters' questions.</li></ul>",
         "Week 1: a resident's story in the emigrants' WhatsApp group; week 2: ask the hardware shop; week "
         "3: announce the communal work at church and mosque; every Friday: progress news with photos."),
    step("Measure and tell the change",
         "<p>Choose two or three indicators you record before and after, and who records them. Report the "
         "use of funds openly. Afterwards, write a story of change: the problem, what was done, what "
         "changed, and residents' voices.</p><ul><li>Indicators with before and after figures.</li><li>"
         "Photos with the consent of the people in them.</li><li>A simple financial report for every "
         "supporter.</li></ul>",
         "Before: 2 km and 90 minutes a day for water; after: 100 metres and 10 minutes. The story of Bu "
         "Maria, who now has time for her vegetable garden, is published in Stories of Change."),
]

BUDGET_CSV = (
    "Kegiatan,Barang/jasa,Jumlah,Satuan,Harga satuan (Rp),Total (Rp),Jenis dukungan,Catatan\n"
    "Persiapan,Pertemuan warga (konsumsi),1,kali,250000,250000,donasi uang,\n"
    "Pembangunan,Pipa PVC 1 inci,100,batang,85000,8500000,donasi uang,harga dari 2 toko\n"
    "Pembangunan,Semen,40,sak,65000,2600000,donasi barang,\n"
    "Pembangunan,Kerja bakti,25,relawan x 4 hari,0,0,relawan,\n"
    "Perawatan,Kas kelompok pengelola,12,bulan,0,0,iuran warga,Rp5.000 per keluarga\n"
    "Cadangan,Tak terduga (5-10%),1,paket,1000000,1000000,donasi uang,\n"
    "Jumlah,,,,,12350000,,\n"
)

CHECKLIST_TXT = (
    "DAFTAR PERIKSA KETAHANAN KEUANGAN OMS\n\n"
    "[ ] Rekening atas nama lembaga, bukan pribadi; dua orang menandatangani pengeluaran.\n"
    "[ ] Buku kas dicatat setiap minggu dan dicocokkan dengan rekening setiap bulan.\n"
    "[ ] Cadangan dana operasional untuk minimal 3 bulan.\n"
    "[ ] Tidak lebih dari 50% pendapatan dari satu sumber.\n"
    "[ ] Ada pendapatan sendiri (iuran, usaha sosial, jasa).\n"
    "[ ] Anggaran tahunan disetujui pengurus dan dibandingkan dengan realisasi setiap triwulan.\n"
    "[ ] Laporan keuangan sederhana diterbitkan untuk pendukung setiap tahun.\n"
    "[ ] Daftar pendukung dan donatur diperbarui, dengan izin mereka untuk dihubungi.\n"
)

# (slug, kind, aspect, sdgs, flagged, {id: title, summary, body}, {en: ...}, files, recording url)
RESOURCES = [
    {
        "slug": "enam-langkah-inisiatif-layanan-lokal", "kind": "guide", "aspect": "initiative_design",
        "sdgs": [17], "flagged": True, "keywords": ("air",),
        "id": {"title": "Enam langkah merumuskan inisiatif layanan lokal",
               "summary": "Panduan langkah demi langkah untuk mengubah masalah warga menjadi inisiatif layanan "
                          "yang jelas, terukur, dan siap digalang dukungannya di Lokadaya.",
               "body": [text("<p>Gunakan enam langkah ini sebelum menulis kampanye. Setiap langkah menjawab "
                             "satu bagian formulir kampanye di Lokadaya.</p>")] + GUIDE_STEPS},
        "en": {"title": "Six steps to formulating a local service initiative",
               "summary": "A step-by-step guide to turning residents' problem into a clear, measurable service "
                          "initiative, ready to raise support on Lokadaya.",
               "body": [text("<p>Use these six steps before you write a campaign. Each step answers one part "
                             "of Lokadaya's campaign form.</p>")] + GUIDE_STEPS_EN},
    },
    {
        "slug": "templat-anggaran-kampanye", "kind": "template", "aspect": "resource_raising", "sdgs": [17],
        "keywords": ("kebun",),
        "id": {"title": "Templat anggaran kampanye",
               "summary": "Tabel anggaran siap pakai: kegiatan, harga dari dua pemasok, dan jenis dukungan untuk "
                      "setiap baris (uang, barang, relawan, kemitraan).",
               "body": [text("<p>Unduh templat, isi satu baris per barang atau jasa, dan tandai jenis dukungan "
                             "yang akan Anda minta. Kolom <b>Jenis dukungan</b> menjadi daftar ajakan kampanye "
                             "Anda.</p><ul><li>Gunakan harga dari dua toko.</li><li>Tambahkan 5–10% cadangan."
                             "</li><li>Tenaga relawan dicatat dengan harga nol, tetapi jumlah jamnya tetap "
                             "dihitung.</li></ul>")]},
        "en": {"title": "Campaign budget template",
               "summary": "A ready-to-use budget table: activities, prices from two suppliers and the kind of "
                          "support for each line (money, goods, volunteers, partnership).",
               "body": [text("<p>Download the template, fill in one line per item or service, and mark the "
                             "kind of support you will ask for. The <b>kind of support</b> column becomes your "
                             "campaign's list of asks.</p>")]},
        "files": [("Templat anggaran kampanye", "templat-anggaran-kampanye.csv", BUDGET_CSV,
                   "Tabel CSV, bisa dibuka di spreadsheet")],
    },
    {
        "slug": "perangkat-media-sosial-oms", "kind": "toolkit", "aspect": "communication", "sdgs": [17],
        "keywords": ("anak",),
        "id": {"title": "Perangkat media sosial untuk OMS",
               "summary": "Kalender unggahan empat minggu, contoh pesan WhatsApp dan Instagram, dan tips foto "
                          "yang menghormati warga.",
               "body": [text("<h2>Kalender empat minggu</h2><ol><li>Minggu 1: perkenalkan masalah lewat cerita "
                             "satu orang.</li><li>Minggu 2: tunjukkan rencana dan ajakan.</li><li>Minggu 3: "
                             "kabar kemajuan dan ucapan terima kasih.</li><li>Minggu 4: hasil dan ajakan "
                             "terakhir.</li></ol><h2>Contoh pesan WhatsApp</h2><p>“Bapak/Ibu, 120 keluarga di "
                             "Waturaka masih berjalan 2 km untuk air. Bantu kami memasang pipa: tautan di "
                             "bawah. Terima kasih!”</p><h2>Foto yang menghormati</h2><ul><li>Minta izin "
                             "sebelum memotret.</li><li>Tunjukkan warga sebagai pelaku, bukan korban.</li>"
                             "<li>Jangan unggah wajah anak tanpa izin orang tua.</li></ul>")]},
        "en": {"title": "Social media toolkit for OMS",
               "summary": "A four-week posting calendar, sample WhatsApp and Instagram messages, and tips for "
                          "photos that respect residents.",
               "body": [text("<h2>A four-week calendar</h2><ol><li>Week 1: introduce the problem through one "
                             "person's story.</li><li>Week 2: show the plan and the asks.</li><li>Week 3: "
                             "progress news and thanks.</li><li>Week 4: results and a last call.</li></ol>")]},
    },
    {
        "slug": "panduan-teori-perubahan", "kind": "guide", "aspect": "theory_of_change", "sdgs": [16, 17],
        "keywords": ("hutan",),
        "id": {"title": "Panduan teori perubahan untuk inisiatif lokal",
               "summary": "Cara menyusun teori perubahan sederhana: dari kegiatan ke hasil, dari hasil ke "
                          "perubahan, dengan asumsi yang diuji.",
               "body": [step("Mulai dari perubahan jangka panjang",
                             "<p>Tulis perubahan yang ingin dilihat warga dalam 3–5 tahun.</p>",
                             "Semua keluarga di Waturaka punya akses air bersih sepanjang tahun."),
                        step("Mundur ke hasil antara",
                             "<p>Apa yang harus terjadi lebih dulu agar perubahan itu mungkin?</p>",
                             "Ada jaringan pipa dan kelompok pengelola yang berfungsi."),
                        step("Tentukan kegiatan dan asumsinya",
                             "<p>Kegiatan apa yang menghasilkan hasil antara, dan apa yang Anda anggap benar "
                             "(asumsi) yang perlu diperiksa?</p>",
                             "Asumsi: warga mau membayar iuran Rp5.000 per bulan. Uji lewat survei singkat."),
                        step("Pilih indikator",
                             "<p>Untuk setiap hasil, satu indikator dengan angka sebelum dan sesudah.</p>")]},
        "en": {"title": "A theory-of-change guide for local initiatives",
               "summary": "How to build a simple theory of change: from activities to results, from results to "
                          "change, with assumptions you test.",
               "body": [step("Start from the long-term change",
                             "<p>Write the change residents want to see in 3–5 years.</p>"),
                        step("Work back to intermediate results",
                             "<p>What must happen first for that change to be possible?</p>"),
                        step("Name the activities and their assumptions",
                             "<p>Which activities produce those results, and which assumptions need checking?"
                             "</p>"),
                        step("Choose indicators",
                             "<p>For each result, one indicator with before and after figures.</p>")]},
    },
    {
        "slug": "rekaman-webinar-penggalangan-dana-lokal", "kind": "recording", "aspect": "resource_raising",
        "sdgs": [17], "keywords": ("sabun",),
        "id": {"title": "Rekaman webinar: menggalang dukungan dari warga sendiri",
               "summary": "Rekaman diskusi daring tentang penggalangan daya lokal: donasi, barang, relawan, dan "
                          "kemitraan dengan usaha setempat.",
               "body": [text("<p>Dalam webinar ini, tiga OMS berbagi cara mereka menggalang dukungan dari warga, "
                             "perantau, dan usaha lokal. Catatan utama:</p><ul><li>Mulai dari lingkaran "
                             "terdekat sebelum publik luas.</li><li>Ajakan barang dan tenaga sering lebih cepat "
                             "terpenuhi daripada uang.</li><li>Kabar kemajuan mingguan menjaga kepercayaan."
                             "</li></ul>")]},
        "en": {"title": "Webinar recording: raising support from your own community",
               "summary": "The recording of an online discussion on raising local support: donations, goods, "
                          "volunteers and partnerships with local businesses.",
               "body": [text("<p>In this webinar, three OMS share how they raise support from residents, people "
                             "from the village living elsewhere, and local businesses.</p>")]},
        # A demo address: the player is only loaded on click; replace it with the real recording.
        "recording": ("https://www.youtube.com/watch?v=lokadayaDemo", "Rekaman webinar (alamat contoh demo)"),
    },
    {
        "slug": "daftar-periksa-ketahanan-keuangan", "kind": "toolkit", "aspect": "financial_resilience",
        "sdgs": [8, 17], "keywords": ("buku",),
        "id": {"title": "Daftar periksa ketahanan keuangan",
               "summary": "Delapan pertanyaan untuk memeriksa kesehatan keuangan OMS Anda: rekening, cadangan, "
                          "sumber pendapatan, dan laporan.",
               "body": [text("<p>Isi daftar periksa bersama pengurus setiap enam bulan. Setiap kotak yang belum "
                             "dicentang menjadi rencana kerja berikutnya.</p><p>Paling penting: rekening atas "
                             "nama lembaga, cadangan tiga bulan, dan tidak bergantung pada satu sumber dana."
                             "</p>")]},
        "en": {"title": "Financial resilience checklist",
               "summary": "Eight questions to check your OMS's financial health: accounts, reserves, sources of "
                          "income and reporting.",
               "body": [text("<p>Go through the checklist with your board every six months. Every unticked box "
                             "becomes your next work plan.</p>")]},
        "files": [("Daftar periksa ketahanan keuangan", "daftar-periksa-ketahanan-keuangan.txt", CHECKLIST_TXT,
                   "Teks, bisa dicetak")],
    },
]
