"""The public signup form and the OMS's status form."""
import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _, ngettext

from .models import VolunteerSignup
from .shifts import shifts_by_id

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()./-]+$")


class ShiftSelect(forms.Select):
    """A select whose full shifts are shown but cannot be chosen."""

    def __init__(self, *args, disabled_values=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled_values = set(disabled_values)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.disabled_values:
            option["attrs"]["disabled"] = True
            option["attrs"].pop("selected", None)  # a full shift cannot stay chosen
            option["selected"] = False
        return option


class ShiftField(forms.ChoiceField):
    """Accepts any shift of the ask, so a shift that filled up gets a clear "full" message, not "invalid"."""

    def __init__(self, *args, known_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.known_ids = set(known_ids)

    def valid_value(self, value):
        return value in self.known_ids


def validate_phone(value):
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.match(value) or not 8 <= len(digits) <= 15:
        raise forms.ValidationError(
            _("Enter a phone or WhatsApp number, e.g. 0812 3456 7890 or +62 812 3456 7890."), code="invalid")


class SignupForm(forms.Form):
    shift = ShiftField(label=_("Shift"), error_messages={
        "required": _("Choose a shift."),
        "invalid_choice": _("That shift is not part of this ask. Choose one of the shifts listed."),
    })
    name = forms.CharField(label=_("Your name"), max_length=150,
                           error_messages={"required": _("Write your name.")})
    email = forms.EmailField(label=_("Email"), help_text=_("For the confirmation with the shift details. Never shown publicly."),
                             error_messages={"required": _("Write your email address."),
                                             "invalid": _("Enter a valid email address, e.g. nama@contoh.id.")})
    phone = forms.CharField(label=_("Phone / WhatsApp"), max_length=30, validators=[validate_phone],
                            help_text=_("So the organisers can reach you on the day. Never shown publicly."),
                            error_messages={"required": _("Write a phone or WhatsApp number.")},
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    note = forms.CharField(label=_("Your skills and why you want to help (optional)"), required=False,
                           max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"max_length": _("Keep it under 1000 characters.")})
    is_anonymous = forms.BooleanField(label=_("Show me as “Anonymous” on the public list of supporters"),
                                      required=False)
    wants_updates = forms.BooleanField(label=_("Send me news of this campaign"), required=False)

    def __init__(self, *args, options=(), **kwargs):
        """``options``: ``[(shift, label shift, slots left, started)]`` for every shift of the ask."""
        super().__init__(*args, **kwargs)
        self.options = {shift.id: (shift, label_shift, left, started)
                        for shift, label_shift, left, started in options}
        groups, full = {}, []
        for shift, label_shift, left, started in options:
            if started:
                continue  # past shifts are not offered
            if left <= 0:
                full.append(shift.id)
                label = _("%(when)s · %(place)s (full)") % {"when": label_shift.when(), "place": label_shift.place}
            else:
                label = ngettext("%(when)s · %(place)s (%(left)s of %(slots)s slot left)",
                                 "%(when)s · %(place)s (%(left)s of %(slots)s slots left)", shift.slots) % {
                    "when": label_shift.when(), "place": label_shift.place, "left": left, "slots": shift.slots}
            groups.setdefault(label_shift.role_name, []).append((shift.id, label))
        field = self.fields["shift"]
        field.known_ids = set(self.options)
        field.choices = [("", _("Choose a shift"))] + list(groups.items())
        field.widget = ShiftSelect(choices=field.choices, disabled_values=full)
        self.open_count = sum(1 for _s, _l, left, started in options if left > 0 and not started)

    def clean_shift(self):
        shift_id = self.cleaned_data["shift"]
        _shift, _label, left, started = self.options[shift_id]
        if started:
            raise forms.ValidationError(_("This shift has already started. Choose another shift."), code="started")
        if left <= 0:
            raise forms.ValidationError(FULL_MESSAGE, code="full")
        return shift_id

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Write your name."), code="required")
        return name

    def clean_phone(self):
        return " ".join(self.cleaned_data["phone"].split())


FULL_MESSAGE = _("This shift is full. Choose another shift.")


class HoursField(forms.DecimalField):
    """Hours with one decimal; takes “3,5” as well as “3.5”."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class SignupStatusForm(forms.ModelForm):
    """The OMS confirms a signup, records attendance and the hours given, or cancels it."""

    hours = HoursField(
        label=_("Hours given"), required=False, max_digits=3, decimal_places=1,
        min_value=Decimal("0.1"), max_value=Decimal("24"),
        help_text=_("Only for volunteers who attended, e.g. 4 or 3,5. Left empty, the shift's length is used."),
        error_messages={
            "invalid": _("Write the hours as a number, e.g. 4 or 3,5."),
            "min_value": _("The hours must be more than zero."),
            "max_value": _("One shift cannot give more than 24 hours."),
            "max_decimal_places": _("Use at most one decimal, e.g. 3,5."),
            "max_digits": _("One shift cannot give more than 24 hours."),
            "max_whole_digits": _("One shift cannot give more than 24 hours."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = VolunteerSignup
        fields = ["status", "hours"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status is None:
            return cleaned
        Status = VolunteerSignup.Status
        record = self.instance
        if status == Status.ATTENDED:
            if cleaned.get("hours") is None and "hours" not in self.errors:
                cleaned["hours"] = record.shift.length_hours
        else:
            # Hours are only kept for volunteers who attended.
            cleaned["hours"] = None
            self.errors.pop("hours", None)
        if status in VolunteerSignup.COUNTED_STATUSES and record.status not in VolunteerSignup.COUNTED_STATUSES:
            self._check_can_come_back(record, status)
        return cleaned

    def _check_can_come_back(self, record, status):
        """A cancelled or no-show signup taken back must not double an email or overfill its shift."""
        others = VolunteerSignup.objects.filter(
            campaign_id=record.campaign_id, ask_id=record.ask_id, shift_id=record.shift_id,
        ).exclude(pk=record.pk)
        if record.status == VolunteerSignup.Status.CANCELLED and record.email and others.filter(
                email__iexact=record.email).exclude(status=VolunteerSignup.Status.CANCELLED).exists():
            self.add_error("status", _("This email has signed up for the same shift again since; "
                                       "change that signup instead."))
            return
        ask = record.campaign.get_ask(record.ask_id)
        shift = shifts_by_id(ask.value).get(record.shift_id) if ask else None
        if shift is not None and others.filter(status__in=VolunteerSignup.COUNTED_STATUSES).count() >= shift.slots:
            self.add_error("status", _("This shift is full: there is no free slot to take this volunteer back. "
                                       "Add slots to the shift first."))
