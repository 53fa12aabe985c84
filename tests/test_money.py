"""Rupiah the Indonesian way: ``Rp 1.500.000``, ``Rp 1,5 jt``; money is Decimal, never float."""
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from lokadaya.money import MAX_AMOUNT, format_rupiah, format_rupiah_compact, parse_rupiah, percentage, to_decimal


@pytest.mark.parametrize("value, expected", [
    (0, "Rp 0"),
    (1, "Rp 1"),
    (999, "Rp 999"),
    (1000, "Rp 1.000"),
    (150000, "Rp 150.000"),
    (1500000, "Rp 1.500.000"),
    (Decimal("1500000"), "Rp 1.500.000"),
    (-1500000, "-Rp 1.500.000"),
    (MAX_AMOUNT, "Rp 10.000.000.000.000"),
    (Decimal("99999999999999999999"), "Rp 99.999.999.999.999.999.999"),
    ("1500000", "Rp 1.500.000"),
    (" 250000 ", "Rp 250.000"),
    (Decimal("1E+6"), "Rp 1.000.000"),
])
def test_format_rupiah(value, expected):
    assert format_rupiah(value) == expected


@pytest.mark.parametrize("value, expected", [
    (Decimal("1500.50"), "Rp 1.501"),      # half rounds up
    (Decimal("1500.49"), "Rp 1.500"),
    (Decimal("0.50"), "Rp 1"),
    (Decimal("0.49"), "Rp 0"),
    (Decimal("-0.4"), "Rp 0"),            # no "-Rp 0"
    (Decimal("-1500.50"), "-Rp 1.501"),   # half away from zero
    (Decimal("999999.5"), "Rp 1.000.000"),
    ("2500.5", "Rp 2.501"),
])
def test_format_rupiah_rounds_cents_half_up(value, expected):
    assert format_rupiah(value) == expected


def test_format_rupiah_without_prefix():
    assert format_rupiah(1500000, prefix=False) == "1.500.000"
    assert format_rupiah(-2500, prefix=False) == "-2.500"


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_values_format_as_nothing(empty):
    assert format_rupiah(empty) == ""
    assert format_rupiah_compact(empty) == ""


@pytest.mark.parametrize("function", [format_rupiah, format_rupiah_compact, to_decimal])
def test_floats_are_refused(function):
    with pytest.raises(TypeError):
        function(1500000.0)


@pytest.mark.parametrize("bad", ["abc", "1,5 juta", "Rp"])
def test_text_that_is_not_an_amount_is_refused(bad):
    with pytest.raises(ValueError):
        format_rupiah(bad)


def test_to_decimal_keeps_decimals_exact():
    assert to_decimal(Decimal("0.1")) + to_decimal("0.2") == Decimal("0.3")
    assert isinstance(to_decimal(5), Decimal)
    assert to_decimal("12.50") == Decimal("12.50")


@pytest.mark.parametrize("value, expected", [
    (0, "Rp 0"),
    (999, "Rp 999"),
    (Decimal("999.4"), "Rp 999"),
    (Decimal("999.5"), "Rp 1 rb"),          # rounds to Rp 1.000 first
    (1000, "Rp 1 rb"),
    (1500, "Rp 1,5 rb"),
    (750000, "Rp 750 rb"),
    (999949, "Rp 999,9 rb"),
    (999950, "Rp 1 jt"),                     # not "Rp 1000 rb"
    (1000000, "Rp 1 jt"),
    (1500000, "Rp 1,5 jt"),
    (1250000, "Rp 1,3 jt"),                  # one decimal, half up
    (12345678, "Rp 12,3 jt"),
    (999999999, "Rp 1 M"),                   # not "Rp 1000 jt"
    (2000000000, "Rp 2 M"),
    (2500000000, "Rp 2,5 M"),
    (Decimal("999950000000"), "Rp 1 T"),
    (Decimal("1000000000000"), "Rp 1 T"),
    (MAX_AMOUNT, "Rp 10 T"),
    (Decimal("1500000000000000"), "Rp 1500 T"),  # triliun is the largest unit
    (-1500000, "-Rp 1,5 jt"),
    (-999, "-Rp 999"),
    ("2000000000", "Rp 2 M"),
])
def test_format_rupiah_compact(value, expected):
    assert format_rupiah_compact(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("1.500.000", Decimal("1500000")),
    ("Rp 150000", Decimal("150000")),
    (" 25.000 ", Decimal("25000")),
    ("Rp1.500.000", Decimal("1500000")),
    ("rp 10.000", Decimal("10000")),
    ("1500000", Decimal("1500000")),
    ("1.500.000,00", Decimal("1500000")),
    ("Rp 50.000,-", Decimal("50000")),
    ("0", Decimal("0")),
    (150000, Decimal("150000")),
])
def test_parse_rupiah(text, expected):
    amount = parse_rupiah(text)
    assert amount == expected
    assert isinstance(amount, Decimal)


@pytest.mark.parametrize("bad", ["", "   ", "abc", "Rp", "1,5", "1.5", "1.50000", "15.00.000", "1.500.000,50",
                                 "12a", "1e6", "--5", "Rp 1.500.000 juta", "\u0661\u0662\u0663"])
def test_parse_rupiah_refuses_bad_input_with_a_translated_message(bad):
    with translation.override("en"), pytest.raises(ValueError) as english:
        parse_rupiah(bad)
    assert str(english.value) == "Enter an amount in rupiah, for example 150.000."
    with translation.override("id"), pytest.raises(ValueError) as indonesian:
        parse_rupiah(bad)
    assert str(indonesian.value) == "Masukkan jumlah dalam rupiah, misalnya 150.000."


def test_format_and_parse_round_trip():
    for amount in (Decimal("0"), Decimal("7"), Decimal("15000"), Decimal("1500000"), MAX_AMOUNT):
        assert parse_rupiah(format_rupiah(amount)) == amount


@pytest.mark.parametrize("current, target, expected", [
    (0, 1000, 0), (500, 1000, 50), (Decimal("333"), 1000, 33), (Decimal("335"), 1000, 34),
    (1500, 1000, 150), (100, 0, 0), (100, None, 0), (None, 1000, 0),
])
def test_percentage(current, target, expected):
    assert percentage(current, target) == expected


def test_template_filters():
    template = Template("{% load rupiah %}{{ a|rupiah }} | {{ a|rupiah_compact }} | {{ b|rupiah }} | "
                        "{{ none|rupiah }}|{{ none|rupiah_compact }}")
    rendered = template.render(Context({"a": Decimal("1500000"), "b": Decimal("2500.50"), "none": None}))
    assert rendered == "Rp 1.500.000 | Rp 1,5 jt | Rp 2.501 | |"
