"""The national admins' form for a provincial network: its name, the OMS running it, its moderators."""
from django import forms
from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale


class ProvincialNetworkForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        from partners.models import OrganisationPage

        super().__init__(*args, **kwargs)
        organisations = OrganisationPage.objects.filter(locale=Locale.get_default(), is_verified=True)
        if self.instance.pk:
            organisations = organisations.filter(regency__province=self.instance.province)
        self.fields["organisations"].queryset = organisations.order_by("title")
        self.fields["organisations"].widget = forms.CheckboxSelectMultiple(
            choices=self.fields["organisations"].choices)
        self.fields["moderators"].queryset = get_user_model().objects.filter(is_active=True).order_by("email")
        self.fields["moderators"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} <{user.email}>" if user.email else user.username)
