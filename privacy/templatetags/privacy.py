"""The privacy statement every form collecting personal data carries (UU PDP: what for, who sees it,
with the privacy notice's version).

``{% load privacy %}{% privacy_statement "pledge" page.organisation %}`` renders a short block
marked ``data-privacy-notice="<version>"`` (tests look for that marker on every public form with
a name, email, phone or address field). Purposes are keys of ``PURPOSES``; an unknown key gets a
general sentence. ``organisation``: the OMS that receives the data (a page, a name, or nothing
when the form goes to the platform only). ``optional=True/False`` says whether the form has
optional choices (news, name shown publicly); by default only pledge forms do.
"""
from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

register = template.Library()

PURPOSES = {
    "pledge": _("What you write here records your support for this campaign, so that its organisation can follow "
                "it up with you: a receipt, a confirmation, the details of a pick-up or a shift."),
    "event": _("We use your name and email for this event only: the confirmation, reminders, the recording and "
               "your certificate of attendance."),
    "fundraiser": _("We use your name and email to set up your fundraiser's page and send you the link to manage "
                    "it. The organisation checks your page; your name and your page are public once approved."),
    "report": _("We use your report, and your email if you give it, only to check what you report and to ask you "
                "more if needed."),
    "sign_in": _("We use your email only to send you a sign-in link and to show what was given with it."),
    "account_sign_in": _("We use your email and password only to sign you in."),
    "resend_link": _("We use your email only to send you the link again."),
    "bank_transfer": _("We use the sender's name and the proof only to match your transfer to your donation; the "
                       "organisation checks them."),
    "learner_account": _("We use your name and email to create your learning account and to keep your progress "
                         "and certificates; the organisation that invited you sees your progress."),
    "privacy_request": _("We use your email or phone number only to confirm that it is yours and to answer your "
                         "request."),
    "partner_registration": _("We use these details to check and verify your organisation and to create your "
                              "account. Once verified, your organisation's profile is public; your own account's "
                              "details are not."),
}
GENERAL_PURPOSE = _("We use what you write here only for what this form does.")
#: Purposes whose forms carry optional choices (news by email, the name shown publicly).
WITH_OPTIONAL_CHOICES = {"pledge"}


def purpose_text(purpose):
    return str(PURPOSES.get(purpose, GENERAL_PURPOSE))


def who_text(organisation):
    name = getattr(organisation, "title", None) or (organisation if isinstance(organisation, str) else "")
    if name:
        return gettext("Who sees it: %(organisation)s, and Lokadaya, the platform.") % {"organisation": name}
    return gettext("Who sees it: Lokadaya, the platform (its team and the moderators concerned).")


@register.inclusion_tag("privacy/includes/statement.html")
def privacy_statement(purpose, organisation=None, optional=None):
    from privacy.consent.notices import current_version

    try:
        notice_url = reverse("privacy:notice")
    except NoReverseMatch:
        notice_url = ""
    return {
        "version": current_version(),
        "purpose": purpose,
        "purpose_text": purpose_text(purpose),
        "who_text": who_text(organisation),
        "optional": purpose in WITH_OPTIONAL_CHOICES if optional is None else bool(optional),
        "notice_url": notice_url,
    }


@register.simple_tag
def privacy_notice_version():
    """The version of the privacy notice in force (a number)."""
    from privacy.consent.notices import current_version

    return current_version()
