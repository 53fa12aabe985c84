"""``manage.py plugins``: the installed support types, where each comes from and whether it is on.

Lists every loaded type (key, name, app module, built in / entry point / settings, distribution and
version, the Lokadaya versions it supports, the hooks it implements, enabled or switched off by
national admins), then the plugin apps left out by ``LOKADAYA_DISABLED_PLUGINS``. ``--json`` gives
the same for machines. Reads only; changes nothing.
"""
import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.encoding import force_str

from campaigns.plugins import ENTRY_POINT, plugin_origin, registry


def plugin_rows():
    """``(installed, left_out)``: dicts describing the loaded types, and the plugin apps left out."""
    import lokadaya

    disabled = registry.disabled_keys()
    installed = []
    for support_type in registry.installed_types():
        app = registry.apps[support_type.key]
        origin = plugin_origin(app)
        installed.append({
            "key": support_type.key,
            "name": force_str(support_type.name),
            "app": app,
            "source": origin.source,
            "distribution": origin.distribution if origin.source == ENTRY_POINT else "lokadaya",
            "version": origin.version if origin.source == ENTRY_POINT else lokadaya.__version__,
            "lokadaya_versions": support_type.lokadaya_versions or "",
            "hooks": registry.implemented_hooks(support_type.key),
            "enabled": support_type.key not in disabled,
        })
    loaded = set(registry.apps.values())
    candidates = list(getattr(settings, "BUILTIN_PLUGIN_APPS", []))
    from campaigns.discovery import entry_point_apps

    candidates += [module for _name, module in entry_point_apps() if module not in candidates]
    left_out = []
    for app in candidates:
        if app in loaded:
            continue
        origin = plugin_origin(app)
        left_out.append({"app": app, "source": origin.source, "distribution": origin.distribution,
                         "version": origin.version, "entry_point": origin.entry_point})
    return installed, left_out


class Command(BaseCommand):
    requires_system_checks = []  # a read-only listing; `manage.py check` reports the checks
    help = "List the installed support-type plugins, their versions, hooks and whether each is switched on."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args, **options):
        import lokadaya

        installed, left_out = plugin_rows()
        if options["json"]:
            self.stdout.write(json.dumps({"lokadaya_version": lokadaya.__version__, "support_types": installed,
                                          "disabled_by_environment": left_out}, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"Lokadaya {lokadaya.__version__}: {len(installed)} support type(s) installed.")
        for row in installed:
            state = "enabled" if row["enabled"] else "SWITCHED OFF (site setting)"
            self.stdout.write("")
            self.stdout.write(f"{row['key']}  {row['name']}  [{state}]")
            self.stdout.write(f"  app:       {row['app']} ({row['source']})")
            self.stdout.write(f"  package:   {row['distribution']} {row['version']}")
            self.stdout.write(f"  Lokadaya:  {row['lokadaya_versions'] or 'any version'}")
            self.stdout.write(f"  hooks:     {', '.join(row['hooks'])}")
        if left_out:
            self.stdout.write("")
            self.stdout.write("Left out by LOKADAYA_DISABLED_PLUGINS:")
            for row in left_out:
                package = f", {row['distribution']} {row['version']}" if row["distribution"] else ""
                self.stdout.write(f"  {row['app']} ({row['source']}{package})")
