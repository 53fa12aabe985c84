"""Template filters for money: ``{{ amount|rupiah }}`` and ``{{ amount|rupiah_compact }}``."""
from django import template

from lokadaya.money import format_rupiah, format_rupiah_compact

register = template.Library()


@register.filter
def rupiah(value):
    """Rp 1.500.000"""
    return format_rupiah(value)


@register.filter
def rupiah_compact(value):
    """Rp 1,5 jt"""
    return format_rupiah_compact(value)
