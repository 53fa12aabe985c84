"""One catalogue per language (lokadaya/translation_catalogs.py): the same translations, fewer look-ups."""
import pytest
from django.conf import settings
from django.utils.translation import trans_real

from lokadaya import translation_catalogs


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_merged_catalogue_answers_every_message_as_django_did(language):
    original = trans_real.DjangoTranslation(language)
    merged = trans_real.DjangoTranslation(language)
    assert len(original._catalog._catalogs) > 1  # one per app: what there is to merge
    assert translation_catalogs.merge(merged) is True
    assert len(merged._catalog._catalogs) < len(original._catalog._catalogs) / 4

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


class _Translated:
    def __init__(self, catalogs, plurals):
        self._catalog = trans_real.TranslationCatalog()
        self._catalog._catalogs, self._catalog._plurals = catalogs, plurals


def test_catalogues_with_different_plural_rules_stay_apart():
    catalogs = [{"a": "satu"}, {"a": "dua", "b": "tiga"}]
    translated = _Translated(list(catalogs), [lambda n: 0, lambda n: int(n != 1)])
    assert translation_catalogs.merge(translated) is False
    assert translated._catalog._catalogs == catalogs
    assert translated._catalog.get("a") == "satu" and translated._catalog.get("b") == "tiga"


def test_only_neighbours_with_one_rule_merge_and_the_order_stays():
    one, other = (lambda n: 0), (lambda n: int(n != 1))
    catalogs = [{("x", 0): "a0"}, {("x", 0): "b0", "m": "b"}, {("x", 1): "c1", "m": "c"}, {("x", 0): "d0"}]
    translated = _Translated(list(catalogs), [one, one, other, one])
    assert translation_catalogs.merge(translated) is True
    assert translated._catalog._catalogs == [{("x", 0): "a0", "m": "b"}, catalogs[2], catalogs[3]]
    assert translated._catalog.get("m") == "b"
    # Two items: the first run's rule says index 0, found there, as Django would.
    assert translated._catalog.plural("x", 2) == "a0"


def test_the_first_catalogue_wins_as_in_django():
    translated = _Translated([{"a": "ours"}, {"a": "theirs", "b": "only theirs"}], [lambda n: 0, lambda n: 0])
    assert translation_catalogs.merge(translated) is True
    assert translated._catalog._catalogs == [{"a": "ours", "b": "only theirs"}]
    assert translation_catalogs.merge(translated) is False  # once


@pytest.mark.django_db
def test_a_request_merges_its_language(client):
    trans_real._translations.pop("en", None)
    assert client.get("/en/").status_code == 200
    translated = trans_real._translations["en"]
    assert len(translated._catalog._catalogs) < len(trans_real.DjangoTranslation("en")._catalog._catalogs)
    assert translated.gettext("Search") == trans_real.DjangoTranslation("en").gettext("Search")
