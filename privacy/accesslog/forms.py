"""The access log's filters. Every value is checked against what the reader may see: an OMS the
reader may not read is a form error, never a wider list."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AccessLogEntry

PLATFORM = "none"  # the organisation filter's value for the entries of no OMS (national admins only)


class LogFilterForm(forms.Form):
    organisation = forms.CharField(label=_("Whose supporters"), required=False, max_length=20)
    user = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("What"), required=False,
                               choices=[("", _("Everything"))] + list(AccessLogEntry.Action.choices))
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})

    def __init__(self, *args, organisations, own_ids, national, **kwargs):
        """``organisations``: ``(pk, title)`` of the OMS the select offers; ``own_ids``: the OMS the
        reader may read (an OMS editor's own); ``national``: the reader reads every entry, and may
        name any OMS by its id or the platform's entries (``PLATFORM``)."""
        super().__init__(*args, **kwargs)
        self.national = national
        self.own_ids = set(own_ids)
        choices = [("", _("All I may see"))]
        if national:
            choices.append((PLATFORM, _("The platform (no single OMS)")))
        choices += [(str(pk), title) for pk, title in organisations]
        self.organisation_choices = choices

    def clean_organisation(self):
        value = self.cleaned_data.get("organisation", "").strip()
        if not value:
            return ""
        if self.national:
            from partners.models import OrganisationPage

            if value == PLATFORM or (value.isdigit() and OrganisationPage.objects.filter(pk=int(value)).exists()):
                return value
        elif value.isdigit() and int(value) in self.own_ids:
            return value
        raise forms.ValidationError(_("That organisation is not one whose log you may read."))

    def clean_user(self):
        return self.cleaned_data.get("user", "").strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def apply(self, entries):
        """``entries`` narrowed by the valid filters (an invalid one narrows nothing further)."""
        data = getattr(self, "cleaned_data", {}) or {}
        organisation = data.get("organisation") or ""
        if organisation == PLATFORM:
            entries = entries.filter(organisation__isnull=True)
        elif organisation:
            entries = entries.filter(organisation_id=int(organisation))
        if data.get("user"):
            entries = entries.filter(username__iexact=data["user"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("date_from"):
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(created_at__date__lte=data["date_to"])
        return entries
