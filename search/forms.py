"""The search page's parameters. Every value is checked; a wrong one is reported and ignored."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .engine import Filters, kinds

SORT_CHOICES = [
    ("relevance", _("Most relevant")),
    ("newest", _("Newest")),
    ("closing", _("Closing soon")),
]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search for"))
    kind = forms.ChoiceField(required=False, label=_("Type"))
    province = forms.ModelChoiceField(queryset=None, required=False, to_field_name="slug", label=_("Province"))
    regency = forms.ModelChoiceField(queryset=None, required=False, to_field_name="code",
                                     label=_("Regency/city"))
    sdg = forms.ModelChoiceField(queryset=None, required=False, to_field_name="number", label=_("SDG"))
    support = forms.ChoiceField(required=False, label=_("Support type"))
    status = forms.ChoiceField(required=False, label=_("Campaign status"))
    aspect = forms.ChoiceField(required=False, label=_("Capacity aspect"))
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label=_("Sort by"))

    def __init__(self, *args, **kwargs):
        from campaigns.models import CampaignPage
        from campaigns.plugins import registry
        from learning.aspects import Aspect
        from regions.models import Province, Regency
        from sdgs.models import SDG

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(key, plural) for key, (_model, plural, _one) in kinds().items()]
        self.fields["province"].queryset = Province.objects.all()
        self.fields["regency"].queryset = Regency.objects.select_related("province")
        self.fields["sdg"].queryset = SDG.objects.all()
        # The installed plugins: a new plugin is a new value here.
        self.fields["support"].choices = [(t.key, t.name) for t in registry.support_types()]
        self.fields["status"].choices = CampaignPage.Status.choices
        self.fields["aspect"].choices = Aspect.choices
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("This value is not one of the choices; it was ignored.")

    def clean(self):
        data = super().clean()
        province, regency = data.get("province"), data.get("regency")
        if regency is not None:
            if province is None and "province" not in self.errors:
                data["province"] = regency.province
            elif province is not None and regency.province_id != province.pk:
                self.add_error("regency", _("This regency/city is not in the chosen province; it was ignored."))
                data["regency"] = None
        return data

    def value(self, name, default=None):
        """The cleaned value of a valid field, else ``default`` (a wrong value is ignored)."""
        if not self.is_bound:
            return default
        self.is_valid()
        if name in self.errors:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    def filters(self):
        return Filters(**{name: self.value(name) for name in ("kind", "province", "regency", "sdg", "support",
                                                               "status", "aspect")})
