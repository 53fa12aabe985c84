"""The start-up check ``privacy.W001``: a plugin holding personal data must take part in the data
subject's rights. Fake plugins are registered with the real registry, as a third party's would be."""
from types import ModuleType

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from campaigns.hookspecs import hookimpl
from campaigns.plugins import registry
from campaigns.types import SupportType
from privacy.checks import PERSONAL_HOOKS, check_plugins_personal_data



def personal_data(subject):
    return []


def correct_personal_data(subject, changes):
    return 0


def erase_personal_data(subject):
    return 0


def expire_personal_data(campaign_ids, include_money):
    return 0


HOOKS = {function.__name__: function for function in (personal_data, correct_personal_data, erase_personal_data,
                                                      expire_personal_data)}


@pytest.fixture
def register_plugin(monkeypatch):
    """``register_plugin(key, app, hooks)``: a support type ``key`` whose Django app is ``app`` and
    whose hooks module implements ``hooks`` (names of the personal-data hooks)."""
    registered = []

    def register(key, app, hooks):
        module = ModuleType(f"fake_{key}_hooks")
        for name in hooks:
            setattr(module, name, hookimpl(HOOKS[name]))
        registry.hook  # the real plugins are loaded first
        registry.manager.register(module, name=f"fake_{key}")
        registered.append((key, module))
        monkeypatch.setitem(registry.types, key, SupportType(key=key, name=key.title()))
        monkeypatch.setitem(registry.plugins, key, module)
        monkeypatch.setitem(registry.apps, key, app)
        return module

    yield register
    for key, module in registered:
        registry.manager.unregister(module)
        registry._implemented.pop((registry.manager, key), None)


def ours(messages):
    return [message for message in messages if message.id == "privacy.W001"]


def test_a_plugin_with_personal_fields_and_no_hooks_is_named_with_its_models_and_the_missing_hooks(register_plugin):
    # Its app's models: events.Registration has a name and an email.
    register_plugin("fakeevents", "events", hooks=["personal_data"])
    (warning,) = [message for message in ours(check_plugins_personal_data()) if message.obj == "events"]
    assert isinstance(warning, checks.Warning)
    assert "'fakeevents'" in warning.msg and "events.Registration (name, email)" in warning.msg
    assert "correct_personal_data, erase_personal_data, expire_personal_data" in warning.msg
    assert "personal_data," not in warning.msg.split("hook(s)")[1].split("correct")[0]  # the one it has is not listed
    assert "docs/plugins.md" in warning.hint


def test_a_support_record_counts_as_personal_data_and_the_check_runs_at_start_up(register_plugin):
    # The petition plugin's app (its Signature is a SupportRecord); a second type from the same app.
    register_plugin("fakepetition", "plugins.petition", hooks=[])
    (warning,) = [message for message in ours(check_plugins_personal_data()) if "'fakepetition'" in message.msg]
    assert "petition.Signature (name, email, phone)" in warning.msg
    assert ", ".join(PERSONAL_HOOKS) in warning.msg
    with pytest.raises(SystemCheckError, match="privacy.W001"):
        call_command("check", tags=["privacy"], fail_level="WARNING")


def test_a_plugin_with_all_four_hooks_or_without_personal_fields_is_not_warned_about(register_plugin):
    register_plugin("fakecomplete", "events", hooks=list(PERSONAL_HOOKS))
    register_plugin("fakenopersonal", "search", hooks=[])  # its models hold no personal field
    named = " ".join(message.msg for message in ours(check_plugins_personal_data()))
    assert "fakecomplete" not in named and "fakenopersonal" not in named


def test_every_installed_plugin_takes_part():
    """The built-in plugins and the example third-party one implement the four hooks."""
    assert [message.msg for message in ours(check_plugins_personal_data())] == []
