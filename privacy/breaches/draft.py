"""The email draft telling the affected people of a breach, in their language (Indonesian first).

Rendered from ``privacy/breaches/notification_draft.txt`` in ``language`` (``translation.override``),
with the controller's contact from ``PrivacySettings``. Staff read it, complete it and send it; it
names no person (one draft for all), so it is not personal data itself.
"""
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from .affected import scope_description


def _public_url(name):
    """The full address of a public privacy page, or "" while that page is not installed."""
    from campaigns.notifications import absolute_url

    try:
        return absolute_url(reverse(name))
    except NoReverseMatch:
        return ""


def notification_draft(breach, language="id"):
    """The draft (subject line, blank line, body) as text."""
    from ..models import PrivacySettings

    with translation.override(language):
        campaigns, types = scope_description(breach)
        text = render_to_string("privacy/breaches/notification_draft.txt", {
            "breach": breach,
            "campaigns": campaigns,
            "types": types,
            "contact": PrivacySettings.current().controller_contact.strip(),
            "notice_url": _public_url("privacy:notice"),
            "now": timezone.now(),
        })
    # Templates leave blank runs where optional paragraphs were left out: at most one blank line.
    lines, out = text.strip().splitlines(), []
    for line in lines:
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out) + "\n"
