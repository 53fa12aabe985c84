"""Emails to supporters and to OMS, rendered from templates in the recipient's language."""
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger("lokadaya.notifications")


def send_templated_email(to, template_prefix, context, language=None, in_worker=False, attachments=None):
    """Render ``<prefix>_subject.txt`` / ``<prefix>.txt`` for ``to`` now, and send it from the task worker.

    Failures are logged and retried there, never raised: a pledge is not lost because a mail
    server is down. Returns True when the email was queued. ``in_worker``: the caller is itself a
    task in the worker, so the email is sent at once (retried later if that fails). ``attachments``:
    ``[(filename, content, mimetype)]`` with text content (it travels through the task queue as JSON).
    An email to one address ends with that person's link to manage their consents (``with_consent_footer``);
    no email goes to an anonymised record's stand-in address.
    """
    from privacy.records import is_anonymous_email

    # An anonymised record's stand-in address (``anonim-…@anonim.invalid``) reaches nobody.
    recipients = [address for address in ([to] if isinstance(to, str) else to) if not is_anonymous_email(address)]
    if not recipients:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", context).split())
        body = render_to_string(f"{template_prefix}.txt", context)
        if len(recipients) == 1:
            body = with_consent_footer(body, recipients[0])
    from .tasks import send_email

    extra = {"attachments": [list(item) for item in attachments]} if attachments else {}
    if in_worker:
        return send_email.call(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, **extra)
    try:
        send_email.enqueue(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, **extra)
    except Exception:  # noqa: BLE001 - the queue is down; the record is already saved
        logger.exception("Could not queue %s to %s", template_prefix, recipients)
        return False
    return True


def with_consent_footer(body, email):
    """``body`` with the line every email to one person ends with (UU PDP): their signed link to
    manage their consents and personal data, in the active language (``privacy.consent.tokens``)."""
    from django.utils.translation import gettext

    from privacy.consent.tokens import consent_path

    path = consent_path(email)
    if not path:
        return body
    line = gettext("Manage your consents and personal data: %(link)s") % {"link": absolute_url(path)}
    return body.rstrip("\n") + "\n\n-- \n" + line + "\n"


def organisation_email(campaign):
    """Where to tell an OMS about its campaign's records: its profile's email, or "".

    One small query (the OMS is the campaign's parent page), unless the campaign already carries
    its OMS (``CampaignPage.load_relations``): every confirmed donation's task asks this.
    """
    if "_organisation" in campaign.__dict__:
        return getattr(campaign.organisation, "email", "") or ""
    return campaign.organisation_rows().values_list("email", flat=True).first() or ""


def absolute_url(path):
    """``path`` as a full address on the site's public host (``WAGTAILADMIN_BASE_URL``, set from
    ``SITE_URL``), for links that leave the site: emails, rendered after the commit or in the task
    worker where no request can build one (in a view, ``request.build_absolute_uri`` does the same).
    ``path`` starts with "/" (a page's ``url``, a ``reverse()``)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
