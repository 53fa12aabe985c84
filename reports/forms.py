"""The public report form and the moderators' forms."""
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ModerationAction, Report

MAX_DETAIL = 4000


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=Report.Reason.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong."),
                        "invalid_choice": _("Choose one of the reasons in the list.")})
    detail = forms.CharField(
        label=_("Tell us more"), max_length=MAX_DETAIL, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What did you see, and where? Links and dates help the moderators check."),
        error_messages={"required": _("Describe the problem so the moderators can check it."),
                        "max_length": _("Keep it under %(limit_value)d characters.")})
    email = forms.EmailField(
        label=_("Your email (optional)"), required=False,
        help_text=_("Only if the moderators may ask you more. Never shown publicly."),
        error_messages={"invalid": _("Enter a valid email address, or leave it empty.")})

    def clean_detail(self):
        detail = self.cleaned_data["detail"].strip()
        if len(detail) < 10:
            raise forms.ValidationError(_("Describe the problem in a few words (at least 10 characters)."),
                                        code="min_length")
        return detail


class DecisionForm(forms.Form):
    """Freeze, clear or close a campaign: the reason stays in the audit trail."""

    action = forms.ChoiceField(choices=ModerationAction.Action.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (kept in the audit trail, not public)"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why: the reason is kept in the audit trail.")})
    public_note = forms.CharField(
        label=_("Public note (shown on the campaign page when it is closed)"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    # The report that led here, if any (from the list's link); anything else is ignored, not an error.
    report = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_report(self):
        value = (self.cleaned_data.get("report") or "").strip()
        return int(value) if value.isdigit() else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == ModerationAction.Action.CLOSE and not (cleaned.get("public_note") or "").strip():
            self.add_error("public_note", _("Write the public note shown on the campaign page."))
        return cleaned


class HandledForm(forms.Form):
    report = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("What was done"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class HidePostForm(forms.Form):
    """Hide a reported forum post from /admin/laporan/ (its open reports are then handled)."""

    report = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why hide it (kept in the moderation log)"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why: the reason is kept in the moderation log.")})
