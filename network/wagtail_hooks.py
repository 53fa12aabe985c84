"""Admin: national admins edit the provincial networks (name, OMS running them, moderators).

The view set follows the model permissions of ``network.ProvincialNetwork``: superusers (national
admins) have them, moderators and OMS editors do not.
"""
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .forms import ProvincialNetworkForm
from .models import ProvincialNetwork

FIELDS = ["name", "organisations", "moderators"]


class ProvincialNetworkViewSet(ModelViewSet):
    model = ProvincialNetwork
    form_fields = FIELDS
    list_display = ["name", "province"]
    icon = "site"
    menu_label = _("Provincial networks")
    menu_order = 820
    add_to_settings_menu = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return modelform_factory(ProvincialNetwork, form=ProvincialNetworkForm, fields=FIELDS)


@hooks.register("register_admin_viewset")
def register_provincial_network_viewset():
    return ProvincialNetworkViewSet("provincial_networks")
