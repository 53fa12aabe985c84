"""The story editor's form: an OMS editor links only their own OMS and its campaigns.

A multiple select over every campaign would show other OMS's campaigns (drafts included) to any
editor; the choices are narrowed to what the story's place in the tree allows.

Wagtail's page chooser browsed every language's tree, so it offered each OMS twice (its Indonesian
and its English profile, with the same name) and the English one could not be saved (relations
always point at the default language). The field's widget is now the OMS chooser
(``partners.choosers``, default-language profiles named with their place); this form narrows what
the field accepts to the default-language profiles the editor may use (``usable_organisations``).
"""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Locale


def source_of(page):
    """``page`` in the default language (relations always point there).

    Kept on ``page`` once found: a profile asks it for its stories and again for its feeds."""
    if page is None:
        return None
    if "_source_of" not in page.__dict__:
        default = Locale.get_default()
        if page.locale_id == default.id:
            page.__dict__["_source_of"] = page.specific
        else:
            page.__dict__["_source_of"] = (page.get_translation_or_none(default) or page).specific
    return page.__dict__["_source_of"]


def organisation_label(organisation):
    """An OMS named with its kabupaten/kota, so two OMS of the same name can be told apart."""
    if organisation.regency_id:
        return _("%(name)s (%(place)s)") % {"name": organisation.title, "place": organisation.regency.name}
    return organisation.title


def usable_organisations(user, parent=None):
    """The default-language, live OMS profiles ``user`` may link a story to, from under ``parent``.

    Superusers and whoever may write stories where the story sits outside any OMS (the
    communications team at the story index) link any OMS; an OMS editor only those whose profile
    lies in a subtree they hold a page permission on (their own).
    """
    from partners.models import OrganisationPage
    from tenancy.access import permitted_paths

    organisations = OrganisationPage.objects.live().filter(locale=Locale.get_default())
    if user is None or user.is_superuser:
        return organisations
    paths = permitted_paths(user)
    outside_any_oms = parent is not None and not OrganisationPage.objects.filter(
        path__in=[parent.path[:end] for end in range(OrganisationPage.steplen, len(parent.path) + 1,
                                                     OrganisationPage.steplen)]).exists()
    if outside_any_oms and any(parent.path.startswith(path) for path in paths):
        return organisations
    if not paths:
        return organisations.none()
    query = Q()
    for path in paths:
        query |= Q(path__startswith=path)
    return organisations.filter(query)


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
            field.label_from_instance = organisation_label
            if owner is not None:
                # A story under an OMS's profile is that OMS's: not a choice.
                field.queryset = OrganisationPage.objects.filter(pk=owner.pk)
                field.initial = owner.pk
                field.disabled = True
                field.help_text = _("A story under an organisation's profile belongs to that organisation.")
            else:
                usable = usable_organisations(getattr(self, "for_user", None), parent)
                current_pk = self.instance.organisation_id if self.instance.pk else None
                choices = usable | OrganisationPage.objects.filter(pk=current_pk, locale=default)
                field.queryset = choices.select_related("regency").order_by("title")

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
