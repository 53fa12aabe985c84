"""One catalogue per plural rule (lokadaya/translation_catalogs.py): Django's answers, fewer look-ups."""
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.utils.translation import trans_real

from lokadaya import translation_catalogs


@contextmanager
def djangos_own_update():
    """Django's ``TranslationCatalog.update`` for the block, ours again after it."""
    trans_real.TranslationCatalog.update = translation_catalogs.DJANGO_UPDATE
    try:
        yield
    finally:
        trans_real.TranslationCatalog.update = translation_catalogs.update


def test_it_is_installed_at_start_up():
    assert trans_real.TranslationCatalog.update is translation_catalogs.update
    translation_catalogs.install()  # a second time changes nothing
    assert trans_real.TranslationCatalog.update is translation_catalogs.update


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_message_gets_the_answer_django_gave(language):
    with djangos_own_update():
        original = trans_real.DjangoTranslation(language)
    merged = trans_real.DjangoTranslation(language)
    assert len(original._catalog._catalogs) > 4  # one per app: what there was to merge
    assert len(merged._catalog._catalogs) < len(original._catalog._catalogs) / 4
    if language == settings.LANGUAGE_CODE:
        assert len(merged._catalog._catalogs) == 1

    keys = list(original._catalog.keys())
    # English msgids need no translation: its catalogues hold little beyond their headers.
    assert len(keys) > (1000 if language == settings.LANGUAGE_CODE else 0)
    for key in keys:
        assert merged._catalog.get(key) == original._catalog.get(key), key
    for key in keys:
        if isinstance(key, tuple):
            for count in (0, 1, 2, 5, 21):
                assert merged.ngettext(key[0], key[0] + "s", count) == original.ngettext(key[0], key[0] + "s", count)
    # Strings that several apps translate differently keep Django's winner.
    for message in ("Save", "Delete", "Search", "Title"):
        assert merged.gettext(message) == original.gettext(message)


class _Trans:
    def __init__(self, catalog, plural):
        self._catalog, self.plural = catalog, plural


def test_only_catalogues_with_one_rule_merge_and_the_later_one_wins():
    one, same, other = (lambda n: 0), (lambda n: 0), (lambda n: int(n != 1))
    catalog = trans_real.TranslationCatalog(_Trans({("x", 0): "first", "m": "first"}, one))
    catalog.update(_Trans({"m": "second", "only": "second"}, same))
    assert catalog._catalogs == [{("x", 0): "first", "m": "second", "only": "second"}]
    catalog.update(_Trans({"m": "third", ("x", 1): "third"}, other))
    assert len(catalog._catalogs) == 2
    assert catalog.get("m") == "third" and catalog.get("only") == "second"
    # Two items: the top catalogue's rule says index 1, found there, as Django would.
    assert catalog.plural("x", 2) == "third"
    assert catalog.plural("x", 1) == "first"


@pytest.mark.django_db
def test_a_page_is_served_with_the_merged_catalogue(client):
    trans_real._translations.pop("en", None)
    assert client.get("/en/").status_code == 200
    translated = trans_real._translations["en"]
    with djangos_own_update():
        original = trans_real.DjangoTranslation("en")
    assert len(translated._catalog._catalogs) < len(original._catalog._catalogs)
    assert translated.gettext("Search") == original.gettext("Search")
