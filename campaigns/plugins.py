"""The plugin manager: loads every support-type plugin and dispatches hooks to it.

Settings list the plugin apps (``LOKADAYA_PLUGIN_APPS``: built-ins, then entry points) without
importing them; ``CampaignsConfig.ready`` calls :func:`load_plugins` once the app registry is
ready. Each app's ``hooks`` module is registered with pluggy. A broken plugin stops start-up
with a :class:`PluginError` that names it (its app module and, for an installed package, its
distribution and version), rather than half-working: a hook missing or misspelt, a type key
taken twice, or a ``lokadaya_versions`` range that leaves out the running Lokadaya.

Installed is not enabled: national admins switch a type off for the whole site without a deploy
(``campaigns.models.SupportTypeSettings``). Invariants:

* ``support_types()`` and ``is_enabled()`` leave switched-off types out, so everything offered to
  the public (asks, pledge forms, facets, the API) behaves as if the plugin were uninstalled;
  ``installed_types()``, ``get()``, ``is_installed()`` and hook calls still see them, so asks'
  content, URL patterns and the OMS's records of a switched-off type stay intact.
* The switched-off keys are read from the shared cache (one cache read, no SQL), filled from the
  setting's row on a miss and deleted whenever the setting is saved or deleted.
"""
import importlib
import logging
import threading
from dataclasses import dataclass

import pluggy
from django.conf import settings

from lokadaya import request_reads

from . import hookspecs
from .types import SupportType

logger = logging.getLogger("lokadaya.plugins")

#: Where the switched-off type keys are kept in the shared cache (``django.core.cache.cache``).
DISABLED_CACHE_KEY = "campaigns:disabled_types"
request_reads.register(DISABLED_CACHE_KEY)
#: A safety net only: saving the setting deletes the key at once.
DISABLED_CACHE_SECONDS = 3600

BUILTIN, ENTRY_POINT, SETTINGS = "built in", "entry point", "settings"


class PluginError(Exception):
    """A plugin cannot be loaded: the message names the plugin and the problem."""


@dataclass(frozen=True)
class PluginOrigin:
    """Where a plugin app comes from: built in, an installed package's entry point, or settings."""

    app: str
    source: str  # BUILTIN, ENTRY_POINT or SETTINGS
    distribution: str = ""  # the package's name, for an entry point
    version: str = ""  # the package's version; Lokadaya's for a built-in
    entry_point: str = ""

    def __str__(self):
        if self.source == ENTRY_POINT:
            package = f"{self.distribution} {self.version}".strip()
            return f"{self.app!r} ({package + ', ' if package else ''}entry point)"
        if self.source == BUILTIN:
            return f"{self.app!r} (built in)"
        return f"{self.app!r} (listed in settings)"

    @property
    def remedy(self):
        """How to take this plugin away: uninstall its package, or leave it out by environment."""
        if self.source == ENTRY_POINT and self.distribution:
            return f"pip uninstall {self.distribution}"
        return f"LOKADAYA_DISABLED_PLUGINS={self.entry_point or self.app}"


def plugin_origin(app):
    """The :class:`PluginOrigin` of the plugin app module ``app``."""
    import lokadaya

    for entry_point in _entry_points():
        if entry_point.value.split(":")[0] == app:
            dist = entry_point.dist
            name = (dist.metadata["Name"] or "") if dist is not None else ""
            version = (dist.version or "") if dist is not None else ""
            return PluginOrigin(app, ENTRY_POINT, name, version, entry_point.name)
    if app in getattr(settings, "BUILTIN_PLUGIN_APPS", ()) or app.startswith("plugins."):
        return PluginOrigin(app, BUILTIN, "lokadaya", lokadaya.__version__)
    return PluginOrigin(app, SETTINGS)


def _entry_points():
    from importlib.metadata import entry_points

    from .discovery import ENTRY_POINT_GROUP

    return list(entry_points(group=ENTRY_POINT_GROUP))


def check_lokadaya_versions(app, info, running=None):
    """Refuse a plugin whose ``lokadaya_versions`` leaves out the running Lokadaya (or cannot be read)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    wanted = (info.lokadaya_versions or "").strip()
    if not wanted:
        return
    if running is None:
        import lokadaya

        running = lokadaya.__version__
    origin = plugin_origin(app)
    try:
        specifier = SpecifierSet(wanted)
    except InvalidSpecifier as exc:
        raise PluginError(
            f"Plugin {origin}: lokadaya_versions={wanted!r} is not a valid version range ({exc}). "
            f"Write a PEP 440 specifier such as '>=0.2,<1'."
        ) from exc
    try:
        version = Version(running)
    except InvalidVersion:
        return  # a checkout with an odd version string: nothing to compare against
    # A development or release-candidate Lokadaya counts as its version (0.4.0.dev1 is ">=0.3,<1").
    if not specifier.contains(version, prereleases=True):
        raise PluginError(
            f"Plugin {origin} supports Lokadaya {wanted} but this site runs Lokadaya {running}. "
            f"Install a version of the plugin made for Lokadaya {running}, or leave it out "
            f"({origin.remedy})."
        )


class Registry:
    """The loaded support types, by key, in display order."""

    def __init__(self):
        self.manager = None
        self.types = {}  # key -> SupportType
        self.plugins = {}  # key -> the registered hooks module
        self.apps = {}  # key -> app module path
        self._callers = {}  # (manager, key, hook name) -> pluggy's caller of that plugin alone
        self._implemented = {}  # (manager, key) -> names of the hooks it implements
        self._lock = threading.Lock()

    # -- loading --------------------------------------------------------------------------

    def load(self, app_modules):
        """Register the ``hooks`` module of each app in ``app_modules``; idempotent."""
        with self._lock:
            if self.manager is not None:
                return
            manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
            manager.add_hookspecs(hookspecs)
            types, plugins, apps = {}, {}, {}
            for app in app_modules:
                module_path = f"{app}.hooks"
                try:
                    module = importlib.import_module(module_path)
                except Exception as exc:
                    raise PluginError(
                        f"Plugin {app!r}: cannot import {module_path!r}: {type(exc).__name__}: {exc}"
                    ) from exc
                try:
                    manager.register(module, name=app)
                except pluggy.PluginValidationError as exc:
                    raise PluginError(f"Plugin {app!r}: {exc}") from exc
                implemented = {caller.name for caller in manager.get_hookcallers(module) or []}
                missing = [h for h in hookspecs.REQUIRED_HOOKS if h not in implemented]
                if missing:
                    raise PluginError(
                        f"Plugin {app!r} does not implement the required hook(s): {', '.join(missing)}."
                    )
                info = self._call_one(manager, module, "support_type")
                if not isinstance(info, SupportType):
                    raise PluginError(
                        f"Plugin {app!r}: support_type() must return campaigns.types.SupportType, "
                        f"got {type(info).__name__}."
                    )
                if not info.key.isidentifier():
                    raise PluginError(f"Plugin {app!r}: type key {info.key!r} is not an identifier.")
                if info.key == "unavailable":
                    raise PluginError(
                        f"Plugin {plugin_origin(app)}: support type key {info.key!r} is already used by "
                        f"'the core' (it keeps asks whose plugin is not installed). Rename the type's key."
                    )
                if info.key in types:
                    first, second = plugin_origin(apps[info.key]), plugin_origin(app)
                    raise PluginError(
                        f"Support type key {info.key!r} is declared by two plugins: {first} and {second}. "
                        f"Rename one type's key or uninstall one of them ({first.remedy} or {second.remedy})."
                    )
                check_lokadaya_versions(app, info)
                types[info.key], plugins[info.key], apps[info.key] = info, module, app
            try:
                manager.check_pending()  # a hookimpl with no spec: a typo in a hook name
            except pluggy.PluginValidationError as exc:
                raise PluginError(str(exc)) from exc
            self.types = dict(sorted(types.items(), key=lambda kv: (kv[1].order, kv[0])))
            self.plugins, self.apps = plugins, apps
            self.manager = manager
            logger.debug("Loaded support types: %s", ", ".join(self.types))

    def reset(self):
        """Forget every plugin (tests that load a different set)."""
        with self._lock:
            self.manager, self.types, self.plugins, self.apps = None, {}, {}, {}
            self._callers, self._implemented = {}, {}

    # -- calling --------------------------------------------------------------------------

    @staticmethod
    def _call_one(manager, module, hook_name, **kwargs):
        others = [p for p in manager.get_plugins() if p is not module]
        caller = manager.subset_hook_caller(hook_name, remove_plugins=others)
        results = caller(**kwargs)
        return results[0] if results else None

    def call(self, key, hook_name, **kwargs):
        """Call ``hook_name`` on the plugin of support type ``key`` only; None if not implemented."""
        self._ensure_loaded()
        manager = self.manager
        caller = self._callers.get((manager, key, hook_name))
        if caller is None:
            # Built once per type and hook: a campaign page calls hooks dozens of times.
            others = [p for p in manager.get_plugins() if p is not self.plugins[key]]
            caller = self._callers[(manager, key, hook_name)] = manager.subset_hook_caller(
                hook_name, remove_plugins=others)
        results = caller(**kwargs)
        return results[0] if results else None

    def implements(self, key, hook_name):
        self._ensure_loaded()
        known = self._implemented.get((self.manager, key))
        if known is None:
            callers = self.manager.get_hookcallers(self.plugins[key]) or []
            known = self._implemented[(self.manager, key)] = frozenset(c.name for c in callers)
        return hook_name in known

    @property
    def hook(self):
        """Broadcast hooks: ``registry.hook.pledge_recorded(record=...)``."""
        self._ensure_loaded()
        return self.manager.hook

    def _ensure_loaded(self):
        if self.manager is None:
            self.load(settings.LOKADAYA_PLUGIN_APPS)

    # -- what the core asks ---------------------------------------------------------------

    def support_types(self):
        """The enabled support types (installed, not switched off), in display order."""
        self._ensure_loaded()
        disabled = self.disabled_keys() if self.types else frozenset()
        return [t for key, t in self.types.items() if key not in disabled]

    def get(self, key):
        self._ensure_loaded()
        return self.types.get(key)

    def is_installed(self, key):
        """Its plugin is loaded (switched off or not)."""
        self._ensure_loaded()
        return key in self.types

    def installed_types(self):
        """Every loaded support type, switched off or not, in display order (the asks' blocks, URLs)."""
        self._ensure_loaded()
        return list(self.types.values())

    def implemented_hooks(self, key):
        """The names of the hooks the plugin of ``key`` implements, sorted."""
        self._ensure_loaded()
        return sorted(c.name for c in self.manager.get_hookcallers(self.plugins[key]) or [])

    # -- switched off by national admins --------------------------------------------------

    def disabled_keys(self):
        """The keys national admins switched off (``SupportTypeSettings``).

        No round trip of its own in a request (read with the request's other keys when it starts,
        ``request_reads``, however often a campaign page or a pledge asks), one per call outside
        requests; SQL only when the cache lost the key."""
        keys = request_reads.get(DISABLED_CACHE_KEY)
        if keys is None:
            keys = _read_disabled_setting()
            if keys is None:
                return frozenset()  # no table yet (before migrate): nothing is switched off
            request_reads.set(DISABLED_CACHE_KEY, keys, DISABLED_CACHE_SECONDS)
        return frozenset(keys)

    def is_enabled(self, key, disabled=None):
        """Installed and not switched off. ``disabled``: ``disabled_keys()`` already read."""
        self._ensure_loaded()
        if key not in self.types:
            return False
        return key not in (self.disabled_keys() if disabled is None else disabled)


def _read_disabled_setting():
    """The switched-off keys from the setting's row (``[]`` without a row); None without the table."""
    from django.db import DatabaseError, transaction

    from .models import SupportTypeSettings

    try:
        # A savepoint, so a missing table (migrations not run yet) leaves an outer transaction usable.
        with transaction.atomic():
            value = SupportTypeSettings.objects.order_by("pk").values_list("disabled_types", flat=True).first()
    except DatabaseError:
        return None
    return sorted({str(key) for key in value or [] if key})


def clear_disabled_cache():
    """Forget the switched-off keys here and, once the change commits, again (a reader in between
    would have put the old row back)."""
    from django.db import transaction

    request_reads.delete(DISABLED_CACHE_KEY)
    transaction.on_commit(lambda: request_reads.delete(DISABLED_CACHE_KEY))


#: The one registry of the process.
registry = Registry()


def load_plugins():
    """Load the plugins listed in settings (called from ``CampaignsConfig.ready``)."""
    registry.load(settings.LOKADAYA_PLUGIN_APPS)
