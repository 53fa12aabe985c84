"""The 17 goals: number, official Indonesian name (Bappenas), official English name (UN), colour."""

GOALS = [
    (1, "Tanpa Kemiskinan", "No Poverty", "#E5243B"),
    (2, "Tanpa Kelaparan", "Zero Hunger", "#DDA63A"),
    (3, "Kehidupan Sehat dan Sejahtera", "Good Health and Well-being", "#4C9F38"),
    (4, "Pendidikan Berkualitas", "Quality Education", "#C5192D"),
    (5, "Kesetaraan Gender", "Gender Equality", "#FF3A21"),
    (6, "Air Bersih dan Sanitasi Layak", "Clean Water and Sanitation", "#26BDE2"),
    (7, "Energi Bersih dan Terjangkau", "Affordable and Clean Energy", "#FCC30B"),
    (8, "Pekerjaan Layak dan Pertumbuhan Ekonomi", "Decent Work and Economic Growth", "#A21942"),
    (9, "Industri, Inovasi dan Infrastruktur", "Industry, Innovation and Infrastructure", "#FD6925"),
    (10, "Berkurangnya Kesenjangan", "Reduced Inequalities", "#DD1367"),
    (11, "Kota dan Permukiman yang Berkelanjutan", "Sustainable Cities and Communities", "#FD9D24"),
    (12, "Konsumsi dan Produksi yang Bertanggung Jawab", "Responsible Consumption and Production", "#BF8B2E"),
    (13, "Penanganan Perubahan Iklim", "Climate Action", "#3F7E44"),
    (14, "Ekosistem Lautan", "Life Below Water", "#0A97D9"),
    (15, "Ekosistem Daratan", "Life on Land", "#56C02B"),
    (16, "Perdamaian, Keadilan dan Kelembagaan yang Tangguh", "Peace, Justice and Strong Institutions", "#00689D"),
    (17, "Kemitraan untuk Mencapai Tujuan", "Partnerships for the Goals", "#19486A"),
]
