"""Searchable choosers for kabupaten/kota and kecamatan in the Wagtail admin.

A plain select of 514 kabupaten/kota in code order (or 7,277 kecamatan) cannot be searched. Every
ForeignKey to ``Regency`` or ``District`` in an admin form gets a chooser (a Wagtail modal that
searches by name, kabupaten/kota and province, results as "Kota Semarang, Jawa Tengah"); every
ParentalManyToManyField to them gets :class:`SearchableCheckboxSelectMultiple`, a checkbox list
with a filter box (works without JavaScript as a plain checkbox list). Both are registered with
``register_form_field_override`` in ``regions/wagtail_hooks.py``, so models need no change.
"""
from functools import reduce
from operator import and_

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from .models import District, Regency


def regency_label(regency):
    """``Kota Semarang, Jawa Tengah``: two kabupaten/kota may share a name, their provinces tell them apart."""
    return f"{regency.name}, {regency.province.name}"


def district_label(district):
    return f"{district.name}, {district.regency.name}, {district.regency.province.name}"


def words_filter(query, fields):
    """Every word of ``query`` in one of ``fields`` (case-insensitive): "semarang jawa" finds Kota Semarang."""
    words = query.split()[:6]
    if not words:
        return Q()
    return reduce(and_, [reduce(lambda a, b: a | b, [Q(**{f"{f}__icontains": w}) for f in fields])
                         for w in words])


class NameSearchForm(BaseFilterForm):
    """The chooser's search box: a database ``icontains`` per word (regions are not in the search index)."""

    search_fields = ()

    q = forms.CharField(
        label=_("Search term"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Type a name, e.g. Semarang")}),
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(words_filter(query, self.search_fields))
            self.is_searching = True
            self.search_query = query
        return objects


class RegencySearchForm(NameSearchForm):
    search_fields = ("name", "province__name")


class DistrictSearchForm(NameSearchForm):
    search_fields = ("name", "regency__name", "regency__province__name")


class LabelledChooseMixin:
    """The results name each place with what contains it."""

    label = staticmethod(str)

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = self.label
        column.label = _("Name")
        return column


class LabelledChosenView(ChosenView):
    label = staticmethod(str)

    def get_display_title(self, instance):
        return self.label(instance)


class LabelledChooser(BaseChooser):
    label = staticmethod(str)

    def get_display_title(self, instance):
        return self.label(instance)


# -- kabupaten/kota -------------------------------------------------------------------------

class RegencyChooseView(LabelledChooseMixin, ChooseView):
    label = staticmethod(regency_label)
    filter_form_class = RegencySearchForm


class RegencyChooseResultsView(LabelledChooseMixin, ChooseResultsView):
    label = staticmethod(regency_label)
    filter_form_class = RegencySearchForm


class RegencyChosenView(LabelledChosenView):
    label = staticmethod(regency_label)


class RegencyChooser(LabelledChooser):
    label = staticmethod(regency_label)


class ChooseOnlyViewSet(ChooserViewSet):
    """A chooser without Wagtail's "create" URL: places and OMS are chosen here, never created
    (the URL exists even when the create tab is hidden, and a POST to it was a server error)."""

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if getattr(pattern, "name", "") != "create"]


class RegencyChooserViewSet(ChooseOnlyViewSet):
    model = Regency
    icon = "site"
    choose_one_text = _("Choose a regency/city")
    choose_another_text = _("Choose another regency/city")
    edit_item_text = _("View")
    per_page = 20
    choose_view_class = RegencyChooseView
    choose_results_view_class = RegencyChooseResultsView
    chosen_view_class = RegencyChosenView
    base_widget_class = RegencyChooser

    def get_object_list(self):
        return Regency.objects.select_related("province").order_by("province__name", "name")


# -- kecamatan ------------------------------------------------------------------------------

class DistrictChooseView(LabelledChooseMixin, ChooseView):
    label = staticmethod(district_label)
    filter_form_class = DistrictSearchForm


class DistrictChooseResultsView(LabelledChooseMixin, ChooseResultsView):
    label = staticmethod(district_label)
    filter_form_class = DistrictSearchForm


class DistrictChosenView(LabelledChosenView):
    label = staticmethod(district_label)


class DistrictChooser(LabelledChooser):
    label = staticmethod(district_label)


class DistrictChooserViewSet(ChooseOnlyViewSet):
    model = District
    icon = "site"
    choose_one_text = _("Choose a district (kecamatan)")
    choose_another_text = _("Choose another district")
    edit_item_text = _("View")
    per_page = 20
    choose_view_class = DistrictChooseView
    choose_results_view_class = DistrictChooseResultsView
    chosen_view_class = DistrictChosenView
    base_widget_class = DistrictChooser

    def get_object_list(self):
        return District.objects.select_related("regency__province").order_by(
            "regency__province__name", "regency__name", "name")


regency_chooser_viewset = RegencyChooserViewSet("regency_chooser", url_prefix="wilayah/kabupaten-kota")
district_chooser_viewset = DistrictChooserViewSet("district_chooser", url_prefix="wilayah/kecamatan")


# -- many kabupaten/kota or kecamatan -------------------------------------------------------

class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with a filter box above them; chosen ones are listed first.

    Without JavaScript it is the plain checkbox list. ``regions/admin/searchable-choices.js``
    adds the filter (matching each word, accents ignored) and announces how many are shown.
    """

    template_name = "regions/widgets/searchable_checkbox_select.html"

    class Media:
        js = ["regions/admin/searchable-choices.js"]
        css = {"all": ["regions/admin/searchable-choices.css"]}

    def optgroups(self, name, value, attrs=None):
        # Chosen ones first, so what is already picked is seen without scrolling 514 entries.
        groups = super().optgroups(name, value, attrs)
        return sorted(groups, key=lambda group: not any(option["selected"] for option in group[1]))


class RegencyMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.select_related("province").order_by("province__name", "name"), **kwargs)

    def label_from_instance(self, obj):
        return regency_label(obj)


class DistrictMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset.select_related("regency__province").order_by(
            "regency__province__name", "regency__name", "name"), **kwargs)

    def label_from_instance(self, obj):
        return district_label(obj)


def many_to_many_override(db_field):
    """The form field for a ParentalManyToManyField: ours for regions, Wagtail's default otherwise."""
    model = db_field.remote_field.model
    if model is Regency:
        return {"form_class": RegencyMultipleChoiceField, "widget": SearchableCheckboxSelectMultiple}
    if model is District:
        return {"form_class": DistrictMultipleChoiceField, "widget": SearchableCheckboxSelectMultiple}
    return {}
