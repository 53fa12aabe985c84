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
