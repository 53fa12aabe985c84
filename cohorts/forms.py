"""Forms of the cohorts' admin: create/edit a cohort, message its learners."""
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from . import scope
from .membership import eligible_organisations, membership_error
from .models import Cohort, CohortMessage


class OrganisationLabelMixin:
    def label_from_instance(self, obj):
        regency = getattr(obj, "regency", None)
        return f"{obj.title} — {regency.name}" if regency else obj.title


class OrganisationChoiceField(OrganisationLabelMixin, forms.ModelMultipleChoiceField):
    pass


class CohortForm(forms.ModelForm):
    """Create or edit a cohort: owner (on creation), dates, courses, member OMS."""

    owner = forms.ChoiceField(label=_("Run by"))
    organisations = OrganisationChoiceField(
        label=_("Member OMS"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Verified OMS of the cohort's province (any province for a national programme). "
                    "Their learners are enrolled in the cohort's courses and told by email."))

    class Meta:
        model = Cohort
        fields = ["title", "description", "start_date", "end_date", "courses"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "courses": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from learning.models import CoursePage

        self.user = user
        self.fields["courses"].queryset = CoursePage.objects.filter(locale=Locale.get_default()).live() \
            .order_by("title")
        self.fields["courses"].required = True
        self.fields["courses"].error_messages["required"] = _("Choose at least one course.")
        networks = list(scope.manageable_networks(user))
        programmes = list(scope.manageable_programmes(user))
        choices = [(f"network:{n.pk}", n.display_name) for n in networks]
        if programmes:
            choices = [(_("Provincial networks"), choices),
                       (_("National programmes"), [(f"programme:{p.pk}", p.title) for p in programmes])]
        self.fields["owner"].choices = choices
        self._networks = {n.pk: n for n in networks}
        self._programmes = {p.pk: p for p in programmes}
        if self.instance.pk:
            # The owner decides who may manage and join: fixed once the cohort exists.
            del self.fields["owner"]
            self.fields["organisations"].queryset = eligible_organisations(self.instance)
            self.fields["organisations"].initial = [m.organisation_id for m in self.instance.members.all()]
        else:
            if len(networks) == 1 and not programmes:
                self.fields["owner"].initial = f"network:{networks[0].pk}"
            self.fields["organisations"].queryset = self._eligible_for_user(networks, programmes)

    @staticmethod
    def _eligible_for_user(networks, programmes):
        """Every OMS the user could add to some cohort of theirs; ``clean`` checks the chosen owner."""
        from partners.models import OrganisationPage

        if programmes:
            return eligible_organisations(None)
        return eligible_organisations(None).filter(regency__province__in=[n.province_id for n in networks]) \
            if networks else OrganisationPage.objects.none()

    def clean_owner(self):
        kind, _sep, pk = self.cleaned_data["owner"].partition(":")
        pool = self._networks if kind == "network" else self._programmes if kind == "programme" else {}
        try:
            return kind, pool[int(pk)]
        except (KeyError, ValueError):
            raise forms.ValidationError(_("Choose a provincial network or a national programme you manage."))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        owner = cleaned.get("owner")
        cohort = self.instance
        if owner:
            kind, value = owner
            cohort.network = value if kind == "network" else None
            cohort.programme = value if kind == "programme" else None
        if cohort.network_id or cohort.programme_id:
            errors = [membership_error(cohort, o) for o in cleaned.get("organisations") or []]
            errors = [e for e in errors if e]
            if errors:
                self.add_error("organisations", errors)
        return cleaned


class MessageForm(forms.ModelForm):
    class Meta:
        model = CohortMessage
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"body": _("Plain text. Emailed to every learner of the member OMS.")}
