"""Forms of the forum moderators (public tools and /admin/forum/) and of a post's report."""
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ModerationLog, Space

Action = ModerationLog.Action
REASON_ERRORS = {"required": _("Say why: the reason is kept in the moderation log."),
                 "max_length": _("Keep it under %(limit_value)d characters.")}


def reason_field(required=True, label=_("Reason (kept in the moderation log)")):
    return forms.CharField(label=label, max_length=2000, required=required, error_messages=REASON_ERRORS,
                           widget=forms.Textarea(attrs={"rows": 3}))


class PostModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", _("Hide")), ("show", _("Show again"))], widget=forms.HiddenInput,
                               error_messages={"invalid_choice": _("Unknown action."), "required": _("Unknown action.")})
    reason = reason_field(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "hide" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", REASON_ERRORS["required"])
        return cleaned


#: The public thread tools' actions and the log action each one is.
THREAD_ACTIONS = {
    "lock": Action.LOCK, "unlock": Action.UNLOCK, "pin": Action.PIN, "unpin": Action.UNPIN,
    "hide": Action.HIDE_THREAD, "show": Action.SHOW_THREAD,
}


class ThreadModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[(key, key) for key in THREAD_ACTIONS], widget=forms.HiddenInput,
                               error_messages={"invalid_choice": _("Unknown action."), "required": _("Unknown action.")})
    reason = reason_field(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "hide" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", REASON_ERRORS["required"])
        return cleaned


class MoveForm(forms.Form):
    space = forms.ModelChoiceField(
        label=_("Move to"), queryset=Space.objects.none(), empty_label=None,
        error_messages={"required": _("Choose the space to move the thread to."),
                        "invalid_choice": _("Choose one of the spaces you moderate.")})
    reason = reason_field()

    def __init__(self, *args, spaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        self.fields["space"].label_from_instance = lambda space: space.display_name


class BanForm(forms.Form):
    reason = reason_field(label=_("Reason (kept in the moderation log and emailed to the member)"))
    until = forms.DateField(
        label=_("Until (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: until a moderator lifts the ban."),
        error_messages={"invalid": _("Enter a date, e.g. 2027-01-31.")})

    def clean_until(self):
        day = self.cleaned_data.get("until")
        if day is None:
            return None
        if day <= timezone.localdate():
            raise forms.ValidationError(_("The end of the ban must be in the future (or leave it empty)."))
        # The ban ends at the start of that day, in the site's time zone.
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class LiftBanForm(forms.Form):
    ban = forms.IntegerField(widget=forms.HiddenInput)
    reason = reason_field(required=False, label=_("Note (optional, kept in the moderation log)"))


class SpaceSettingsForm(forms.ModelForm):
    """A space's settings. National staff also rename it and choose its extra moderators."""

    extra_moderators = forms.CharField(
        label=_("Extra moderators"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Email addresses of accounts that may moderate this space, one per line. "
                    "Each must be an active account that can sign in to the admin."))

    class Meta:
        model = Space
        fields = ["name", "description", "is_public"]

    def __init__(self, *args, national=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.national = national
        if national:
            self.fields["extra_moderators"].initial = "\n".join(
                self.instance.moderators.order_by("email").values_list("email", flat=True))
        else:
            del self.fields["name"]
            del self.fields["extra_moderators"]
        if "name" in self.fields:
            self.fields["name"].help_text = _("Empty: the name of the network, programme or cohort.")

    def clean_extra_moderators(self):
        User = get_user_model()
        chosen, missing = [], []
        for line in (self.cleaned_data.get("extra_moderators") or "").replace(",", "\n").splitlines():
            address = line.strip()
            if not address:
                continue
            user = User.objects.filter(email__iexact=address, is_active=True).order_by("pk").first()
            if user is None or not (user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
                missing.append(address)
            elif user not in chosen:
                chosen.append(user)
        if missing:
            raise forms.ValidationError(_("No active admin account has these addresses: %(addresses)s.")
                                        % {"addresses": ", ".join(missing)})
        return chosen
