"""Template filters for numbers and money, in the visitor's language (``lokadaya.numbers``).

``{{ amount|rupiah }}``: Rp 1.500.000 on /id/, Rp 1,500,000 on /en/.
``{{ amount|rupiah_compact }}``: Rp 1,5 jt on /id/, Rp 1.5 million on /en/.
``{{ count|number }}``: 1.500 on /id/, 1,500 on /en/.
"""
from django import template

from lokadaya.numbers import format_money, format_money_compact, format_number

register = template.Library()


@register.filter
def rupiah(value):
    """Rp 1.500.000 (id) / Rp 1,500,000 (en)"""
    return format_money(value)


@register.filter
def rupiah_compact(value):
    """Rp 1,5 jt (id) / Rp 1.5 million (en)"""
    return format_money_compact(value)


@register.filter
def number(value):
    """1.500 (id) / 1,500 (en)"""
    try:
        return format_number(value)
    except (TypeError, ValueError):
        return value
