"""List support-type plugin apps without importing them (safe to call from settings).

A third-party plugin is a pip-installable Django app that declares an entry point in the
group ``lokadaya.plugins`` whose value is its app module, e.g.::

    [project.entry-points."lokadaya.plugins"]
    bookdrive = "lokadaya_bookdrive"
"""
from importlib.metadata import entry_points

ENTRY_POINT_GROUP = "lokadaya.plugins"


def entry_point_apps():
    """Return ``[(entry point name, app module path)]`` for every installed plugin package."""
    return [(ep.name, ep.value.split(":")[0]) for ep in entry_points(group=ENTRY_POINT_GROUP)]


def plugin_apps(builtin, disabled=""):
    """The plugin apps to add to INSTALLED_APPS: built-ins first, then entry points, minus disabled.

    ``disabled`` is a comma-separated list of app modules or entry point names to leave out.
    """
    off = {name.strip() for name in disabled.split(",") if name.strip()}
    apps = [app for app in builtin if app not in off and app.rsplit(".", 1)[-1] not in off]
    for name, module in entry_point_apps():
        if name in off or module in off or module in apps:
            continue
        apps.append(module)
    return apps
