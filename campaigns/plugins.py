"""The plugin manager: loads every support-type plugin and dispatches hooks to it.

Settings list the plugin apps (``LOKADAYA_PLUGIN_APPS``: built-ins, then entry points) without
importing them; ``CampaignsConfig.ready`` calls :func:`load_plugins` once the app registry is
ready. Each app's ``hooks`` module is registered with pluggy. A broken plugin stops start-up
with a :class:`PluginError` that names it, rather than half-working.
"""
import importlib
import logging
import threading

import pluggy
from django.conf import settings

from . import hookspecs
from .types import SupportType

logger = logging.getLogger("lokadaya.plugins")


class PluginError(Exception):
    """A plugin cannot be loaded: the message names the plugin and the problem."""


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
                if info.key in types or info.key == "unavailable":
                    other = apps.get(info.key, "the core")
                    raise PluginError(
                        f"Plugin {app!r}: support type key {info.key!r} is already used by {other!r}."
                    )
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
        """The installed support types, in display order."""
        self._ensure_loaded()
        return list(self.types.values())

    def get(self, key):
        self._ensure_loaded()
        return self.types.get(key)

    def is_installed(self, key):
        self._ensure_loaded()
        return key in self.types


#: The one registry of the process.
registry = Registry()


def load_plugins():
    """Load the plugins listed in settings (called from ``CampaignsConfig.ready``)."""
    registry.load(settings.LOKADAYA_PLUGIN_APPS)
