"""The story editor's form: an OMS editor links only their own OMS and its campaigns.

A multiple select over every campaign would show other OMS's campaigns (drafts included) to any
editor; the choices are narrowed to what the story's place in the tree allows.
"""
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Locale


def source_of(page):
    """``page`` in the default language (relations always point there)."""
    if page is None:
        return None
    default = Locale.get_default()
    if page.locale_id == default.id:
        return page.specific
    return (page.get_translation_or_none(default) or page).specific


class StoryPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from campaigns.models import CampaignPage
        from partners.models import OrganisationPage

        parent = self.parent_page.specific if self.parent_page is not None else None
        owner = source_of(parent) if isinstance(parent, OrganisationPage) else None
        default = Locale.get_default()
        current = list(self.instance.campaigns.all()) if self.instance.pk else []

        if "campaigns" in self.fields:
            campaigns = CampaignPage.objects.live().filter(locale=default)
            if owner is not None:
                campaigns = campaigns.child_of(owner)
            choices = CampaignPage.objects.filter(pk__in=[c.pk for c in current]) | campaigns
            self.fields["campaigns"].queryset = choices.order_by("title")
        if "organisation" in self.fields:
            field = self.fields["organisation"]
            if owner is not None:
                # A story under an OMS's profile is that OMS's: not a choice.
                field.queryset = OrganisationPage.objects.filter(pk=owner.pk)
                field.initial = owner.pk
                field.disabled = True
                field.help_text = _("A story under an organisation's profile belongs to that organisation.")
            else:
                field.queryset = OrganisationPage.objects.live().filter(locale=default).order_by("title")

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        campaigns = cleaned.get("campaigns")
        if organisation is not None and campaigns:
            others = [c.title for c in campaigns if c.get_parent().pk != organisation.pk]
            if others:
                self.add_error("campaigns", forms.ValidationError(
                    _("These campaigns belong to another organisation: %(titles)s."),
                    params={"titles": ", ".join(others)}, code="other_organisation"))
        return cleaned
