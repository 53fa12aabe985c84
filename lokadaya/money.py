"""Rupiah: parsing and formatting money the Indonesian way. Money is Decimal, never float."""
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

#: The largest amount any form accepts (Rp 10 triliun): above it, input is a typo.
MAX_AMOUNT = Decimal("10000000000000")


def to_decimal(value):
    """Coerce an int, str or Decimal to Decimal; floats are refused (they lose rupiah)."""
    if isinstance(value, float):
        raise TypeError("Money must not be a float; pass a Decimal, int or str.")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"Not an amount: {value!r}") from exc


def _group(whole):
    """1500000 -> '1.500.000' (a whole number of rupiah, not negative)."""
    return f"{whole:,}".replace(",", ".")


def format_rupiah(value, prefix=True):
    """``Rp 1.500.000``: Indonesian grouping, whole rupiah (half rounds up), minus before Rp."""
    if value is None or value == "":
        return ""
    amount = to_decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    text = _group(abs(int(amount)))
    return f"{sign}Rp {text}" if prefix else f"{sign}{text}"


# Thresholds for the compact form, largest first: (size, Indonesian suffix).
_COMPACT_UNITS = [
    (Decimal("1000000000000"), "T"),
    (Decimal("1000000000"), "M"),
    (Decimal("1000000"), "jt"),
    (Decimal("1000"), "rb"),
]


def format_rupiah_compact(value):
    """``Rp 1,5 jt``, ``Rp 2 M``, ``Rp 750 rb`` for cards: one decimal at most, comma separator.

    Amounts are rounded to whole rupiah first; an amount that rounds up to 1000 of one unit is
    written in the next unit (``Rp 999.950`` is ``Rp 1 jt``, not ``Rp 1000 rb``).
    """
    if value is None or value == "":
        return ""
    amount = to_decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    magnitude = abs(amount)
    for index, (size, suffix) in enumerate(_COMPACT_UNITS):
        if magnitude >= size:
            scaled = (magnitude / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if scaled >= 1000 and index > 0:
                size, suffix = _COMPACT_UNITS[index - 1]
                scaled = (magnitude / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            text = f"{scaled:f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{sign}Rp {text} {suffix}"
    return f"{sign}{format_rupiah(magnitude)}"


def percentage(current, target):
    """Whole percent of ``current`` over ``target`` (0 when there is no target), not capped."""
    current, target = to_decimal(current or 0), to_decimal(target or 0)
    if target <= 0:
        return 0
    return int((current * 100 / target).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


_AMOUNT = re.compile(r"-?(\d+|\d{1,3}(\.\d{3})+)", re.ASCII)


def parse_rupiah(text):
    """Parse what a person types ("1.500.000", "Rp 1500000", "Rp 50.000,-") into a Decimal.

    Dots must group thousands ("1.5" is refused, not read as 15). Raises ValueError with a
    translated message when it is not a whole rupiah amount.
    """
    cleaned = str(text).strip().lower().replace("rp", "").replace(" ", "").replace("\u00a0", "")
    for suffix in (",00", ",-"):
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(_("Enter an amount in rupiah, for example 150.000."))
    return Decimal(cleaned.replace(".", ""))
