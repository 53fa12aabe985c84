"""One catalogue per plural rule instead of one per app: a ``gettext`` is one dict look-up.

Django merges each installed app's translations into the catalogue before it when both count
plurals the same way (``TranslationCatalog.update``), and keeps a catalogue apart otherwise. In
Django 5.2 that test compares a code object with a function, so it never holds: every app's
catalogue stays apart (about 60 for Indonesian), ``gettext`` looks in each in turn and
``ngettext`` evaluates each one's plural rule; a campaign page's ~120 translated strings cost
thousands of look-ups. :func:`install` (``LokadayaConfig.ready``) makes the test compare what the
two rules compute, for every translation built afterwards: pages, emails, the worker, commands.

Invariants (tests/test_translation_catalogs.py):

1. **The same answers as Django's own.** Rules are equal when their bytecode, constants and names
   are; Django's merge keeps its precedence (the app added later wins, as when it was consulted
   first), and a plural is counted by the rule of the catalogue it is found in. Indonesian
   becomes one catalogue; English, whose apps disagree on the rule, a few.
2. **Installed once.** A second :func:`install` changes nothing; translations built before it (a
   ``gettext`` during start-up) are dropped, as Django drops them when a setting changes, and built
   again on first use.
"""
from django.utils.translation import trans_real

#: Django's own ``TranslationCatalog.update``, for the tests' comparison.
DJANGO_UPDATE = trans_real.TranslationCatalog.update


def _rule(plural):
    """What a compiled plural rule computes (gettext compiles each .mo file's rule apart)."""
    code = getattr(plural, "__code__", None)
    return (code.co_code, code.co_consts, code.co_names) if code is not None else plural


def update(self, trans):
    """``TranslationCatalog.update`` comparing the rules themselves: merge into the top catalogue
    when ``trans`` counts plurals as it does, else put ``trans`` on top."""
    if _rule(trans.plural) == _rule(self._plurals[0]):
        self._catalogs[0].update(trans._catalog)
    else:
        self._catalogs.insert(0, trans._catalog.copy())
        self._plurals.insert(0, trans.plural)


def install():
    """Use :func:`update` for every translation Django builds from now on."""
    if trans_real.TranslationCatalog.update is update:
        return
    trans_real.TranslationCatalog.update = update
    trans_real._translations = {}
    trans_real._default = None
