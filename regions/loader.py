"""Load the official region codes from ``regions/data`` into the database (used by migration)."""
import csv
from pathlib import Path

from django.utils.text import slugify

from .names import display_name

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name):
    with open(DATA_DIR / name, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def load_regions(Province, Regency, District):
    """Insert every province, regency and district not yet present (idempotent)."""
    known = set(Province.objects.values_list("code", flat=True))
    Province.objects.bulk_create(
        [
            Province(code=r["code"], name=display_name(r["name"]), slug=slugify(display_name(r["name"])))
            for r in _rows("provinces.csv")
            if r["code"] not in known
        ]
    )
    provinces = dict(Province.objects.values_list("code", "id"))

    known = set(Regency.objects.values_list("code", flat=True))
    regencies = []
    for r in _rows("regencies.csv"):
        if r["code"] in known:
            continue
        name = display_name(r["name"])
        kind = "kota" if name.startswith("Kota ") else "kabupaten"
        regencies.append(
            Regency(code=r["code"], province_id=provinces[r["province_code"]], name=name,
                    slug=slugify(name), kind=kind)
        )
    Regency.objects.bulk_create(regencies, batch_size=500)
    regency_ids = dict(Regency.objects.values_list("code", "id"))

    known = set(District.objects.values_list("code", flat=True))
    districts, seen = [], set()
    for r in _rows("districts.csv"):
        if r["code"] in known:
            continue
        slug = slugify(r["name"]) or r["code"].replace(".", "-")
        # Two kecamatan of one regency may share a name once slugified.
        if (r["regency_code"], slug) in seen:
            slug = f"{slug}-{r['code'].rsplit('.', 1)[-1]}"
        seen.add((r["regency_code"], slug))
        districts.append(
            District(code=r["code"], regency_id=regency_ids[r["regency_code"]],
                     name=display_name(r["name"]), slug=slug)
        )
    District.objects.bulk_create(districts, batch_size=1000)
