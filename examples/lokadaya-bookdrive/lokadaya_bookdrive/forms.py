"""The public pledge form and the OMS's status form."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AgeGroup, BookPledge, Condition, NEW_ONLY

#: More than this in one pledge is a typo, or a publisher who should talk to the OMS directly.
MAX_BOOKS_PER_PLEDGE = 5_000


def wanted_age_groups(ask):
    """The age groups an ask takes, as choices (all of them when the editor chose none)."""
    wanted = set((ask.value.get("age_groups") or []) if ask else [])
    return [(value, label) for value, label in AgeGroup.choices if not wanted or value in wanted]


def accepted_conditions(ask):
    accepts_used = ask.value.get("accepts_used", True) if ask else True
    return [(value, label) for value, label in Condition.choices if accepts_used or value in NEW_ONLY]


class BookPledgeForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Number of books"), min_value=1, max_value=MAX_BOOKS_PER_PLEDGE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        error_messages={
            "required": _("Enter how many books you will bring."),
            "invalid": _("Write the number of books as a whole number, e.g. 12."),
            "min_value": _("Pledge at least one book."),
            "max_value": _("That is more than one pledge can hold (at most %(limit_value)s books). "
                           "Please contact the organisation directly."),
        },
    )
    titles = forms.CharField(
        label=_("Which books?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Titles, or a short description, e.g. “10 picture books, 5 Bobo comics”."),
        error_messages={"required": _("Tell us which books, so the organisation can plan the shelves.")},
    )
    age_group = forms.ChoiceField(
        label=_("For which ages?"), choices=(),
        error_messages={"required": _("Choose the age group the books are for."),
                        "invalid_choice": _("This book drive does not collect books for that age group.")},
    )
    condition = forms.ChoiceField(
        label=_("Condition"), choices=(),
        error_messages={"required": _("Choose the condition of the books."),
                        "invalid_choice": _("Choose one of the conditions in the list.")},
    )
    name = forms.CharField(label=_("Your name"), max_length=150, required=False,
                           help_text=_("Shown on the supporters' wall unless you pledge anonymously."))
    is_anonymous = forms.BooleanField(label=_("Pledge anonymously"), required=False)
    email = forms.EmailField(
        label=_("Email"), help_text=_("We send you where and when to bring the books. Never shown publicly."),
        error_messages={"required": _("Enter your email so we can tell you where to bring the books."),
                        "invalid": _("Enter a valid email address, e.g. nama@contoh.id, so we can send you the "
                                    "drop-off details.")},
    )
    phone = forms.CharField(label=_("Phone / WhatsApp (optional)"), max_length=30, required=False)
    message = forms.CharField(label=_("Message for the children (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    wants_updates = forms.BooleanField(label=_("Send me news of this campaign"), required=False)

    def __init__(self, *args, ask=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask = ask
        self.fields["age_group"].choices = [("", _("Choose…"))] + wanted_age_groups(ask)
        conditions = accepted_conditions(ask)
        self.fields["condition"].choices = conditions
        if len(conditions) == 1:
            self.fields["condition"].initial = conditions[0][0]
            self.fields["condition"].help_text = _("This book drive only takes new books.")
            self.fields["condition"].error_messages["invalid_choice"] = _("This book drive only takes new books.")

    def clean_titles(self):
        return self.cleaned_data["titles"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(ch.isdigit() or ch in "+-() " for ch in phone):
            raise forms.ValidationError(_("Write the phone number with digits only, e.g. 0812 3456 7890."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_anonymous") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Write your name, or tick “Pledge anonymously”."))
        return cleaned


class BookPledgeStatusForm(forms.ModelForm):
    """What the OMS does when the books arrive (received, with how many) or cannot be used (rejected)."""

    note = forms.CharField(label=_("Note"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Kept in the record's history; not sent to the supporter."))

    class Meta:
        model = BookPledge
        fields = ["status", "received_quantity"]

    def clean_received_quantity(self):
        received = self.cleaned_data.get("received_quantity")
        if received is not None and received > MAX_BOOKS_PER_PLEDGE:
            raise forms.ValidationError(
                _("At most %(limit)s books can be recorded for one pledge.") % {"limit": MAX_BOOKS_PER_PLEDGE})
        return received

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        received = cleaned.get("received_quantity")
        if status == BookPledge.Status.RECEIVED:
            if received is None:
                cleaned["received_quantity"] = self.instance.quantity
            elif received == 0:
                self.add_error("received_quantity",
                               _("No books arrived: mark the pledge as rejected instead."))
        else:
            # Only a received pledge has a number of books received.
            cleaned["received_quantity"] = None
        return cleaned
