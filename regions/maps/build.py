"""Build the committed map files (``regions/data/maps/``) from the boundary data, once.

Run by ``manage.py build_maps`` (needs the ``maps`` extra: shapely). The site never runs this and
never reads the boundary data: it reads only the files written here (``regions.maps.render``).

Input: a directory laid out like ``shared/data/boundaries`` (its README): ``prov/*.sql`` and
``kab/*.sql`` hold MySQL ``INSERT`` rows ``(kode, nama, lat, lng, path)``, where ``path`` is JSON: a
list of polygons, each a list of rings of ``[lat, lng]`` points (latitude first; some rows give one
polygon's rings without the outer list).

Steps, per map (the 38 provinces; each province's kabupaten/kota):

1. the shapes are made valid and cleaned into a coverage (``coverage_clean``: overlaps and slivers
   between neighbours removed, shared borders made identical), where the installed shapely/GEOS
   has it;
2. simplified together with ``coverage_simplify`` (Visvalingam-Whyatt; a shared border is simplified
   once, so neighbours keep meeting), else each with ``simplify(preserve_topology=True)``;
3. projected equirectangularly (x = longitude x cos(middle latitude), y = -latitude) onto a grid
   ``size`` units across, islands smaller than ``min_area`` square units dropped (a place always
   keeps its largest one), and written as SVG path data with integer coordinates, relative moves.

``tolerance`` is a fraction of the map's width, so every map (Indonesia or Kota Yogyakarta's
province) is simplified to the same detail on screen.
"""
import json
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

#: Defaults: the grid is SIZE units across the larger side; TOLERANCE x that side is the simplification.
SIZE = 2000
TOLERANCE = 0.0005
MIN_AREA = 2.0
#: A place whose shape is smaller than this fraction of the map's larger side gets a marker (a dot).
MARKER_BELOW = 0.015
PROVINCES_FILE = "provinces.json"
REGENCIES_FILE = "regencies-{code}.json"

_STRING = r"'((?:[^'\\]|\\.|'')*)'"
_NUMBER = r"(-?[0-9.eE+-]+|NULL)"
ROW = re.compile(rf"\(\s*{_STRING}\s*,\s*{_STRING}\s*,\s*{_NUMBER}\s*,\s*{_NUMBER}\s*,\s*{_STRING}\s*\)")
COMMIT = re.compile(r"commit\s+([0-9a-f]{7,40})", re.IGNORECASE)


class BuildError(Exception):
    """Bad input: the command turns it into a CommandError."""


@dataclass
class Row:
    code: str
    name: str
    path: str
    source: str

    @property
    def province_code(self):
        return self.code.split(".")[0]


def _unquote(text):
    return text.replace("''", "'").replace("\\'", "'").replace('\\"', '"').replace("\\\\", "\\")


def read_rows(directory):
    """Every row of the ``*.sql`` files in ``directory``, in file order."""
    rows = []
    for path in sorted(Path(directory).glob("*.sql")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BuildError(f"cannot read {path}: {error}") from error
        found = [Row(code=_unquote(m[0]).strip(), name=_unquote(m[1]).strip(), path=m[4], source=path.name)
                 for m in ROW.findall(text)]
        if not found:
            raise BuildError(f"{path}: no (kode, nama, lat, lng, path) row found")
        rows.extend(found)
    return rows


def _depth(value):
    depth = 0
    while isinstance(value, list) and value:
        depth, value = depth + 1, value[0]
    return depth


def to_geometry(row):
    """The row's ``path`` as a (multi)polygon in (longitude, latitude)."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    try:
        polygons = json.loads(_unquote(row.path))
    except ValueError as error:
        raise BuildError(f"{row.source}: the path of {row.code} is not JSON: {error}") from error
    depth = _depth(polygons)
    if depth == 3:  # one polygon's rings, without the list of polygons around them
        polygons = [polygons]
    elif depth != 4:
        raise BuildError(f"{row.source}: the path of {row.code} is not a list of polygons of rings of [lat, lng]")
    parts = []
    for polygon in polygons:
        rings = [[(float(point[1]), float(point[0])) for point in ring] for ring in polygon if len(ring) >= 3]
        if rings:
            parts.append(Polygon(rings[0], rings[1:]))
    if not parts:
        raise BuildError(f"{row.source}: {row.code} has no polygon")
    return _polygonal(shapely.make_valid(MultiPolygon(parts), method="structure", keep_collapsed=False))


def _polygonal(geometry):
    """Only the polygons of ``geometry`` (make_valid may add lines or points), as one MultiPolygon."""
    from shapely.geometry import MultiPolygon

    polygons = []

    def walk(part):
        if part.geom_type == "Polygon" and not part.is_empty:
            polygons.append(part)
        elif hasattr(part, "geoms"):
            for child in part.geoms:
                walk(child)

    walk(geometry)
    return MultiPolygon(polygons)


def capabilities():
    """What the installed shapely/GEOS offers: ``{"clean": bool, "coverage": bool}``."""
    import shapely

    return {"clean": hasattr(shapely, "coverage_clean"), "coverage": hasattr(shapely, "coverage_simplify")}


def simplify(geometries, tolerance):
    """Clean the shapes into a coverage and simplify them together (see the module doc)."""
    import shapely

    found = capabilities()
    shapes = list(geometries)
    if found["clean"]:
        shapes = [_polygonal(g) for g in shapely.coverage_clean(shapes, gap_width=tolerance / 4)]
    if found["coverage"]:
        simplified = shapely.coverage_simplify(shapes, tolerance)
    else:
        simplified = shapely.simplify(shapes, tolerance, preserve_topology=True)
    return [_polygonal(g) for g in simplified]


class Projection:
    """Equirectangular, onto a grid ``size`` units across the larger side of ``bounds``."""

    def __init__(self, bounds, size=SIZE, margin=4):
        min_x, min_y, max_x, max_y = bounds
        self.stretch = math.cos(math.radians((min_y + max_y) / 2))
        span = max((max_x - min_x) * self.stretch, max_y - min_y) or 1.0
        self.scale = (size - 2 * margin) / span
        self.min_x, self.max_y, self.margin = min_x, max_y, margin
        self.width = math.ceil((max_x - min_x) * self.stretch * self.scale) + 2 * margin
        self.height = math.ceil((max_y - min_y) * self.scale) + 2 * margin

    @property
    def view_box(self):
        return f"0 0 {self.width} {self.height}"

    def degrees(self, fraction):
        """``fraction`` of the grid's larger side, in degrees (for the tolerance)."""
        return max(self.width, self.height) * fraction / self.scale

    def point(self, x, y):
        return (round((x - self.min_x) * self.stretch * self.scale) + self.margin,
                round((self.max_y - y) * self.scale) + self.margin)

    def transform(self, geometry):
        import shapely

        return shapely.transform(geometry, lambda xy: [
            [(x - self.min_x) * self.stretch * self.scale + self.margin, (self.max_y - y) * self.scale + self.margin]
            for x, y in xy])


def _ring_path(coords):
    points = []
    for x, y in coords[:-1]:
        point = (round(x), round(y))
        if not points or points[-1] != point:
            points.append(point)
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()
    if len(points) < 3:
        return ""
    steps = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in zip(points, points[1:]))
    return f"M{points[0][0]} {points[0][1]}l{steps}z".replace(" -", "-")


def path_data(projected, min_area=MIN_AREA):
    """SVG path data of a projected (multi)polygon: islands under ``min_area`` dropped, the largest kept."""
    polygons = sorted(getattr(projected, "geoms", [projected]), key=lambda p: p.area, reverse=True)
    kept = [p for p in polygons if p.area >= min_area] or polygons[:1]
    parts = []
    for polygon in kept:
        for ring in (polygon.exterior, *polygon.interiors):
            parts.append(_ring_path(list(ring.coords)))
    return "".join(parts), kept


def label_point(polygons):
    """A point well inside the largest kept polygon (pole of inaccessibility), in grid units."""
    from shapely.ops import polylabel

    largest = polygons[0]
    try:
        point = polylabel(largest, tolerance=1.0)
    except Exception:  # degenerate polygon: any interior point will do
        point = largest.representative_point()
    return [round(point.x), round(point.y)]


def build_map(rows, size=SIZE, tolerance=TOLERANCE, min_area=MIN_AREA):
    """``{"viewBox", "shapes": {code: {"name", "d", "label", "marker"}}}`` for ``rows`` (one map)."""
    import shapely

    geometries = [to_geometry(row) for row in rows]
    projection = Projection(shapely.total_bounds(geometries), size=size)
    simplified = simplify(geometries, projection.degrees(tolerance))
    biggest_side = max(projection.width, projection.height)
    shapes = {}
    for row, geometry in zip(rows, simplified):
        if geometry.is_empty:
            raise BuildError(f"{row.source}: {row.code} vanished when simplified; lower the tolerance")
        d, kept = path_data(projection.transform(geometry), min_area)
        min_x, min_y, max_x, max_y = shapely.total_bounds(kept)
        shapes[row.code] = {
            "name": row.name, "d": d, "label": label_point(kept),
            "marker": bool(max(max_x - min_x, max_y - min_y) < MARKER_BELOW * biggest_side),
        }
    return {"viewBox": projection.view_box, "shapes": dict(sorted(shapes.items()))}


def _check_codes(rows, known, what):
    seen = set()
    for row in rows:
        if row.code in seen:
            raise BuildError(f"{row.source}: {what} {row.code} appears twice")
        seen.add(row.code)
        if known is not None and row.code not in known:
            raise BuildError(f"{row.source}: unknown {what} code {row.code!r} ({row.name})")
    return seen


def source_commit(source):
    try:
        found = COMMIT.search((Path(source) / "README.md").read_text(encoding="utf-8"))
    except OSError:
        return ""
    return found.group(1) if found else ""


def build(source, output, province_codes=None, regency_codes=None, size=SIZE, tolerance=TOLERANCE,
          min_area=MIN_AREA, log=print):
    """Write the map files into ``output``; ``*_codes``: the codes the site knows (others refused).

    Returns ``{"provinces": n, "regencies": n, "files": [names], "missing": [codes]}``.
    """
    source, output = Path(source), Path(output)
    if not source.is_dir():
        raise BuildError(f"{source}: no such directory")
    for sub in ("prov", "kab"):
        if not (source / sub).is_dir():
            raise BuildError(f"{source / sub}: no such directory (expected prov/*.sql and kab/*.sql)")
    licence = source / "LICENSE"
    if not licence.is_file():
        raise BuildError(f"{licence}: missing; the boundaries' licence must travel with the maps")
    provinces = read_rows(source / "prov")
    regencies = read_rows(source / "kab")
    seen_provinces = _check_codes(provinces, province_codes, "province")
    seen_regencies = _check_codes(regencies, regency_codes, "kabupaten/kota")
    for row in regencies:
        if row.province_code not in seen_provinces:
            raise BuildError(f"{row.source}: {row.code} belongs to no province of prov/")

    log(f"provinces: {len(provinces)}")
    maps = {PROVINCES_FILE: build_map(provinces, size, tolerance, min_area)}
    by_province = {}
    for row in regencies:
        by_province.setdefault(row.province_code, []).append(row)
    for code, rows in sorted(by_province.items()):
        name = REGENCIES_FILE.format(code=code)
        log(f"{name}: {len(rows)} kabupaten/kota")
        maps[name] = build_map(rows, size, tolerance, min_area)
    # Everything built: only now is anything written.
    output.mkdir(parents=True, exist_ok=True)
    for name, data in maps.items():
        _write(output / name, data)
    files = list(maps)
    for stale in output.glob(REGENCIES_FILE.format(code="*")):
        if stale.name not in files:
            stale.unlink()
    shutil.copyfile(licence, output / "LICENSE")
    files.append("LICENSE")
    (output / "README.md").write_text(readme(source_commit(source), size, tolerance, min_area), encoding="utf-8")
    files.append("README.md")
    missing = sorted((set(province_codes or ()) - seen_provinces) | (set(regency_codes or ()) - seen_regencies))
    return {"provinces": len(provinces), "regencies": len(regencies), "files": files, "missing": missing}


def _write(path, data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # One place a line: readable diffs when the boundaries change.
    text = text.replace(',"shapes":{', ',\n"shapes":{\n').replace('},"', '},\n"')
    path.write_text(text + "\n", encoding="utf-8")


def readme(commit, size, tolerance, min_area):
    import shapely

    found = capabilities()
    method = ("coverage_clean, then coverage_simplify (shared borders simplified once)" if found["coverage"]
              and found["clean"] else "coverage_simplify" if found["coverage"]
              else "simplify(preserve_topology=True), shape by shape")
    return f"""# Maps of Indonesia: provinces and kabupaten/kota

Simplified outlines for the public choropleth maps (`regions/maps/render.py`,
`regions/templates/regions/includes/map.html`). The site reads only these files; it never needs the
boundary data, shapely or any outside request at run time.

## Source and licence

- Data: `wilayah_boundaries` by Cahya DSN, https://github.com/cahyadsn/wilayah_boundaries,
  commit {commit or "unknown"}; boundaries following the Ministry of Home Affairs' codes
  (Kepmendagri), the same codes as `regions.Province.code` (`33`) and `regions.Regency.code` (`33.74`).
- Licence: MIT, Copyright (c) 2024 Cahya DSN. The licence is in `LICENSE` beside this file and must
  stay with these files and any copy of them. These files are a derived work: simplified and
  reprojected, not the original coordinates.

## Files

- `provinces.json`: the 38 provinces.
- `regencies-NN.json`: the kabupaten/kota of province `NN`, one file per province (514 in all).

Each file is JSON: `viewBox` (`"0 0 width height"`, in grid units) and `shapes`, keyed by code:
`name` (as in the source), `d` (SVG path data, integer coordinates), `label` (`[x, y]`, a point
inside the largest part) and `marker` (true when the place is too small to see or tap at this scale:
the map then draws a dot on it).

## How they were made

`python manage.py build_maps` (`regions/maps/build.py`), with shapely {shapely.__version__}
(GEOS {shapely.geos_version_string}):

1. the rows `(kode, nama, lat, lng, path)` of `prov/*.sql` and `kab/*.sql` are read (`path`: polygons
   of rings of `[lat, lng]`, latitude first), each shape made valid;
2. each map's shapes are cleaned and simplified together: {method}; tolerance {tolerance} of the
   map's larger side;
3. projected equirectangularly (longitude x cos(middle latitude), latitude) onto a grid {size} units
   across the larger side, islands under {min_area} square units dropped (each place keeps its
   largest part), written as SVG path data with relative moves.

## How the site draws them

`regions/maps/render.py` reads a file once per process and joins it to the places and their figures,
one query per map whatever the data: money raised (the sum of the `gross` ledger lines, per
`province` or per `campaign__regency`) and active initiatives (active campaigns in the default
language, `network.consolidation.active_filter`). `regions/includes/map.html` draws an inline SVG
(no JavaScript, no tiles, no outside request): each place an `<a href>` to its region page with a
`<title>` and an `aria-label` naming its figure, shaded by class (`map-b0` none, `map-b1`..`map-b4`
by rank among the places with a figure; `regions/static/regions/map.css`, no `style` attribute), a
legend, plain links `?peta=dana` / `?peta=inisiatif` for the measure (`aria-current` on the chosen
one) and the same figures as a table. Shown on the home page and the networks index (provinces) and
on each province's page (its kabupaten/kota).

## How to rebuild

```sh
pip install -e ".[maps]"
python manage.py build_maps --source ../shared/data/boundaries   # the default
python manage.py build_maps --tolerance 0.001 --size 2000          # coarser, or finer with a smaller tolerance
```

The command refuses codes that `regions.Province` / `regions.Regency` do not know; commit the files
it writes (this README included). `tests/test_maps.py` checks every code against the regions and the
provinces map's weight as served (at most 150 KB compressed).
"""
