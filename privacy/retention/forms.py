"""The privacy settings form: the retention policy, the request deadline and the contact."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PrivacySettings

#: Bounds of the policy. Money: Indonesian law keeps financial records 10 years (UU 8/1997 on company
#: documents, art. 11; UU KUP on tax, art. 28), so the donor's identity on them may not go sooner.
PLEDGE_MONTHS = (1, 120)
MONEY_YEARS = (10, 30)
DEADLINE_HOURS = (1, 720)


class PrivacySettingsForm(forms.ModelForm):
    class Meta:
        model = PrivacySettings
        fields = ["pledge_retention_months", "money_retention_years", "request_deadline_hours",
                  "controller_contact"]
        widgets = {"controller_contact": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in (("pledge_retention_months", PLEDGE_MONTHS), ("money_retention_years", MONEY_YEARS),
                                  ("request_deadline_hours", DEADLINE_HOURS)):
            self.fields[name].widget.attrs.update(min=low, max=high)

    def _between(self, name, bounds, message):
        value = self.cleaned_data.get(name)
        low, high = bounds
        if value is not None and not low <= value <= high:
            raise forms.ValidationError(message, params={"low": low, "high": high, "value": value})
        return value

    def clean_pledge_retention_months(self):
        return self._between("pledge_retention_months", PLEDGE_MONTHS,
                             _("Choose between %(low)s and %(high)s months."))

    def clean_money_retention_years(self):
        value = self.cleaned_data.get("money_retention_years")
        if value is not None and value < MONEY_YEARS[0]:
            raise forms.ValidationError(
                _("Financial records must be kept at least %(low)s years: Indonesian law on company documents "
                  "(UU 8/1997) and on tax (UU KUP) requires it."), params={"low": MONEY_YEARS[0]})
        return self._between("money_retention_years", MONEY_YEARS, _("Choose between %(low)s and %(high)s years."))

    def clean_request_deadline_hours(self):
        return self._between("request_deadline_hours", DEADLINE_HOURS,
                             _("Choose between %(low)s and %(high)s hours."))
