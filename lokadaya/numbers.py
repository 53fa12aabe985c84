"""Numbers and rupiah for display in the visitor's language: ``1.500.000`` on /id/, ``1,500,000`` on /en/.

``lokadaya.money`` formats the Indonesian way for everything that must stay Indonesian whatever the
language (forms parse what they print, receipts, exports). What a page *shows* goes through here,
so that the English site does not mix ``Rp 1.500.000`` with ``1,500`` or ``Rp 1,5 jt``. The
currency stays ``Rp`` in both languages.
"""
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import get_language

from .money import format_rupiah, format_rupiah_compact, to_decimal

#: English words for lokadaya.money's Indonesian compact units (rb, jt, M = miliar, T = triliun).
_ENGLISH_UNITS = {"rb": "thousand", "jt": "million", "M": "billion", "T": "trillion"}


def _english(language):
    return (language or get_language() or "id").lower().startswith("en")


def _swap(text):
    """Indonesian separators to English ones: ``1.500,5`` -> ``1,500.5``."""
    return text.translate(str.maketrans({".": ",", ",": "."}))


def format_number(value, language=None):
    """``1.500`` (id) / ``1,500`` (en); one decimal when the value has a fraction (hours: ``2,5`` / ``2.5``)."""
    if value is None or value == "":
        return ""
    value = to_decimal(value)
    if value == value.to_integral_value():
        text = format_rupiah(value, prefix=False)
    else:
        sign = "-" if value < 0 else ""
        whole = format_rupiah(abs(value).to_integral_value(rounding=ROUND_DOWN), prefix=False)
        fraction = str(abs(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).split(".")[1]
        text = f"{sign}{whole},{fraction}"
    return _swap(text) if _english(language) else text


def format_money(value, language=None):
    """``Rp 1.500.000`` (id) / ``Rp 1,500,000`` (en)."""
    text = format_rupiah(value)
    return _swap(text) if _english(language) else text


def format_money_compact(value, language=None):
    """``Rp 1,5 jt`` (id) / ``Rp 1.5 million`` (en)."""
    text = format_rupiah_compact(value)
    if not _english(language) or not text:
        return text
    head, _space, suffix = text.rpartition(" ")
    if suffix in _ENGLISH_UNITS:
        return f"{_swap(head)} {_ENGLISH_UNITS[suffix]}"
    return _swap(text)
