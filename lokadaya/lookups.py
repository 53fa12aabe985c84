"""Per-process copies of the look-ups every public request repeats (issue 13: the query budget).

Before this module a campaign page cost ~20 queries before any campaign data: the ``Site`` of the
host, the ``Locale`` of the active language (5-7 times), Wagtail's routing (a page and its specific
row per URL level), the view restrictions (3 times), the navigation's three section index pages and
the language links. What is kept here, per process:

- **locales**, by id and by language code (an absent code too), for ``Locale.get_active()``,
  ``Locale.get_default()`` and ``Locale.objects.get_for_language()``;
- **sites**: which ``Site`` answers a (hostname, port), each site's row, its root page and that root
  page's translations (each language's home page) with their specific fields;
- Wagtail's **site root paths** (``Site.get_site_root_paths()``, otherwise one shared-cache read
  per page URL built without a request);
- the **navigation** URLs: the live campaign, partner and story index pages per locale and site;
- the **view restrictions**: the pages carrying a ``PageViewRestriction`` (their path and depth),
  and the alias pages (Wagtail checks an alias's source page instead of the alias).

Where: in this module (``_store``), a dict per process. Callers get fresh model instances built from
the stored values (``from_db``), never a shared instance, so nothing one request sets on a page or a
site reaches another request.

Invalidation: the signals that change what is kept (``Site``, ``Locale`` and
``PageViewRestriction`` saved or deleted; a page published, unpublished, moved, deleted, or saved
other than as a draft revision or a lock) call ``changed()``. It drops this process's copies at
once (the rest of the transaction reads its own rows again) and, once the change is committed,
drops them again (another thread may have refilled them from the rows as they were before) and
writes a new generation token to Django's shared cache (``django.core.cache.cache``, Redis in
production). Every request reads the token once, at ``request_started`` (no SQL; in the one
``get_many`` of ``request_reads``, with the other keys every render reads), and drops the process's
copies when it changed.

Staleness: another process sees a change from its first request that starts after the commit. A
request already running keeps what it had, as it would have kept the rows it had already read.
Outside requests (the task worker, a shell) the token is read again when it is older than
``RECHECK_OUTSIDE_REQUESTS`` seconds. Copies are never older than ``MAX_AGE`` seconds whatever the
token says (a bump lost to a cache outage). When the shared cache cannot be read, the copies are
dropped at every check: the site answers as if nothing were cached. Changes made with
``QuerySet.update()`` or raw SQL send no signal: call ``changed()`` after them.

Invariant (permissions): a page is treated as unrestricted only when no restriction applies to
it, to an ancestor, or to the source page of the alias it or an ancestor is, in copies taken after
the last change this process has been told of. When one applies, Wagtail's own query decides
(``Page.get_view_restrictions``), so a restricted page is refused exactly as without this module.

``install()`` (called by ``LokadayaConfig.ready``) connects the signals and routes these Wagtail
look-ups through the copies: ``LocaleManager.get_for_language``, ``Site._find_for_request``,
``Site.get_site_root_paths`` (and ``clear_site_root_paths_cache``), ``Page.get_view_restrictions``
and ``PageQuerySet.private_q`` (``.public()``). Each keeps Wagtail's answer, only without the query.
"""
import copy
import datetime
import decimal
import logging
import threading
import time
import uuid
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from . import request_reads

logger = logging.getLogger(__name__)

#: The shared cache key of the generation token.
GENERATION_KEY = "lokadaya:lookups:generation"
request_reads.register(GENERATION_KEY)
#: Outside a request (worker, shell), read the token again after this many seconds.
RECHECK_OUTSIDE_REQUESTS = 5.0
#: Copies are rebuilt after this many seconds whatever the token says.
MAX_AGE = 600.0
#: At most this many (hostname, port) pairs remembered (the Host header is the client's).
MAX_HOSTS = 64

_IMMUTABLE = (str, bytes, int, float, bool, type(None), decimal.Decimal, uuid.UUID,
              datetime.datetime, datetime.date, datetime.time, datetime.timedelta)


class _Store:
    """One generation of copies; replaced whole, never emptied in place (threads may hold it)."""

    def __init__(self, generation=None):
        self.generation = generation
        self.created = self.checked = time.monotonic()
        self.locales = None  # (by_id {id: code}, by_code {code: id})
        self.hosts = {}  # (hostname, port) -> site id or None
        self.sites = {}  # site id -> _SiteEntry
        self.root_paths = None
        self.nav = {}  # (locale id, site id, language) -> {key: url or None}
        self.restrictions = None  # _Restrictions


_store = _Store()
_local = threading.local()


def _in_request():
    return getattr(_local, "in_request", False)


def clear():
    """Drop this process's copies (the next look-ups read the database again)."""
    global _store
    _store = _Store(_store.generation)


def _current():
    """The store to read, after checking the shared token when a check is due."""
    store = _store
    now = time.monotonic()
    if now - store.created > MAX_AGE:
        clear()
        return _store
    if not _in_request() and now - store.checked > RECHECK_OUTSIDE_REQUESTS:
        check_generation()
        return _store
    return store


def check_generation():
    """Read the shared token (one cache get, or the request's first read: ``request_reads``); drop
    this process's copies if another process changed it."""
    global _store
    try:
        token = request_reads.get(GENERATION_KEY)
        if token is None:
            # Never set, evicted or flushed: whatever this process holds may predate a change.
            token = uuid.uuid4().hex
            request_reads.forget(GENERATION_KEY)
            if not cache.add(GENERATION_KEY, token, None):
                token = cache.get(GENERATION_KEY)
    except Exception:  # noqa: BLE001 - an unreachable cache must not take the site down
        logger.warning("lookups: shared cache unreachable, copies dropped", exc_info=True)
        _store = _Store(None)
        return
    if token is None or token != _store.generation:
        _store = _Store(token)
    else:
        _store.checked = time.monotonic()


def changed(roots=True, **_signal):
    """Something kept here changed: drop this process's copies now, and every process's at commit.

    ``roots=False`` when the change cannot touch Wagtail's site root paths (a page below the homes).
    Inside a transaction the other processes are told once, after the commit: before it they would
    only read the old rows again.
    """
    _drop(roots)
    if connection.in_atomic_block:
        if not any(entry[1] is _committed for entry in connection.run_on_commit):
            transaction.on_commit(_committed)
    else:
        _announce()


def _drop(roots):
    global _store
    _store = _Store(_store.generation)
    if roots and "clear_site_root_paths_cache" in _original:
        try:
            # Wagtail's shared copy: its own signals clear it for a site's root page only, not
            # for the root page's translations (a renamed /en/ home).
            _original["clear_site_root_paths_cache"]()
        except Exception:  # noqa: BLE001 - a save must not fail because the cache is down
            logger.error("lookups: could not clear Wagtail's site root paths", exc_info=True)


def _committed():
    # Threads of this process may have refilled from the rows as they were before the commit.
    _drop(True)
    _announce()


def _announce():
    """A new generation token in the shared cache: every other process drops its copies."""
    token = uuid.uuid4().hex
    try:
        request_reads.set(GENERATION_KEY, token, None)
    except Exception:  # noqa: BLE001 - a save must not fail because the cache is down
        logger.error("lookups: could not change the shared generation; other processes may keep "
                     "stale copies for up to %s s", MAX_AGE, exc_info=True)
        return
    _store.generation = token


def _on_request_started(environ=None, **_kwargs):
    request_reads.start(environ)
    check_generation()
    _local.in_request = True


def _on_request_finished(**_kwargs):
    _local.in_request = False
    request_reads.finish()


# -- building instances from stored values ----------------------------------------------------

def _values(instance):
    return tuple(getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields)


def _build(model, values):
    """A fresh instance of ``model`` from stored field values, as if loaded from the database."""
    if any(not isinstance(value, _IMMUTABLE) for value in values):
        values = copy.deepcopy(values)
    names = [field.attname for field in model._meta.concrete_fields]
    instance = model.from_db(DEFAULT_DB_ALIAS, names, values)
    locale_id = getattr(instance, "locale_id", None)
    if locale_id is not None and hasattr(model, "locale"):
        prime_locale(instance)
    return instance


# -- locales ----------------------------------------------------------------------------------

def _locales():
    store = _current()
    if store.locales is None:
        from wagtail.models import Locale

        rows = list(Locale.all_objects.values_list("id", "language_code"))
        store.locales = ({pk: code for pk, code in rows}, {code: pk for pk, code in rows})
    return store.locales


def _locale(pk, code):
    from wagtail.models import Locale

    return Locale.from_db(DEFAULT_DB_ALIAS, ["id", "language_code"], [pk, code])


def locale_by_id(pk):
    """The ``Locale`` with this id, or ``None``."""
    code = _locales()[0].get(pk)
    return _locale(pk, code) if code is not None else None


def locale_for_code(code):
    """The ``Locale`` of exactly this language code, or ``None``."""
    pk = _locales()[1].get(code)
    return _locale(pk, code) if pk is not None else None


def prime_locale(obj):
    """Fill ``obj.locale`` from the copies, so reading it costs no query."""
    if obj.locale_id is not None and not obj._state.fields_cache.get("locale"):
        locale = locale_by_id(obj.locale_id)
        if locale is not None:
            obj._state.fields_cache["locale"] = locale
    return obj


def _get_for_language(manager, language_code):
    """``LocaleManager.get_for_language`` without the query (same answers, same exceptions)."""
    from wagtail.coreutils import get_supported_content_language_variant

    if manager._db not in (None, DEFAULT_DB_ALIAS):
        return _original["get_for_language"](manager, language_code)
    code = get_supported_content_language_variant(language_code)
    locale = locale_for_code(code)
    if locale is None:
        raise manager.model.DoesNotExist("Locale matching query does not exist.")
    return locale


# -- sites ------------------------------------------------------------------------------------

class _SiteEntry:
    def __init__(self, site):
        root = site.root_page
        self.values = _values(site)
        self.root_key = root.translation_key
        self.root_locale_id = root.locale_id
        # Each language's home: the root page's translations (itself included), specific fields
        # and all, in one query.
        model = root.specific_class or type(root)
        self.roots = {page.locale_id: (type(page), _values(page))
                      for page in model.objects.filter(translation_key=root.translation_key)}
        if root.locale_id not in self.roots:
            self.roots[root.locale_id] = (type(root), _values(root))


def _site_entry(store, site):
    entry = store.sites.get(site.pk)
    if entry is None:
        entry = store.sites[site.pk] = _SiteEntry(site)
    return entry


def _site_instance(entry):
    from wagtail.models import Site

    site = _build(Site, entry.values)
    model, values = entry.roots[entry.root_locale_id]
    site._state.fields_cache["root_page"] = _build(model, values)
    return site


def site_by_id(pk):
    """The ``Site`` with this id (its ``root_page`` the specific home page), or ``None``."""
    from wagtail.models import Site

    store = _current()
    entry = store.sites.get(pk)
    if entry is None:
        site = Site.objects.select_related("root_page").filter(pk=pk).first()
        if site is None:
            return None
        entry = _site_entry(store, site)
    return _site_instance(entry)


def site_for_host(hostname, port):
    """Wagtail's ``get_site_for_hostname`` (the site answering this host and port, else ``None``)."""
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    store = _current()
    key = (hostname, port)
    if key in store.hosts:
        pk = store.hosts[key]
        return _site_instance(store.sites[pk]) if pk is not None else None
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        site = None
    entry = _site_entry(store, site) if site is not None else None
    if len(store.hosts) < MAX_HOSTS:
        store.hosts[key] = site.pk if site is not None else None
    return _site_instance(entry) if entry is not None else None


def _find_for_request(request):
    """``Site._find_for_request`` from the copies (Wagtail caches the answer on the request)."""
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0]
    return site_for_host(hostname, request.get_port())


def root_translation(site_id, locale_id, live_only=False):
    """The home page of ``locale_id`` in the site's tree (the root page's translation), or ``None``."""
    entry = _current().sites.get(site_id)
    if entry is None and site_by_id(site_id) is not None:
        entry = _current().sites.get(site_id)
    found = entry.roots.get(locale_id) if entry is not None else None
    if found is None:
        return None
    page = _build(*found)
    return page if page.live or not live_only else None


_UNKNOWN = object()


def localized_root(page):
    """``page.localized_draft`` for a site's root page, from the copies; ``_UNKNOWN`` if not kept."""
    from wagtail.models import Locale

    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return page
    try:
        locale = Locale.get_active()
    except (LookupError, Locale.DoesNotExist):
        return page
    if locale.id == page.locale_id:
        return page
    for entry in _current().sites.values():
        if entry.root_key == page.translation_key:
            found = entry.roots.get(locale.id)
            return _build(*found) if found is not None else page
    return _UNKNOWN


def site_root_paths():
    """``Site.get_site_root_paths()`` from the copies (a new list of Wagtail's ``SiteRootPath``)."""
    store = _current()
    if store.root_paths is None:
        store.root_paths = tuple(_original["get_site_root_paths"]())
    return list(store.root_paths)


def _clear_site_root_paths_cache():
    _original["clear_site_root_paths_cache"]()
    _current().root_paths = None


def page_translations(page):
    """``{locale id: page}``: ``page`` and its translations, in one query per page object.

    Only what a URL, ``.live`` and ``is_private`` need is loaded (``locale`` from the copies). Kept on
    ``page``, so the language switch, the hreflang links and the share tags of one request share it.
    """
    found = getattr(page, "_lokadaya_translations", None)
    if found is None:
        found = {}
        for other in (type(page).objects.filter(translation_key=page.translation_key)
                      .only("id", "path", "depth", "url_path", "slug", "live", "locale", "alias_of",
                            "translation_key", "content_type")):
            found[other.locale_id] = prime_locale(other)
        page._lokadaya_translations = found
    return found


def public_translations(page):
    """``page`` and its translations that visitors may see (live, not in a restricted section), by
    path: what the hreflang links and the share tags list, from ``page_translations``."""
    return [other for other in page_translations(page).values() if other.live and not is_private(other)]


# -- navigation -------------------------------------------------------------------------------

def navigation(request, locale):
    """``{"campaigns": url, "partners": url, "stories": url, "learning": url, "alliances": url}``: the live
    section indexes of ``locale``."""
    from wagtail.models import Site

    site = Site.find_for_request(request) if request is not None else None
    key = (locale.pk, site.pk if site else None, translation.get_language())
    store = _current()
    found = store.nav.get(key)
    if found is None:
        from alliances.models import AllianceIndexPage
        from campaigns.models import CampaignIndexPage
        from learning.models import LearningIndexPage
        from partners.models import OrganisationIndexPage
        from stories.models import StoryIndexPage

        found = {}
        for name, model in (("campaigns", CampaignIndexPage), ("partners", OrganisationIndexPage),
                            ("stories", StoryIndexPage), ("learning", LearningIndexPage),
                            ("alliances", AllianceIndexPage)):
            page = model.objects.live().filter(locale=locale).only("url_path", "path", "depth").first()
            found[name] = page.get_url(request) if page else None
        store.nav[key] = found
    return dict(found)


# -- view restrictions ------------------------------------------------------------------------

class _Restrictions:
    def __init__(self):
        from wagtail.models import Page, PageViewRestriction

        restricted = PageViewRestriction.objects.filter(page=OuterRef("pk"))
        rows = (Page.objects.filter(Q(alias_of__isnull=False) | Q(Exists(restricted)))
                .annotate(restricted=Exists(restricted))
                .values_list("id", "path", "depth", "alias_of_id", "restricted").order_by())
        self.restricted_ids = set()
        self.restricted_paths = set()
        self.restricted_pages = []  # (path, depth, id), for private_q
        self.alias_by_path = {}
        self.alias_by_id = {}
        for pk, path, depth, alias_of_id, is_restricted in rows:
            if is_restricted:
                self.restricted_ids.add(pk)
                self.restricted_paths.add(path)
                self.restricted_pages.append((path, depth, pk))
            if alias_of_id is not None:
                self.alias_by_path[path] = alias_of_id
                self.alias_by_id[pk] = alias_of_id

    def source(self, pk):
        """The page Wagtail checks for ``pk``: the end of its alias chain."""
        seen = set()
        while pk in self.alias_by_id and pk not in seen:
            seen.add(pk)
            pk = self.alias_by_id[pk]
        return pk

    def may_apply(self, page):
        """Whether any restriction may apply to ``page`` (itself, an ancestor, or an alias's source)."""
        if not self.restricted_ids:
            return False
        own = self.source(page.alias_of_id) if page.alias_of_id else page.pk
        if own in self.restricted_ids:
            return True
        steplen = page.steplen
        for end in range(steplen, len(page.path), steplen):
            prefix = page.path[:end]
            alias_of = self.alias_by_path.get(prefix)
            if alias_of is not None:
                if self.source(alias_of) in self.restricted_ids:
                    return True
            elif prefix in self.restricted_paths:
                return True
        return False

    def is_private(self, path, depth):
        """``PageQuerySet.private_q`` for one page: within a restricted page's subtree."""
        return any(path.startswith(r_path) and depth >= r_depth
                   for r_path, r_depth, _pk in self.restricted_pages)


def _restrictions():
    store = _current()
    if store.restrictions is None:
        store.restrictions = _Restrictions()
    return store.restrictions


def is_private(page):
    """Whether ``.public()`` would leave ``page`` out (it lies in a restricted section)."""
    return _restrictions().is_private(page.path, page.depth)


def _get_view_restrictions(page):
    """``Page.get_view_restrictions`` with no query when no restriction can apply."""
    from wagtail.models import PageViewRestriction

    if not page.pk or not page.path or _restrictions().may_apply(page):
        return _original["get_view_restrictions"](page)
    return PageViewRestriction.objects.none()


def _private_q(queryset):
    """``PageQuerySet.private_q`` from the copies: the same ``Q`` Wagtail builds, without its query."""
    q = Q()
    for path, depth, pk in _restrictions().restricted_pages:
        q |= queryset.descendant_of_q(SimpleNamespace(path=path, depth=depth, pk=pk), inclusive=True)
    return q if q else Q(pk__in=[])


# -- signals and installation -----------------------------------------------------------------

#: Page saves that only record a draft revision or a lock: nothing kept here depends on them.
_DRAFT_ONLY_FIELDS = {"latest_revision", "latest_revision_created_at", "draft_title",
                      "has_unpublished_changes", "locked", "locked_by", "locked_at", "live_revision"}


def _page_saved(sender, instance, update_fields=None, **kwargs):
    if not isinstance(instance, _original["Page"]):
        return
    # A site's root pages (depth 2) are kept whole: any save of theirs counts.
    if update_fields and (instance.depth or 0) > 2 and set(update_fields) <= _DRAFT_ONLY_FIELDS:
        return
    _page_changed(instance=instance)


def _page_changed(instance=None, **_signal):
    changed(roots=instance is None or not instance.depth or instance.depth <= 2)


def _page_moved(**_signal):
    changed(roots=True)


_original = {}
_installed = False


def install():
    """Connect the signals and route Wagtail's look-ups through the copies (once per process)."""
    global _installed
    if _installed:
        return
    _installed = True
    from wagtail.models import Locale, Page, PageViewRestriction, Site
    from wagtail.models.i18n import LocaleManager
    from wagtail.models.pages import COMMENTS_RELATION_NAME
    from wagtail.query import PageQuerySet
    from wagtail.signals import page_published, page_unpublished, post_page_move

    _DRAFT_ONLY_FIELDS.add(COMMENTS_RELATION_NAME)
    _original.update(
        Page=Page,
        get_for_language=LocaleManager.get_for_language,
        get_site_root_paths=Site.get_site_root_paths,
        clear_site_root_paths_cache=Site.clear_site_root_paths_cache,
        get_view_restrictions=Page.get_view_restrictions,
        find_for_request=Site._find_for_request,
        private_q=PageQuerySet.private_q,
    )
    LocaleManager.get_for_language = _get_for_language
    Site._find_for_request = staticmethod(_find_for_request)
    Site.get_site_root_paths = staticmethod(site_root_paths)
    Site.clear_site_root_paths_cache = staticmethod(_clear_site_root_paths_cache)
    Page.get_view_restrictions = _get_view_restrictions
    PageQuerySet.private_q = _private_q

    uid = "lokadaya.lookups"
    for model in (Site, Locale, PageViewRestriction):
        post_save.connect(changed, sender=model, dispatch_uid=f"{uid}.save.{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"{uid}.delete.{model.__name__}")
    post_delete.connect(_page_changed, sender=Page, dispatch_uid=f"{uid}.delete.Page")
    post_save.connect(_page_saved, dispatch_uid=f"{uid}.save.page")
    page_published.connect(_page_changed, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_page_changed, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(_page_moved, dispatch_uid=f"{uid}.moved")
    request_started.connect(_on_request_started, dispatch_uid=f"{uid}.request_started")
    request_finished.connect(_on_request_finished, dispatch_uid=f"{uid}.request_finished")
