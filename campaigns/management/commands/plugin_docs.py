"""``manage.py plugin_docs [--check]``: write the hook reference of ``docs/plugins.md`` from hookspecs.py.

The section between ``<!-- hooks:start -->`` and ``<!-- hooks:end -->`` is generated from each
hook specification's name, signature and docstring, grouped under the ``# --- Group ---`` comments
of ``campaigns/hookspecs.py``. Change a hook there, then run this command; ``--check`` (and
``tests/test_plugin_docs.py``) fails while the guide is out of step.
"""
import inspect
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns import hookspecs

START = "<!-- hooks:start -->"
END = "<!-- hooks:end -->"
DOCS_PATH = Path(__file__).resolve().parents[3] / "docs" / "plugins.md"
GROUP_COMMENT = re.compile(r"^# -+ (?P<title>.+?) -*$")


def hook_specs():
    """``[(group, name, function)]`` of every hook specification, in the order of hookspecs.py."""
    marker = f"{hookspecs.PROJECT_NAME}_spec"
    specs = [(name, obj) for name, obj in vars(hookspecs).items()
             if inspect.isfunction(obj) and hasattr(obj, marker)]
    specs.sort(key=lambda item: item[1].__code__.co_firstlineno)
    source_lines = inspect.getsource(hookspecs).splitlines()
    groups = [(number, match.group("title")) for number, line in enumerate(source_lines, start=1)
              if (match := GROUP_COMMENT.match(line))]
    result = []
    for name, function in specs:
        line = function.__code__.co_firstlineno
        group = next((title for number, title in reversed(groups) if number < line), "")
        result.append((group, name, function))
    return result


def markdown_docstring(function):
    """The docstring as Markdown: reST's ``literal`` becomes `literal`."""
    return inspect.cleandoc(function.__doc__ or "").replace("``", "`")


def render_hooks():
    """The generated hook reference (what goes between the markers)."""
    lines = [
        "<!-- Generated from campaigns/hookspecs.py by `manage.py plugin_docs`: edit the docstrings there. -->",
        "",
        "Required: " + ", ".join(f"`{name}`" for name in hookspecs.REQUIRED_HOOKS) + ". "
        "Every other hook is optional.",
    ]
    current_group = None
    for group, name, function in hook_specs():
        if group != current_group:
            lines += ["", f"### {group}"]
            current_group = group
        lines += ["", f"#### `{name}{inspect.signature(function)}`", "", markdown_docstring(function)]
    return "\n".join(lines) + "\n"


def replace_section(text, generated):
    """``text`` with the part between the markers replaced by ``generated``."""
    if text.count(START) != 1 or text.count(END) != 1 or text.index(START) > text.index(END):
        raise CommandError(f"{DOCS_PATH} must hold one {START} followed by one {END}.")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n{generated}{END}{tail}"


def current_section(text):
    """What is between the markers now."""
    return text.split(START, 1)[1].split(END, 1)[0].lstrip("\n")


class Command(BaseCommand):
    help = "Regenerate the hook reference in docs/plugins.md from campaigns/hookspecs.py (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Exit with an error if docs/plugins.md is out of step; change nothing.")

    def handle(self, *args, check, **options):
        text = DOCS_PATH.read_text(encoding="utf-8")
        updated = replace_section(text, render_hooks())
        if updated == text:
            self.stdout.write("docs/plugins.md is in step with campaigns/hookspecs.py.")
            return
        if check:
            raise CommandError("docs/plugins.md is out of step with campaigns/hookspecs.py: "
                               "run `python manage.py plugin_docs`.")
        DOCS_PATH.write_text(updated, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS("Updated the hook reference in docs/plugins.md."))
