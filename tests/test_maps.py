"""The public maps (issue 14): the build command, the committed files, and the maps as served.

The build runs on a tiny boundaries directory written here; the committed files are checked against
the regions; the pages' maps are read from their HTML (the map's SVG weighs at most 150 KB gzipped,
shading follows the figures, the measure switches with ``?peta=``, the table says the same figures,
the queries do not grow with the data).
"""
import gzip
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from payments import PaymentStatus

from campaigns.models import CampaignPage
from regions.maps import build, render
from regions.models import Province, Regency

MAPS = Path(render.MAPS_DIR)
SVG_BUDGET = 150 * 1024
DONATION = ("donation", {"title": "Donasi", "target": Decimal("100000000"), "minimum": Decimal("1000"),
                         "suggested_amounts": []})

# -- the build command on a tiny directory -----------------------------------------------------


def _zigzag(x0, x1, y, n=60):
    """A wiggly line from (x0, y) to (x1, y): a detailed border to simplify."""
    return [(x0 + (x1 - x0) * i / n, y + (0.002 if i % 2 else -0.002)) for i in range(n + 1)]


def _sql_path(rings, depth4=True):
    """Rings of (lng, lat) as the source's JSON: [lat, lng] points, latitude first."""
    data = [[[lat, lng] for lng, lat in ring] for ring in rings]
    return json.dumps([data] if depth4 else data)


def _row(code, name, rings, depth4=True):
    return f"\t('{code}','{name}',0,0,'{_sql_path(rings, depth4)}')"


def _insert(rows):
    return ("/* test data */\nINSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
            + ",\n".join(rows) + ";\n")


def _boxes():
    """Two neighbours sharing a wiggly border at latitude -7: north (x 110-111) and south."""
    border = _zigzag(110.0, 111.0, -7.0)
    north = [(110.0, -6.0), (111.0, -6.0)] + border[::-1] + [(110.0, -6.0)]
    south = border + [(111.0, -8.0), (110.0, -8.0), (110.0, -7.0)]
    return north, south


@pytest.fixture
def boundaries(tmp_path):
    source = tmp_path / "boundaries"
    (source / "prov").mkdir(parents=True)
    (source / "kab").mkdir()
    north, south = _boxes()
    island = [(112.0, -7.0), (112.5, -7.0), (112.5, -7.5), (112.0, -7.5), (112.0, -7.0)]
    (source / "prov" / "wilayah_boundaries_prov_1.sql").write_text(_insert([
        _row("33", "Jawa Tengah", [north]),
        _row("35", "Jawa Timur", [island], depth4=False),  # one polygon's rings without the outer list
    ]))
    (source / "kab" / "wilayah_boundaries_kab_33.sql").write_text(_insert([
        _row("33.01", "Kabupaten Cilacap", [north]),
        _row("33.02", "Kabupaten Banyumas", [south]),
    ]))
    (source / "LICENSE").write_text("MIT License\n\nCopyright (c) 2024 Cahya DSN\n")
    (source / "README.md").write_text("Source: commit 3c5a7960f4d227a38489094d84252bdbb3f978a5\n")
    return source


def _polygons(d):
    """The rings of SVG path data written by build.py (M x y l dx dy ... z), as absolute points."""
    rings = []
    for start, moves in re.findall(r"M(-?\d+ -?\d+)l([^z]*)z", d):
        x, y = (int(v) for v in start.split())
        ring = [(x, y)]
        numbers = [int(v) for v in re.findall(r"-?\d+", moves)]
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


@pytest.mark.django_db
def test_build_maps_writes_the_files_with_the_attribution(boundaries, tmp_path):
    import shapely

    out = tmp_path / "maps"
    call_command("build_maps", source=str(boundaries), output=str(out), tolerance=0.005, stdout=io.StringIO())
    assert sorted(p.name for p in out.iterdir()) == ["LICENSE", "README.md", "provinces.json", "regencies-33.json"]
    provinces = json.loads((out / "provinces.json").read_text())
    assert set(provinces["shapes"]) == {"33", "35"}
    assert re.fullmatch(r"0 0 \d+ \d+", provinces["viewBox"])
    regencies = json.loads((out / "regencies-33.json").read_text())
    assert set(regencies["shapes"]) == {"33.01", "33.02"}
    for shape in list(provinces["shapes"].values()) + list(regencies["shapes"].values()):
        assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", shape["d"]), shape["d"][:80]
        assert len(shape["label"]) == 2 and isinstance(shape["marker"], bool)
    # Simplified: the 61-point wiggly border is gone...
    cilacap = _polygons(regencies["shapes"]["33.01"]["d"])
    assert sum(len(ring) for ring in cilacap) < 20
    # ... and the neighbours still meet: no gap, no overlap (a coverage).
    north, south = (shapely.Polygon(_polygons(regencies["shapes"][code]["d"])[0]) for code in ("33.01", "33.02"))
    assert north.intersection(south).area == 0
    assert shapely.union(north, south).area == pytest.approx(north.area + south.area)
    assert shapely.union(north, south).geom_type == "Polygon"
    # The licence and the attribution travel with the files.
    assert (out / "LICENSE").read_text() == (boundaries / "LICENSE").read_text()
    readme = (out / "README.md").read_text()
    assert "3c5a7960f4d227a38489094d84252bdbb3f978a5" in readme and "MIT" in readme and "Cahya DSN" in readme
    assert "manage.py build_maps" in readme
    # Latitude first in the source: Jawa Timur's island (east, further south) is drawn right of and below.
    jateng, jatim = (_polygons(provinces["shapes"][code]["d"])[0] for code in ("33", "35"))
    assert min(x for x, _y in jatim) > max(x for x, _y in jateng)
    assert max(y for _x, y in jatim) > max(y for _x, y in jateng)


@pytest.mark.django_db
def test_build_maps_refuses_bad_input(boundaries, tmp_path):
    out = tmp_path / "maps"
    with pytest.raises(CommandError, match="no such directory"):
        call_command("build_maps", source=str(tmp_path / "nowhere"), output=str(out))
    # A code the regions do not know.
    unknown = boundaries / "prov" / "wilayah_boundaries_prov_2.sql"
    unknown.write_text(_insert([_row("99", "Provinsi Khayalan", [_boxes()[0]])]))
    with pytest.raises(CommandError, match="unknown province code '99'"):
        call_command("build_maps", source=str(boundaries), output=str(out))
    # An unreadable file (not UTF-8).
    unknown.write_bytes(b"\xff\xfe\x00 INSERT")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("build_maps", source=str(boundaries), output=str(out))
    # A file without any row, and a path that is not JSON.
    unknown.write_text("-- nothing here\n")
    with pytest.raises(CommandError, match="no .* row found"):
        call_command("build_maps", source=str(boundaries), output=str(out))
    unknown.write_text(_insert(["\t('34','DI Yogyakarta',0,0,'[[[not json')"]))
    with pytest.raises(CommandError, match="not JSON"):
        call_command("build_maps", source=str(boundaries), output=str(out))
    unknown.unlink()
    (boundaries / "LICENSE").unlink()
    with pytest.raises(CommandError, match="LICENSE"):
        call_command("build_maps", source=str(boundaries), output=str(out))
    assert not out.exists()


def test_bucket_of_is_monotone_and_keeps_zero_apart():
    values = [0, 5, 1, 1, 20, 3, 0, 8, 13]
    buckets = render.bucket_of(values)
    assert buckets[0] == 0 and buckets[20] == 4 and buckets[1] == 1
    ordered = sorted(set(values))
    assert [buckets[v] for v in ordered] == sorted(buckets[v] for v in ordered)
    assert render.bucket_of([Decimal("7")]) == {Decimal("7"): 4}
    assert render.bucket_of([0, 0]) == {0: 0}


# -- the committed files ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_committed_maps_have_every_province_and_regency():
    provinces = json.loads((MAPS / "provinces.json").read_text())
    assert set(provinces["shapes"]) == set(Province.objects.values_list("code", flat=True))
    assert len(provinces["shapes"]) == 38
    drawn = {}
    for path in MAPS.glob("regencies-*.json"):
        code = path.stem.split("-")[1]
        shapes = json.loads(path.read_text())["shapes"]
        assert all(regency.startswith(code + ".") for regency in shapes), path.name
        drawn.update(shapes)
    known = dict(Regency.objects.values_list("code", "province__code"))
    assert set(drawn) == set(known) and len(drawn) == 514
    assert {p.stem for p in MAPS.glob("regencies-*.json")} == {f"regencies-{c}" for c in set(known.values())}
    assert "Cahya DSN" in (MAPS / "LICENSE").read_text()
    readme = (MAPS / "README.md").read_text()
    assert "wilayah_boundaries" in readme and "MIT" in readme and "build_maps" in readme


# -- the maps as served ---------------------------------------------------------------------------


def _svg(html):
    found = re.search(r'<svg class="map-svg".*?</svg>', html, re.S)
    assert found, "no map on the page"
    return found.group(0)


def _areas(html):
    """``{href: (bucket, accessible name)}`` of the map's links."""
    return {href: (int(bucket), label) for href, bucket, label in
            re.findall(r'<a href="([^"]+)" class="map-area map-b(\d)" aria-label="([^"]+)">', _svg(html))}


def _table(html):
    """``{href: (money, initiatives)}`` of the figures table."""
    table = re.search(r'<table class="map-figures">.*?</table>', html, re.S).group(0)
    return {href: (money, count) for href, money, count in re.findall(
        r'<th scope="row"><a href="([^"]+)">[^<]*</a></th><td class="num">([^<]*)</td><td class="num">([^<]*)</td>',
        table)}


def _raise(campaign, amount):
    """A confirmed donation through the real flow (payment status -> ledger)."""
    from plugins.donation.models import Donation, Payment

    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount))
    Donation.objects.create(campaign=campaign, ask_id=campaign.get_asks()[0].id, amount=Decimal(amount),
                            payment=payment, name="Donatur", email="d@contoh.id")
    payment.change_status(PaymentStatus.CONFIRMED)


@pytest.fixture
def world(home_page, make_organisation, make_campaign):
    """Jawa Tengah raised more money; Bali has more active initiatives; Papua nothing."""
    jateng = make_organisation(slug="oms-semarang", regency_code="33.74")
    bali = make_organisation(slug="oms-denpasar", regency_code="51.71")
    semarang = make_campaign(asks=[DONATION], parent=jateng, slug="semarang", regency=Regency.objects.get(code="33.74"))
    _raise(semarang, 900_000)
    _raise(semarang, 100_000)
    denpasar = [make_campaign(asks=[DONATION], parent=bali, slug=f"denpasar-{n}",
                              regency=Regency.objects.get(code="51.71")) for n in range(3)]
    _raise(denpasar[0], 50_000)
    return {"semarang": semarang, "denpasar": denpasar}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/id/", "/id/jejaring/"])
def test_the_provinces_map_is_served_light_with_every_province(client, world, url):
    html = client.get(url).content.decode()
    svg = _svg(html)
    compressed = len(gzip.compress(svg.encode(), 9))
    assert compressed <= SVG_BUDGET, f"{compressed / 1024:.1f} KB"
    areas = _areas(html)
    assert len(areas) == 38
    assert set(areas) == {p.get_absolute_url() for p in Province.objects.all()}
    assert html.count("regions/map.css") == 1


@pytest.mark.django_db
def test_shading_follows_the_money_and_the_measure_switches(client, world):
    jateng, bali, papua = "/id/wilayah/jawa-tengah/", "/id/wilayah/bali/", "/id/wilayah/papua/"
    html = client.get("/id/jejaring/").content.decode()
    areas = _areas(html)
    assert areas[jateng][0] > areas[bali][0] > areas[papua][0] == 0
    assert areas[jateng][0] == 4
    assert "Rp 1 jt" in areas[jateng][1] and "Jawa Tengah" in areas[jateng][1]
    assert re.search(r'<a href="\?peta=dana#peta" aria-current="true">', html)

    html = client.get("/id/jejaring/?peta=inisiatif").content.decode()
    areas = _areas(html)
    assert areas[bali][0] > areas[jateng][0] > areas[papua][0] == 0
    assert areas[bali][1].endswith(": 3") and areas[jateng][1].endswith(": 1")
    assert re.search(r'<a href="\?peta=inisiatif#peta" aria-current="true">', html)
    assert 'href="?peta=dana#peta" aria-current' not in html
    # Anything else is the default.
    html = client.get("/id/jejaring/?peta=apa").content.decode()
    assert _areas(html)[jateng][0] == 4


@pytest.mark.django_db
def test_the_table_says_the_same_figures(client, world):
    for measure, column in (("dana", 0), ("inisiatif", 1)):
        html = client.get(f"/en/jejaring/?peta={measure}").content.decode()
        areas, table = _areas(html), _table(html)
        assert set(table) == set(areas) and len(table) == 38
        for href, (_bucket, label) in areas.items():
            assert label.endswith(": " + table[href][column]), (href, label, table[href])
    assert table["/en/wilayah/jawa-tengah/"] == ("Rp 1 million", "1")
    assert table["/en/wilayah/bali/"] == ("Rp 50 thousand", "3")


@pytest.mark.django_db
def test_a_province_page_maps_its_regencies(client, world):
    html = client.get("/id/wilayah/jawa-tengah/").content.decode()
    areas = _areas(html)
    regencies = Regency.objects.filter(province__code="33").select_related("province")
    assert set(areas) == {r.get_absolute_url() for r in regencies} and len(areas) == 35
    semarang = "/id/wilayah/jawa-tengah/kota-semarang/"
    assert areas[semarang][0] == 4 and sum(1 for b, _l in areas.values() if b) == 1
    assert _table(html)[semarang] == ("Rp 1 jt", "1")
    html = client.get("/id/wilayah/jawa-tengah/?peta=inisiatif").content.decode()
    assert _areas(html)[semarang][0] == 4
    assert len(gzip.compress(_svg(html).encode(), 9)) <= 40 * 1024


@pytest.mark.django_db
def test_a_campaign_without_a_place_of_its_own_counts_where_its_oms_is(client, world, make_campaign):
    """As the ledger books it (``finance.ledger.booked_regency``), and as the provincial dashboard shows it."""
    from dashboards.network_figures import money_per_regency

    campaign = make_campaign(asks=[DONATION], parent=world["semarang"].get_parent().specific, slug="tanpa-tempat")
    CampaignPage.objects.filter(pk=campaign.pk).update(regency=None)
    _raise(CampaignPage.objects.get(pk=campaign.pk), 1_000_000)
    jateng = Province.objects.get(code="33")
    areas = {a.place.code: a.money for a in render.regency_map(RequestFactory().get("/"), jateng).areas}
    assert areas["33.74"] == Decimal("2000000")
    assert money_per_regency(jateng)[Regency.objects.get(code="33.74").pk] == areas["33.74"]


def _queries(function, *args):
    request = RequestFactory().get("/id/jejaring/", {"peta": "inisiatif"})
    function(request, *args)  # warm what a running process keeps (the default locale)
    with CaptureQueriesContext(connection) as ctx:
        result = function(request, *args)
        [area.url for area in result.areas]  # the links too
    return len(ctx.captured_queries), result


@pytest.mark.django_db
def test_the_figures_cost_one_query_whatever_the_data(client, world, make_organisation, make_campaign):
    jateng = Province.objects.get(code="33")
    before = (_queries(render.province_map)[0], _queries(render.regency_map, jateng)[0])
    assert before == (1, 1)
    page_before = _page_queries(client)
    more = make_organisation(slug="oms-lagi", regency_code="33.01")
    for n in range(8):
        code = ["33.01", "33.02", "35.78", "51.03"][n % 4]
        campaign = make_campaign(asks=[DONATION], parent=more, slug=f"lagi-{n}", regency=Regency.objects.get(code=code))
        _raise(campaign, 10_000 * (n + 1))
    count, result = _queries(render.province_map)
    assert count == 1
    assert {a.place.code: a.initiatives for a in result.areas}["33"] == 5
    assert _queries(render.regency_map, jateng)[0] == 1
    assert _page_queries(client) == page_before


def _page_queries(client):
    from django.test.utils import override_settings

    counts = {}
    with override_settings(LOKADAYA_PAGE_CACHE=False, LOKADAYA_FIGURES_CACHE_SECONDS=0):
        for url in ("/id/", "/id/jejaring/", "/id/wilayah/jawa-tengah/"):
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts[url] = len(ctx.captured_queries)
    return counts


def test_the_maps_never_read_the_boundary_data():
    """The site reads only regions/data/maps/: nothing at run time opens shared/ (or needs shapely)."""
    source = Path(render.__file__).read_text()
    assert "shared" not in source and "shapely" not in source
    assert Path(render.MAPS_DIR).name == "maps" and Path(render.MAPS_DIR).parent.name == "data"
    assert build.PROVINCES_FILE == "provinces.json"
