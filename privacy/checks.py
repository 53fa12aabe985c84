"""Start-up check (``manage.py check``, runserver): a plugin whose models hold personal data but
which does not take part in the data subject's rights (``privacy.W001``; alone:
``manage.py check --tag privacy``).

A model holds personal data when it is a ``campaigns.records.SupportRecord`` (name, email, phone),
or has an ``EmailField``, a ``GenericIPAddressField``, or a field named ``name``, ``phone``,
``email`` or ``address``. Such a plugin must implement all four hooks of the "Personal data"
section of ``campaigns/hookspecs.py``: without them, the privacy centre would not show its
records, erasure and retention would leave them, and the person would be told they were gone.
"""
from django.apps import apps
from django.core import checks
from django.db import models

PERSONAL_HOOKS = ("personal_data", "correct_personal_data", "erase_personal_data", "expire_personal_data")
PERSONAL_FIELD_NAMES = frozenset({"name", "phone", "email", "address"})


def personal_fields(model):
    """The names of ``model``'s fields that hold personal data (all of a SupportRecord's)."""
    from campaigns.records import SupportRecord

    found = [field.name for field in model._meta.concrete_fields
             if isinstance(field, (models.EmailField, models.GenericIPAddressField))
             or field.name in PERSONAL_FIELD_NAMES]
    if issubclass(model, SupportRecord):
        found = list(dict.fromkeys(["name", "email", "phone", *found]))
    return found


def app_models(app):
    """The concrete models of the Django app whose module is ``app`` (a plugin's app path)."""
    for config in apps.get_app_configs():
        if config.name == app:
            return [model for model in config.get_models() if not model._meta.abstract and not model._meta.proxy]
    return []


def plugins_missing_personal_hooks():
    """``[(type key, app, {model label: [fields]}, [missing hooks])]`` for every installed plugin
    whose models hold personal data and which lacks any of ``PERSONAL_HOOKS``."""
    from campaigns.plugins import registry

    found = []
    for support_type in registry.installed_types():
        key = support_type.key
        implemented = set(registry.implemented_hooks(key))
        missing = [hook for hook in PERSONAL_HOOKS if hook not in implemented]
        if not missing:
            continue
        app = registry.apps.get(key, "")
        holding = {model._meta.label: fields for model in app_models(app) if (fields := personal_fields(model))}
        if holding:
            found.append((key, app, holding, missing))
    return found


@checks.register("privacy")
def check_plugins_personal_data(app_configs=None, **kwargs):
    """Warn about a plugin holding personal data that the privacy centre, erasure and retention miss."""
    messages = []
    for key, app, holding, missing in plugins_missing_personal_hooks():
        models_text = "; ".join(f"{label} ({', '.join(fields)})" for label, fields in sorted(holding.items()))
        messages.append(checks.Warning(
            f"Plugin {app!r} (support type {key!r}) stores personal data in {models_text} but does not implement "
            f"the hook(s) {', '.join(missing)}: the privacy centre, erasure and retention (UU PDP) miss its records.",
            hint=("Implement personal_data, correct_personal_data, erase_personal_data and expire_personal_data in "
                  "the plugin's hooks module (a few lines each with privacy.records); docs/plugins.md, section "
                  "\"11. Personal data\", shows them."),
            obj=app,
            id="privacy.W001",
        ))
    return messages
