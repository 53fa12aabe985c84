"""The OMS chooser: a searchable list of OMS profiles in the default language only.

Wagtail's page chooser offered each OMS twice (its Indonesian page and its English translation,
with the same title), and the English one failed on save: every relation points at the page in
the default language (``stories.forms.source_of``). This chooser lists live OMS profiles of the
default locale, searched by name or legal name, each shown with its kabupaten/kota and province.
It is the widget of every ForeignKey to ``OrganisationPage`` in an admin form
(``ChooserViewSet.on_register``, registered in ``partners/wagtail_hooks.py``).
"""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.models import Locale

from regions.choosers import ChooseOnlyViewSet, LabelledChooseMixin, NameSearchForm

from .models import OrganisationPage


def organisation_label(page):
    regency = page.regency
    return f"{page.title} ({regency.name}, {regency.province.name})" if regency else page.title


def choosable_organisations():
    """Live OMS profiles in the default language: the ones a relation may point at."""
    return (OrganisationPage.objects.live().filter(locale=Locale.get_default())
            .select_related("regency__province").order_by("title"))


class OrganisationSearchForm(NameSearchForm):
    search_fields = ("title", "legal_name")


class OrganisationChooseMixin(LabelledChooseMixin):
    label = staticmethod(organisation_label)
    filter_form_class = OrganisationSearchForm

    @property
    def columns(self):
        # No locale column or filter: there is only the default language here.
        return [self.title_column]


class OrganisationChooseView(OrganisationChooseMixin, ChooseView):
    pass


class OrganisationChooseResultsView(OrganisationChooseMixin, ChooseResultsView):
    pass


class OrganisationChosenView(ChosenView):
    def get_object(self, pk):
        # Only what the list offers: a translation or a draft OMS is not a choice.
        return choosable_organisations().get(pk=pk)

    def get_display_title(self, instance):
        return organisation_label(instance)


class OrganisationChooser(BaseChooser):
    def get_display_title(self, instance):
        return organisation_label(instance)


class OrganisationChooserViewSet(ChooseOnlyViewSet):
    model = OrganisationPage
    icon = "group"
    choose_one_text = _("Choose an OMS")
    choose_another_text = _("Choose another OMS")
    edit_item_text = _("Edit")
    per_page = 20
    choose_view_class = OrganisationChooseView
    choose_results_view_class = OrganisationChooseResultsView
    chosen_view_class = OrganisationChosenView
    base_widget_class = OrganisationChooser

    def get_object_list(self):
        return choosable_organisations()


organisation_chooser_viewset = OrganisationChooserViewSet("organisation_chooser", url_prefix="mitra/pilih")
