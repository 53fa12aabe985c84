"""Forms of the alliances' admin screens: forming an alliance and inviting an OMS.

The querysets are narrowed to what the user may pick (their own verified OMS; verified OMS of the
default language), so a forged id is a form error, never a way in.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from regions.models import Province, Regency

from .models import AlliancePage, Level


def verified_organisations():
    from partners.models import OrganisationPage

    return (OrganisationPage.objects.live().filter(locale=Locale.get_default(), is_verified=True)
            .select_related("regency__province").order_by("title"))


def _organisation_widget():
    """The site's OMS chooser (modal, searched by name and place)."""
    from partners.choosers import organisation_chooser_viewset

    return organisation_chooser_viewset.widget_class()


def _regency_widget():
    from regions.choosers import regency_chooser_viewset

    return regency_chooser_viewset.widget_class()


class AllianceForm(forms.Form):
    """"Bentuk aliansi": the lead OMS, the name, the issue and where the policy is decided."""

    organisation = forms.ModelChoiceField(label=_("Lead OMS"), queryset=None,
                                          help_text=_("The OMS forming the alliance; it invites the others."))
    title = forms.CharField(label=_("Name of the alliance"), max_length=255)
    policy_issue = forms.CharField(label=_("Policy issue"), max_length=200,
                                   help_text=_("The policy the alliance wants changed, in one line."))
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.REGENCY,
                              help_text=_("Where the policy is decided."))
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.order_by("name"), required=False,
                                      help_text=_("For a provincial alliance."))
    regency = forms.ModelChoiceField(label=_("Regency/city"), queryset=Regency.objects.select_related("province"),
                                     required=False, help_text=_("For a regency/city alliance."))

    def __init__(self, *args, organisations, national=False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = organisations
        if national:
            field.widget = _organisation_widget()
        else:
            field.empty_label = None if organisations.count() == 1 else "—"
        self.fields["regency"].widget = _regency_widget()

    def clean(self):
        from .validation import clean_place

        data = super().clean()
        if self.errors:
            return data
        page = AlliancePage(level=data.get("level"), province=data.get("province"), regency=data.get("regency"))
        try:
            clean_place(page)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
            return data
        data["province"] = page.province
        return data


class InviteForm(forms.Form):
    """Invite a verified OMS, with a word to its editors."""

    organisation = forms.ModelChoiceField(label=_("OMS to invite"), queryset=None,
                                          help_text=_("A verified OMS; search it by name or regency/city."),
                                          error_messages={"invalid_choice": _("Choose a verified OMS.")})
    message = forms.CharField(label=_("Message to its editors"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Why you invite them: what the alliance does and what you ask of them."))

    def __init__(self, *args, alliance, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = verified_organisations()
        self.fields["organisation"].widget = _organisation_widget()
        self.alliance = alliance
