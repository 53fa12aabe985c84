"""The forms of supporters' fundraisers: start one (public), edit one (its owner), decide (the OMS)."""
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokadaya.forms import RupiahField
from lokadaya.money import format_rupiah

from .models import Fundraiser

#: A target below this is not worth a page; above it is almost surely a typo (the campaign's own
#: target is the place for big sums).
MIN_TARGET = Decimal("100000")
MAX_TARGET = Decimal("1000000000")
#: Photos: at most 5 MB, pictures only (checked by their header, ``lokadaya.uploads``).
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
#: The photo is stored re-encoded: at most this wide or high, as a JPEG of this quality.
PHOTO_MAX_SIDE = 1200
PHOTO_QUALITY = 80


def check_photo(photo):
    """A photo within the size and the site's picture checks, re-encoded (``reencode``), or a
    ``ValidationError``."""
    from lokadaya import uploads

    if photo.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is too large: at most 5 MB."), code="too_large")
    uploads.check_image(photo, formats=PHOTO_FORMATS)
    return reencode(photo)


def reencode(photo):
    """The photo as a new JPEG at most ``PHOTO_MAX_SIDE`` pixels a side, turned upright: no camera
    metadata (the place it was taken, the phone) reaches the public page, and it stays light for
    slow networks."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    photo.seek(0)
    with Image.open(photo) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        out = BytesIO()
        image.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name="foto.jpg")


class FundraiserFieldsForm(forms.Form):
    """The fields the owner writes, when starting and when editing."""

    title = forms.CharField(label=_("Title of your fundraiser"), max_length=120,
                            help_text=_("For example: “My 30th birthday: street lights for Desa Sukamaju”."))
    occasion = forms.ChoiceField(label=_("The occasion"), choices=Fundraiser.Occasion.choices,
                                 initial=Fundraiser.Occasion.OTHER)
    story = forms.CharField(label=_("Why you are raising money"), max_length=3000,
                            widget=forms.Textarea(attrs={"rows": 6}),
                            help_text=_("In your own words, to your friends and family."))
    target = RupiahField(label=_("Your target (Rp)"),
                         help_text=_("What you hope your friends will give through your page."),
                         error_messages={"required": _("Enter the amount you hope to raise.")})
    ends_on = forms.DateField(label=_("Ends on (optional)"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=_("At the latest the day the campaign ends."))
    photo = forms.ImageField(label=_("Photo (optional)"), required=False,
                             help_text=_("JPG, PNG or WebP, at most 5 MB. Only photos you may share."))

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target < MIN_TARGET:
            raise ValidationError(_("The target must be at least %(amount)s.") % {"amount": format_rupiah(MIN_TARGET)})
        if target > MAX_TARGET:
            raise ValidationError(_("The target can be at most %(amount)s.") % {"amount": format_rupiah(MAX_TARGET)})
        return target

    def clean_ends_on(self):
        ends_on = self.cleaned_data.get("ends_on")
        if ends_on is None:
            return None
        if ends_on == self.initial.get("ends_on"):  # an owner's unchanged date, even if passed
            return ends_on
        if ends_on < timezone.localdate():
            raise ValidationError(_("The end date cannot be in the past."))
        end = getattr(self.campaign, "end_date", None)
        if end and ends_on > end:
            raise ValidationError(_("The campaign ends on %(date)s: your fundraiser cannot end later.")
                                  % {"date": end.strftime("%d-%m-%Y")})
        return ends_on

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and not isinstance(photo, str):
            if getattr(photo, "_committed", False):  # the photo already saved (editing)
                return None
            return check_photo(photo)
        return photo


class StartForm(FundraiserFieldsForm):
    owner_name = forms.CharField(label=_("Your name"), max_length=150,
                                 help_text=_("Shown on your fundraiser's page."))
    owner_email = forms.EmailField(label=_("Your email"),
                                   help_text=_("We send you the link to manage your page. Never shown publicly."))
    consent = forms.BooleanField(
        label=_("I understand: the organisation checks my page before it is public; every rupiah goes straight "
                "to the organisation for this campaign, not to me; I never collect or handle the money myself."),
        error_messages={"required": _("Please confirm that you understand how fundraisers work.")})


class EditForm(FundraiserFieldsForm):
    photo = forms.ImageField(label=_("New photo (optional)"), required=False,
                             help_text=_("JPG, PNG or WebP, at most 5 MB. Leave empty to keep the current one."))
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("remove_photo") and not data.get("photo"):
            data["photo"] = False
        return data


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note to the fundraiser (emailed; required when hiding)"), required=False,
                           max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    decision = forms.ChoiceField(choices=[(Fundraiser.Status.APPROVED, _("Approve")),
                                          (Fundraiser.Status.HIDDEN, _("Hide"))])

    def clean(self):
        data = super().clean()
        if data.get("decision") == Fundraiser.Status.HIDDEN and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the fundraiser is hidden: the owner reads it."))
        return data
