"""Emails to supporters and to OMS, rendered from templates in the recipient's language."""
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger("lokadaya.notifications")


def send_templated_email(to, template_prefix, context, language=None):
    """Send ``<prefix>_subject.txt`` / ``<prefix>.txt`` (and ``.html`` if present) to ``to``.

    Failures are logged, never raised: a pledge is not lost because a mail server is down.
    """
    recipients = [address for address in ([to] if isinstance(to, str) else to) if address]
    if not recipients:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    try:
        message.send()
    except Exception:  # noqa: BLE001 - any transport error; the record is already saved
        logger.exception("Could not send %s to %s", template_prefix, recipients)
        return False
    return True


def organisation_email(campaign):
    """Where to tell an OMS about its campaign's records."""
    organisation = campaign.organisation
    return getattr(organisation, "email", "") or ""


def absolute_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
