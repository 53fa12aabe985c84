"""Benchmark data written in bulk: ``seed_demo --size N`` and ``manage.py seed_synthetic``.

Wagtail adds a page with ``add_child`` (the tree, a save, signals) and publishes it through a
revision: tens of milliseconds a page. Here pages are written as a published page stands in the
database, thousands per statement:

* the tree: treebeard's materialised paths computed here after the parent's last child, the
  parents' ``numchild`` raised by what was added, ``url_path`` from the parent's, the parent's
  locale, a fresh ``translation_key``; live, with first and last publication dates; no revision
  (the admin edits a page without one from the page itself) and no log entry;
* multi-table inheritance: the ``wagtailcore_page`` rows first, then the specific rows with their
  ids (on PostgreSQL both with ``COPY``, the ids taken from the sequence; elsewhere ``bulk_create``
  and the insert it uses);
* what a save would have triggered, in bulk: the many-to-many rows, the search index entries, the
  search documents and the campaigns' support-type rows (``search.bulk``, ``search.documents``),
  the campaign launch workflow row;
* support records through each plugin's ``demo_records`` hook (bulk inserts, which go through
  ``COPY`` meanwhile: ``copy_bulk_creates``; the donation plugin writes the ledger lines of the
  confirmed donations, so ``manage.py reconcile`` stays clean).

Invariants: tree paths never collide (one writer per parent, its row locked, inside the caller's
transaction); a parent's ``numchild`` counts its children; every page written is live, public
and indexed, so serving, listings, search and the admin explorer treat it like any other.
"""
import contextlib
import datetime
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

BATCH = 1000


# -- the tree ---------------------------------------------------------------------------------

class Children:
    """Places new pages under ``parent``, after its last child (call inside a transaction)."""

    def __init__(self, parent, empty=False):
        # Two writers under one parent would compute the same paths: the second waits here.
        self.parent = Page.objects.select_for_update().get(pk=parent.pk) if not empty else parent
        self.depth = parent.depth + 1
        self.step = 0
        if not empty:
            last = (Page.objects.filter(path__startswith=parent.path, depth=self.depth)
                    .order_by("-path").values_list("path", flat=True).first())
            self.step = Page._str2int(last[-Page.steplen:]) if last else 0
        self.added = 0

    def place(self, page, published_at):
        """Give ``page`` (unsaved) its place under the parent and the state of a published page."""
        self.step += 1
        self.added += 1
        page.path = Page._get_path(self.parent.path, self.depth, self.step)
        page.depth = self.depth
        page.url_path = f"{self.parent.url_path}{page.slug}/"
        page.locale_id = self.parent.locale_id
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live, page.has_unpublished_changes = True, False
        page.first_published_at = page.last_published_at = published_at
        page.numchild = getattr(page, "numchild", 0) or 0
        return page

    def close(self):
        """Count the added pages in the parent's ``numchild`` (an existing parent only)."""
        if self.added and self.parent.pk:
            Page.objects.filter(pk=self.parent.pk).update(numchild=F("numchild") + self.added)


class Ids:
    """Fresh primary keys from a table's sequence (PostgreSQL), reserved a block at a time.

    Keep one only while writing (reserved numbers are never handed out again by the sequence,
    so unused ones are mere gaps, as after any rolled-back insert).
    """

    def __init__(self, block=5000):
        self.block, self.free = block, defaultdict(list)

    def take(self, model, count):
        free = self.free[model]
        if len(free) < count:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [quote(model._meta.db_table), model._meta.pk.column,
                                max(self.block, count - len(free))])
                free.extend(row[0] for row in cursor.fetchall())
        taken, self.free[model] = free[:count], free[count:]
        return taken


#: Fields whose values PostgreSQL's COPY takes as they are, when they are of a plain type.
RAW_TYPES = {"AutoField", "BigAutoField", "SmallAutoField", "BooleanField", "CharField", "TextField", "SlugField",
             "EmailField", "URLField", "IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
             "PositiveBigIntegerField", "PositiveSmallIntegerField", "DateField", "DateTimeField", "DecimalField",
             "UUIDField", "FloatField", "TimeField"}
PLAIN = frozenset({str, int, bool, float, Decimal, datetime.date, datetime.datetime, datetime.time, uuid.UUID,
                   type(None)})


def _converter(field, db):
    """How one field's value becomes a COPY value: as ``bulk_create`` prepares it (``pre_save``,
    ``get_db_prep_save``), or as it is when that would change nothing (a plain value of a plain field)."""
    def prepared(obj):
        return field.get_db_prep_save(field.pre_save(obj, True), db)

    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return prepared
    plain = field
    while plain.is_relation:  # a foreign key holds its target's value (a page's: its page_ptr's id)
        plain = plain.target_field
    if plain.get_internal_type() not in RAW_TYPES:
        return prepared
    attname = field.attname

    def raw(obj):
        value = getattr(obj, attname)
        return value if type(value) in PLAIN else prepared(obj)

    return raw


def copy_rows(table, columns, rows):
    """Write ``rows`` (tuples of plain values) into ``table``'s ``columns`` with COPY (PostgreSQL)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN") as stream:
            for row in rows:
                stream.write_row(row)


def copy_insert(model, objs, fields=None, ignore_conflicts=False, ids=None, related=True):
    """Insert ``objs`` with PostgreSQL's COPY (several times faster than an INSERT of many rows).

    What ``bulk_create`` does, for the rows it would write: related objects' ids taken, ``pre_save``
    (auto_now dates), each value prepared by its field (plain values as they are); the primary keys
    come from the table's sequence (``ids``: an :class:`Ids` to reserve them by blocks) and are set
    on the objects. With ``ignore_conflicts``, as ``bulk_create``: the objects get no primary key,
    and rows that would break a unique constraint are left out (the COPY is tried in a savepoint;
    on a conflict the rows go through a temporary table and ``INSERT ... ON CONFLICT DO NOTHING``).
    ``fields``: the columns to write (default: the model's own). ``related=False``: the caller set
    every foreign key by its id (no related object to take an id from).
    """
    from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction

    if not objs:
        return objs
    db = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    fields = list(fields or meta.local_concrete_fields)
    pk = meta.pk
    generated = pk in fields and pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField")
    if generated:
        fields.remove(pk)
        if not ignore_conflicts:
            missing = [obj for obj in objs if getattr(obj, pk.attname) is None]
            new_ids = (ids or Ids(block=0)).take(model, len(missing))
            for obj, new_id in zip(missing, new_ids, strict=True):
                setattr(obj, pk.attname, new_id)
                if obj._meta.pk.attname != pk.attname:  # a page's own row: page_ptr_id too
                    obj.pk = new_id
            fields.insert(0, pk)
    converters = [_converter(field, db) for field in fields]
    rows = []
    for obj in objs:
        if related:
            obj._prepare_related_fields_for_save(operation_name="bulk_create")
        rows.append(tuple(convert(obj) for convert in converters))
    quote = db.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    table = quote(meta.db_table)

    def copy(cursor, target):
        with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as stream:
            for row in rows:
                stream.write_row(row)

    with db.cursor() as cursor:
        if not ignore_conflicts:
            copy(cursor, table)
        else:
            try:
                with transaction.atomic(using=db.alias):
                    copy(cursor, table)
            except IntegrityError:
                scratch = quote(f"copy_{meta.db_table}")
                cursor.execute(f"CREATE TEMPORARY TABLE {scratch} AS SELECT {columns} FROM {table} WITH NO DATA")
                copy(cursor, scratch)
                cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {scratch} "
                               "ON CONFLICT DO NOTHING")
                cursor.execute(f"DROP TABLE {scratch}")
    for obj in objs:
        obj._state.adding, obj._state.db = False, db.alias
    return objs


@contextlib.contextmanager
def copy_bulk_creates(models):
    """Within this block, ``bulk_create`` of ``models`` goes through :func:`copy_insert` (PostgreSQL).

    The plugins' ``demo_records`` and the ledger write their rows with ``bulk_create``; for a
    million records COPY saves minutes, and their code stays what it is on a real site.
    """
    from django.db.models.query import QuerySet

    if connection.vendor != "postgresql":
        yield
        return
    original = QuerySet.bulk_create
    targets = set(models)
    ids = Ids()

    def bulk_create(self, objs, batch_size=None, ignore_conflicts=False, update_conflicts=False,
                    update_fields=None, unique_fields=None):
        if self.model not in targets or update_conflicts or self.db != connection.alias:
            return original(self, objs, batch_size=batch_size, ignore_conflicts=ignore_conflicts,
                            update_conflicts=update_conflicts, update_fields=update_fields,
                            unique_fields=unique_fields)
        return copy_insert(self.model, list(objs), ignore_conflicts=ignore_conflicts, ids=ids)

    QuerySet.bulk_create = bulk_create
    try:
        yield
    finally:
        QuerySet.bulk_create = original


def new_page(model, **fields):
    """An unsaved ``model`` page with ``fields``, as ``model(**fields)`` builds it, without the
    constructor of modelcluster's ClusterableModel (it walks every relation of the model on each
    call to look for child objects in ``fields``: most of the cost of a page here; none are given)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import models

    page = model.__new__(model)
    fields.setdefault("show_in_menus", False)
    models.Model.__init__(page, content_type=ContentType.objects.get_for_model(model), **fields)
    return page


def write_pages(model, pages):
    """Insert ``pages`` (placed, unsaved instances of ``model``, a direct subclass of Page).

    ``bulk_create`` refuses multi-table inheritance, so the ``wagtailcore_page`` rows go first
    (with their new ids), then the model's own rows: COPY on PostgreSQL (straight from the
    pages), else ``bulk_create`` of Page rows and the insert ``bulk_create`` itself uses.
    """
    if model._meta.get_parent_list() != [Page]:
        raise TypeError(f"{model.__name__} is not a direct subclass of Page")
    own_fields = list(model._meta.local_concrete_fields)
    if connection.vendor == "postgresql":
        ids = Ids(block=len(pages))
        for start in range(0, len(pages), BATCH * 10):
            batch = pages[start:start + BATCH * 10]
            copy_insert(Page, batch, fields=Page._meta.concrete_fields, ids=ids, related=False)
            copy_insert(model, batch, fields=own_fields, related=False)
        return pages
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    per_insert = max(1, min(BATCH, connection.ops.bulk_batch_size(own_fields, pages)))
    for start in range(0, len(pages), BATCH):
        batch = pages[start:start + BATCH]
        rows = [Page(**{field.attname: getattr(page, field.attname) for field in base_fields}) for page in batch]
        Page.objects.bulk_create(rows)
        for page, row in zip(batch, rows, strict=True):
            page.id = page.page_ptr_id = row.pk
            page._state.adding = False
        for first in range(0, len(batch), per_insert):
            model._base_manager._insert(batch[first:first + per_insert], fields=own_fields)
    return pages


def write_m2m(model, field_name, pairs):
    """Rows of a many-to-many field of new pages: ``pairs`` of (page id, related id)."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    if connection.vendor == "postgresql":  # new pages: no row to conflict with
        meta = through._meta
        copy_rows(meta.db_table, [meta.get_field(source).column, meta.get_field(target).column], pairs)
    else:
        through.objects.bulk_create([through(**{f"{source}_id": a, f"{target}_id": b}) for a, b in pairs],
                                    batch_size=5000, ignore_conflicts=True)


def after_writing(campaigns=(), indexed=()):
    """What saves would have done for pages written in bulk: support-type rows, the launch
    workflow of new campaigns, the search index (``indexed``: ``[(model, pages)]``), cached figures."""
    from wagtail.models import WorkflowPage

    from campaigns.models import CampaignPage
    from editorial.workflows import workflow_for_type
    from network import figures_cache
    from search import documents
    from search.bulk import add_support_types, index_new_pages

    if campaigns:
        add_support_types(campaigns)
        workflow = workflow_for_type(CampaignPage)
        if workflow is not None:
            WorkflowPage.objects.bulk_create([WorkflowPage(page_id=c.pk, workflow=workflow) for c in campaigns],
                                             batch_size=5000, ignore_conflicts=True)
    for model, pages in indexed:
        index_new_pages(model, pages)
    documents.refresh([page.pk for _model, pages in indexed for page in pages])
    figures_cache.bump()


def asks_for(initiative, types=None):
    """The plugins' demo asks for ``initiative``, in the active language (``types``: only these)."""
    from campaigns.plugins import registry

    asks = []
    for support_type in registry.support_types():
        if types is not None and support_type.key not in types:
            continue
        if registry.implements(support_type.key, "demo_ask"):
            value = registry.call(support_type.key, "demo_ask", initiative=initiative)
            if value:
                asks.append((support_type.key, value))
    return asks


def record_writes():
    """:func:`copy_bulk_creates` for what ``demo_records`` writes: records, payments, ledger lines."""
    from payments import get_payment_model

    from finance.models import LedgerEntry

    return copy_bulk_creates(record_models() + [get_payment_model(), LedgerEntry])


def add_records(campaign, counts, rng):
    """``counts``: ``{type key: records}`` for each of ``campaign``'s asks, through ``demo_records``
    (call inside :func:`record_writes` for speed)."""
    from campaigns.plugins import registry

    for ask in campaign.get_asks():
        count = counts.get(ask.type_key, 0)
        if count > 0 and registry.implements(ask.type_key, "demo_records"):
            registry.call(ask.type_key, "demo_records", campaign=campaign, ask=ask, count=count, rng=rng)


def analysed():
    """The tables a synthetic run writes most into."""
    from payments import get_payment_model
    from wagtail.search.models import IndexEntry

    from campaigns.models import CampaignPage
    from finance.models import LedgerEntry
    from partners.models import OrganisationPage
    from search.models import SearchDocument
    from stories.models import StoryPage

    models = [Page, OrganisationPage, CampaignPage, StoryPage, SearchDocument, IndexEntry, LedgerEntry,
              get_payment_model(), *record_models()]
    return [model._meta.db_table for model in models]


def record_models():
    from django.apps import apps

    from campaigns.records import SupportRecord

    return [model for model in apps.get_models() if issubclass(model, SupportRecord)]


def count_records(campaign_ids=None):
    """Support records per model (of ``campaign_ids`` only, when given)."""
    counts = {}
    for model in record_models():
        rows = model.objects.all() if campaign_ids is None else model.objects.filter(campaign_id__in=campaign_ids)
        counts[model._meta.label] = rows.count()
    return counts


def spread_over_time(campaigns, rng):
    """Date each record of ``campaigns`` between its campaign's start and now, and its ledger lines with it.

    The plugins' ``demo_records`` write every record "now"; dashboards chart money and supporters per
    month, so a data set for them must have a history. Each record's ``created_at`` (and a set
    ``confirmed_at``) gets a moment drawn by ``rng`` (the same seed, the same dates); the ledger lines
    a record wrote take its date. One statement per model on PostgreSQL.
    """
    from finance.models import LedgerEntry

    now = timezone.now()
    starts = {}
    for campaign in campaigns:
        start = getattr(campaign, "_published", None) or campaign.first_published_at or now
        starts[campaign.pk] = min(start, now)
    for model in record_models():
        rows = list(model.objects.filter(campaign_id__in=list(starts)).order_by("pk")
                    .values_list("pk", "campaign_id"))
        if not rows:
            continue
        ids = [pk for pk, _campaign in rows]
        dates = [starts[campaign] + (now - starts[campaign]) * rng.random() for _pk, campaign in rows]
        table = connection.ops.quote_name(model._meta.db_table)
        confirmed = any(field.name == "confirmed_at" for field in model._meta.concrete_fields)
        also = ", confirmed_at = CASE WHEN confirmed_at IS NULL THEN NULL ELSE v.at END" if confirmed else ""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"UPDATE {table} SET created_at = v.at{also} "
                               f"FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, at) WHERE {table}.id = v.id",
                               [ids, dates])
            else:
                also = also.replace("v.at", "%s")
                cursor.executemany(f"UPDATE {table} SET created_at = %s{also} WHERE id = %s",
                                   [(date, date, pk) if confirmed else (date, pk) for pk, date in zip(ids, dates)])
            ledger = connection.ops.quote_name(LedgerEntry._meta.db_table)
            campaign_ids = sorted(starts)
            for i in range(0, len(campaign_ids), 500):
                chunk = campaign_ids[i:i + 500]
                cursor.execute(f"UPDATE {ledger} SET occurred_at = (SELECT r.created_at FROM {table} r "
                               f"WHERE r.id = {ledger}.source_id) WHERE source_type = %s AND campaign_id IN "
                               f"({', '.join(['%s'] * len(chunk))})", [model._meta.label_lower, *chunk])


# -- synthetic content ------------------------------------------------------------------------

ORG_KINDS = [("Yayasan", "yayasan"), ("Perkumpulan", "perkumpulan"), ("Komunitas", "komunitas"),
             ("Koperasi", "koperasi"), ("Forum Warga", "other"), ("Kelompok Tani", "komunitas"),
             ("Sanggar", "komunitas"), ("Lembaga Swadaya", "perkumpulan")]
ORG_WORDS = ["Peduli", "Lestari", "Mandiri", "Sejahtera", "Harapan", "Cahaya", "Bina", "Karya", "Swadaya", "Maju",
             "Berdaya", "Sehat", "Hijau", "Cerdas", "Bersatu", "Pelita", "Tunas", "Rumpun", "Gotong Royong",
             "Nusantara",
             "Bakti", "Insan", "Mitra", "Generasi", "Pesisir", "Rimba", "Samudra", "Kasih", "Sinar", "Damai"]
ACTIONS = ["Pembangunan", "Perbaikan", "Pengadaan", "Pelatihan", "Pendampingan", "Penanaman", "Pembersihan",
           "Renovasi", "Penyediaan", "Gerakan", "Penguatan", "Pemulihan", "Pengelolaan", "Perluasan", "Kampanye"]
OBJECTS = [
    ("sumur bor", ("air",)), ("air bersih", ("air",)), ("jamban sehat", ("sanitasi",)),
    ("perpustakaan desa", ("buku", "anak")), ("bank sampah", ("sampah", "daur ulang")),
    ("lampu tenaga surya", ("lampu", "energi")), ("posyandu", ("kesehatan", "gizi")),
    ("kebun gizi", ("gizi", "pangan")), ("hutan mangrove", ("mangrove", "pesisir")),
    ("rumah baca", ("buku", "anak")), ("sekolah darurat", ("pendidikan", "anak")),
    ("jembatan bambu", ("infrastruktur",)), ("irigasi sawah", ("pertanian", "air")),
    ("koperasi nelayan", ("nelayan", "ekonomi")), ("klinik keliling", ("kesehatan",)),
    ("dapur umum", ("pangan", "bencana")), ("taman bermain", ("anak",)),
    ("pusat daur ulang", ("sampah", "daur ulang")), ("pembibitan pohon", ("hutan", "iklim")),
    ("sanitasi sekolah", ("sanitasi", "pendidikan")), ("paralegal desa", ("hukum", "advokasi")),
    ("patroli api gambut", ("api", "gambut")), ("minyak jelantah", ("jelantah", "sabun")),
    ("rumah burung hantu", ("tikus", "pertanian")), ("pendamping pasien TB", ("kesehatan", "tb")),
]
BENEFICIARIES = ["anak sekolah", "nelayan", "petani", "ibu hamil", "lansia", "penyandang disabilitas", "remaja",
                 "warga pesisir", "pedagang pasar", "perempuan kepala keluarga", "buruh tani", "masyarakat adat",
                 "keluarga miskin", "guru honorer", "pemuda desa", "kader posyandu", "pengrajin", "balita"]
PROBLEMS = [
    "Setiap musim kemarau, {who} di {place} kesulitan mendapatkan {what}.",
    "Sudah bertahun-tahun {who} di {place} menunggu {what} yang layak.",
    "Banyak {who} di {place} belum pernah merasakan manfaat {what}.",
    "Banjir dan longsor merusak {what} yang dipakai {who} di {place}.",
    "Biaya {what} terlalu mahal bagi {who} di {place}.",
]
DOINGS = [
    "Kami bersama warga membangun {what} secara gotong royong dan melatih {n} kader setempat.",
    "Relawan mengajak {who} merawat {what} dan mencatat hasilnya setiap bulan.",
    "Kami menggalang dana, barang, dan tenaga untuk {what} bagi {n} keluarga.",
    "Pemerintah desa, sekolah, dan tokoh agama ikut menyiapkan {what} di {place}.",
]
CHANGES = [
    "Kini {n} keluarga di {place} menikmati {what} setiap hari.",
    "Angka sakit pada {who} turun dan anak-anak kembali rajin ke sekolah.",
    "Pendapatan {who} naik dan warga mulai menabung di koperasi.",
    "Warga {place} mengelola {what} sendiri tanpa menunggu bantuan.",
]
STORY_OPENINGS = ["Kabar dari", "Cerita perubahan di", "Langkah kecil di", "Harapan baru di", "Bersama warga"]
AUTHORS = ["Tim Komunikasi", "Relawan Lapangan", "Sekretariat", "Pengurus Harian"]


@dataclass
class Place:
    regency: object  # Regency, its province loaded
    districts: list  # kecamatan names of the regency


def places():
    """Every kabupaten/kota (ordered by code) with its kecamatan names."""
    from regions.models import District, Regency

    districts = defaultdict(list)
    for regency_id, name in District.objects.values_list("regency_id", "name"):
        districts[regency_id].append(name)
    return [Place(regency, districts[regency.pk] or [regency.name])
            for regency in Regency.objects.select_related("province").order_by("code")]


def share(total, weights, rng):
    """``total`` split by ``weights`` (``{key: weight}``), the rounding spread at random."""
    keys = list(weights)
    whole = sum(weights.values()) or 1
    counts = {key: int(total * weights[key] / whole) for key in keys}
    for _ in range(total - sum(counts.values())):
        counts[rng.choice(keys)] += 1
    return counts


#: How pledges divide among the support types of a campaign's asks (goods and volunteer shifts
#: fill up: their plugins stop at what is still needed).
PLEDGE_WEIGHTS = {"donation": 25, "petition": 55, "inkind": 8, "volunteering": 8, "partnership": 4}


class Synthetic:
    """``pages`` pages (a fifth OMS, two fifths campaigns, the rest stories), spread over every
    kabupaten/kota, and ``pledges`` support records, in Indonesian. Idempotent per page slug:
    running again adds only the pages (and their records) that are missing."""

    def __init__(self, pages, pledges, seed=13, out=None, records_per_campaign=200, pictures=True):
        self.pages, self.pledges, self.pictures = pages, pledges, pictures
        self.rng = random.Random(seed)
        self.out = out or (lambda line: None)
        self.records_per_campaign = records_per_campaign
        self._ask_cache = {}

    def plan(self):
        organisations = max(1, self.pages // 5)
        campaigns = (self.pages * 2) // 5
        stories = self.pages - organisations - campaigns
        return organisations, campaigns, stories

    def run(self):
        from django.db import transaction
        from django.utils import translation
        from wagtail.models import Locale

        from partners.models import OrganisationIndexPage

        with translation.override("id"), transaction.atomic():
            locale = Locale.objects.get(language_code="id")
            index = OrganisationIndexPage.objects.filter(locale=locale).first()
            if index is None:
                raise LookupError("No Indonesian partner index (mitra): run seed_demo first.")
            result = self._run(index)
        if result["pages"] and connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Fresh statistics: the planner's estimates of a table that just grew a hundredfold are
            # what makes a search use its indexes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in analysed()))
        return result

    def _images(self):
        """The shared logo and one cover per theme (ids; None without ``pictures``, as in tests)."""
        from lokadaya import demo_data, demo_images

        if not self.pictures:
            return None, [None]

        collection = demo_images.illustrations_collection()
        logo = demo_images.demo_image(collection, "logo komunitas warga", "logo of a residents' community",
                                      lambda: demo_images.logo("komunitas-warga", "Komunitas Warga"))
        covers = [demo_images.demo_image(collection, row[2], row[3],
                                         lambda row=row: demo_images.landscape(row[0], row[6]))
                  for row in demo_data.INITIATIVES]
        return logo.pk, [cover.pk for cover in covers]

    def _run(self, index):
        import time

        from campaigns.models import CampaignPage
        from partners.models import OrganisationPage
        from sdgs.models import SDG
        from stories.models import StoryPage

        started = time.perf_counter()
        rng = self.rng
        n_org, n_campaign, n_story = self.plan()
        existing = set(OrganisationPage.objects.filter(slug__startswith="syn-oms-", locale_id=index.locale_id)
                       .values_list("slug", flat=True))
        wanted = [n for n in range(1, n_org + 1) if f"syn-oms-{n}" not in existing]
        if not wanted:
            self.out("Synthetic pages already there: nothing added.")
            return {"pages": 0, "records": {}, "seconds": 0.0}
        all_places = places()
        sdgs = list(SDG.objects.values_list("pk", flat=True))
        logo, covers = self._images()
        now = timezone.now()
        today = timezone.localdate()

        # OMS: round-robin over the kabupaten/kota, so every one gets its share.
        tree = Children(index)
        organisations, org_sdgs = [], []
        # Children per OMS: campaign j and story j go to OMS j % n_org (1-based numbering below).
        children_of = defaultdict(lambda: [0, 0])
        for j in range(1, n_campaign + 1):
            children_of[(j - 1) % n_org + 1][0] += 1
        for j in range(1, n_story + 1):
            children_of[(j - 1) % n_org + 1][1] += 1
        for n in wanted:
            place = all_places[(n - 1) % len(all_places)]
            kind, form = ORG_KINDS[rng.randrange(len(ORG_KINDS))]
            name = f"{kind} {rng.choice(ORG_WORDS)} {rng.choice(ORG_WORDS)} {place.regency.name}"
            what, _keywords = OBJECTS[rng.randrange(len(OBJECTS))]
            who = rng.choice(BENEFICIARIES)
            district = rng.choice(place.districts)
            page = new_page(
                OrganisationPage,
                title=name[:255], slug=f"syn-oms-{n}", legal_name=name[:255], form=form,
                founded_year=rng.randint(1980, 2024),
                summary=f"Kami mendampingi {who} di {district}, {place.regency.name}, lewat {what}."[:300],
                about=f"<p>{rng.choice(PROBLEMS).format(who=who, place=district, what=what)} "
                      f"{rng.choice(DOINGS).format(who=who, place=district, what=what, n=rng.randint(5, 90))}</p>",
                vision=f"{who.capitalize()} di {place.regency.name} yang berdaya dan sejahtera.",
                mission=f"<p>Memperkuat {what} bersama {who}.</p>",
                regency_id=place.regency.pk, email=f"halo@syn-oms-{n}.contoh.id",
                verification_status=OrganisationPage.Verification.VERIFIED, is_verified=True,
                logo_id=logo, cover_image_id=covers[n % len(covers)],
            )
            page.numchild = sum(children_of[n])
            tree.place(page, now - datetime.timedelta(days=rng.randint(30, 1500), minutes=rng.randint(0, 1440)))
            page._place = place
            organisations.append(page)
        write_pages(OrganisationPage, organisations)
        tree.close()
        for page in organisations:
            org_sdgs += [(page.pk, pk) for pk in rng.sample(sdgs, rng.randint(1, 3))]
        write_m2m(OrganisationPage, "sdgs", org_sdgs)
        self.out(f"{len(organisations)} OMS written ({time.perf_counter() - started:.1f} s).")

        by_number = {int(page.slug.rsplit("-", 1)[1]): page for page in organisations}
        campaigns, stories, campaign_sdgs, story_sdgs, story_campaigns = [], [], [], [], []
        trees = {n: Children(page, empty=True) for n, page in by_number.items()}
        first_campaign = {}
        for j in range(1, n_campaign + 1):
            owner = by_number.get((j - 1) % n_org + 1)
            if owner is None:
                continue  # its OMS existed already: so does it
            page = self._campaign(j, owner, covers, today)
            trees[int(owner.slug.rsplit("-", 1)[1])].place(page, page._published)
            campaigns.append(page)
            first_campaign.setdefault(owner.pk, page)
        write_pages(CampaignPage, campaigns)
        for page in campaigns:
            campaign_sdgs += [(page.pk, pk) for pk in rng.sample(sdgs, rng.randint(1, 2))]
        write_m2m(CampaignPage, "sdgs", campaign_sdgs)
        self.out(f"{len(campaigns)} campaigns written ({time.perf_counter() - started:.1f} s).")

        for j in range(1, n_story + 1):
            owner = by_number.get((j - 1) % n_org + 1)
            if owner is None:
                continue
            page = self._story(j, owner, covers)
            trees[int(owner.slug.rsplit("-", 1)[1])].place(page, page._published)
            stories.append(page)
        write_pages(StoryPage, stories)
        for page in stories:
            story_sdgs += [(page.pk, pk) for pk in rng.sample(sdgs, rng.randint(1, 2))]
            if page.organisation_id in first_campaign and rng.random() < 0.5:
                story_campaigns.append((page.pk, first_campaign[page.organisation_id].pk))
        write_m2m(StoryPage, "sdgs", story_sdgs)
        write_m2m(StoryPage, "campaigns", story_campaigns)
        self.out(f"{len(stories)} stories written ({time.perf_counter() - started:.1f} s).")

        after_writing(campaigns, [(OrganisationPage, organisations), (CampaignPage, campaigns),
                                  (StoryPage, stories)])
        pages_done = len(organisations) + len(campaigns) + len(stories)
        pages_seconds = time.perf_counter() - started
        self.out(f"Search index, support types, workflows: {pages_done} pages in {pages_seconds:.1f} s.")

        records = self._records(campaigns) if self.pledges else {}
        if records:
            spread_over_time(campaigns, rng)
        return {"pages": pages_done, "records": records, "seconds": time.perf_counter() - started,
                "pages_seconds": pages_seconds}

    def _campaign(self, j, owner, covers, today):
        from campaigns.models import CampaignPage

        rng = self.rng
        place = owner._place
        district = rng.choice(place.districts)
        what, keywords = OBJECTS[rng.randrange(len(OBJECTS))]
        who = rng.choice(BENEFICIARIES)
        n = rng.randint(10, 400)
        title = f"{rng.choice(ACTIONS)} {what.title()} untuk {who.title()} di {district}"[:255]
        start = today - datetime.timedelta(days=rng.randint(-30, 200))
        end = start + datetime.timedelta(days=rng.randint(30, 240)) if rng.random() < 0.95 else None
        # Every campaign asks for money or signatures; the other types come and go.
        types = {"donation"} if rng.random() < 0.7 else {"petition"}
        for key, chance in (("petition", 0.7), ("inkind", 0.35), ("volunteering", 0.3), ("partnership", 0.15)):
            if rng.random() < chance:
                types.add(key)
        asks = self._asks(what, keywords, types, rng)
        fill = {"who": who, "place": district, "what": what, "n": n}
        page = new_page(
            CampaignPage,
            title=title, slug=f"syn-kampanye-{j}",
            summary=f"{rng.choice(PROBLEMS).format(**fill)} Bantu kami menghadirkan {what}."[:300],
            problem=f"<p>{rng.choice(PROBLEMS).format(**fill)}</p>",
            people_served=f"<p>{n} {who} di {district}.</p>",
            place_description=f"Kecamatan {district}, {place.regency.name}, {place.regency.province.name}"[:255],
            activities=f"<p>{rng.choice(DOINGS).format(**fill)}</p>",
            change_measure=f"<p>{rng.choice(CHANGES).format(**fill)}</p>",
            body="", regency_id=place.regency.pk, start_date=start, end_date=end, closed=rng.random() < 0.03,
            asks=asks, hero_image_id=covers[j % len(covers)],
        )
        page.regency = place.regency  # cached: the plugins' demo records read it
        page._published = timezone.make_aware(datetime.datetime.combine(min(start, today), datetime.time(9)))
        return page

    def _asks(self, what, keywords, types, rng):
        """The asks' raw JSON, fresh block ids each time: the plugins' demo asks are worked out and
        prepared once per subject and set of types (thousands of campaigns share them)."""
        from campaigns.models import CampaignPage
        from campaigns.types import DemoInitiative

        key = (what, frozenset(types))
        if key not in self._ask_cache:
            initiative = DemoInitiative(slug="syn", title=what.capitalize(), keywords=tuple(keywords))
            asks = asks_for(initiative, types)
            if not any(type_key in ("donation", "petition") for type_key, _value in asks):
                asks = asks_for(initiative, {"donation"}) + asks
            children = CampaignPage._meta.get_field("asks").stream_block.child_blocks
            self._ask_cache[key] = [{"type": type_key, "value": children[type_key].get_prep_value(
                children[type_key].normalize(value))} for type_key, value in asks]
        # A copy of each block's outer dict: the raw values inside are only ever read.
        return [{**item, "id": str(uuid.UUID(int=rng.getrandbits(128)))} for item in self._ask_cache[key]]

    def _story(self, j, owner, covers):
        from stories.models import StoryPage

        rng = self.rng
        place = owner._place
        district = rng.choice(place.districts)
        what, _keywords = OBJECTS[rng.randrange(len(OBJECTS))]
        who = rng.choice(BENEFICIARIES)
        fill = {"who": who, "place": district, "what": what, "n": rng.randint(10, 400)}
        date = timezone.localdate() - datetime.timedelta(days=rng.randint(0, 1000))
        change = rng.choice(CHANGES).format(**fill)
        page = new_page(
            StoryPage,
            title=f"{rng.choice(STORY_OPENINGS)} {district}: {what.capitalize()} untuk {who}"[:255],
            slug=f"syn-cerita-{j}", date=date, author=rng.choice(AUTHORS), summary=change[:300],
            hero_image_id=covers[(j + 3) % len(covers)], hero_caption=f"Ilustrasi: {what} di {district}"[:255],
            problem=f"<p>{rng.choice(PROBLEMS).format(**fill)}</p>",
            what_was_done=f"<p>{rng.choice(DOINGS).format(**fill)}</p>", change=f"<p>{change}</p>",
            body=[{"type": "paragraph", "value": f"<p>{change}</p>", "id": str(uuid.UUID(int=rng.getrandbits(128)))}],
            organisation_id=owner.pk, regency_id=place.regency.pk,
        )
        page._published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))
        return page

    def _records(self, campaigns):
        """``self.pledges`` records over the new campaigns: a share of them, with a skewed number
        each (a few popular campaigns, many small ones), until the target is met."""
        import time

        from campaigns.plugins import registry

        started = time.perf_counter()
        order = list(campaigns)
        self.rng.shuffle(order)
        types = [support_type.key for support_type in registry.support_types()]
        created = defaultdict(int)
        # Goods and volunteer shifts fill up: what was really written is counted after each chunk
        # before more is planned.
        chunk = max(10, min(200, len(order) // 20))
        position = 0
        with record_writes():
            while self.pledges > sum(created.values()) and position < len(order):
                part = order[position:position + chunk]
                position += chunk
                self._give(part, self.pledges - sum(created.values()), len(order) - position + len(part), types)
                for label, value in count_records([c.pk for c in part]).items():
                    created[label] += value
                if position // chunk % 10 == 0:
                    self.out(f"  {sum(created.values())} records ({time.perf_counter() - started:.1f} s)")
            # What the campaigns could not take (every goods item pledged, every shift full): donations.
            missing = self.pledges - sum(created.values())
            donors = [c for c in order if any(ask.type_key == "donation" for ask in c.get_asks())][:50]
            if missing > 0 and donors:
                for i, campaign in enumerate(donors):
                    add_records(campaign, {"donation": missing // len(donors) + (i < missing % len(donors))},
                                self.rng)
                created = defaultdict(int, count_records([c.pk for c in order]))
        self.out(f"{sum(created.values())} records written in {time.perf_counter() - started:.1f} s.")
        return dict(created)

    def _give(self, part, remaining, campaigns_left, types):
        """Records for the campaigns of ``part``, planned to place ``remaining`` over ``campaigns_left``."""
        rng = self.rng
        for i, campaign in enumerate(part):
            if remaining <= 0:
                return
            # Skewed: most campaigns near the mean, a few five times it; at least their share of
            # what is left to place.
            wanted = int(self.records_per_campaign * rng.choice((0.3, 0.5, 0.7, 1, 1, 1.3, 1.5, 2, 5)))
            wanted = min(max(wanted, -(-remaining // max(1, campaigns_left - i))), remaining)
            # Each type its share (a type the campaign does not ask for: none, the campaigns after it
            # make up for it), so the mix follows PLEDGE_WEIGHTS.
            counts = share(wanted, {key: PLEDGE_WEIGHTS.get(key, 5) for key in types}, rng)
            add_records(campaign, counts, rng)
            remaining -= sum(counts[ask.type_key] for ask in campaign.get_asks())
