"""Admin wiring of the regions: searchable choosers for kabupaten/kota and kecamatan.

``register_admin_viewset`` registers the choosers' modal URLs and, through
``ChooserViewSet.on_register``, makes their chooser the widget of every ForeignKey to ``Regency``
or ``District`` in an admin form. Many-to-many fields get the filterable checkbox list
(``regions.choosers``). No model names a widget.
"""
from modelcluster.fields import ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override

from .choosers import district_chooser_viewset, many_to_many_override, regency_chooser_viewset


@hooks.register("register_admin_viewset")
def register_region_choosers():
    return [regency_chooser_viewset, district_chooser_viewset]


# At import (wagtail_hooks modules load before any admin form class is built).
register_form_field_override(ParentalManyToManyField, override=many_to_many_override)
