"""Template helpers of the OMS profile."""
import re

from django import template

register = template.Library()


@register.filter
def wa_number(number):
    """A WhatsApp number for wa.me links: digits only, Indonesian 08... written as 628..."""
    digits = re.sub(r"\D", "", number or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


@register.filter
def pick(form, names):
    """The bound fields of ``form`` named in ``names`` ("a,b,c"), in that order, when present."""
    return [form[name] for name in names.split(",") if name in form.fields]
