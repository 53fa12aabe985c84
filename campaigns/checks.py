"""Start-up checks of the support-type plugins (``manage.py check``, ``runserver``, ``migrate``).

``plugin_translations``: Django merges every app's catalogue into one per language, and for a
msgid found in several the app listed first in ``INSTALLED_APPS`` wins (``LOCALE_PATHS`` win over
all). Core apps come before the plugins, so a msgid that core translates differently silently
replaces the plugin's own text. This check reads the compiled catalogues (``.mo``, with the
standard library's ``gettext.GNUTranslations``) and warns, per msgid, naming the plugin, the
msgid, the translation that wins and the plugin's own, with the fix.
"""
import gettext
import os

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.utils.translation import to_locale

DOMAIN = "django"


def _catalog(locale_dir, language):
    """``{msgid key: translation}`` of one compiled catalogue; {} when there is none."""
    path = os.path.join(locale_dir, to_locale(language), "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        with open(path, "rb") as file:
            catalog = gettext.GNUTranslations(file)._catalog
    except (OSError, ValueError):  # absent, or not a catalogue
        return {}
    return {key: value for key, value in catalog.items() if key != ""}


def _describe(key):
    """A msgid key as a person reads it: ``"text"``, ``"text" (context "ctx")``, plural forms marked."""
    form = None
    if isinstance(key, tuple):
        key, form = key
    context, _sep, msgid = key.rpartition("\x04")
    text = repr(msgid)
    if context:
        text += f" (context {context!r})"
    if form is not None:
        text += f" [plural form {form}]"
    return text


def translation_conflicts(plugin_apps=None, languages=None):
    """``[(plugin app, language, msgid key, winner, winning translation, plugin's translation)]``.

    ``winner``: the app (``core app 'campaigns'``, ``plugin 'plugins.donation'``) or LOCALE_PATHS
    directory whose catalogue Django uses instead.
    """
    from .plugins import registry

    plugin_apps = set(registry.apps.values() if plugin_apps is None else plugin_apps)
    languages = [code for code, _name in settings.LANGUAGES] if languages is None else languages
    configs = list(apps.get_app_configs())
    found = []
    for position, config in enumerate(configs):
        if config.name not in plugin_apps:
            continue
        # What overrides this app: LOCALE_PATHS first (they win over every app), then the apps
        # listed before it, nearest to the top of INSTALLED_APPS first (the first listed wins).
        overriding = [(f"LOCALE_PATHS {str(path)!r}", str(path)) for path in settings.LOCALE_PATHS]
        overriding += [(f"{'plugin' if earlier.name in plugin_apps else 'core app'} {earlier.name!r}",
                        os.path.join(earlier.path, "locale")) for earlier in configs[:position]]
        own_dir = os.path.join(config.path, "locale")
        for language in languages:
            own = _catalog(own_dir, language)
            if not own:
                continue
            others = [(name, _catalog(path, language)) for name, path in overriding]
            for key, text in own.items():
                if not text:
                    continue
                for name, catalog in others:
                    if key in catalog:
                        if catalog[key] != text:
                            found.append((config.name, language, key, name, catalog[key], text))
                        break  # the first that has it is the one Django uses
    return found


def check_plugin_translations(app_configs=None, **kwargs):
    """Warn when a plugin's own translation of a msgid is silently replaced by core's."""
    messages = []
    for app, language, key, winner, winning, own in translation_conflicts():
        messages.append(checks.Warning(
            f"Plugin {app!r}: its {language!r} translation of {_describe(key)} is {own!r}, but {winner} "
            f"translates the same msgid as {winning!r}, and that one is shown instead (Django uses the "
            f"first app in INSTALLED_APPS that translates a msgid; core apps come before plugins).",
            hint=("Give the plugin's string a context of its own, pgettext(\"<type key>\", \"...\") "
                  "(or {% translate \"...\" context \"<type key>\" %}), so it is a different msgid; "
                  "or use the same translation as core."),
            obj=app,
            id="campaigns.W001",
        ))
    return messages
