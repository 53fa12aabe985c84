"""Emails of the registration and verification flow, sent once the transaction has committed."""
import contextlib
import threading

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from campaigns.notifications import absolute_url, send_templated_email

from .access import notification_emails
from .tokens import email_confirmation, encode_uid, invitation


def _public_url(name, language=None, **kwargs):
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, kwargs=kwargs or None))


_muted = threading.local()


@contextlib.contextmanager
def muted():
    """No email from the flow inside this block (the demo data uses it)."""
    _muted.on = True
    try:
        yield
    finally:
        _muted.on = False


def _send(to, template, context, language=None):
    if getattr(_muted, "on", False):
        return
    transaction.on_commit(lambda: send_templated_email(to, f"partners/email/{template}", context, language))


def confirm_email(user, organisation, language=None):
    url = _public_url("partners:confirm", language, uidb64=encode_uid(user),
                      token=email_confirmation.make_token(user))
    _send(user.email, "confirm_email", {"user": user, "organisation": organisation, "url": url}, language)


def account_exists(user, address, language=None):
    """Someone registered with the address of an existing account: tell its owner, nobody else."""
    _send(address, "account_exists", {"user": user, "login_url": _public_url("partners:login", language),
                                      "admin_url": absolute_url(reverse("wagtailadmin_login"))}, language)


def moderators_told(organisation, resubmitted=False):
    """Tell the province's moderators (national admins when the province has none yet)."""
    from network.models import moderators_for_province

    recipients = [u.email for u in moderators_for_province(organisation.regency.province) if u.email]
    if not recipients:
        recipients = list(get_user_model().objects.filter(is_superuser=True, is_active=True)
                          .exclude(email="").values_list("email", flat=True))
    url = absolute_url(reverse("partners_admin:review", kwargs={"pk": organisation.pk}))
    _send(recipients, "to_moderators", {"organisation": organisation, "url": url, "resubmitted": resubmitted})


def organisation_told(organisation, event):
    """Tell the OMS's editors about a moderator's decision (``event`` is a VerificationEvent)."""
    context = {"organisation": organisation, "event": event,
               "status_url": _public_url("partners:status"),
               "admin_url": absolute_url(reverse("wagtailadmin_home"))}
    if organisation.live:
        context["profile_url"] = absolute_url(organisation.url or "")
    _send(notification_emails(organisation), f"decision_{event.action}", context)


def invited(user, organisation, inviter, new_account):
    context = {"user": user, "organisation": organisation, "inviter": inviter, "new_account": new_account,
               "admin_url": absolute_url(reverse("wagtailadmin_home"))}
    if new_account:
        context["url"] = _public_url("partners:accept_invitation", uidb64=encode_uid(user),
                                     token=invitation.make_token(user))
    _send(user.email, "invitation", context)
