"""Regions and SDGs are real data, loaded by migration; the public region pages list each place."""
import re
from collections import Counter

import pytest
from django.utils import translation

from regions.models import District, Province, Regency
from regions.names import display_name
from sdgs.models import SDG, contrast_ratio

pytestmark = pytest.mark.django_db


# -- the data ---------------------------------------------------------------------------------

def test_counts_match_the_regulation():
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert Regency.objects.filter(kind=Regency.Kind.KABUPATEN).count() == 416
    assert Regency.objects.filter(kind=Regency.Kind.KOTA).count() == 98
    assert District.objects.count() == 7277


def test_codes_are_the_official_ones_and_nest():
    assert all(re.fullmatch(r"\d{2}", code) for code in Province.objects.values_list("code", flat=True))
    for code, province_code in Regency.objects.values_list("code", "province__code"):
        assert re.fullmatch(r"\d{2}\.\d{2}", code), code
        assert code.split(".")[0] == province_code, code
    for code, regency_code in District.objects.values_list("code", "regency__code"):
        assert re.fullmatch(r"\d{2}\.\d{2}\.\d{2}", code), code
        assert code.rsplit(".", 1)[0] == regency_code, code


def test_well_known_codes():
    assert Province.objects.get(code="11").name == "Aceh"
    assert Province.objects.get(code="31").name == "DKI Jakarta"
    assert Province.objects.get(code="96").name == "Papua Barat Daya"
    banda_aceh = Regency.objects.get(code="11.71")
    assert (banda_aceh.name, banda_aceh.kind, banda_aceh.province.code) == ("Kota Banda Aceh", "kota", "11")
    assert District.objects.get(code="33.74.10").name == "Tembalang"
    assert District.objects.get(code="33.74.10").regency.name == "Kota Semarang"
    assert sorted(Province.objects.get(code="11").regencies.values_list("code", flat=True))[:2] == ["11.01", "11.02"]
    assert Province.objects.get(code="11").regencies.count() == 23
    assert Province.objects.get(code="33").regencies.count() == 35
    assert Regency.objects.get(code="11.71").districts.count() == 9


@pytest.mark.parametrize("code, name", [
    ("31", "DKI Jakarta"),
    ("34", "Daerah Istimewa Yogyakarta"),
    ("19", "Kepulauan Bangka Belitung"),
    ("32", "Jawa Barat"),
])
def test_province_names_are_written_for_display(code, name):
    assert Province.objects.get(code=code).name == name


@pytest.mark.parametrize("code, name, kind", [
    ("11.01", "Kabupaten Aceh Selatan", "kabupaten"),
    ("11.71", "Kota Banda Aceh", "kota"),
    ("73.10", "Kabupaten Pangkajene dan Kepulauan", "kabupaten"),
    ("31.71", "Kota Administrasi Jakarta Pusat", "kota"),
    ("31.01", "Kabupaten Administrasi Kepulauan Seribu", "kabupaten"),
    ("34.71", "Kota Yogyakarta", "kota"),
    ("71.09", "Kabupaten Kepulauan Siau Tagulandang Biaro", "kabupaten"),
])
def test_regency_names_are_written_for_display(code, name, kind):
    regency = Regency.objects.get(code=code)
    assert (regency.name, regency.kind) == (name, kind)


def test_no_name_is_left_in_capitals():
    for name in [*Province.objects.values_list("name", flat=True), *Regency.objects.values_list("name", flat=True)]:
        words = [w for w in name.split() if w not in ("DKI", "DI")]
        assert all(not (w.isupper() and len(w) > 1) for w in words), name
        assert "  " not in name and name == name.strip()


def test_kind_matches_the_name():
    for name, kind in Regency.objects.values_list("name", "kind"):
        assert name.startswith("Kota " if kind == "kota" else "Kabupaten "), name
    assert Regency.objects.get(code="11.71").get_kind_display() in ("City (kota)", "Kota")


@pytest.mark.parametrize("code, name", [
    ("12.02.09", "Siborong-Borong"),
    ("11.02.02", "Lawe Sigala-Gala"),
    ("12.14.05", "Pulau-Pulau Batu"),
])
def test_hyphenated_district_names_are_kept(code, name):
    assert District.objects.get(code=code).name == name


@pytest.mark.parametrize("official, display", [
    ("KABUPATEN ACEH SELATAN", "Kabupaten Aceh Selatan"),
    ("KOTA BANDA ACEH", "Kota Banda Aceh"),
    ("DKI JAKARTA", "DKI Jakarta"),
    ("DAERAH ISTIMEWA YOGYAKARTA", "Daerah Istimewa Yogyakarta"),
    ("KABUPATEN PANGKAJENE DAN KEPULAUAN", "Kabupaten Pangkajene dan Kepulauan"),
    ("KOTA BAU-BAU", "Kota Bau-Bau"),
    ("KABUPATEN TOLI-TOLI", "Kabupaten Toli-Toli"),
    ("KOTA  TIDORE   KEPULAUAN ", "Kota Tidore Kepulauan"),
    ("Siborong-Borong", "Siborong-Borong"),        # already mixed case: unchanged
    ("Grong-grong", "Grong-grong"),
])
def test_display_name(official, display):
    assert display_name(official) == display


def test_slugs_are_unique_and_readable():
    for model in (Province, Regency):
        slugs = list(model.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs)) == model.objects.count()
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
    per_regency = Counter(District.objects.values_list("regency_id", "slug"))
    assert max(per_regency.values()) == 1
    assert all(District.objects.values_list("slug", flat=True))
    assert Province.objects.get(code="31").slug == "dki-jakarta"
    assert Province.objects.get(code="34").slug == "daerah-istimewa-yogyakarta"
    assert Regency.objects.get(code="11.71").slug == "kota-banda-aceh"
    assert Regency.objects.get(code="73.10").slug == "kabupaten-pangkajene-dan-kepulauan"
    # A kabupaten and a kota of the same name stay apart.
    assert {Regency.objects.get(code="32.16").slug, Regency.objects.get(code="32.75").slug} == {
        "kabupaten-bekasi", "kota-bekasi"}


def test_loader_is_idempotent():
    from regions.loader import load_regions

    load_regions(Province, Regency, District)
    assert (Province.objects.count(), Regency.objects.count(), District.objects.count()) == (38, 514, 7277)


# -- the 17 SDGs ------------------------------------------------------------------------------

SDGS = [
    (1, "Tanpa Kemiskinan", "No Poverty"),
    (2, "Tanpa Kelaparan", "Zero Hunger"),
    (3, "Kehidupan Sehat dan Sejahtera", "Good Health and Well-being"),
    (4, "Pendidikan Berkualitas", "Quality Education"),
    (5, "Kesetaraan Gender", "Gender Equality"),
    (6, "Air Bersih dan Sanitasi Layak", "Clean Water and Sanitation"),
    (7, "Energi Bersih dan Terjangkau", "Affordable and Clean Energy"),
    (8, "Pekerjaan Layak dan Pertumbuhan Ekonomi", "Decent Work and Economic Growth"),
    (9, "Industri, Inovasi dan Infrastruktur", "Industry, Innovation and Infrastructure"),
    (10, "Berkurangnya Kesenjangan", "Reduced Inequalities"),
    (11, "Kota dan Permukiman yang Berkelanjutan", "Sustainable Cities and Communities"),
    (12, "Konsumsi dan Produksi yang Bertanggung Jawab", "Responsible Consumption and Production"),
    (13, "Penanganan Perubahan Iklim", "Climate Action"),
    (14, "Ekosistem Lautan", "Life Below Water"),
    (15, "Ekosistem Daratan", "Life on Land"),
    (16, "Perdamaian, Keadilan dan Kelembagaan yang Tangguh", "Peace, Justice and Strong Institutions"),
    (17, "Kemitraan untuk Mencapai Tujuan", "Partnerships for the Goals"),
]


def test_the_17_sdgs_with_their_official_names():
    assert list(SDG.objects.order_by("number").values_list("number", "name_id", "name_en")) == SDGS
    assert list(SDG.objects.values_list("slug", flat=True)) == [f"sdg-{n}" for n in range(1, 18)]
    assert all(re.fullmatch(r"#[0-9A-F]{6}", c) for c in SDG.objects.values_list("colour", flat=True))


def test_sdg_name_follows_the_active_language():
    goal = SDG.objects.get(number=6)
    with translation.override("id"):
        assert goal.name == "Air Bersih dan Sanitasi Layak"
        assert str(goal) == "6. Air Bersih dan Sanitasi Layak"
    with translation.override("en"):
        assert goal.name == "Clean Water and Sanitation"


def test_sdg_badge_text_is_readable_on_every_goal_colour():
    for goal in SDG.objects.all():
        assert contrast_ratio(goal.colour, goal.text_colour) >= 4.5, goal.number
    assert SDG.objects.get(number=7).text_colour == "#000000"   # yellow #FCC30B: dark text
    assert SDG.objects.get(number=17).text_colour == "#ffffff"  # navy #19486A: white text


# -- the public pages -------------------------------------------------------------------------

def test_province_index(client):
    response = client.get("/id/wilayah/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "<h1>Wilayah</h1>" in html
    assert "38 provinsi" in html
    for province in Province.objects.all():
        assert f'href="/id/wilayah/{province.slug}/"' in html
        assert f">{province.name}</a>" in html
    assert "23 kabupaten/kota" in html  # Aceh


def test_province_index_in_english(client):
    response = client.get("/en/wilayah/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Regions</h1>" in html
    assert "38 provinces" in html
    assert 'href="/en/wilayah/dki-jakarta/"' in html
    assert "23 regencies/cities" in html


def test_province_page_lists_its_regencies_only(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        response = client.get("/id/wilayah/jawa-tengah/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Provinsi Jawa Tengah" in html
    for regency in Regency.objects.filter(province__code="33"):
        assert f'href="/id/wilayah/jawa-tengah/{regency.slug}/"' in html
    assert "Kota Semarang" in html and "Kabupaten Cilacap" in html
    assert "16 kecamatan" in html  # Kota Semarang
    assert "Kota Banda Aceh" not in html
    english = client.get("/en/wilayah/jawa-tengah/").content.decode()
    assert "Province of Jawa Tengah" in english and "Regencies and cities" in english
    assert 'href="/en/wilayah/jawa-tengah/kota-semarang/"' in english


def test_regency_page_lists_its_districts(client):
    response = client.get("/id/wilayah/aceh/kota-banda-aceh/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Kota Banda Aceh</h1>" in html
    assert "Kota · kode 11.71" in html
    assert 'href="/id/wilayah/aceh/"' in html
    for district in District.objects.filter(regency__code="11.71"):
        assert district.name in html
    assert "Tembalang" not in html
    english = client.get("/en/wilayah/aceh/kota-banda-aceh/").content.decode()
    assert "City (kota) · code 11.71" in english and "Districts (kecamatan)" in english


@pytest.mark.parametrize("url", [
    "/id/wilayah/atlantis/",
    "/en/wilayah/atlantis/",
    "/id/wilayah/aceh/kota-atlantis/",
    "/id/wilayah/atlantis/kota-banda-aceh/",
    "/id/wilayah/jawa-tengah/kota-banda-aceh/",   # a real kota, under the wrong province
    "/en/wilayah/aceh/kota-semarang/",
])
def test_unknown_places_are_404(client, url):
    assert client.get(url).status_code == 404


def test_region_pages_list_the_places_oms(client, make_organisation):
    make_organisation(slug="oms-semarang", title="Paguyuban Kali Semarang", regency_code="33.74")
    make_organisation(slug="oms-aceh", title="Komunitas Pesisir Banda Aceh", regency_code="11.71")

    province = client.get("/id/wilayah/jawa-tengah/").content.decode()
    assert "Paguyuban Kali Semarang" in province
    assert "Komunitas Pesisir Banda Aceh" not in province
    regency = client.get("/id/wilayah/jawa-tengah/kota-semarang/").content.decode()
    assert "Paguyuban Kali Semarang" in regency
    assert "Komunitas Pesisir Banda Aceh" not in regency
    other = client.get("/id/wilayah/jawa-tengah/kabupaten-cilacap/").content.decode()
    assert "Paguyuban Kali Semarang" not in other
    assert "Belum ada mitra di wilayah ini." in other
    # The English pages list English content only: these OMS have no English translation yet.
    english = client.get("/en/wilayah/jawa-tengah/kota-semarang/").content.decode()
    assert "Paguyuban Kali Semarang" not in english
    assert "No partners here yet." in english
