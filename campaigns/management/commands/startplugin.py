"""``manage.py startplugin NAME``: scaffold a new support type whose generated tests pass as generated.

By default the plugin is a built-in app at ``plugins/NAME/`` (add ``"plugins.NAME"`` to
``BUILTIN_PLUGIN_APPS``). With ``--target DIR`` it is a standalone, pip-installable package in DIR:
``pyproject.toml`` declaring the ``lokadaya.plugins`` entry point, and the app ``lokadaya_NAME``.

The app has its models, an initial migration (written by ``makemigrations`` run for the new app in
a child process, so it matches the models exactly), its ask block, form, view, hook
implementations, templates, an Indonesian translation (``.po`` and compiled ``.mo``) and tests.
The files come from ``campaigns/scaffold/``.
"""
import importlib.util
import keyword
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from campaigns.blocks import UNAVAILABLE
from campaigns.discovery import entry_point_apps
from campaigns.plugins import registry

SCAFFOLD_DIR = Path(__file__).resolve().parent.parent.parent / "scaffold"
#: The directory holding the project's packages (``campaigns``, ``lokadaya``...).
PROJECT_DIR = SCAFFOLD_DIR.parent.parent
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
PLACEHOLDER = re.compile(r"\[\[(\w+)\]\]")
#: Characters a label may not hold: they would need escaping in Python strings, .po files or templates.
LABEL_FORBIDDEN = set('"\\{}%<>\n\r\t[]')


def camel_case(name):
    return "".join(part.capitalize() for part in name.split("_") if part)


def render(text, context, source):
    def replace(match):
        try:
            return context[match.group(1)]
        except KeyError:
            raise CommandError(f"Scaffold file {source} uses an unknown placeholder [[{match.group(1)}]].") from None

    return PLACEHOLDER.sub(replace, text)


def copy_tree(source_dir, destination, context, skip=()):
    """Render every ``*-tpl`` file of ``source_dir`` (but those under ``skip``) into ``destination``."""
    written = []
    for source in sorted(source_dir.rglob("*-tpl")):
        if source.relative_to(source_dir).parts[0] in skip:
            continue
        relative = render(str(source.relative_to(source_dir))[: -len("-tpl")], context, source)
        path = destination / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(source.read_text(encoding="utf-8"), context, source), encoding="utf-8")
        written.append(path)
    return written


def compile_messages(locale_dir):
    """Compile every ``django.po`` under ``locale_dir`` to ``django.mo`` (polib: no gettext tools needed)."""
    import polib

    for po_path in Path(locale_dir).rglob("django.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


def settings_with_app(settings_module, app_module, app_dir):
    """Source of a settings module: ``settings_module`` plus the plugin app ``app_module``.

    Used to run ``makemigrations`` (and tests) for a plugin before it is listed in the real
    settings. An app under a ``plugins/`` directory other than the project's is made importable
    as ``plugins.<name>`` by extending the ``plugins`` package's path.
    """
    app_dir = Path(app_dir)
    extend_path = (
        "import plugins\n"
        f"if {str(app_dir.parent)!r} not in plugins.__path__:\n"
        f"    plugins.__path__.append({str(app_dir.parent)!r})\n"
    ) if app_module.startswith("plugins.") else ""
    return (
        f"from {settings_module} import *  # noqa: F401,F403\n"
        f"from {settings_module} import INSTALLED_APPS, LOKADAYA_PLUGIN_APPS\n"
        f"{extend_path}"
        f"LOKADAYA_PLUGIN_APPS = [*LOKADAYA_PLUGIN_APPS, {app_module!r}]\n"
        "_last = max([INSTALLED_APPS.index(a) for a in LOKADAYA_PLUGIN_APPS[:-1] if a in INSTALLED_APPS],\n"
        "            default=len(INSTALLED_APPS) - 1)\n"
        f"INSTALLED_APPS = [*INSTALLED_APPS[:_last + 1], {app_module!r}, *INSTALLED_APPS[_last + 1:]]\n"
    )


class Command(BaseCommand):
    help = ("Scaffold a new support-type plugin NAME: in plugins/NAME/ (a built-in app), or with "
            "--target DIR as a pip-installable package declaring the lokadaya.plugins entry point.")

    def add_arguments(self, parser):
        parser.add_argument("name", help="The support type's key: lowercase letters, digits and _, e.g. toolshare.")
        parser.add_argument("--target", help="Make a standalone package in this (new or empty) directory.")
        parser.add_argument("--label", help="The type's English name, e.g. “Tool library” (default: from NAME).")
        parser.add_argument("--label-id", dest="label_id",
                            help="The type's Indonesian name, e.g. “Perpustakaan Alat” (default: the label).")
        parser.add_argument("--no-migration", action="store_true",
                            help="Do not run makemigrations for the new app (write the migration yourself).")

    # -- checks ---------------------------------------------------------------------------

    def validate_name(self, name):
        if not NAME_PATTERN.match(name or ""):
            raise CommandError(
                f"{name!r} is not a valid plugin name: use 2 to 40 lowercase letters, digits and underscores, "
                "starting with a letter (it becomes the type key, the app label and part of URLs), e.g. toolshare."
            )
        if keyword.iskeyword(name) or name == UNAVAILABLE:
            raise CommandError(f"{name!r} cannot be a plugin name: it is reserved.")
        if registry.get(name) is not None:
            raise CommandError(
                f"{name!r} is already a support type key, used by {registry.apps.get(name, 'an installed plugin')!r}. "
                "Choose another name."
            )
        if name in {ep_name for ep_name, _module in entry_point_apps()}:
            raise CommandError(f"{name!r} is already the name of an installed plugin package's entry point.")
        labels = {config.label for config in apps.get_app_configs()}
        if name in labels or any(config.name == name for config in apps.get_app_configs()):
            raise CommandError(f"{name!r} is already the label of an installed Django app. Choose another name.")

    @staticmethod
    def validate_label(label, option):
        if not label.strip() or len(label) > 60 or set(label) & LABEL_FORBIDDEN:
            raise CommandError(f"{option} must be 1 to 60 characters, without quotes, backslashes, braces, "
                               "brackets, % or line breaks.")

    @staticmethod
    def check_destination(path):
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise CommandError(f"{path} already exists and is not empty: choose a new directory.")

    # -- the work -------------------------------------------------------------------------

    def handle(self, *args, name, target, label, label_id, no_migration, **options):
        name = (name or "").strip()
        self.validate_name(name)
        label = (label or name.replace("_", " ").capitalize()).strip()
        label_id = (label_id or label).strip()
        self.validate_label(label, "--label")
        self.validate_label(label_id, "--label-id")

        if target:
            package_dir = Path(target).expanduser().resolve()
            app_module = f"lokadaya_{name}"
            app_dir = package_dir / app_module
            self.check_destination(package_dir)
            if importlib.util.find_spec(app_module) is not None:
                raise CommandError(f"A module named {app_module!r} is already importable: choose another name.")
            python_path = package_dir
        else:
            package_dir = None
            app_module = f"plugins.{name}"
            app_dir = Path(settings.BASE_DIR) / "plugins" / name
            self.check_destination(app_dir)
            python_path = None

        context = {
            "key": name,
            "app_module": app_module,
            "Class": camel_case(name),
            "Model": f"{camel_case(name)}Pledge",
            "label": label,
            "label_id": label_id,
            "dist_name": f"lokadaya-{name.replace('_', '-')}",
            "index_name": f"{name[:20]}_cas_idx",
        }

        written = copy_tree(SCAFFOLD_DIR / "app", app_dir, context)
        if package_dir is not None:
            written += copy_tree(SCAFFOLD_DIR / "package" / "app", app_dir, context)
            written += copy_tree(SCAFFOLD_DIR / "package", package_dir, context, skip=("app",))
        compile_messages(app_dir / "locale")

        if not no_migration:
            self.make_migration(name, app_module, app_dir, python_path)

        self.stdout.write(self.style.SUCCESS(
            f"Created the support type {name!r} ({label}) in {package_dir or app_dir}: {len(written)} files "
            "and the initial migration." if not no_migration else
            f"Created the support type {name!r} ({label}) in {package_dir or app_dir}: {len(written)} files."))
        self.stdout.write(self.next_steps(name, app_module, app_dir, package_dir))

    def make_migration(self, name, app_module, app_dir, python_path):
        """Run ``makemigrations NAME`` in a child process whose settings add the new app."""
        settings_module = os.environ.get("DJANGO_SETTINGS_MODULE") or settings.SETTINGS_MODULE
        with tempfile.TemporaryDirectory(prefix="startplugin-") as tmp:
            Path(tmp, "_startplugin_settings.py").write_text(
                settings_with_app(settings_module, app_module, app_dir), encoding="utf-8")
            env = dict(os.environ, DJANGO_SETTINGS_MODULE="_startplugin_settings")
            paths = [tmp, str(PROJECT_DIR), *([str(python_path)] if python_path else []),
                     *filter(None, [os.environ.get("PYTHONPATH")])]
            env["PYTHONPATH"] = os.pathsep.join(paths)
            result = subprocess.run(
                [sys.executable, "-m", "django", "makemigrations", name, "--noinput"],
                cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600,
            )
        if result.returncode != 0 or not (app_dir / "migrations" / "0001_initial.py").exists():
            raise CommandError(
                f"The files are in {app_dir}, but makemigrations for {name!r} failed:\n{result.stdout}{result.stderr}\n"
                f"Fix the problem, enable the app and run: manage.py makemigrations {name}"
            )

    @staticmethod
    def next_steps(name, app_module, app_dir, package_dir):
        if package_dir is None:
            return (
                "\nNext:\n"
                f"  1. Add \"{app_module}\" to BUILTIN_PLUGIN_APPS in lokadaya/settings/base.py.\n"
                f"  2. python manage.py migrate {name}\n"
                f"  3. python -m pytest {app_dir}\n"
                f"  4. Give the ask, the record and the form what {name} needs; see docs/plugins.md.\n"
            )
        return (
            "\nNext:\n"
            f"  1. pip install -e {package_dir}   (into this site's virtualenv; the entry point does the rest)\n"
            f"  2. python manage.py migrate {name}\n"
            f"  3. cd {package_dir} && python -m pytest\n"
            f"  4. Give the ask, the record and the form what {name} needs; see docs/plugins.md.\n"
        )

