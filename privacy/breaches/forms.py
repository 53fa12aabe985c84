"""The breach register's form: what happened, when, whom it touches (the scope), who was told."""
from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from campaigns.plugins import registry

from ..models import Breach

DATETIME_FIELDS = ("occurred_at", "discovered_at", "contained_at", "records_from", "records_until",
                   "authority_notified_at", "subjects_notified_at")


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CampaignChoices(forms.ModelMultipleChoiceField):
    """Source-language campaigns, named with their OMS (two queries, whatever their number)."""

    def __init__(self, *args, **kwargs):
        from campaigns.models import CampaignPage

        # The real queryset is set per form (``source_campaigns``): the field is made at import,
        # when the database may not be there yet.
        super().__init__(CampaignPage.objects.none(), *args, **kwargs)
        self._organisations = None

    @staticmethod
    def source_campaigns():
        from wagtail.models import Locale

        from campaigns.models import CampaignPage

        return (CampaignPage.objects.filter(locale=Locale.get_default())
                .only("pk", "title", "path", "depth").order_by("title", "pk"))

    def label_from_instance(self, campaign):
        if self._organisations is None:
            from partners.models import OrganisationPage

            self._organisations = dict(OrganisationPage.objects.values_list("path", "title"))
        organisation = self._organisations.get(campaign.path[:-campaign.steplen], "")
        return f"{campaign.title} — {organisation}" if organisation else campaign.title


class BreachForm(forms.ModelForm):
    campaigns = CampaignChoices(
        required=False, widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Empty: every campaign. Hold Ctrl (or ⌘) to choose several."))
    support_types = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every type."),
        error_messages={"invalid_choice": _("%(value)s is not a support type installed on this site.")})

    class Meta:
        model = Breach
        fields = ["title", "description", "data_kinds", "occurred_at", "discovered_at", "contained_at", "measures",
                  "campaigns", "support_types", "records_from", "records_until",
                  "authority_notified_at", "subjects_notified_at"]
        widgets = {name: _datetime_input() for name in DATETIME_FIELDS}
        widgets.update(description=forms.Textarea(attrs={"rows": 5}), measures=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaigns"].queryset = CampaignChoices.source_campaigns()
        for name in ("campaigns", "support_types"):
            self.fields[name].label = capfirst(Breach._meta.get_field(name).verbose_name)
        installed = [(t.key, t.name) for t in registry.installed_types()]
        known = {key for key, _name in installed}
        # A type recorded earlier whose plugin is gone stays choosable, so saving does not drop it.
        kept = [(key, key) for key in (self.instance.support_types or []) if key not in known]
        self.fields["support_types"].choices = installed + kept
        self.fields["support_types"].initial = self.instance.support_types or []
        for name in DATETIME_FIELDS:
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                                               "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]

    def clean(self):
        data = super().clean()
        now = timezone.now()
        discovered = data.get("discovered_at")
        if discovered and discovered > now:
            self.add_error("discovered_at", _("A breach cannot be found in the future."))
        occurred = data.get("occurred_at")
        if occurred and discovered and occurred > discovered:
            self.add_error("occurred_at", _("It cannot have happened after it was found."))
        contained = data.get("contained_at")
        if contained and occurred and contained < occurred:
            self.add_error("contained_at", _("It cannot have been stopped before it happened."))
        start, end = data.get("records_from"), data.get("records_until")
        if start and end and end < start:
            self.add_error("records_until", _("The end of the period comes before its start."))
        for name in ("authority_notified_at", "subjects_notified_at"):
            moment = data.get(name)
            if moment and discovered and moment < discovered:
                self.add_error(name, _("No one can have been told before the breach was found."))
            elif moment and moment > now:
                self.add_error(name, _("This moment has not come yet."))
        return data
