"""docs/plugins.md, the plugin developer's guide, is kept in step with campaigns/hookspecs.py.

Its hook reference (between ``<!-- hooks:start -->`` and ``<!-- hooks:end -->``) is generated
from the hook specifications' names, signatures and docstrings by ``manage.py plugin_docs``.
"""
import inspect
import re

import pytest
from django.core.management import CommandError, call_command

from campaigns import hookspecs
from campaigns.management.commands import plugin_docs

GUIDE = plugin_docs.DOCS_PATH


def guide():
    return GUIDE.read_text(encoding="utf-8")


def test_hook_reference_is_what_hookspecs_generates():
    assert plugin_docs.current_section(guide()) == plugin_docs.render_hooks(), (
        "docs/plugins.md's hook reference is out of step with campaigns/hookspecs.py: "
        "run `python manage.py plugin_docs`.")


def test_check_command_agrees(capsys):
    call_command("plugin_docs", check=True)
    assert "in step" in capsys.readouterr().out


def test_every_hook_is_documented_with_its_signature_and_docstring():
    section = plugin_docs.current_section(guide())
    specs = {name: function for _group, name, function in plugin_docs.hook_specs()}
    declared = {name for name, obj in vars(hookspecs).items()
                if inspect.isfunction(obj) and hasattr(obj, f"{hookspecs.PROJECT_NAME}_spec")}
    assert set(specs) == declared and len(declared) >= 11
    headings = re.findall(r"^#### `(\w+)\((.*)\)`$", section, flags=re.MULTILINE)
    assert [name for name, _args in headings] == list(specs)  # in hookspecs.py's order, each once
    for name, args in headings:
        assert f"({args})" == str(inspect.signature(specs[name]))
        first_line = inspect.cleandoc(specs[name].__doc__).splitlines()[0].replace("``", "`")
        assert first_line in section
    for required in hookspecs.REQUIRED_HOOKS:
        assert f"`{required}`" in section.split("\n\n")[1]  # the "Required: ..." line


def test_a_changed_docstring_makes_the_guide_out_of_step(monkeypatch, tmp_path):
    copy = tmp_path / "plugins.md"
    copy.write_text(guide(), encoding="utf-8")
    monkeypatch.setattr(plugin_docs, "DOCS_PATH", copy)
    monkeypatch.setattr(hookspecs.supporter_wall, "__doc__", "Return the wall.\n\nA new sentence.")

    with pytest.raises(CommandError, match="out of step"):
        call_command("plugin_docs", check=True)
    assert copy.read_text(encoding="utf-8") == guide()  # --check changes nothing

    call_command("plugin_docs")
    updated = copy.read_text(encoding="utf-8")
    assert "A new sentence." in plugin_docs.current_section(updated)
    # Only the generated section changed.
    assert updated.split(plugin_docs.START)[0] == guide().split(plugin_docs.START)[0]
    assert updated.split(plugin_docs.END)[1] == guide().split(plugin_docs.END)[1]


def test_markers_must_be_there_once():
    with pytest.raises(CommandError, match="must hold one"):
        plugin_docs.replace_section("no markers here", "x")
    with pytest.raises(CommandError, match="must hold one"):
        plugin_docs.replace_section(f"{plugin_docs.END}\n{plugin_docs.START}", "x")


@pytest.mark.parametrize("topic", [
    # the walk-through and the packaging
    "examples/lokadaya-bookdrive", '[project.entry-points."lokadaya.plugins"]', "startplugin", "--target",
    "pip install --no-deps --target",
    # what a plugin must get right
    "records_admin", "RecordsAdmin", "lock_ask", "transaction.atomic", "record_created", "change_status",
    "pledge_recorded", "pledge_status_changed", "send_templated_email", "isinstance", "campaign.source",
    # translations in the plugin's own locale
    "makemessages -l id", "compilemessages", "locale/id/LC_MESSAGES/django.po",
    # the ask block rules
    "campaigns.blocks.AskBlock", "never frozen into a core migration",
    # removal and start-up errors
    "unavailable", "LOKADAYA_DISABLED_PLUGINS", "PluginError", "cannot import",
    "does not implement the required hook(s)", "is already used by",
])
def test_the_guide_explains(topic):
    assert topic in guide()


def test_the_guide_links_resolve():
    root = GUIDE.parent
    for target in re.findall(r"\]\((\.\./[^)#]+)\)", guide()):
        assert (root / target).resolve().exists(), target
    anchors = set(re.findall(r"\]\(#([\w-]+)\)", guide()))
    headings = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-")
                for h in re.findall(r"^#+ (.+)$", guide(), flags=re.MULTILINE)}
    assert anchors <= headings, anchors - headings


# -- the start-up errors the guide quotes are the registry's real messages -------------------------

BASE_HOOKS = '''
from campaigns.hookspecs import hookimpl
from campaigns.types import SupportType


@hookimpl
def support_type():
    return SupportType(key=KEY, name="Buku", lokadaya_versions=VERSIONS)


@hookimpl
def ask_block():
    return None


@hookimpl
def pledge_view(request, campaign, ask):
    return None
'''
PROGRESS = "\n@hookimpl\ndef ask_progress(campaign, asks):\n    return {}\n"

#: A problem of the guide's table (a word of its first column) -> the hooks modules that cause it.
STARTUP_ERRORS = {
    "cannot be imported": {"lokadaya_bookdrive": None},
    "required hook is missing": {"lokadaya_bookdrive": BASE_HOOKS},
    "returns something else": {"lokadaya_bookdrive": BASE_HOOKS.replace(
        "return SupportType(key=KEY, name=\"Buku\", lokadaya_versions=VERSIONS)", "return {}") + PROGRESS},
    "not a Python identifier": {"lokadaya_bookdrive": BASE_HOOKS.replace("KEY", "'book-drive'") + PROGRESS},
    "reserved": {"lokadaya_bookdrive": BASE_HOOKS.replace("KEY", "'unavailable'") + PROGRESS},
    "two plugins": {"plugins.bookdrive_a": BASE_HOOKS + PROGRESS, "lokadaya_bookdrive": BASE_HOOKS + PROGRESS},
    "argument its spec does not have": {"lokadaya_bookdrive": BASE_HOOKS + PROGRESS.replace(
        "campaign, asks", "campaign, asks, extra")},
    "a typo": {"lokadaya_bookdrive": BASE_HOOKS + PROGRESS
               + "\n@hookimpl\ndef ask_progres(campaign, asks):\n    return {}\n"},
    "version range": {"lokadaya_bookdrive": BASE_HOOKS.replace("VERSIONS", "'>=0.0.1,<0.0.2'") + PROGRESS},
}


def startup_error_rows():
    """``{problem: message}`` of the guide's table of start-up errors."""
    section = guide().split("## Start-up errors", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (.+?) \| `(.+)` \|$", section, flags=re.MULTILINE)
    return {problem: message for problem, message in rows}


def as_pattern(quoted):
    """A quoted message as a regular expression: each ``...`` of the guide stands for anything."""
    return re.compile(".*".join(re.escape(part) for part in quoted.split("...")), flags=re.DOTALL)


def load_error(monkeypatch, modules):
    """The ``PluginError`` a fresh registry raises for these ``{app: hooks source (None: unimportable)}``."""
    import sys
    import types

    from campaigns.plugins import PluginError, Registry

    for app, source in modules.items():
        module = None
        if source is not None:
            module = types.ModuleType(f"{app}.hooks")
            module.__file__ = f"/site/{app.replace('.', '/')}/hooks.py"
            exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - the test's own text
        monkeypatch.setitem(sys.modules, f"{app}.hooks", module)
    with pytest.raises(PluginError) as raised:
        Registry().load(list(modules))
    return str(raised.value)


@pytest.mark.parametrize("problem", list(STARTUP_ERRORS))
def test_the_guide_quotes_the_real_startup_errors(problem, monkeypatch):
    rows = startup_error_rows()
    matching = [quoted for row, quoted in rows.items() if problem in row]
    assert len(matching) == 1, f"the guide's table of start-up errors has no single row about {problem!r}"
    sources = {app: source if source is None else source.replace("KEY", "'bookdrive'").replace("VERSIONS", "''")
               for app, source in STARTUP_ERRORS[problem].items()}
    message = load_error(monkeypatch, sources)
    assert as_pattern(matching[0]).fullmatch(message), (
        f"docs/plugins.md quotes\n  {matching[0]}\nbut the registry says\n  {message}")


def test_every_startup_error_of_the_guide_is_checked():
    rows = startup_error_rows()
    assert len(rows) == len(STARTUP_ERRORS)
    assert all(any(problem in row for problem in STARTUP_ERRORS) for row in rows)
