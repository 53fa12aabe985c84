"""The public pledge form and the OMS's status form."""
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .blocks import MAX_QUANTITY
from .items import format_quantity
from .models import InKindPledge

PHONE_RE = re.compile(r"^\+?[0-9 ().-]+$")

#: The delivery choices as the supporter reads them.
DELIVERY_CHOICES = [
    (InKindPledge.Delivery.DROP_OFF, _("I will drop it off at the organisation")),
    (InKindPledge.Delivery.PICK_UP, _("Please pick it up from me")),
]


class ItemChoiceField(forms.ChoiceField):
    """Offers the items still needed; accepts any item of the ask, so that an item that ran out
    between showing the form and sending it gets a clear message instead of "invalid choice"."""

    def __init__(self, *args, keys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = set(keys)

    def valid_value(self, value):
        return value in self.keys


class PledgeForm(forms.Form):
    item = ItemChoiceField(label=_("Item"), error_messages={
        "invalid_choice": _("Choose one of the items listed."),
        "required": _("Choose the item you want to give."),
    })
    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        error_messages={"required": _("Write how many you want to give."),
                        "min_value": _("The quantity must be at least 1.")},
    )
    delivery = forms.ChoiceField(label=_("Delivery"), choices=DELIVERY_CHOICES,
                                 widget=forms.RadioSelect, initial=InKindPledge.Delivery.DROP_OFF)
    delivery_date = forms.DateField(
        label=_("Date"), help_text=_("When you will bring it, or when it can be picked up."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Choose a date."), "invalid": _("Enter a date such as 2026-12-31.")},
    )
    name = forms.CharField(label=_("Your name"), max_length=150, required=False,
                           help_text=_("Shown on the supporters' wall unless you pledge anonymously."))
    is_anonymous = forms.BooleanField(label=_("Pledge anonymously"), required=False)
    phone = forms.CharField(label=_("Phone / WhatsApp"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
                            help_text=_("Give a phone/WhatsApp number, an email, or both. "
                                        "Only the organisation sees them."))
    email = forms.EmailField(label=_("Email"), required=False,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    address = forms.CharField(label=_("Pick-up address"), max_length=600, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Needed when the organisation picks the goods up."))
    note = forms.CharField(label=_("Note for the organisation (optional)"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    wants_updates = forms.BooleanField(label=_("Send me news of this campaign"), required=False)

    def __init__(self, *args, items=(), remaining=None, allows_pick_up=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.key: item for item in items}
        self.fields["item"].keys = set(self.items)
        self.set_remaining(remaining or {})
        self.fields["delivery_date"].widget.attrs["min"] = timezone.localdate().isoformat()
        if not allows_pick_up:
            self.fields["delivery"].choices = DELIVERY_CHOICES[:1]
            del self.fields["address"]

    def set_remaining(self, remaining):
        """Offer the items with something still needed, each saying how much."""
        self.remaining = remaining
        self.fields["item"].choices = [
            (key, _("%(name)s (still needed: %(quantity)s %(unit)s)") % {
                "name": item.name, "quantity": format_quantity(remaining[key]), "unit": item.unit})
            for key, item in self.items.items() if remaining.get(key, 0) > 0
        ]

    def clean_delivery_date(self):
        date = self.cleaned_data["delivery_date"]
        if date < timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the past."), code="past")
        return date

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        digits = re.sub(r"\D", "", phone)
        if phone and (not PHONE_RE.match(phone) or not 8 <= len(digits) <= 15):
            raise forms.ValidationError(_("Enter a phone number such as 0812 3456 7890 or +62 812 3456 7890."),
                                        code="invalid")
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_anonymous") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Write your name, or tick “Pledge anonymously”."))
        if not cleaned.get("phone") and not cleaned.get("email") and "phone" not in self.errors \
                and "email" not in self.errors:
            self.add_error("phone", _("Give a phone/WhatsApp number or an email, so the organisation "
                                      "can reach you about the delivery."))
        if cleaned.get("delivery") == InKindPledge.Delivery.PICK_UP and not (cleaned.get("address") or "").strip():
            self.add_error("address", _("Write the address where the goods can be picked up."))
        if "item" in cleaned and "quantity" in cleaned:
            self.check_capacity(self.remaining)
        return cleaned

    def check_capacity(self, remaining):
        """Add a clear error if the item or the quantity is more than still needed; True if fine.

        The view calls it again under the ask's lock with fresh figures.
        """
        item = self.items[self.cleaned_data["item"]]
        left = remaining.get(item.key, 0)
        quantity = self.cleaned_data["quantity"]
        if left <= 0:
            self.add_error("item", _("%(name)s is no longer needed: other supporters have pledged all of it. "
                                     "Please choose another item.") % {"name": item.name})
            return False
        if quantity > left:
            self.add_error("quantity", _(
                "Only %(left)s %(unit)s of %(name)s are still needed. Please pledge %(left)s or fewer."
            ) % {"left": format_quantity(left), "unit": item.unit, "name": item.name})
            return False
        return True

    @property
    def chosen_item(self):
        return self.items[self.cleaned_data["item"]]


class StatusForm(forms.ModelForm):
    """The OMS records what arrived: received, partly received (how many), not received, cancelled."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = InKindPledge
        fields = ["status", "received_quantity"]
        help_texts = {
            "received_quantity": _("How many arrived. Required for “partly received”; for “received”, "
                                   "leave it empty to record the quantity pledged."),
        }

    def clean(self):
        cleaned = super().clean()
        status, received = cleaned.get("status"), cleaned.get("received_quantity")
        pledged = self.instance.quantity
        Status = InKindPledge.Status
        if status == Status.RECEIVED:
            if received is None:
                cleaned["received_quantity"] = pledged
            elif received < pledged:
                self.add_error("received_quantity", _(
                    "That is less than the %(pledged)s pledged: choose “partly received”.") % {
                    "pledged": format_quantity(pledged)})
        elif status == Status.PARTLY_RECEIVED:
            if not received:
                self.add_error("received_quantity", _("Write how many arrived (at least 1), "
                                                      "or choose “not received”."))
            elif received >= pledged:
                self.add_error("received_quantity", _(
                    "That is all of the %(pledged)s pledged or more: choose “received”.") % {
                    "pledged": format_quantity(pledged)})
        elif status:
            cleaned["received_quantity"] = None
        return cleaned
