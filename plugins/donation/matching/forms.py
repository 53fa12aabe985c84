"""The national staff's form for a matching fund."""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images.widgets import AdminImageChooser

from lokadaya.forms import RupiahField

from .models import MatchFund

SCOPES = ("programme", "province", "sdg")
#: What may not change once a fund has matched a donation: its matches were made under these.
FIXED_ONCE_MATCHED = ("ratio", "programme", "province", "sdg")


class MatchFundForm(forms.ModelForm):
    cap = RupiahField(label=_("cap (Rp)"), help_text=_("The most the sponsor pays in all."))
    per_donation_limit = RupiahField(label=_("limit per donation (Rp)"), required=False,
                                     help_text=_("The most one donation receives; empty or 0 for no limit."))

    class Meta:
        model = MatchFund
        fields = ["sponsor_name", "partner", "sponsor_logo", "sponsor_url", "ratio", "cap", "per_donation_limit",
                  "programme", "province", "sdg", "starts_on", "ends_on", "status", "note"]
        widgets = {"sponsor_logo": AdminImageChooser, "starts_on": forms.DateInput(attrs={"type": "date"}),
                   "ends_on": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"ratio": _("Rupiah the sponsor adds per rupiah given: 1 doubles each gift, 0.5 adds half."),
                      "programme": _("Choose exactly one scope: a programme, a province or an SDG.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from programmes.models import ProgrammePage
        from wagtail.models import Locale

        self.fields["programme"].queryset = ProgrammePage.objects.filter(locale=Locale.get_default()).order_by("title")
        self.fields["programme"].label_from_instance = lambda page: page.title
        self.has_matches = bool(self.instance.pk) and self.instance.matches.exists()
        if self.has_matches:
            for name in FIXED_ONCE_MATCHED:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: this fund has already matched donations.")

    def clean_per_donation_limit(self):
        value = self.cleaned_data.get("per_donation_limit")
        if value is None:
            return Decimal("0")
        if value < 0:
            raise forms.ValidationError(_("The limit cannot be below zero."))
        return value

    def clean_ratio(self):
        ratio = self.cleaned_data.get("ratio")
        if ratio is not None and ratio <= 0:
            raise forms.ValidationError(_("The ratio must be more than zero."))
        return ratio

    def clean(self):
        data = super().clean()
        chosen = [name for name in SCOPES if data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError(_("Choose exactly one scope: a programme, a province or an SDG."),
                                        code="scope")
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        cap = data.get("cap")
        if cap is not None:
            if cap < 1:
                self.add_error("cap", _("The cap must be at least Rp 1."))
            elif self.instance.pk and cap < self.instance.matched:
                self.add_error("cap", _("The cap cannot be below what the fund has already matched (Rp %(matched)s).")
                               % {"matched": self.instance.matched})
        if not data.get("sponsor_logo") and data.get("partner") and data["partner"].logo_id:
            data["sponsor_logo"] = data["partner"].logo
        return data
