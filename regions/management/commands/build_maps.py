"""``manage.py build_maps``: simplify the boundary data into the committed map files (regions/maps/build.py)."""
import importlib.util
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regions.maps import build

DEFAULT_SOURCE = Path(settings.BASE_DIR).parent / "shared" / "data" / "boundaries"
DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "data" / "maps"


class Command(BaseCommand):
    help = ("Build regions/data/maps/ (provinces and kabupaten/kota as simplified SVG paths, with the "
            "attribution) from the boundary data. Needs shapely: pip install -e '.[maps]'.")

    def add_arguments(self, parser):
        parser.add_argument("--source", default=str(DEFAULT_SOURCE),
                            help="the boundaries directory (prov/*.sql, kab/*.sql, LICENSE); default: %(default)s")
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="where to write; default: %(default)s")
        parser.add_argument("--tolerance", type=float, default=build.TOLERANCE,
                            help="simplification, as a fraction of each map's width; default: %(default)s")
        parser.add_argument("--size", type=int, default=build.SIZE,
                            help="grid units across each map's larger side; default: %(default)s")

    def handle(self, *args, source, output, tolerance, size, **options):
        from regions.models import Province, Regency

        if not 0 < tolerance < 0.1:
            raise CommandError("--tolerance must be between 0 and 0.1 (a fraction of the map's width)")
        if not 100 <= size <= 100000:
            raise CommandError("--size must be between 100 and 100000")
        if importlib.util.find_spec("shapely") is None:
            raise CommandError("build_maps needs shapely: pip install -e '.[maps]'")
        verbose = options.get("verbosity", 1) > 1
        try:
            result = build.build(
                source, output,
                province_codes=set(Province.objects.values_list("code", flat=True)),
                regency_codes=set(Regency.objects.values_list("code", flat=True)),
                size=size, tolerance=tolerance,
                log=(lambda line: self.stdout.write(line)) if verbose else (lambda line: None),
            )
        except build.BuildError as error:
            raise CommandError(str(error)) from error
        if result["missing"]:
            self.stderr.write(f"No shape for {len(result['missing'])} known code(s): "
                              + ", ".join(result["missing"][:20]))
        self.stdout.write(self.style.SUCCESS(
            f"{result['provinces']} provinces, {result['regencies']} kabupaten/kota: "
            f"{len(result['files'])} files in {output}"))
