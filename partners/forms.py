"""Public forms: "Daftar sebagai Mitra" (an OMS and its first editor), and editing an application."""
import html
import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

WHATSAPP_RE = re.compile(r"^\+?[0-9][0-9 \-]{7,18}[0-9]$")
DISTRICTS_MAX = 40
# Words too common in OMS names to find candidates by (the duplicate check compares whole names).
COMMON_WORDS = {"yayasan", "perkumpulan", "komunitas", "koperasi", "kelompok", "lembaga", "forum", "jaringan",
                "ikatan", "himpunan", "persatuan", "serikat", "sanggar", "rumah", "dan", "untuk", "indonesia"}


def normalise_name(name):
    """Compare organisation names the way a person would: case, spaces and punctuation ignored."""
    return " ".join(re.sub(r"[^\w\s]", " ", (name or "").casefold()).split())


def similar_organisations(name, legal_name="", registration_number="", exclude_pk=None):
    """Existing OMS (in any state but rejected) with this name, legal name or registration number.

    Names match ignoring case, spacing and punctuation; the candidates are the OMS whose title or
    legal name contains the longest word of the name.
    """
    from .models import OrganisationPage

    qs = OrganisationPage.objects.exclude(verification_status=OrganisationPage.Verification.REJECTED)
    if exclude_pk:
        qs = qs.exclude(translation_key__in=OrganisationPage.objects.filter(pk=exclude_pk)
                        .values("translation_key"))
    wanted = {normalise_name(name), normalise_name(legal_name)} - {""}
    matches = {}
    for value in wanted:
        words = value.split()
        longest = max([w for w in words if w not in COMMON_WORDS] or words, key=len)
        candidates = qs.filter(Q(title__icontains=longest) | Q(legal_name__icontains=longest))
        for organisation in candidates.only("title", "legal_name")[:1000]:
            if {normalise_name(organisation.title), normalise_name(organisation.legal_name)} & wanted:
                matches[organisation.pk] = organisation
    number = (registration_number or "").strip()
    if number:
        for organisation in qs.filter(legal_registration_number__iexact=number):
            matches[organisation.pk] = organisation
    return list(matches.values())


def rich_text_from_plain(text):
    """Paragraphs of plain text as rich text (escaped): the public form takes no HTML."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join("<p>" + escape(p).replace("\n", "<br/>") + "</p>" for p in paragraphs)


def plain_from_rich_text(value):
    """The rich text of a profile as the plain paragraphs the public form edits."""
    text = re.sub(r"</p>\s*", "\n\n", value or "")
    text = re.sub(r"<br\s*/?>", "\n", text)
    return html.unescape(strip_tags(text)).strip()


class RegencyChoiceField(forms.ModelChoiceField):
    """Every kabupaten/kota, grouped by province (a plain select, no JavaScript needed)."""

    def __init__(self, **kwargs):
        from regions.models import Regency

        super().__init__(queryset=Regency.objects.select_related("province").order_by("province__code", "name"),
                         to_field_name="code", **kwargs)

    def group_by_province(self):
        """Called when a form is made (not at import: no query while the app registry loads)."""
        grouped, current, options = [("", _("Choose a regency or city"))], None, None
        for regency in self.queryset:
            if regency.province != current:
                current, options = regency.province, []
                grouped.append((current.name, options))
            options.append((regency.code, regency.name))
        self.choices = grouped


class OrganisationDetailsForm(forms.Form):
    """What an OMS tells about itself when it registers (and changes while under review)."""

    name = forms.CharField(label=_("Organisation name"), max_length=200)
    legal_name = forms.CharField(label=_("Legal name"), max_length=255, required=False,
                                 help_text=_("As written in its deed, if different."))
    form = forms.ChoiceField(label=_("Legal form"))
    legal_registration_number = forms.CharField(
        label=_("Legal registration number"), max_length=80, required=False,
        help_text=_("For example the number of the Ministry of Law's decree (SK AHU). Community groups "
                    "without one may leave it empty."))
    founded_year = forms.IntegerField(label=_("Year founded"), required=False, min_value=1900)
    regency = RegencyChoiceField(label=_("Regency/city"), error_messages={
        "required": _("Choose the regency or city where the organisation works."),
        "invalid_choice": _("Choose a regency or city from the list."),
    })
    districts = forms.CharField(
        label=_("Districts (kecamatan)"), required=False, max_length=2000,
        help_text=_("The districts of that regency/city where it works, separated by commas."))
    sdgs = forms.ModelMultipleChoiceField(label=_("SDGs it works on"), queryset=None, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    issues = forms.CharField(label=_("Issues"), required=False, max_length=300,
                             help_text=_("Separated by commas, e.g. clean water, waste, legal aid."))
    summary = forms.CharField(label=_("In one sentence"), max_length=300,
                              help_text=_("What the organisation does, for the public (up to 300 characters)."))
    about = forms.CharField(label=_("About the organisation"), widget=forms.Textarea(attrs={"rows": 6}),
                            max_length=10000)
    email = forms.EmailField(label=_("Organisation email"),
                             error_messages={"invalid": _("Enter a valid email address, e.g. halo@oms.or.id.")})
    whatsapp = forms.CharField(label=_("WhatsApp number"), required=False, max_length=30,
                               widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    website = forms.URLField(label=_("Website or social media page"), required=False, assume_scheme="https")

    def __init__(self, *args, exclude_pk=None, **kwargs):
        from sdgs.models import SDG

        from .models import OrganisationPage

        super().__init__(*args, **kwargs)
        self.exclude_pk = exclude_pk
        self.fields["form"].choices = OrganisationPage.Form.choices
        self.fields["regency"].group_by_province()
        self.fields["sdgs"].queryset = SDG.objects.all()
        year = timezone.localdate().year
        self.fields["founded_year"].validators.append(MaxValueValidator(year))
        self.fields["founded_year"].widget.attrs["max"] = year

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Enter the organisation's full name."))
        if not slugify(name):
            raise forms.ValidationError(_("The name needs letters or numbers."))
        return name

    def clean_whatsapp(self):
        number = self.cleaned_data["whatsapp"].strip()
        if number and not WHATSAPP_RE.match(number):
            raise forms.ValidationError(_("Enter a phone number of digits only, e.g. 0812 3456 7890."))
        return number

    def clean_about(self):
        about = self.cleaned_data["about"].strip()
        if len(about) < 30:
            raise forms.ValidationError(_("Tell a little more about the organisation (at least 30 characters)."))
        return about

    def clean_issues(self):
        issues = [" ".join(i.split())[:100] for i in self.cleaned_data["issues"].split(",")]
        return list(dict.fromkeys(i for i in issues if i))[:15]

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name:
            duplicates = similar_organisations(name, cleaned.get("legal_name", ""),
                                               cleaned.get("legal_registration_number", ""), self.exclude_pk)
            if duplicates:
                self.add_error("name", _("An organisation with this name or registration number is already "
                                         "registered on Lokadaya. If it is yours, ask its editors to invite you."))
        regency = cleaned.get("regency")
        names = [" ".join(n.split()) for n in (cleaned.get("districts") or "").split(",")]
        names = list(dict.fromkeys(n for n in names if n))
        if len(names) > DISTRICTS_MAX:
            self.add_error("districts", _("Name at most %(max)s districts.") % {"max": DISTRICTS_MAX})
        elif regency is not None:
            known = {d.name.casefold(): d for d in regency.districts.all()}
            unknown = [n for n in names if n.casefold() not in known]
            if unknown:
                self.add_error("districts", _("%(regency)s has no district named: %(names)s.") % {
                    "regency": regency.name, "names": ", ".join(unknown)})
            else:
                cleaned["district_objects"] = [known[n.casefold()] for n in names]
        return cleaned

    @classmethod
    def initial_from(cls, page):
        return {
            "name": page.title, "legal_name": page.legal_name, "form": page.form,
            "legal_registration_number": page.legal_registration_number, "founded_year": page.founded_year,
            "regency": page.regency.code if page.regency_id else None,
            "districts": ", ".join(d.name for d in page.districts.all()),
            "sdgs": list(page.sdgs.all()), "issues": ", ".join(t.name for t in page.issues.all()),
            "summary": page.summary, "about": plain_from_rich_text(page.about), "email": page.email,
            "whatsapp": page.whatsapp, "website": page.website,
        }

    def apply(self, page):
        """Write the details on ``page`` (an unsaved or saved OrganisationPage); M2M after save."""
        data = self.cleaned_data
        page.title = page.draft_title = data["name"]
        page.legal_name = data["legal_name"] or data["name"]
        page.form = data["form"]
        page.legal_registration_number = data["legal_registration_number"]
        page.founded_year = data["founded_year"]
        page.regency = data["regency"]
        page.summary = data["summary"]
        page.about = rich_text_from_plain(data["about"])
        page.email = data["email"]
        page.whatsapp = data["whatsapp"]
        page.website = data["website"]
        # Parental relations live on the instance until it is saved.
        page.sdgs.set(data["sdgs"])
        page.districts.set(data.get("district_objects", []))
        page.issues.set(data["issues"])
        return page


class RegistrationForm(OrganisationDetailsForm):
    """The OMS's details and its first editor's account."""

    full_name = forms.CharField(label=_("Your name"), max_length=150)
    account_email = forms.EmailField(
        label=_("Your email"), help_text=_("We send a link to this address to confirm it. It is your login."),
        error_messages={"invalid": _("Enter a valid email address, e.g. nama@contoh.id.")})
    password1 = forms.CharField(label=_("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 8 characters, not only numbers, not a common password."))
    password2 = forms.CharField(label=_("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    agree = forms.BooleanField(
        label=_("I represent this organisation, and I agree that the provincial network checks what I wrote "
                "before the profile is published."),
        error_messages={"required": _("Please confirm that you represent the organisation.")})

    def clean_account_email(self):
        # Whether an account has this address is not said here: the form must answer the same for
        # any address (registration.register tells the account's owner by email instead).
        return self.cleaned_data["account_email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            User = get_user_model()
            probe = User(username=cleaned.get("account_email") or "", email=cleaned.get("account_email") or "",
                         first_name=cleaned.get("full_name") or "")
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResendConfirmationForm(forms.Form):
    email = forms.EmailField(label=_("Your email"))


class ReviewForm(forms.Form):
    """A moderator's decision on a pending OMS."""

    ACTIONS = [("verify", _("Verify and publish")), ("changes", _("Ask for changes")), ("reject", _("Reject"))]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect, label=_("Decision"))
    note = forms.CharField(label=_("Message to the organisation"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("Required when asking for changes or rejecting: say what and why."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in ("changes", "reject") and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Write what should change, or why the organisation is rejected."))
        return cleaned


class InviteEditorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("Email"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

