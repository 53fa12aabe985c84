"""``manage.py translations``: refresh every first-party message catalogue, then compile them all.

Each first-party component keeps its own Indonesian catalogue in ``<component>/locale/id/``:
the core apps (lokadaya, home, regions, sdgs, partners, campaigns, stories, search, and any
other top-level directory with an ``apps.py``) and each built-in plugin under ``plugins/``. For each one, ``makemessages -l id`` runs inside the
component's directory and extracts only that directory's strings. The project-level
``templates/`` directory belongs to ``lokadaya/locale/`` (``settings.LOCALE_PATHS`` points there).
Then every ``.po`` of those components is compiled to its ``.mo`` with ``msgfmt --check-format``.
The ``.mo`` files are committed, so running the site needs no gettext tools; this command does
(``xgettext``, ``msgmerge``, ``msguniq``, ``msgattrib`` and ``msgfmt``, Debian's ``gettext``).

    manage.py translations                  # every component
    manage.py translations home regions     # only these
    manage.py translations --compile-only   # recompile, do not re-extract
"""
import contextlib
import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands import makemessages

LANGUAGE = "id"
CORE_COMPONENTS = ["lokadaya", "home", "regions", "sdgs", "partners", "campaigns", "stories", "search"]
#: Directories whose strings go to another component's catalogue: {component: [extra dirs]}.
EXTRA_SOURCES = {"lokadaya": ["templates"]}
#: Never extracted: the tests' own strings are not interface strings.
IGNORE = ["tests", "node_modules"]

PO_HEADER = """\
# Indonesian translation of Lokadaya ({component}).
# This file is distributed under the same license as the Lokadaya package.
#
msgid ""
msgstr ""
"Project-Id-Version: Lokadaya\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: \\n"
"PO-Revision-Date: \\n"
"Last-Translator: Lokadaya\\n"
"Language-Team: Indonesian\\n"
"Language: id\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""


def base_dir():
    return Path(settings.BASE_DIR)


def components():
    """``{name: directory}`` of every first-party component, core apps then plugins."""
    root = base_dir()
    found = {name: root / name for name in CORE_COMPONENTS if (root / name).is_dir()}
    # Any other first-party Django app at the top level (one with an apps.py).
    for path in sorted(root.iterdir()):
        if (path.is_dir() and path.name not in found and not path.name.startswith((".", "_"))
                and (path / "apps.py").exists()):
            found[path.name] = path
    plugins = root / "plugins"
    if plugins.is_dir():
        for path in sorted(plugins.iterdir()):
            if (path.is_dir() and not path.name.startswith((".", "_"))
                    and ((path / "apps.py").exists() or (path / "__init__.py").exists())):
                found[f"plugins/{path.name}"] = path
    return found


class Extract(makemessages.Command):
    """``makemessages`` for one component: only its own files, all into its own catalogue.

    Plain ``makemessages`` run with settings would also look at ``LOCALE_PATHS`` and send any
    file it cannot place to ``lokadaya/locale``; here every file of the component (and of its
    extra source directories, such as ``templates/`` for lokadaya) goes to ``<component>/locale``.
    """

    def __init__(self, *args, locale_dir, extra_dirs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.target_locale_dir = os.path.abspath(locale_dir)
        self.extra_dirs = list(extra_dirs)

    def find_files(self, root):
        files = super().find_files(root)
        for extra in self.extra_dirs:
            # Walk it under its relative name ("../templates"), which Django's ignore patterns
            # would take for a hidden directory (".*"); the tree is walked here instead.
            start = Path(extra)
            for dirpath, dirnames, filenames in os.walk(start):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")) and d not in IGNORE)
                for filename in sorted(filenames):
                    if os.path.splitext(filename)[1] in self.extensions:
                        files.append(self.translatable_file_class(dirpath, filename, self.target_locale_dir))
        for translatable in files:
            translatable.locale_dir = self.target_locale_dir
        self.locale_paths = [self.target_locale_dir]
        self.default_locale_path = self.target_locale_dir
        return sorted(files)


@contextlib.contextmanager
def working_directory(path):
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


class Command(BaseCommand):
    help = ("Extract each first-party app's and plugin's messages into its own locale/id catalogue "
            "(makemessages -l id inside the app), then compile every catalogue to .mo.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("components", nargs="*", metavar="component",
                            help="Only these components (e.g. home, regions, plugins/donation).")
        parser.add_argument("--compile-only", action="store_true", help="Do not re-extract; only compile.")
        parser.add_argument("--list", action="store_true", dest="list_only",
                            help="List the components and stop.")

    def handle(self, *args, compile_only, list_only, **options):
        every = components()
        if list_only:
            for name, path in every.items():
                self.stdout.write(f"{name}\t{path.relative_to(base_dir())}")
            return
        wanted = [name.rstrip("/") for name in options["components"]]
        unknown = [name for name in wanted if name not in every]
        if unknown:
            raise CommandError(f"Unknown component(s): {', '.join(unknown)}. Known: {', '.join(every)}.")
        selected = {name: every[name] for name in wanted} if wanted else every

        tools = ["msgfmt"] if compile_only else ["xgettext", "msgmerge", "msguniq", "msgattrib", "msgfmt"]
        missing = [tool for tool in tools if shutil.which(tool) is None]
        if missing:
            raise CommandError(f"Needs GNU gettext ({', '.join(missing)} not found): apt-get install gettext.")

        verbosity = options["verbosity"]
        for name, path in selected.items():
            if not compile_only:
                self.extract(name, path, verbosity)
            self.compile(name, path, verbosity)

    def extract(self, name, path, verbosity):
        locale_dir = path / "locale"
        po = locale_dir / LANGUAGE / "LC_MESSAGES" / "django.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        if not po.exists():
            # A clean header (Indonesian has one plural form); msgmerge fills in the messages.
            po.write_text(PO_HEADER.format(component=name), encoding="utf-8")
        extra = [os.path.relpath(base_dir() / d, path) for d in EXTRA_SOURCES.get(name, ())]
        with working_directory(path):
            command = Extract(locale_dir=locale_dir, extra_dirs=extra)
            call_command(command, locale=[LANGUAGE], no_obsolete=True, ignore_patterns=list(IGNORE),
                         verbosity=max(verbosity - 1, 0))
        if verbosity:
            self.stdout.write(f"{name}: {po.relative_to(base_dir())} updated")

    def compile(self, name, path, verbosity):
        for po in sorted((path / "locale").glob("*/LC_MESSAGES/*.po")):
            mo = po.with_suffix(".mo")
            result = subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)],
                                    capture_output=True, text=True)
            if result.returncode != 0:
                raise CommandError(f"msgfmt failed on {po}:\n{result.stderr}")
            if verbosity:
                self.stdout.write(f"{name}: {mo.relative_to(base_dir())} compiled")
