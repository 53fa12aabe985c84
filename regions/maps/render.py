"""The public choropleth maps: Indonesia's provinces, and one province's kabupaten/kota.

Drawn as inline SVG from the committed files in ``regions/data/maps/`` (``build.py`` made them; the
site never reads the boundary data): no JavaScript, no tile server, no outside request. Each place
is a link to its region page, named by its name and figure; the measure is chosen with plain links
(``?peta=dana`` money raised, the default; ``?peta=inisiatif`` active initiatives), and the same
figures come as a table (``regions/includes/map.html``).

Invariants:
- the figures cost one query per map whatever the data size (two subqueries on the places:
  gross ledger lines summed, active source-language campaigns counted);
- money is Decimal; only the drawing's coordinates are numbers of the grid;
- no ``style`` attribute (the Content-Security-Policy forbids them): shading is a class
  (``map-b0`` none, ``map-b1``..``map-b4`` darker with more), coloured by ``regions/map.css``.
"""
import json
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lokadaya.numbers import format_money_compact, format_number

MAPS_DIR = Path(__file__).resolve().parent.parent / "data" / "maps"
PARAMETER = "peta"
MONEY, INITIATIVES = "dana", "inisiatif"
MEASURES = {MONEY: gettext_lazy("Money raised"), INITIATIVES: gettext_lazy("Active initiatives")}
BUCKETS = 4  # shaded buckets above "none" (map-b0): five classes in all
#: A marker's radius (a dot on a place too small to see or tap), as a fraction of the map's larger side.
MARKER_RADIUS = 0.008


@lru_cache(maxsize=64)
def load(name):
    """The map file ``name`` (``provinces`` or ``regencies-NN``), or None when there is none."""
    path = MAPS_DIR / f"{name}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def chosen_measure(request):
    value = request.GET.get(PARAMETER, "") if request is not None else ""
    return value if value in MEASURES else MONEY


def bucket_of(values):
    """``{value: bucket}``: 0 for nothing, else 1..4 by rank among the distinct positive values.

    The largest value is always in the darkest bucket; a larger value is never lighter.
    """
    positive = sorted({v for v in values if v > 0})
    n = len(positive)
    buckets = {v: BUCKETS - ((n - 1 - rank) * BUCKETS) // n for rank, v in enumerate(positive)}
    return {v: buckets.get(v, 0) for v in values}


@dataclass
class Area:
    place: object
    money: Decimal
    initiatives: int
    shape: dict = None
    bucket: int = 0
    value: object = 0

    @property
    def name(self):
        return self.place.name

    @property
    def url(self):
        return self.place.get_absolute_url()

    @property
    def money_display(self):
        return format_money_compact(self.money)

    @property
    def initiatives_display(self):
        return format_number(self.initiatives)

    @property
    def figure(self):
        return self.money_display if isinstance(self.value, Decimal) else self.initiatives_display

    @property
    def description(self):
        """The link's accessible name: the place and the chosen figure."""
        if isinstance(self.value, Decimal):
            return _("%(place)s. Money raised: %(amount)s") % {"place": self.name, "amount": self.money_display}
        return _("%(place)s. Active initiatives: %(count)s") % {"place": self.name, "count": self.initiatives_display}


@dataclass
class ChoroplethMap:
    view_box: str
    areas: list
    measure: str
    title: str
    place_header: str
    legend: list = field(default_factory=list)
    marker_radius: int = 10

    @property
    def drawn(self):
        return [area for area in self.areas if area.shape]

    @property
    def measures(self):
        return [{"key": key, "label": label, "href": f"?{PARAMETER}={key}#peta", "current": key == self.measure}
                for key, label in MEASURES.items()]

    @property
    def measure_label(self):
        return MEASURES[self.measure]


def _legend(areas, money):
    """``[{"bucket", "text"}]``: "none", then each used bucket's range of figures."""
    show = format_money_compact if money else format_number
    legend = [{"bucket": 0, "text": _("None yet")}]
    for bucket in range(1, BUCKETS + 1):
        values = [area.value for area in areas if area.bucket == bucket]
        if values:
            low, high = show(min(values)), show(max(values))
            legend.append({"bucket": bucket, "text": low if low == high else f"{low} – {high}"})
    return legend


def _choropleth(data, places, measure, title, place_header):
    money = measure == MONEY
    shapes = data["shapes"] if data else {}
    areas = [Area(place=p, money=p.map_money, initiatives=p.map_initiatives, shape=shapes.get(p.code))
             for p in places]
    for area in areas:
        area.value = area.money if money else area.initiatives
    buckets = bucket_of([area.value for area in areas])
    for area in areas:
        area.bucket = buckets[area.value]
    width, height = (int(v) for v in data["viewBox"].split()[2:]) if data else (0, 0)
    return ChoroplethMap(view_box=data["viewBox"] if data else "", areas=areas, measure=measure, title=title,
                         place_header=place_header, legend=_legend(areas, money),
                         marker_radius=max(1, round(max(width, height) * MARKER_RADIUS)))


def _annotated(places, ledger_filter, campaign_filter):
    """``places`` with ``map_money`` (gross ledger lines) and ``map_initiatives`` (active campaigns): one query."""
    from django.db.models import Count, DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from campaigns.models import CampaignPage
    from finance.ledger import booked_regency
    from finance.models import LedgerEntry
    from network.consolidation import active_filter, source_pages

    lines = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.GROSS)
    if ledger_filter == "regency":  # the ledger books no kabupaten/kota: the campaign's, else its OMS's
        lines = lines.annotate(regency=booked_regency())
    raised = (lines.filter(**{ledger_filter: OuterRef("pk")})
              .order_by().values(ledger_filter).annotate(total=Sum("amount")).values("total"))
    active = (source_pages(CampaignPage).filter(active_filter(), **{campaign_filter: OuterRef("pk")})
              .order_by().values(campaign_filter).annotate(n=Count("pk")).values("n"))
    money = DecimalField(max_digits=19, decimal_places=0)
    return list(places.annotate(
        map_money=Coalesce(Subquery(raised, output_field=money), Value(Decimal("0")), output_field=money),
        map_initiatives=Coalesce(Subquery(active, output_field=IntegerField()), Value(0)),
    ))


def province_map(request):
    """The 38 provinces, shaded by the measure the request asks for. One query."""
    from regions.models import Province

    measure = chosen_measure(request)
    places = _annotated(Province.objects.order_by("code"), "province", "regency__province")
    return _choropleth(load("provinces"), places, measure, title=_("Map of Indonesia's provinces"),
                       place_header=_("Province"))


def regency_map(request, province):
    """``province``'s kabupaten/kota, shaded by the measure the request asks for. One query."""
    measure = chosen_measure(request)
    regencies = province.regencies.order_by("code").select_related(None)
    places = _annotated(regencies, "regency", "regency")
    for place in places:
        place.province = province  # get_absolute_url needs the province's slug: no query
    return _choropleth(load(f"regencies-{province.code}"), places, measure,
                       title=_("Map of the regencies and cities of %(province)s") % {"province": province.name},
                       place_header=_("Regency or city"))
