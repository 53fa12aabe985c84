"""Form fields shared by the whole site."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .money import parse_rupiah


class RupiahField(forms.Field):
    """Accepts what people type (``150.000``, ``Rp150000``) and cleans to a whole-rupiah Decimal."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "25"})
    default_error_messages = {"too_long": _("That is not an amount in rupiah.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if len(str(value)) > 25:
            raise forms.ValidationError(self.error_messages["too_long"], code="too_long")
        try:
            return parse_rupiah(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc
