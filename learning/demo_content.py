"""The demo courses' text (Indonesian; titles and summaries also in English). Read by ``learning.demo``.

A course: (slug, aspect, title, title en, summary, summary en, level, minutes, intro, outcomes,
[modules]); a module: (slug, title, title en, summary, [lessons]); a lesson: (slug, title, title en,
minutes, [paragraphs], quiz or None); a quiz: (title, pass mark, [(question, [(answer, correct)],
explanation)]).
"""

COURSES = [
    ("ketahanan-keuangan-oms", "financial_resilience",
     "Ketahanan keuangan OMS: dari satu donor ke banyak sumber",
     "Financial resilience: from one donor to many sources",
     "Membaca arus kas, menyisihkan dana cadangan, dan mengurangi ketergantungan pada satu donor.",
     "Reading cash flow, building a reserve and depending less on a single donor.",
     "beginner", 75,
     "<p>Banyak OMS di daerah berhenti berkegiatan ketika satu hibah berakhir. Kursus ini membantu bendahara "
     "dan ketua lembaga kecil melihat keuangan sebagai alat untuk bertahan, bukan sekadar laporan ke donor.</p>",
     "<ul><li>membaca arus kas bulanan lembaga</li><li>menghitung dan mulai menyisihkan dana cadangan</li>"
     "<li>menyusun peta sumber dana yang beragam</li></ul>",
     [("arus-kas", "Mengenal arus kas lembaga", "Knowing your cash flow",
       "Uang masuk, uang keluar, dan kapan keduanya terjadi.",
       [("membaca-arus-kas", "Membaca arus kas lembaga kecil", "Reading a small organisation's cash flow", 15,
         ["Arus kas adalah catatan kapan uang benar-benar masuk dan keluar dari rekening atau kas lembaga. Anggaran "
          "program bisa terlihat sehat di atas kertas, tetapi bila dana termin kedua dari donor baru cair bulan "
          "Agustus sementara honor fasilitator harus dibayar Juni, lembaga tetap kesulitan.",
          "Mulailah dengan tabel sederhana per bulan: saldo awal, semua penerimaan (hibah, iuran anggota, hasil "
          "usaha, donasi warga), semua pengeluaran (sewa sekretariat, listrik, honor, kegiatan), lalu saldo akhir. "
          "Isi berdasarkan bukti: mutasi rekening, kuitansi, dan buku kas. Bank Sampah Berseri di Semarang, "
          "misalnya, mencatat setoran nasabah dan penjualan ke pengepul pada hari yang sama.",
          "Setelah tiga bulan, lihat polanya: bulan mana saldo paling tipis? Pengeluaran apa yang selalu datang "
          "tiba-tiba? Dari sini pengurus bisa menggeser jadwal kegiatan atau mengajukan pencairan lebih awal."],
         None),
        ("dana-cadangan", "Dana cadangan tiga bulan", "A three-month reserve", 15,
         ["Dana cadangan adalah uang yang sengaja tidak dipakai untuk kegiatan, agar lembaga tetap bisa membayar "
          "biaya pokok ketika pemasukan terlambat. Patokan yang sering dipakai: biaya operasional tiga bulan.",
          "Hitung biaya operasional bulanan yang tidak bisa ditunda: sewa, listrik dan internet, honor staf inti, "
          "biaya administrasi bank. Kalikan tiga. Bagi banyak OMS kecil, angkanya antara Rp 6 juta dan Rp 20 juta.",
          "Sisihkan sedikit demi sedikit, misalnya 5% dari setiap hibah yang boleh dipakai untuk biaya tidak "
          "langsung, ditambah sebagian hasil usaha. Simpan di rekening terpisah atas nama lembaga dan catat "
          "keputusan pemakaiannya di rapat pengurus."],
         None)]),
      ("diversifikasi", "Beragam sumber dana", "Diverse sources of funds",
       "Mengurangi ketergantungan pada satu donor.",
       [("peta-sumber-dana", "Menyusun peta sumber dana", "Mapping your sources of funds", 20,
         ["Peta sumber dana adalah daftar semua kemungkinan pemasukan lembaga dan besarnya dibanding total "
          "anggaran tahunan. Tuliskan setiap sumber: hibah lembaga internasional, dana desa, CSR perusahaan "
          "daerah, iuran anggota, donasi warga lewat Lokadaya, dan hasil usaha sosial.",
          "Tandai sumber yang lebih dari 50% anggaran: itu risiko terbesar Anda. Tujuan tiga tahun yang realistis "
          "adalah tidak ada satu sumber pun yang melebihi 40%.",
          "Pilih dua sumber baru yang paling dekat dengan kekuatan lembaga. Taman Baca Pelangi di Makassar memulai "
          "dengan donasi buku dan iuran orang tua pembaca, lalu menawarkan kelas membaca berbayar untuk sekolah."],
         ("Cek pemahaman: ketahanan keuangan", 70,
          [("Apa yang paling tepat menggambarkan arus kas?",
            [("Catatan kapan uang benar-benar masuk dan keluar", True),
             ("Daftar rencana kegiatan setahun", False),
             ("Laporan keuangan yang diaudit", False)],
            "Arus kas mencatat waktu nyata uang masuk dan keluar; anggaran hanya rencana."),
           ("Patokan dana cadangan yang dibahas dalam kursus ini adalah...",
            [("Biaya operasional satu minggu", False),
             ("Biaya operasional tiga bulan", True),
             ("Seluruh anggaran program setahun", False)],
            "Tiga bulan biaya pokok memberi waktu bernapas bila dana terlambat cair."),
           ("Mana saja tanda ketergantungan yang berisiko? (pilih semua yang benar)",
            [("Satu donor menanggung lebih dari separuh anggaran", True),
             ("Tidak ada catatan iuran anggota", False),
             ("Kegiatan berhenti setiap kali satu hibah selesai", True)],
            "Ketergantungan terlihat dari porsi satu sumber dan dari kegiatan yang berhenti bersama hibahnya.")]))])]),

    ("manajemen-adaptif", "adaptive_management",
     "Manajemen adaptif: belajar sambil berjalan", "Adaptive management: learning as you go",
     "Merencanakan, mencoba, merefleksikan, dan menyesuaikan program bersama warga.",
     "Plan, try, reflect and adjust your programme together with residents.",
     "beginner", 50,
     "<p>Keadaan di lapangan berubah: harga naik, musim bergeser, warga pindah. Manajemen adaptif membantu tim "
     "mengubah cara kerja tanpa kehilangan tujuan.</p>",
     "<ul><li>menjalankan siklus rencana–coba–refleksi</li><li>memimpin rapat refleksi bulanan yang singkat dan "
     "berguna</li></ul>",
     [("siklus-belajar", "Siklus belajar tim", "The team's learning cycle", "Rencana, coba, refleksi.",
       [("rencana-coba-refleksi", "Siklus rencana–coba–refleksi", "The plan–try–reflect cycle", 20,
         ["Program yang adaptif dimulai dari hipotesis, bukan kepastian: \"Bila kami memasang rumah burung hantu "
          "di setiap 5 hektare, serangan tikus turun separuh.\" Kelompok Tani Tyto Alba di Ngawi menguji dugaan "
          "semacam ini musim demi musim.",
          "Tentukan apa yang akan dicoba, berapa lama, dan tanda apa yang menunjukkan berhasil atau tidak. "
          "Catat secara singkat: tanggal, apa yang dilakukan, apa yang terlihat.",
          "Di akhir masa coba, tim duduk bersama dan memutuskan: lanjutkan, ubah, atau hentikan. Keputusan itu "
          "dicatat beserta alasannya, agar pengurus berikutnya tidak mengulang kesalahan yang sama."],
         None)]),
      ("refleksi", "Refleksi yang berguna", "Useful reflection", "Rapat yang menghasilkan keputusan.",
       [("rapat-refleksi", "Rapat refleksi bulanan", "A monthly reflection meeting", 20,
         ["Rapat refleksi tidak perlu panjang: 60 menit sebulan sudah cukup bila pertanyaannya jelas. Gunakan tiga "
          "pertanyaan: Apa yang terjadi? Mengapa itu terjadi? Apa yang akan kami lakukan berbeda?",
          "Undang orang yang dekat dengan lapangan: relawan, kader, dan bila mungkin warga penerima manfaat. "
          "Suara mereka sering menjelaskan angka yang membingungkan.",
          "Akhiri rapat dengan paling banyak tiga keputusan, masing-masing dengan penanggung jawab dan tenggat. "
          "Keputusan yang tidak dicatat biasanya hilang sebelum rapat berikutnya."],
         ("Cek pemahaman: manajemen adaptif", 60,
          [("Program adaptif dimulai dari...",
            [("Hipotesis yang diuji", True), ("Kepastian bahwa rencana pasti berhasil", False),
             ("Laporan akhir tahun", False)],
            "Hipotesis memberi tim sesuatu untuk diuji dan dipelajari."),
           ("Berapa keputusan sebaiknya dihasilkan satu rapat refleksi?",
            [("Sebanyak mungkin", False), ("Paling banyak tiga, dengan penanggung jawab dan tenggat", True),
             ("Tidak perlu ada keputusan", False)],
            "Sedikit keputusan yang jelas lebih mungkin dijalankan.")]))])]),

    ("komunikasi-media-sosial", "communication",
     "Komunikasi dan media sosial untuk OMS kecil", "Communication and social media for small CSOs",
     "Mengenali khalayak dan menyusun kalender konten yang sanggup dijalankan tim kecil.",
     "Know your audience and plan a content calendar a small team can keep.",
     "beginner", 45,
     "<p>OMS kecil tidak perlu hadir di semua platform. Yang penting: pesan yang tepat untuk orang yang tepat, "
     "secara teratur.</p>",
     "<ul><li>memilih khalayak utama dan platformnya</li><li>menyusun kalender konten empat minggu</li></ul>",
     [("khalayak", "Mengenali khalayak", "Knowing your audience", "Siapa yang ingin Anda ajak bicara.",
       [("kenali-khalayak", "Kenali khalayak Anda", "Know your audience", 15,
         ["Sebelum menulis unggahan, jawab: siapa yang ingin kami ajak bertindak? Warga desa dampingan, calon "
          "donatur di kota, atau perangkat desa? Masing-masing membaca di tempat yang berbeda.",
          "Warga dan perangkat desa sering lebih mudah dijangkau lewat grup WhatsApp dan pengumuman di balai desa; "
          "calon donatur muda di kota lebih banyak di Instagram dan TikTok.",
          "Pilih satu khalayak utama dan paling banyak dua platform. Yayasan Sahabat TB Deli memilih grup "
          "WhatsApp kader dan satu akun Instagram untuk cerita pasien yang sudah sembuh, dengan izin mereka."],
         None)]),
      ("kalender-konten", "Kalender konten", "A content calendar", "Teratur tanpa kewalahan.",
       [("kalender-sederhana", "Kalender konten sederhana", "A simple content calendar", 20,
         ["Kalender konten adalah tabel empat minggu: tanggal, topik, bentuk (foto, video pendek, cerita), "
          "platform, dan siapa yang menyiapkan. Dua unggahan seminggu yang rutin lebih baik daripada sepuluh "
          "unggahan lalu hilang sebulan.",
          "Campurkan tiga jenis isi: kegiatan (apa yang kami kerjakan), manfaat (apa yang berubah bagi warga), "
          "dan ajakan (apa yang bisa Anda bantu). Cerita perubahan di Lokadaya bisa menjadi bahan untuk ketiganya.",
          "Selalu minta izin sebelum memotret atau menuliskan nama warga, terutama anak-anak dan pasien."],
         ("Cek pemahaman: komunikasi", 70,
          [("Berapa platform yang disarankan untuk OMS kecil di awal?",
            [("Semua platform yang ada", False), ("Paling banyak dua, sesuai khalayak utama", True),
             ("Tidak perlu media sosial", False)],
            "Fokus pada sedikit platform membuat tim kecil sanggup teratur."),
           ("Apa yang wajib dilakukan sebelum menampilkan foto pasien atau anak?",
            [("Meminta izin", True), ("Memberi filter yang bagus", False), ("Tidak ada", False)],
            "Izin melindungi martabat dan keselamatan orang yang kita dampingi.")]))])]),

    ("bisnis-sosial", "social_business",
     "Pemasaran dan bisnis sosial", "Marketing and social business",
     "Menguji ide usaha sosial kecil dan menentukan harga yang adil.",
     "Test a small social business idea and set a fair price.",
     "intermediate", 55,
     "<p>Usaha sosial dapat membiayai sebagian kegiatan lembaga, asal diuji dulu dengan pembeli sungguhan.</p>",
     "<ul><li>menguji ide usaha dengan pembeli nyata</li><li>menghitung harga pokok dan harga jual yang adil</li></ul>",
     [("ide-usaha", "Dari kegiatan ke produk", "From activity to product", "Menguji ide sebelum modal besar.",
       [("menguji-ide", "Menguji ide usaha sosial", "Testing a social business idea", 20,
         ["Banyak kegiatan OMS sudah menghasilkan sesuatu yang bisa dijual: sabun dari minyak jelantah, kompos "
          "dari bank sampah, pelatihan paralegal. Pertanyaannya: siapa yang mau membeli, dan berapa?",
          "Uji dalam skala kecil: buat 50 batang sabun, tawarkan ke warung, kantor desa, dan jaringan anggota. "
          "Catat siapa yang membeli, siapa yang menolak, dan alasannya.",
          "Baru setelah ada pembeli berulang, pertimbangkan modal lebih besar. Ide yang tidak laku di uji kecil "
          "hampir pasti tidak laku di skala besar."],
         None)]),
      ("harga", "Harga yang adil", "A fair price", "Harga pokok, harga jual, dan nilai sosial.",
       [("menentukan-harga", "Menentukan harga yang adil", "Setting a fair price", 20,
         ["Harga pokok = bahan + tenaga kerja + biaya lain (kemasan, transport) per unit. Jangan lupakan upah "
          "relawan atau anggota yang mengerjakan: bila tidak dihitung, usaha terlihat untung padahal merugi.",
          "Harga jual = harga pokok + margin untuk cadangan dan kegiatan sosial. Bandingkan dengan harga produk "
          "serupa di pasar setempat.",
          "Ceritakan nilai sosialnya di kemasan atau etalase: pembeli sering mau membayar sedikit lebih bila tahu "
          "uangnya membiayai bank sampah atau taman baca."],
         ("Cek pemahaman: bisnis sosial", 70,
          [("Kapan sebaiknya menambah modal besar untuk usaha sosial?",
            [("Sebelum produk dibuat", False), ("Setelah ada pembeli berulang pada uji kecil", True),
             ("Ketika ada donor yang menawarkan", False)],
            "Pembeli berulang adalah bukti paling kuat bahwa produk dibutuhkan."),
           ("Apa yang sering terlupa dalam harga pokok?",
            [("Upah anggota atau relawan yang mengerjakan", True), ("Harga bahan", False),
             ("Biaya kemasan", False)],
            "Tanpa upah tenaga kerja, harga pokok terlihat lebih murah dari kenyataannya.")]))])]),

    ("transformasi-digital", "digital_transformation",
     "Transformasi digital untuk administrasi OMS", "Digital transformation for CSO administration",
     "Merapikan data anggota dan penerima manfaat, dan menjaga keamanan akun lembaga.",
     "Tidy member and beneficiary data, and keep the organisation's accounts safe.",
     "beginner", 45,
     "<p>Transformasi digital bagi OMS kecil bukan membeli aplikasi mahal, tetapi kebiasaan mencatat dan "
     "menyimpan data dengan rapi dan aman.</p>",
     "<ul><li>menyusun satu daftar data yang rapi</li><li>mengamankan akun surel dan media sosial lembaga</li></ul>",
     [("data-rapi", "Data yang rapi", "Tidy data", "Satu sumber data untuk seluruh tim.",
       [("data-penerima-manfaat", "Data anggota dan penerima manfaat", "Member and beneficiary data", 20,
         ["Data yang tersebar di buku tulis, grup WhatsApp, dan laptop pribadi sulit dipakai untuk laporan. "
          "Mulailah dengan satu lembar kerja bersama: satu baris per orang, satu kolom per keterangan.",
          "Sepakati kolom wajib: nama, desa atau kelurahan, jenis layanan, tanggal pertama dilayani. Hindari "
          "mengumpulkan data yang tidak dipakai, seperti NIK, bila tidak benar-benar perlu.",
          "Tentukan siapa yang boleh mengubah dan siapa yang hanya boleh melihat. Data pribadi warga adalah "
          "amanah: simpan di akun lembaga, bukan di akun pribadi staf."],
         None)]),
      ("keamanan", "Keamanan akun", "Account security", "Akun lembaga tetap milik lembaga.",
       [("keamanan-akun", "Keamanan akun dan data", "Account and data security", 15,
         ["Aktifkan verifikasi dua langkah di surel, media sosial, dan akun Lokadaya lembaga. Kode dari aplikasi "
          "autentikator lebih aman daripada SMS.",
          "Gunakan pengelola kata sandi bersama untuk akun lembaga, dan ganti kata sandi ketika ada staf yang "
          "berhenti.",
          "Cadangkan data penting setiap bulan ke tempat kedua, dan uji bahwa cadangan bisa dibuka."],
         ("Cek pemahaman: transformasi digital", 70,
          [("Di mana data pribadi warga sebaiknya disimpan?",
            [("Di akun lembaga dengan hak akses yang jelas", True), ("Di ponsel pribadi staf", False),
             ("Di grup WhatsApp umum", False)],
            "Akun lembaga tetap ada walau staf berganti, dan aksesnya bisa diatur."),
           ("Mana yang termasuk kebiasaan aman? (pilih semua yang benar)",
            [("Verifikasi dua langkah", True), ("Mencadangkan data tiap bulan", True),
             ("Memakai satu kata sandi untuk semua akun", False)],
            "Dua langkah dan cadangan rutin melindungi data; satu kata sandi untuk semua justru berbahaya.")]))])]),

    ("menggalang-sumber-daya", "resource_raising",
     "Menggalang sumber daya dalam negeri", "Raising domestic resources",
     "Mengajak warga, usaha lokal, dan pemerintah desa mendukung inisiatif dengan uang, barang, waktu, dan kemitraan.",
     "Invite residents, local businesses and village governments to support an initiative with money, goods, time "
     "and partnerships.",
     "beginner", 50,
     "<p>Dukungan dalam negeri tidak selalu berupa uang. Kursus ini menyiapkan kampanye Galang Daya pertama Anda.</p>",
     "<ul><li>mengenali lima jenis dukungan</li><li>merancang kampanye Galang Daya dengan target yang jelas</li></ul>",
     [("jenis-dukungan", "Jenis dukungan", "Kinds of support", "Uang, barang, waktu, kemitraan, tanda tangan.",
       [("lima-jenis-dukungan", "Lima jenis dukungan selain hibah", "Five kinds of support besides grants", 15,
         ["Di Lokadaya, satu kampanye dapat meminta beberapa jenis dukungan sekaligus: donasi uang, barang, waktu "
          "relawan, kemitraan, dan tanda tangan petisi.",
          "Yayasan Terang Desa meminta donasi untuk lampu tenaga surya, barang berupa kabel dan tiang, dan relawan "
          "untuk memasang. Warga yang tidak punya uang tetap bisa ikut menyumbang tenaga.",
          "Tulis untuk setiap jenis dukungan: apa tepatnya yang dibutuhkan, berapa banyak, dan kapan."],
         None)]),
      ("kampanye-pertama", "Kampanye pertama", "Your first campaign", "Dari rencana ke peluncuran.",
       [("merancang-kampanye", "Merancang kampanye Galang Daya", "Designing a Galang Daya campaign", 25,
         ["Kampanye yang berhasil punya satu masalah yang jelas, satu solusi yang bisa dibayangkan, dan target "
          "yang masuk akal untuk jaringan Anda. Rp 15 juta dari 150 pendukung lebih realistis daripada Rp 500 juta "
          "dari orang yang belum mengenal lembaga.",
          "Siapkan foto yang jujur, rincian biaya, dan rencana laporan. Pendukung ingin tahu ke mana uangnya pergi.",
          "Setelah kampanye selesai, tulis cerita perubahan. Cerita itu menjadi alasan pendukung kembali di "
          "kampanye berikutnya."],
         ("Cek pemahaman: menggalang sumber daya", 70,
          [("Jenis dukungan mana yang bisa diminta di Lokadaya? (pilih semua yang benar)",
            [("Waktu relawan", True), ("Barang", True), ("Kemitraan", True)],
            "Selain uang, kampanye dapat meminta barang, waktu, kemitraan, dan tanda tangan petisi."),
           ("Target kampanye sebaiknya...",
            [("Sebesar mungkin agar terlihat ambisius", False),
             ("Masuk akal untuk jaringan pendukung lembaga", True),
             ("Dirahasiakan", False)],
            "Target yang masuk akal lebih mungkin tercapai dan membangun kepercayaan.")]))])]),

    ("enam-langkah-inisiatif-layanan-lokal", "initiative_design",
     "Enam langkah merumuskan inisiatif layanan lokal", "Six steps to formulate a local service initiative",
     "Dari masalah yang dirasakan warga ke layanan yang bisa dijalankan dan diukur.",
     "From a problem residents feel to a service you can run and measure.",
     "beginner", 60,
     "<p>Enam langkah ini dipakai juga di penyunting kampanye Lokadaya: masalah, penyebab, siapa yang terdampak, "
     "solusi, sumber daya, dan ukuran keberhasilan.</p>",
     "<ul><li>merumuskan masalah dan penyebabnya bersama warga</li><li>merancang layanan dengan sumber daya "
     "dan ukuran keberhasilan yang jelas</li></ul>",
     [("memahami-masalah", "Memahami masalah", "Understanding the problem", "Langkah 1 sampai 3.",
       [("masalah-penyebab-terdampak", "Langkah 1–3: masalah, penyebab, dan siapa yang terdampak",
         "Steps 1–3: the problem, its causes and who is affected", 20,
         ["Langkah 1, masalah: tuliskan dalam satu kalimat yang bisa dilihat atau diukur. \"Dusun Nglanggeran "
          "kekurangan air bersih selama lima bulan musim kemarau\" lebih jelas daripada \"masalah air\".",
          "Langkah 2, penyebab: tanyakan \"mengapa?\" beberapa kali bersama warga. Air kurang karena sumur kering; "
          "sumur kering karena air hujan langsung mengalir pergi; air mengalir pergi karena tidak ada penampungan.",
          "Langkah 3, siapa yang terdampak: berapa keluarga, siapa yang paling berat bebannya (sering perempuan dan "
          "anak yang mengambil air), dan siapa yang perlu dilibatkan sejak awal."],
         None)]),
      ("merancang-layanan", "Merancang layanan", "Designing the service", "Langkah 4 sampai 6.",
       [("solusi-sumber-daya-ukuran", "Langkah 4–6: solusi, sumber daya, dan ukuran keberhasilan",
         "Steps 4–6: the solution, resources and measures of success", 25,
         ["Langkah 4, solusi: pilih yang menjawab penyebab, bukan hanya gejala, dan yang bisa dirawat warga sendiri. "
          "Penampungan air hujan per rumah menjawab penyebab di contoh Gunungkidul.",
          "Langkah 5, sumber daya: rinci uang, barang, tenaga, dan mitra yang dibutuhkan, lalu mana yang sudah ada di "
          "desa. Inilah dasar permintaan dukungan di kampanye Galang Daya.",
          "Langkah 6, ukuran keberhasilan: tetapkan angka sebelum dan sesudah, misalnya jumlah hari tanpa air bersih "
          "per tahun. Ukuran ini menjadi bukti dalam cerita perubahan Anda."],
         ("Cek pemahaman: enam langkah", 75,
          [("Rumusan masalah mana yang paling baik?",
            [("Masalah air", False),
             ("Dusun Nglanggeran kekurangan air bersih selama lima bulan musim kemarau", True),
             ("Warga butuh bantuan", False)],
            "Rumusan yang baik bisa dilihat dan diukur."),
           ("Solusi yang baik terutama menjawab...",
            [("Gejala yang paling terlihat", False), ("Penyebab masalah", True), ("Keinginan donor", False)],
            "Menjawab penyebab membuat perubahan bertahan."),
           ("Untuk apa ukuran keberhasilan ditetapkan di awal?",
            [("Agar ada angka sebelum dan sesudah sebagai bukti perubahan", True),
             ("Agar laporan terlihat rumit", False), ("Tidak perlu ditetapkan", False)],
            "Angka sebelum dan sesudah menjadi bukti dalam cerita perubahan.")]))])]),
]
