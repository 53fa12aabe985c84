"""The plugin manager: loading, dispatch, and start-up errors that name the broken plugin."""
import sys
import textwrap

import pytest

from campaigns.plugins import PluginError, Registry, registry

GOOD_HOOKS = """
from campaigns.hookspecs import hookimpl
from campaigns.types import SupportType
from campaigns.blocks import AskBlock

@hookimpl
def support_type():
    return SupportType(key={key!r}, name="Fake", order=5)

@hookimpl
def ask_block():
    return AskBlock()

@hookimpl
def pledge_view(request, campaign, ask):
    return None

@hookimpl
def ask_progress(campaign, asks):
    return {{}}
"""


@pytest.fixture
def fake_plugins(tmp_path, monkeypatch):
    """Write throwaway plugin packages into tmp_path and make them importable."""
    monkeypatch.syspath_prepend(str(tmp_path))
    created = []

    def make(name, hooks_source):
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text("")
        (package / "hooks.py").write_text(textwrap.dedent(hooks_source))
        created.append(name)
        return name

    yield make
    for name in created:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


@pytest.mark.django_db
def test_builtin_types_are_loaded_in_order():
    keys = [t.key for t in registry.support_types()]
    assert "donation" in keys
    orders = [t.order for t in registry.support_types()]
    assert orders == sorted(orders)


def test_call_dispatches_to_the_one_plugin(fake_plugins):
    first = fake_plugins("fake_one", GOOD_HOOKS.format(key="fake_one"))
    second = fake_plugins("fake_two", GOOD_HOOKS.format(key="fake_two"))
    local = Registry()
    local.load([first, second])
    assert list(local.types) == ["fake_one", "fake_two"]
    assert local.call("fake_two", "support_type").key == "fake_two"
    assert local.implements("fake_one", "ask_progress")
    assert not local.implements("fake_one", "supporter_wall")
    assert local.call("fake_one", "supporter_wall", campaign=None, limit=3) is None


def test_import_error_names_the_plugin(fake_plugins):
    broken = fake_plugins("fake_broken", "import does_not_exist_anywhere\n")
    with pytest.raises(PluginError, match=r"fake_broken.*cannot import.*does_not_exist_anywhere"):
        Registry().load([broken])


def test_missing_required_hook_names_plugin_and_hook(fake_plugins):
    source = GOOD_HOOKS.format(key="fake_partial").split("@hookimpl\ndef ask_progress")[0]
    partial = fake_plugins("fake_partial", source)
    with pytest.raises(PluginError, match=r"fake_partial.*required hook\(s\): ask_progress"):
        Registry().load([partial])


def test_duplicate_type_key_is_refused(fake_plugins):
    first = fake_plugins("fake_a", GOOD_HOOKS.format(key="same_key"))
    second = fake_plugins("fake_b", GOOD_HOOKS.format(key="same_key"))
    with pytest.raises(PluginError) as error:
        Registry().load([first, second])
    message = str(error.value)
    # Both plugins are named, neither is blamed as "the owner", and the way out is said.
    assert "Support type key 'same_key' is declared by two plugins: 'fake_a'" in message
    assert "'fake_b' (listed in settings)" in message
    assert "Rename one type's key or uninstall one of them" in message


def test_reserved_key_is_refused(fake_plugins):
    plugin = fake_plugins("fake_reserved", GOOD_HOOKS.format(key="unavailable"))
    with pytest.raises(PluginError, match="already used by 'the core'"):
        Registry().load([plugin])


def test_misspelt_hook_is_refused(fake_plugins):
    source = GOOD_HOOKS.format(key="fake_typo") + "\n@hookimpl\ndef ask_progres(campaign, asks):\n    return {}\n"
    plugin = fake_plugins("fake_typo", source)
    with pytest.raises(PluginError, match="ask_progres"):
        Registry().load([plugin])


def test_wrong_hook_arguments_are_refused(fake_plugins):
    source = GOOD_HOOKS.format(key="fake_args").replace(
        "def ask_progress(campaign, asks)", "def ask_progress(campaign, asks, surprise)")
    plugin = fake_plugins("fake_args", source)
    with pytest.raises(PluginError, match="fake_args"):
        Registry().load([plugin])


def test_support_type_must_be_a_support_type(fake_plugins):
    source = GOOD_HOOKS.format(key="x").replace(
        'return SupportType(key=\'x\', name="Fake", order=5)', 'return {"key": "x"}')
    plugin = fake_plugins("fake_dict", source)
    with pytest.raises(PluginError, match=r"fake_dict.*must return campaigns.types.SupportType"):
        Registry().load([plugin])


def test_a_broken_plugin_stops_django_start_up(tmp_path):
    """The whole process refuses to start, with the plugin named, rather than half-working."""
    import os
    import subprocess

    package = tmp_path / "fake_startup"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "hooks.py").write_text("raise RuntimeError('boom at import')\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path), DJANGO_SETTINGS_MODULE="lokadaya.settings.test")
    code = ("from django.conf import settings; import django; "
            "settings.LOKADAYA_PLUGIN_APPS.append('fake_startup'); "
            "settings.INSTALLED_APPS.append('fake_startup'); django.setup()")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            cwd=os.path.dirname(os.path.dirname(__file__)), timeout=120)
    assert result.returncode != 0
    assert "PluginError" in result.stderr
    assert "fake_startup" in result.stderr and "boom at import" in result.stderr
