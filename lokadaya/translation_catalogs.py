"""One catalogue per language instead of one per app: every ``gettext`` is one dict look-up.

Django keeps the translations of each installed app (Django's, Wagtail's many, ours: about 60 for
Indonesian) in a list of catalogues when their plural rules differ, and looks a message up in
each catalogue in turn; ``ngettext`` also evaluates each catalogue's plural rule. Django 5.2
compares a code object with a function where it means to compare two plural rules
(``TranslationCatalog.update``), so every app's catalogue stays apart even when all of them say
the same rule: a campaign page's ~120 translated strings then cost thousands of look-ups.

Invariants:

1. **The same answers.** Only neighbouring catalogues whose plural rules are the same expression
   (same bytecode, constants and names) are merged, and the merged runs keep Django's order:
   where two apps translate one message, the catalogue Django consulted first wins, and a
   plural is still counted by the rule of the catalogue it is found in. Indonesian becomes one
   catalogue; English, whose apps disagree on the rule, a few.
2. **Safe with threads.** The merged catalogue is a new object put in place with one attribute
   assignment; a look-up running meanwhile finishes on the old one.
3. **Once per language and process.** A merged translation is marked; later calls cost an
   attribute read. Django drops its translations when a setting they depend on changes (tests),
   and the new ones are merged on their first request.
"""
from django.utils import translation
from django.utils.translation import trans_real

_MERGED = "_lokadaya_catalogs_merged"


def _rule(plural):
    """What a compiled plural rule computes (gettext compiles each .mo file's rule apart)."""
    code = getattr(plural, "__code__", None)
    return (code.co_code, code.co_consts, code.co_names) if code is not None else plural


def merge(translated):
    """Merge ``translated``'s neighbouring per-app catalogues that share a plural rule; True if any merged."""
    if translated is None or getattr(translated, _MERGED, False):
        return False
    catalog = getattr(translated, "_catalog", None)
    catalogs, plurals = getattr(catalog, "_catalogs", None), getattr(catalog, "_plurals", None)
    merged = False
    if isinstance(catalog, trans_real.TranslationCatalog) and catalogs and len(catalogs) > 1:
        # Runs of neighbours with one rule become one dict; the runs keep Django's order, so a
        # message is still found where Django would find it first, under that catalogue's rule.
        runs = []
        for part, plural in zip(catalogs, plurals):
            if runs and _rule(runs[-1][1]) == _rule(plural):
                runs[-1][0].append(part)
            else:
                runs.append(([part], plural))
        if len(runs) < len(catalogs):
            replacement = trans_real.TranslationCatalog()
            replacement._catalogs = [_combined(parts) for parts, _plural in runs]
            replacement._plurals = [plural for _parts, plural in runs]
            translated._catalog = replacement
            merged = True
    setattr(translated, _MERGED, True)
    merge(getattr(translated, "_fallback", None))
    return merged


def _combined(parts):
    """One dict of ``parts``, the first one winning where they disagree (Django consults it first)."""
    combined = {}
    for part in reversed(parts):
        combined.update(part)
    return combined


def merge_active():
    """Merge the catalogues of the active language (``LocaleMiddleware`` calls it per request)."""
    language = translation.get_language()
    if language:
        merge(trans_real.translation(language))
