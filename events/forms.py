"""The event editor's form (moderators: their provinces only) and the public registration form.

Times are typed and shown in the event's own time zone (WIB/WITA/WIT), whatever the admin's.
"""
import zoneinfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

TIME_FIELDS = ("start", "end", "registration_closes")


class EventPageForm(WagtailAdminPageForm):
    """A moderator picks one of the provinces they moderate; only national staff leave it empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .access import is_national, organiser_provinces

        user = self.for_user
        self._national = bool(user is not None and is_national(user))
        if "province" in self.fields and user is not None and not self._national:
            field = self.fields["province"]
            field.queryset = organiser_provinces(user)
            field.required = True
            field.empty_label = None
        # Show the stored (UTC) times in the event's time zone, as naive values the widget shows as is.
        tz = zoneinfo.ZoneInfo(self.instance.time_zone or "Asia/Jakarta")
        for name in TIME_FIELDS:
            value = getattr(self.instance, name, None)
            if name in self.fields and value is not None and not self.is_bound:
                self.initial[name] = value.astimezone(tz).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        if "province" in self.fields and not self._national and self.for_user is not None:
            from .access import organiser_provinces

            province = cleaned.get("province")
            if province is None or not organiser_provinces(self.for_user).filter(pk=province.pk).exists():
                self.add_error("province", _("Choose a province whose network you moderate."))
        tz_name = cleaned.get("time_zone") or "Asia/Jakarta"
        tz = zoneinfo.ZoneInfo(tz_name)
        for name in TIME_FIELDS:
            value = cleaned.get(name)
            if value is not None:
                # The widget's value was read in the admin's zone; the editor meant the event's.
                cleaned[name] = timezone.localtime(value).replace(tzinfo=None).replace(tzinfo=tz)
        return cleaned


class RegistrationForm(forms.Form):
    """Anyone may register: a name and an email; an OMS is optional."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email"), help_text=_("The confirmation and the reminders go here."))
    organisation = forms.ModelChoiceField(
        label=_("Your organisation (OMS)"), required=False, queryset=None,
        empty_label=_("— none, or not listed —"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from partners.models import OrganisationPage
        from wagtail.models import Locale

        self.fields["organisation"].queryset = OrganisationPage.objects.filter(
            locale=Locale.get_default(), is_verified=True, live=True).order_by("title")
        if user is not None and user.is_authenticated:
            from learning.learners import learner_organisations

            self.fields["name"].initial = user.get_full_name() or user.get_username()
            self.fields["email"].initial = user.email
            own = learner_organisations(user).first()
            if own is not None:
                self.fields["organisation"].initial = own.pk

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
